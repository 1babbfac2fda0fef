"""The goal-card editor driven as a user would: typing, choosing, adding and moving rows, and the
database checked afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from test_cards import DIRECTORATE, audit_rows, card_id, lock_quarter
from test_pseudo_translation import clipped

from kbpp import cards
from kbpp.i18n import set_language, set_pseudo_translation
from kbpp.storage import Database
from kbpp.ui.activity_grid import ActivityGrid
from kbpp.ui.card_editor import CardEditor
from kbpp.ui.card_indicator_model import IndicatorModel
from kbpp.ui.card_preview import CardPreview, card_html
from kbpp.ui.card_table import CardTableView


@pytest.fixture
def editor(qtbot, db_2021: Database) -> CardEditor:
    widget = CardEditor(db_2021)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show_year(2021, DIRECTORATE)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def start_editing(qtbot, view: CardTableView, index: QModelIndex) -> QLineEdit | QComboBox:
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert editor is not None
    return editor


def type_into(qtbot, view: CardTableView, index: QModelIndex, text: str) -> QLineEdit:
    editor = start_editing(qtbot, view, index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the view commits an editor's data in a queued call
    return editor


def cell(editor: CardEditor, row: int, field: str, arg: object = None) -> QModelIndex:
    return editor.indicators.index(row, editor.indicators.column_of(field, arg))


def test_indicator_model_passes_qt_model_checks(qtmodeltester, db_2021: Database) -> None:
    model = IndicatorModel(db_2021)
    model.set_card(cards.load_card(db_2021, card_id(db_2021)))
    qtmodeltester.check(model)


def test_shows_the_first_card_of_the_directorate(editor: CardEditor) -> None:
    assert editor.card is not None and editor.card.code == "PH9.62.1"
    assert editor.card_combo.count() == len(cards.list_cards(editor._db, 2021, DIRECTORATE))
    assert editor.aim_value.text().startswith("A9 ")
    assert editor.objective_value.text().startswith("H9.62 ")
    assert editor.indicators.rowCount() == 5
    model = editor.indicators
    assert model.headerData(model.column_of("history", "2019"), Qt.Orientation.Horizontal, 0) == (
        "Actual 2019"
    )
    assert model.index(0, model.column_of("target")).data() == "9"
    assert not editor.banner.isVisible()


def test_typing_the_performance_target(qtbot, editor: CardEditor, db_2021: Database) -> None:
    editor.target_edit.setFocus()
    editor.target_edit.selectAll()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(editor.target_edit, "Guvenli erisim saglamak")
        qtbot.keyClick(editor.target_edit, Qt.Key.Key_Return)
    assert cards.load_card(db_2021, editor.card.id).text == "Guvenli erisim saglamak"


def test_changing_an_indicators_unit(qtbot, editor: CardEditor, db_2021: Database) -> None:
    combo = start_editing(qtbot, editor.indicator_table, cell(editor, 0, "unit"))
    assert isinstance(combo, QComboBox) and combo.isEditable()
    combo.lineEdit().selectAll()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(combo.lineEdit(), "Kisi/Yil")
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert cards.load_card(db_2021, editor.card.id).indicators[0].unit == "Kisi/Yil"
    assert cell(editor, 0, "unit").data() == "Kisi/Yil"
    logged = audit_rows(db_2021, "indicator")[-1]
    assert (logged.field, logged.old, logged.new) == ("unit", "Adet", "Kisi/Yil")


def test_choosing_a_direction(qtbot, editor: CardEditor, db_2021: Database) -> None:
    combo = start_editing(qtbot, editor.indicator_table, cell(editor, 1, "direction"))
    assert isinstance(combo, QComboBox) and not combo.isEditable()
    combo.setCurrentIndex(combo.findData("decreasing"))
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert cards.load_card(db_2021, editor.card.id).indicators[1].direction == "decreasing"
    assert cell(editor, 1, "direction").data() == "Lower is better"


def test_typing_a_target_the_turkish_way(qtbot, editor: CardEditor, db_2021: Database) -> None:
    set_language("tr")
    type_into(qtbot, editor.indicator_table, cell(editor, 0, "target"), "1.234,5")
    assert cards.load_card(db_2021, editor.card.id).indicators[0].target == Decimal("1234.5")
    assert cell(editor, 0, "target").data() == "1.234,5"
    type_into(qtbot, editor.indicator_table, cell(editor, 0, "quarter", 3), "300")
    assert cards.load_card(db_2021, editor.card.id).indicators[0].quarter_targets == {
        3: Decimal(300)
    }


def test_a_wrong_number_is_refused_while_typing(
    qtbot, editor: CardEditor, db_2021: Database
) -> None:
    index = cell(editor, 0, "baseline")
    line = type_into(qtbot, editor.indicator_table, index, "12a")
    # Enter did not close the editor: the text is not acceptable, and the reason is shown.
    assert editor.indicator_table.indexWidget(index) is line
    assert "is not a number" in editor.message.text()
    assert "is not a number" in line.toolTip()
    assert cards.load_card(db_2021, editor.card.id).indicators[0].baseline is None
    line.selectAll()
    qtbot.keyClicks(line, "7")
    assert editor.message.text() == ""
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert cards.load_card(db_2021, editor.card.id).indicators[0].baseline == Decimal(7)


def test_a_duplicate_code_is_refused_with_its_reason(qtbot, editor: CardEditor) -> None:
    type_into(qtbot, editor.indicator_table, cell(editor, 0, "code"), "PG9.62.1.2")
    assert "codes must be unique within a card" in editor.message.text()
    assert editor.card.indicators[0].code == "PG9.62.1.1"


def test_weights_warn_while_typing(qtbot, editor: CardEditor) -> None:
    line = start_editing(qtbot, editor.indicator_table, cell(editor, 0, "weight"))
    qtbot.keyClicks(line, "40")
    assert "4 of the 5 indicators of objective H9.62 have no weight" in (
        editor.weight_warning.text()
    )
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert editor.card.indicators[0].weight == Decimal(40)
    assert editor.weight_warning.isVisible()


def test_adding_and_moving_an_indicator(qtbot, editor: CardEditor, db_2021: Database) -> None:
    with qtbot.waitSignal(editor.changed):
        editor.add_pg.trigger()
    assert editor.indicators.rowCount() == 6
    current = editor.indicator_table.currentIndex()
    assert (current.row(), editor.indicators.field_of(current.column())) == (5, "name")
    line = type_into(qtbot, editor.indicator_table, current, "Sizma testi sayisi")
    assert line is not None
    qtbot.keyClick(editor.indicator_table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    stored = cards.load_card(db_2021, editor.card.id).indicators
    assert [i.code for i in stored][-2:] == ["PG9.62.1.6", "PG9.62.1.5"]
    assert stored[4].name == "Sizma testi sayisi"
    assert editor.indicator_table.currentIndex().row() == 4


def test_removing_a_new_indicator_with_the_keyboard(qtbot, editor: CardEditor) -> None:
    editor.add_ig.trigger()
    assert editor.card.indicators[-1].code == "İG9.62.1.6"
    editor.indicator_table.setFocus()
    qtbot.keyClick(editor.indicator_table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [i.code for i in editor.card.indicators][-1] == "PG9.62.1.5"


def test_delete_clears_a_cell(qtbot, editor: CardEditor, db_2021: Database) -> None:
    editor.indicator_table.setFocus()
    editor.indicator_table.setCurrentIndex(cell(editor, 0, "history", "2019"))
    qtbot.keyClick(editor.indicator_table, Qt.Key.Key_Delete)
    assert "2019" not in cards.load_card(db_2021, editor.card.id).indicators[0].history


def test_typing_an_activity_amount_updates_the_card_total(
    qtbot, editor: CardEditor, db_2021: Database
) -> None:
    set_language("tr")
    grid = editor.activities
    model = grid.model
    index = model.index(0, model.column_of("budget", "04"))
    type_into(qtbot, grid.table, index, "1.234,50")
    card = cards.load_card(db_2021, editor.card.id)
    assert card.activities[0].budget["04"] == 123450
    total_row = next(r for r in range(model.rowCount()) if model.row(r).kind == "target")
    total = model.index(total_row, model.column_of("total")).data()
    assert total_row == model.rowCount() - 1  # one card: only its own total
    assert total.replace(".", "").replace(",", "") == str(sum(a.total for a in card.activities))


def test_a_locked_card_is_read_only_with_the_reason(qtbot, db_2021: Database) -> None:
    lock_quarter(db_2021, card_id(db_2021), 1, "accepted")
    widget = CardEditor(db_2021)
    qtbot.addWidget(widget)
    widget.show_year(2021, DIRECTORATE)
    widget.show()
    assert widget.banner.isVisible()
    assert "checked and closed" in widget.banner.text()
    index = widget.indicators.index(0, 0)
    assert not widget.indicators.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert "Only the strategy office can reopen it" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert widget.target_edit.isReadOnly()
    assert not widget.add_pg.isEnabled()
    amount = widget.activities.model.index(0, widget.activities.model.column_of("budget", "01"))
    assert not widget.activities.model.flags(amount) & Qt.ItemFlag.ItemIsEditable


def test_choosing_another_card(editor: CardEditor) -> None:
    editor.card_combo.setCurrentIndex(1)
    assert editor.card.code == "PH9.70.1"
    assert editor.activities.model.sheet.cards[0].code == "PH9.70.1"
    editor.show_target(card_id(editor._db))
    assert editor.card_combo.currentIndex() == 0


def test_preview_shows_the_card_as_printed(qtbot, editor: CardEditor) -> None:
    text = card_html(editor.card)
    for expected in ("PERFORMANCE TARGET CARD", "PG9.62.1.5", "2021 TARGET", "OFF-BUDGET"):
        assert expected in text
    assert "13,243.82" in text  # the first activity's budget, summed from its parts
    dialog = CardPreview(editor.card, editor)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1366 and dialog.height() <= 768
    assert "PG9.62.1.1" in dialog.browser.toPlainText()
    assert dialog.browser.isReadOnly()
    QApplication.processEvents()


@pytest.mark.parametrize("language", ["pseudo", "tr", "en"])
def test_nothing_is_clipped_at_laptop_size(qtbot, db_2021: Database, language: str) -> None:
    """Editor, grid and preview at 1366×700 (a maximised window on a 1366×768 laptop), with the
    lock banner showing, with every text 40 % longer, and in both languages."""
    lock_quarter(db_2021, card_id(db_2021), 1)
    if language == "pseudo":
        set_pseudo_translation(True)
    else:
        set_language(language)
    try:
        for widget in (CardEditor(db_2021), ActivityGrid(db_2021)):
            qtbot.addWidget(widget)
            widget.resize(1366, 700)
            widget.show_year(2021, DIRECTORATE)
            widget.show()
            qtbot.waitExposed(widget)
            QApplication.processEvents()
            assert clipped(widget) == set()
        preview = CardPreview(cards.load_card(db_2021, card_id(db_2021)))
        qtbot.addWidget(preview)
        preview.show()
        QApplication.processEvents()
        assert clipped(preview) == set()
        assert preview.width() <= 1366 and preview.height() <= 768
    finally:
        set_pseudo_translation(False)


def test_row_shortcuts_wait_while_a_cell_is_edited(qtbot, editor: CardEditor) -> None:
    """Ctrl+Delete inside a cell editor deletes a word, never the indicator."""
    line = start_editing(qtbot, editor.indicator_table, cell(editor, 0, "name"))
    qtbot.keyClick(line, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert editor.indicators.rowCount() == 5


def test_switching_the_language_retranslates(editor: CardEditor) -> None:
    model = editor.indicators
    column = model.column_of("direction")
    set_language("tr")
    assert model.headerData(column, Qt.Orientation.Horizontal, 0) == "Yön"
    assert editor.indicator_box.title() == "Performans göstergeleri"
    set_language("en")
    assert model.headerData(column, Qt.Orientation.Horizontal, 0) == "Direction"
