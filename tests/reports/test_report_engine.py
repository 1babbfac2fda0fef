"""The engine's promises: fonts with every Turkish glyph, progress, cancel, the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from kbpp.cli.main import main
from kbpp.reports import fonts
from kbpp.reports.build import ReportRequest, make_report
from kbpp.reports.cancel import ReportCancelled
from kbpp.storage import Database


def test_every_font_file_has_the_turkish_letters_and_the_lira_sign() -> None:
    folder = fonts.fonts_dir()
    files = sorted(folder.glob("*.ttf"))
    assert len(files) == 4 and (folder / "LICENSE-DejaVu.txt").exists()
    for path in files:
        font = TTFont(path.stem, str(path))
        assert fonts.missing_glyphs(font, "şŞğĞıİçÇöÖüÜ₺") == ""


def test_fonts_are_found_inside_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert fonts.fonts_dir() == tmp_path / "resources" / "fonts"


def test_a_font_without_the_lira_sign_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # Bitstream Vera has no ₺
    for name in ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"):
        (tmp_path / f"{name}.ttf").write_bytes(vera.read_bytes())
    monkeypatch.setattr(fonts, "fonts_dir", lambda: tmp_path)
    fonts.register_fonts.cache_clear()
    try:
        with pytest.raises(fonts.FontError, match="no glyph"):
            fonts.register_fonts()
    finally:
        fonts.register_fonts.cache_clear()


def test_progress_rises_to_one(small_db: Database, tmp_path: Path) -> None:
    seen: list[float] = []
    make_report(small_db, ReportRequest("program", 2021, tmp_path / "p.pdf"), seen.append)
    assert seen[-1] == 1.0
    assert all(0 <= f <= 1 for f in seen) and len(seen) > 10


@pytest.mark.parametrize("name", ["p.pdf", "p.xlsx"])
def test_cancel_leaves_no_file(small_db: Database, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out" / name
    calls = iter(range(1000))
    with pytest.raises(ReportCancelled):
        make_report(
            small_db, ReportRequest("results", 2021, out), cancelled=lambda: next(calls) > 2
        )
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_command_line(small_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = ["--db", str(small_db.path)]
    out = tmp_path / "m.pdf"
    args = [*db, "report", "monitoring", "--year", "2021", "--quarter", "1", "--out", str(out)]
    assert main(args) == 0
    assert out.exists() and "pages" in capsys.readouterr().out
    out = tmp_path / "r.xlsx"
    args = [*db, "report", "results", "--year", "2021", "--directorate", "bilgi", "--out", str(out)]
    assert main(args) == 0
    assert "sheets" in capsys.readouterr().out
    assert main([*db, "report", "monitoring", "--year", "2021", "--out", str(out)]) == 1
    assert "needs a quarter" in capsys.readouterr().err
    assert main([*db, "report", "program", "--year", "1999", "--out", str(out)]) == 1
    assert "no program year 1999" in capsys.readouterr().err
