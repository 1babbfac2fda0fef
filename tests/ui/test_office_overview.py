"""The office's overview page: the matrix model, its filters, the band chart, the export, and
how the main window shows it to the office (and never to a directorate)."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import select

from kbpp.models import Directorate, PackageImport, ProgramYear, QuarterStatus
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import Database, create_database
from kbpp.ui import office_overview, workers
from kbpp.ui.office_overview import OverviewPage
from kbpp.ui.office_overview_model import CELL_ROLE, OverviewModel

SMALL = "Teftiş Kurulu Müdürlüğü"
BILGI = "Bilgi İşlem Müdürlüğü"
ZABITA = "Zabıta Müdürlüğü"
AFTER_Q1_DUE = date(2021, 5, 5)


@pytest.fixture
def office(db_2021: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Teftiş's Q1 received (all three values), Bilgi İşlem's returned, Zabıta's accepted and
    locked; background loading runs inline."""
    monkeypatch.setattr(workers.Job, "inline", True)
    for row in load_entry_sheet(db_2021, 2021, SMALL).rows:
        save_entry(db_2021, row.indicator_id, "Q1", row.facts.target, "Not")
    with db_2021.write() as s:
        program = s.scalar(select(ProgramYear))
        ids = dict(s.execute(select(Directorate.name, Directorate.id)).all())
        s.add(
            PackageImport(
                package_id="p-1", type="data", issuer=SMALL, sequence=4, year=2021, quarter=1,
                file_sha256="0" * 64, key_id="0" * 64, file_name="teftis.kbpp",
                created="2021-04-28T09:00:00Z", imported_at=datetime(2021, 4, 29, 8, 0),
                imported_by="test-user",
            )
        )  # fmt: skip
        for name, state, locked, reason in (
            (SMALL, "submitted", False, None),
            (BILGI, "returned", False, "Sapma nedenleri eksik"),
            (ZABITA, "accepted", True, "Kabul edildi"),
        ):
            s.add(
                QuarterStatus(
                    program_year_id=program.id, directorate_id=ids[name], quarter=1,
                    state=state, locked=locked, reason=reason, changed_by="strateji",
                    changed_at=datetime(2021, 5, 2, 10, 0),
                )
            )  # fmt: skip
    return db_2021


@pytest.fixture
def page(qtbot, office: Database) -> OverviewPage:
    widget = OverviewPage(office)
    qtbot.addWidget(widget)
    widget.today = AFTER_Q1_DUE
    widget.resize(1060, 640)
    widget.show()
    widget.show_year(2021)
    return widget


def source_cell(page: OverviewPage, name: str, quarter: int):
    model = page.model
    row = next(i for i, d in enumerate(model.rows) if d.name == name)
    return model.index(row, quarter)


def test_the_model_passes_the_model_tester(qtmodeltester, page: OverviewPage) -> None:
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    empty = OverviewModel()
    qtmodeltester.check(empty)


