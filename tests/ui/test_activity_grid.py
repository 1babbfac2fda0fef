"""The activities-and-costs grid driven as a user would: add an activity, type amounts the
Turkish way, watch the totals, enter spending, and meet a lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from test_cards import DIRECTORATE, audit_rows, card_id, lock_quarter

from kbpp import cards
from kbpp.i18n import set_language
from kbpp.storage import Database
from kbpp.ui.activity_grid import SPENDING, ActivityGrid
from kbpp.ui.activity_model import ActivityModel


@pytest.fixture
def grid(qtbot, db_2021: Database) -> ActivityGrid:
    widget = ActivityGrid(db_2021)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show_year(2021, DIRECTORATE)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def type_into(qtbot, grid: ActivityGrid, index: QModelIndex, text: str) -> QLineEdit:
    """Select the cell and type over it, as a clerk does (typing starts the editor)."""
    grid.table.setFocus()
    grid.table.setCurrentIndex(index)
    qtbot.keyClick(grid.table, Qt.Key.Key_F2)
    editor = grid.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the view commits an editor's data in a queued call
    return editor


def total_row(model: ActivityModel, kind: str, code: str = "") -> int:
    return next(
        r
        for r in range(model.rowCount())
        if model.row(r).kind == kind and (not code or model.row(r).target_code == code)
    )


def test_model_passes_qt_model_checks(qtmodeltester, db_2021: Database) -> None:
    model = ActivityModel(db_2021)
    model.load(2021, DIRECTORATE)
    qtmodeltester.check(model)


def test_shows_the_directorates_activities_with_totals(grid: ActivityGrid) -> None:
    model = grid.model
    kinds = [model.row(r).kind for r in range(model.rowCount())]
    assert kinds[-2:] == ["directorate", "total"]
    assert kinds.count("target") == len(cards.list_cards(grid._db, 2021, DIRECTORATE))
    row = total_row(model, "target", "PH9.62.1")
    assert model.index(row, model.column_of("name")).data() == "Total of PH9.62.1"
    assert not model.flags(model.index(row, model.column_of("budget", "01"))) & (
        Qt.ItemFlag.ItemIsEditable
    )
    header = model.headerData(model.column_of("budget", "03"), Qt.Orientation.Horizontal, 3)
    assert header == "03 Mal ve Hizmet Alım Giderleri"
    spent = model.column_of("spent", 1)
    assert grid.table.isColumnHidden(spent)
    grid.view_combo.setCurrentIndex(grid.view_combo.findData(SPENDING))
    assert not grid.table.isColumnHidden(spent)
    assert grid.table.isColumnHidden(model.column_of("budget", "01"))


def test_adding_an_activity_and_typing_amounts(
    qtbot, grid: ActivityGrid, db_2021: Database
) -> None:
    set_language("tr")
    model = grid.model
    tid = card_id(db_2021)
    before = model.index(total_row(model, "total"), model.column_of("total")).data()
    grid.table.setFocus()
    grid.table.setCurrentIndex(model.index(0, model.column_of("name")))
    with qtbot.waitSignal(grid.changed):
        qtbot.keyClick(grid.table, Qt.Key.Key_Insert)
    current = grid.table.currentIndex()
    assert model.row(current.row()).name == "Yeni faaliyet"  # the default name, in Turkish
    type_into(qtbot, grid, current, "Sizma testi")
    row = current.row()
    with qtbot.waitSignal(grid.changed):
        type_into(qtbot, grid, model.index(row, model.column_of("budget", "03")), "1.234,50")
    type_into(qtbot, grid, model.index(row, model.column_of("off_budget", "Yurt Dışı")), "100")
    stored = cards.load_card(db_2021, tid).activities[-1]
    assert (stored.name, stored.budget, stored.off_budget) == (
        "Sizma testi",
        {"03": 123450},
        {"Yurt Dışı": 10000},
    )
    assert model.index(row, model.column_of("total")).data() == "1.334,50"
    target_total = model.index(total_row(model, "target", "PH9.62.1"), model.column_of("total"))
    card_total = sum(a.total for a in cards.load_card(db_2021, tid).activities)
    assert target_total.data().replace(".", "").replace(",", "") == str(card_total)
    after = model.index(total_row(model, "total"), model.column_of("total")).data()
    as_kurus = [int(t.replace(".", "").replace(",", "")) for t in (before, after)]
    assert as_kurus[1] - as_kurus[0] == 133450
    assert [e.new for e in audit_rows(db_2021, "activity cost")] == ["123450", "10000"]


def test_a_negative_amount_is_refused_with_its_reason(qtbot, grid: ActivityGrid) -> None:
    index = grid.model.index(0, grid.model.column_of("budget", "07"))
    editor = type_into(qtbot, grid, index, "-5")
    assert grid.table.indexWidget(index) is editor  # still editing
    assert "cannot be negative" in grid.message.text()
    editor.selectAll()
    qtbot.keyClicks(editor, "0.005")
    assert "at most 2 decimals" in grid.message.text()


def test_spending_and_the_quarter_lock(qtbot, db_2021: Database) -> None:
    tid = card_id(db_2021)
    lock_quarter(db_2021, tid, 1)
    grid = ActivityGrid(db_2021)
    qtbot.addWidget(grid)
    grid.show_year(2021, DIRECTORATE)
    grid.show()
    grid.view_combo.setCurrentIndex(grid.view_combo.findData(SPENDING))
    model = grid.model
    q1 = model.index(0, model.column_of("spent", 1))
    q2 = model.index(0, model.column_of("spent", 2))
    assert not model.flags(q1) & Qt.ItemFlag.ItemIsEditable
    assert "checked and closed" in q1.data(Qt.ItemDataRole.ToolTipRole)
    assert not model.flags(model.index(0, model.column_of("budget", "01"))) & (
        Qt.ItemFlag.ItemIsEditable
    )
    grid.table.setCurrentIndex(q2)
    assert grid.banner.isVisible() and "checked and closed" in grid.banner.text()
    assert not grid.add_action.isEnabled()
    type_into(qtbot, grid, q2, "250")
    assert cards.load_card(db_2021, tid).activities[0].spent[2] == 25000
    spent_total = model.index(total_row(model, "target", "PH9.62.1"), model.column_of("spent", 2))
    assert spent_total.data() == "250.00"


def test_moving_and_removing_activities(qtbot, grid: ActivityGrid, db_2021: Database) -> None:
    tid = card_id(db_2021)
    model = grid.model
    names = [a.name for a in cards.load_card(db_2021, tid).activities]
    grid.table.setFocus()
    grid.table.setCurrentIndex(model.index(1, model.column_of("name")))
    qtbot.keyClick(grid.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    moved = [a.name for a in cards.load_card(db_2021, tid).activities]
    assert moved[:2] == [names[1], names[0]]
    assert grid.table.currentIndex().row() == 0
    qtbot.keyClick(grid.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [a.name for a in cards.load_card(db_2021, tid).activities] == moved[1:]
