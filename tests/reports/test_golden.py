"""Golden files: a tiny fixed plan must print to exactly the committed bytes.

After an intended change of layout, regenerate with KBPP_UPDATE_GOLDEN=1 and look at the pages
(pdftoppm) before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbpp.reports.build import ReportRequest, make_report
from kbpp.storage import Database

GOLDEN = Path(__file__).resolve().parent / "golden"

CASES = [("program", None), ("results", None), ("monitoring", 2)]


@pytest.mark.parametrize(("kind", "quarter"), CASES)
def test_pdf_matches_the_golden_file(
    small_db: Database, tmp_path: Path, kind: str, quarter: int | None
) -> None:
    out = tmp_path / f"{kind}.pdf"
    make_report(small_db, ReportRequest(kind, 2021, out, quarter))
    again = tmp_path / f"{kind}-again.pdf"
    make_report(small_db, ReportRequest(kind, 2021, again, quarter))
    assert out.read_bytes() == again.read_bytes()
    golden = GOLDEN / f"{kind}-small.pdf"
    if os.environ.get("KBPP_UPDATE_GOLDEN") == "1":
        golden.write_bytes(out.read_bytes())
    assert golden.exists(), f"{golden} is missing; create it with KBPP_UPDATE_GOLDEN=1"
    assert out.read_bytes() == golden.read_bytes()
