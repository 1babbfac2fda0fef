"""Page layout rules that a golden file cannot state: no column header splits a word."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from kbpp.i18n import set_language
from kbpp.reports import pdf
from kbpp.reports.build import KINDS
from kbpp.reports.pdf import CELL_PADDING, MIN_HEAD_SIZE, DocumentInfo
from kbpp.storage import Database


@pytest.mark.parametrize("language", ["en", "tr"])
def test_no_header_splits_a_word(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """Every header of the three reports (the monitoring report at Q4, its widest), on the demo
    year: each word fits its column, at a size no smaller than MIN_HEAD_SIZE."""
    made: list[tuple[str, float, Paragraph]] = []
    real = pdf.header_para

    def recording(value: str, width: float) -> Paragraph:
        paragraph = real(value, width)
        made.append((value, width, paragraph))
        return paragraph

    monkeypatch.setattr(pdf, "header_para", recording)
    set_language(language)
    for kind, quarter in (("program", None), ("results", None), ("monitoring", 4)):
        with demo_db.read() as session:
            content = KINDS[kind].load(session, 2021, quarter, None)
        KINDS[kind].story(content, DocumentInfo("x", "y", "0"))
    assert len(made) > 500
    too_wide = {
        (value, round(width)): paragraph.style.fontSize
        for value, width, paragraph in made
        if paragraph.minWidth() > width - 2 * CELL_PADDING
    }
    assert too_wide == {}
    assert min(p.style.fontSize for _v, _w, p in made) >= MIN_HEAD_SIZE


def test_a_long_header_word_shrinks_instead_of_breaking() -> None:
    narrow = pdf.header_para("GERÇEKLEŞME ORANI (%)", 50)
    assert narrow.style.fontSize < pdf.HEAD_SIZE
    assert narrow.minWidth() <= 50 - 2 * CELL_PADDING
    assert pdf.header_para("GERÇEKLEŞME ORANI (%)", 80).style.fontSize == pdf.HEAD_SIZE
