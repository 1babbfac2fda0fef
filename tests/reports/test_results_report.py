"""The annual results report prints the figures `kbpp evaluate --json` gives for the same data."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kbpp.cli.main import main
from kbpp.formatting import format_plain_rate
from kbpp.reports.build import ReportRequest, make_report
from kbpp.storage import Database


@pytest.fixture(scope="module")
def evaluation(demo_db: Database) -> dict:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["--db", str(demo_db.path), "evaluate", "--year", "2021", "--json"]) == 0
    return json.loads(buffer.getvalue())


def values(sheet) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def test_workbook_equals_evaluate_json(demo_results_xlsx: Path, evaluation: dict) -> None:
    book = load_workbook(demo_results_xlsx)
    bands = list(evaluation["municipality"]["bands"])
    per_directorate = {row[0]: row[1:] for row in values(book["Evaluation"])}
    assert list(per_directorate) == [d["name"] for d in evaluation["directorates"]]
    for d in evaluation["directorates"]:
        assert per_directorate[d["name"]] == (
            [d["bands"][b] for b in bands] + [d["undefined"], d["total"]]
        )
    municipality = {row[1]: row[3] for row in values(book["Municipality"])}
    for band, count in evaluation["municipality"]["bands"].items():
        assert municipality[band] == count
    assert {r[0]: r[1] for r in values(book["Themes"])} == {
        t["name"]: t["score"] for t in evaluation["themes"]
    }
    assert {r[0]: r[2] for r in values(book["Aims"])} == {
        a["code"]: a["score"] for a in evaluation["aims"]
    }
    assert {r[0]: r[2] for r in values(book["Objectives"])} == {
        o["code"]: o["score"] for o in evaluation["objectives"]
    }
    rates = [r[7] for r in values(book["Results"])]
    assert rates == [i["rate"] for d in evaluation["directorates"] for i in d["indicators"]]


def test_pdf_prints_the_same_scores_and_bands(
    demo_db: Database, evaluation: dict, tmp_path: Path
) -> None:
    out = tmp_path / "results.pdf"
    outcome = make_report(demo_db, ReportRequest("results", 2021, out))
    reader = PdfReader(out)
    assert outcome.pages == len(reader.pages) < 100
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top[:-1]] == [d["name"] for d in evaluation["directorates"]]
    assert top[-1].title == "The whole municipality"
    first = reader.get_destination_page_number(top[-1])
    text = " | ".join(
        line.strip() for page in reader.pages[first:] for line in page.extract_text().splitlines()
    )
    for theme in evaluation["themes"]:
        score = format_plain_rate(Decimal(str(theme["score"])))
        assert f"| {theme['name']} | {score} |" in text
    total = evaluation["municipality"]["total"]
    assert f"| TOTAL | {total} | 100 |" in text
    assert "Band distribution per directorate" in text
    for band in evaluation["municipality"]["bands"]:
        assert band in text  # in the tables and the chart's legend
