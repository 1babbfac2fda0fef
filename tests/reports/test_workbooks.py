"""Workbooks: sheet names, real numbers with Turkish formats, frozen headers, print setup."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kbpp.reports.build import ReportRequest, make_report
from kbpp.reports.excel import FORMATS
from kbpp.storage import Database


def rows_of(sheet: Worksheet) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_program_workbook_of_2021(db_2021: Database, tmp_path: Path) -> None:
    out = tmp_path / "program.xlsx"
    outcome = make_report(db_2021, ReportRequest("program", 2021, out))
    book = load_workbook(out)
    assert book.sheetnames == [
        "Relations",
        "Indicators",
        "Costs",
        "Themes and aims",
        "Need by activity",
        "Need by directorate",
        "Total need",
        "Data",
    ]
    assert outcome.sheets == len(book.sheetnames)
    need = book["Need by directorate"]
    assert need["A1"].value == "The directorates' total resource need"
    assert [c.value for c in need[2]] == ["DIRECTORATE", "AMOUNT (₺)", "SHARE (%)"]
    assert need.freeze_panes == "A3"
    assert need.print_title_rows == "$2:$2"
    body = rows_of(need)[2:]
    assert body[0] == ["Bilgi İşlem Müdürlüğü", 13268000, 1.734]
    assert body[-1] == ["TOTAL", 765000000, 100]
    assert need["B3"].number_format == FORMATS["money"] == "#,##0.00"
    assert need["C3"].number_format == "0.000"
    assert need["B3"].data_type == "n"
    costs = book["Costs"]
    assert costs.page_setup.orientation == "landscape"
    total = rows_of(costs)[-1]
    assert total[0] == "TOTAL" and total[-1] == 765000000
    assert total[3:12] == [
        57403000,
        9736500,
        445194500,
        7500000,
        43488000,
        151428000,
        12000000,
        0,
        38250000,
    ]
    indicators = rows_of(book["Indicators"])
    assert len(indicators) == 2 + 476
    assert indicators[1][-3:] == ["2019 ACTUAL", "2020 FIRST SIX MONTHS ACTUAL", "2021 TARGET"]
    data = rows_of(book["Data"])
    assert sum(Decimal(str(r[-1])) for r in data[2:]) == Decimal(765000000)
    themes = rows_of(book["Themes and aims"])
    assert themes[-1][2:] == [79, 100, 249, 227]


def test_results_workbook_band_fills(demo_results_xlsx: Path) -> None:
    book = load_workbook(demo_results_xlsx)
    assert book.sheetnames[:2] == ["Results", "Evaluation"]
    sheet = book["Results"]
    header = [c.value for c in sheet[2]]
    band_col = header.index("BAND") + 1
    colours = {
        sheet.cell(row=r, column=band_col).value: sheet.cell(
            row=r, column=band_col
        ).fill.fgColor.rgb
        for r in range(3, sheet.max_row + 1)
    }
    assert colours["Hedef ve Üstü"].endswith("2E7D32")
    assert colours["Geliştirilmeli"].endswith("C62828")
    rate = sheet.cell(row=3, column=header.index("ACHIEVEMENT RATE (%)") + 1)
    assert rate.data_type == "n" and rate.number_format == "#,##0.00"


def test_monitoring_workbook(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "monitoring.xlsx"
    make_report(demo_db, ReportRequest("monitoring", 2021, out, quarter=3, directorate="Zabıta"))
    book = load_workbook(out)
    assert book.sheetnames == ["Overview", "Indicators", "Missing", "Spending"]
    overview = rows_of(book["Overview"])
    assert overview[2][0] == "Zabıta Müdürlüğü" and overview[-1][0] == "TOTAL"
    spending = rows_of(book["Spending"])
    assert spending[1][:3] == ["DIRECTORATE", "CODE", "ACTIVITY / PROJECT"]
    assert "SPENT Q3" in spending[1]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from kbpp.reports.excel import write_workbook
    from kbpp.reports.tables import Column, ReportTable, text

    table = ReportTable(
        "T", "S", [Column("A", 1)], [[text('=HYPERLINK("http://x","y")')], [text("a\x0bb")]]
    )
    out = tmp_path / "t.xlsx"
    write_workbook(out, [table])
    sheet = load_workbook(out)["S"]
    assert sheet["A3"].data_type == "s" and sheet["A3"].value.startswith("=HYPERLINK")
    assert sheet["A4"].value == "ab"
