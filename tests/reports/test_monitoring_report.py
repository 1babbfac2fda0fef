"""The quarterly monitoring report: office overview, year-to-date figures, what is missing."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from kbpp.cli.main import main
from kbpp.models import Directorate, ProgramYear, QuarterStatus
from kbpp.reports.build import ReportRequest, make_report
from kbpp.storage import Database, open_database


@pytest.fixture
def demo_copy(demo_db: Database, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo database, for tests that change it."""
    with demo_db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / "demo-copy.db"
    shutil.copyfile(demo_db.path, path)
    db = open_database(path)
    yield db
    db.close()


def _prepare(db: Database) -> str:
    """Bilgi İşlem's Q2 accepted, Zabıta's returned, and one of Zabıta's Q2 values removed."""
    with db.write() as session:
        program = session.scalars(select(ProgramYear).where(ProgramYear.year == 2021)).one()
        names = {d.name: d for d in session.scalars(select(Directorate))}
        for name, state in (
            ("Bilgi İşlem Müdürlüğü", "accepted"),
            ("Zabıta Müdürlüğü", "returned"),
        ):
            key = (program.id, names[name].id, 2)
            status = session.get(QuarterStatus, key) or QuarterStatus(
                program_year_id=key[0], directorate_id=key[1], quarter=2
            )
            status.state = state
            session.add(status)
        value = next(
            v
            for t in program.targets
            if t.directorate.name == "Zabıta Müdürlüğü"
            for i in t.indicators
            for v in i.values
            if v.period == "Q2" and v.value is not None and i.frequency in (None, "quarterly")
        )
        code = value.indicator.code
        session.delete(value)
    return code


def test_overview_states_and_missing_values(demo_copy: Database, tmp_path: Path) -> None:
    code = _prepare(demo_copy)
    out = tmp_path / "monitoring.pdf"
    make_report(demo_copy, ReportRequest("monitoring", 2021, out, quarter=2))
    reader = PdfReader(out)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert top[0].title == "Overview of the directorates, Q2"
    assert top[-1].title == "Zabıta Müdürlüğü"
    zabita = reader.get_destination_page_number(top[-1])
    pages = [*reader.pages[: reader.get_destination_page_number(top[1])], *reader.pages[zabita:]]
    text = " | ".join(line.strip() for p in pages for line in p.extract_text().splitlines())
    assert "| Bilgi İşlem Müdürlüğü | accepted |" in text
    assert "| Zabıta Müdürlüğü | returned |" in text
    assert "| Fen İşleri Müdürlüğü | open |" in text
    assert f"| {code} |" in text and "value for Q2" in text
    assert "Year to date through Q2" in text


def test_year_to_date_rates_equal_evaluate_json(demo_db: Database, tmp_path: Path) -> None:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        args = ["--db", str(demo_db.path), "evaluate", "--year", "2021", "--quarter", "3", "--json"]
        assert main(args) == 0
    evaluation = json.loads(buffer.getvalue())
    out = tmp_path / "monitoring.xlsx"
    make_report(demo_db, ReportRequest("monitoring", 2021, out, quarter=3))
    sheet = load_workbook(out)["Indicators"]
    header = [c.value for c in sheet[2]]
    rate = header.index("RATE (%)")
    band = header.index("BAND")
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    expected = [(i["rate"], i["band"]) for d in evaluation["directorates"] for i in d["indicators"]]
    assert [(r[rate], r[band]) for r in rows] == expected
    assert header[5:8] == ["Q1", "Q2", "Q3"] and "Q4" not in header
