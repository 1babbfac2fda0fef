"""`kbpp report` in a fresh interpreter, as a user runs it: nothing registered beforehand.

In-process tests share ReportLab's font registry with every report made before them, so they
cannot see a report that needs the font before it is registered; these run the command line in
new processes (in parallel, one directorate each, to stay quick).
"""

from __future__ import annotations

import subprocess
import sys
from itertools import product
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from kbpp.storage import Database

KINDS = (("program", []), ("monitoring", ["--quarter", "2"]), ("results", []))


def test_every_report_from_a_fresh_process(small_db: Database, tmp_path: Path) -> None:
    runs = {}
    for (kind, extra), suffix in product(KINDS, (".pdf", ".xlsx")):
        out = tmp_path / f"{kind}{suffix}"
        args = [sys.executable, "-m", "kbpp.cli.main", "--db", str(small_db.path), "report", kind]
        args += ["--year", "2021", *extra, "--directorate", "bilgi", "--out", str(out)]
        runs[out] = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
    for out, run in runs.items():
        stdout, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, f"{out.name}: {stderr}"
        assert str(out) in stdout
        if out.suffix == ".pdf":
            pages = PdfReader(out).pages
            assert len(pages) >= 3
            assert "Bilgi İşlem Müdürlüğü" in pages[-1].extract_text()
        else:
            assert len(load_workbook(out, read_only=True).sheetnames) >= 2