def test_a_row_per_directorate_a_column_per_quarter_and_band(page: OverviewPage) -> None:
    model = page.model
    assert model.rowCount() == 25
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:6] == ["Directorate", "Q1", "Q2", "Q3", "Q4", "Ind."]
    assert headers[6:] == ["Hed", "Baş", "İyi", "İle", "Gel", "No rate"]
    tip = model.headerData(6, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Hedef ve Üstü")
    assert source_cell(page, SMALL, 1).data() == "received · 3/3"
    zabita = source_cell(page, ZABITA, 1)
    assert zabita.data().startswith("accepted · 0/")
    locked_icon = zabita.data(Qt.ItemDataRole.DecorationRole)
    plain_icon = source_cell(page, SMALL, 1).data(Qt.ItemDataRole.DecorationRole)
    assert locked_icon.cacheKey() != plain_icon.cacheKey()  # the padlock
    assert source_cell(page, BILGI, 1).data() == "late · 0/31"
    assert source_cell(page, SMALL, 2).data() == "not received · 0/3"
    assert "waiting for review" in page.summary.text()


def test_tooltips_say_everything(page: OverviewPage) -> None:
    tip = source_cell(page, BILGI, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "late: returned, not resent (5 days)" in tip
    assert "Returned by strateji" in tip and "Reason: Sapma nedenleri eksik" in tip
    tip = source_cell(page, ZABITA, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Locked: Kabul edildi (by strateji)." in tip
    tip = source_cell(page, SMALL, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Package no. 4 sent" in tip and "Values entered: 3 of 3 due." in tip


def test_filters_by_state_and_by_name(page: OverviewPage) -> None:
    page.set_filter("review")
    assert [d.name for d in page.visible_rows()] == [SMALL]
    page.set_filter("accepted")
    assert [d.name for d in page.visible_rows()] == [ZABITA]
    page.set_filter("returned")
    assert [d.name for d in page.visible_rows()] == [BILGI]
    page.set_filter("late")
    assert page.proxy.rowCount() == 23  # all but Teftiş (received) and Zabıta (accepted)
    page.set_filter("all")
    page.search.setText("bilgi işlem")  # Turkish case rules
    assert [d.name for d in page.visible_rows()] == [BILGI]
    assert page.chart.rows == page.visible_rows()


def test_sorting_puts_late_quarters_first(page: OverviewPage) -> None:
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    first = page.proxy.index(0, 1).data(CELL_ROLE)
    last = page.proxy.index(page.proxy.rowCount() - 1, 1).data(CELL_ROLE)
    assert first.state == "late" and last.state == "accepted"


def test_one_quarter_at_a_time(page: OverviewPage) -> None:
    page.set_quarter(2)
    assert page.model.columnCount() == 1 + 1 + 1 + 5 + 1
    assert page.model.status.band_quarter == 2
    page.set_filter("not_received")
    assert page.proxy.rowCount() == 25


def test_the_chart_draws_a_bar_per_directorate(page: OverviewPage) -> None:
    assert len(page.chart.rows) == 25
    assert page.chart.height() >= 25 * page.chart.BAR_HEIGHT
    assert not page.chart.grab().isNull()
    tip = page.chart.tooltip_at(page.chart.LEGEND + 1)
    assert tip is not None and tip.startswith(page.chart.rows[0].name) and "No rate:" in tip


def test_double_click_goes_to_the_values_or_opens_the_review(
    qtbot, page: OverviewPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, int]] = []
    page.open_directorate.connect(lambda name, q: opened.append((name, q)))
    monkeypatch.setattr(office_overview, "REVIEW_MODULE", "kbpp_no_such_review_dialog")
    received = page.proxy.mapFromSource(source_cell(page, SMALL, 1))
    page.open_cell(received)  # no review screen installed: its values instead
    page.open_cell(page.proxy.mapFromSource(source_cell(page, BILGI, 2)))
    assert opened == [(SMALL, 1), (BILGI, 2)]

    calls: list[dict] = []

    class FakeReview(office_overview.QWidget):
        from PySide6.QtCore import Signal

        finished = Signal(int)

        def __init__(self, db, parent, **kwargs) -> None:
            super().__init__()
            calls.append(kwargs)

    module = types.ModuleType("kbpp_fake_review")
    module.__spec__ = importlib.machinery.ModuleSpec("kbpp_fake_review", None)
    module.ReviewDialog = FakeReview
    monkeypatch.setitem(sys.modules, "kbpp_fake_review", module)
    monkeypatch.setattr(office_overview, "REVIEW_MODULE", "kbpp_fake_review")
    page.view.setCurrentIndex(received)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert calls == [{"year": 2021, "quarter": 1, "directorate": SMALL}]
    assert len(opened) == 2
    page._dialogs[0].finished.emit(0)  # closing the review reloads the matrix
    assert page._dialogs == [] and page.model.rowCount() == 25
    page._dialogs.clear()


def test_export_to_excel(page: OverviewPage, tmp_path: Path) -> None:
    page.set_filter("review")
    path = tmp_path / "overview.xlsx"
    page.export_xlsx(path)
    ws = load_workbook(path).active
    assert ws.max_row == 26  # every directorate, whatever the filter
    assert "Wrote" in page.summary.text()


# --- in the main window ------------------------------------------------------------------------


def test_the_office_sees_the_overview_first_and_the_office_menu(qtbot, office: Database) -> None:
    from kbpp.ui.main_window import PAGE_OVERVIEW, PAGE_QUARTER, MainWindow

    win = MainWindow(office)
    qtbot.addWidget(win)
    assert win.pages.currentIndex() == PAGE_OVERVIEW and win.overview_action.isChecked()
    assert win.overview_page.model.rowCount() == 25
    assert win.office_menu.menuAction().isVisible()
    audit = win.office_actions["AuditDialog"]
    assert audit.isVisible() and audit.text() == "&Audit log…"
    assert win.view_menu.actions()[0] is win.overview_action
    audit.trigger()
    assert any(type(d).__name__ == "AuditDialog" for d in win._dialogs)
    for dialog in list(win._dialogs):
        dialog.close()
    win.overview_page.open_directorate.emit(BILGI, 1)
    assert win.pages.currentIndex() == PAGE_QUARTER and win.directorate == BILGI
    assert win.quarter_page.model.rowCount() == 31
    win.overview_action.trigger()
    assert win.pages.currentWidget() is win.overview_page


def test_a_directorate_workspace_has_no_office_menu(qtbot, tmp_path: Path) -> None:
    from kbpp.ui.main_window import PAGE_QUARTER, MainWindow

    db = create_database(tmp_path / "ws.db", "directorate", directorate=ZABITA)
    win = MainWindow(db)
    qtbot.addWidget(win)
    try:
        assert not win.office_menu.menuAction().isVisible()
        assert not win.overview_action.isVisible()
        assert win.overview_page is None and win.pages.currentIndex() == PAGE_QUARTER
    finally:
        win.close()
        db.close()
