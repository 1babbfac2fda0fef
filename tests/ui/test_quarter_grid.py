"""The "This quarter" grid on the 2021 plan, driven with the keyboard as a clerk drives it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import (
    QModelRoleData,
    QModelRoleDataSpan,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from kbpp.errors import KbppError
from kbpp.i18n import set_language
from kbpp.office.review import lock_quarter
from kbpp.quarter_entry import load_entry_sheet, open_quarter, save_entry
from kbpp.storage import Database
from kbpp.ui import quarter_page, workers
from kbpp.ui.quarter_model import (
    COL_BAND,
    COL_CODE,
    COL_NOTE,
    COL_Q1,
    COL_Q2,
    COL_RATE,
    ROW_ROLE,
    VALUE_ROLE,
    QuarterModel,
)
from kbpp.ui.quarter_page import QuarterPage
from kbpp.ui.quarter_proxy import QuarterFilter, RowFilter

BILGI = "Bilgi İşlem Müdürlüğü"


@pytest.fixture(autouse=True)
def _inline_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.Job, "inline", True)


@pytest.fixture
def turkish() -> None:
    """Numbers typed and pasted the Turkish way (the conftest switches back to English)."""
    set_language("tr")


@pytest.fixture
def page(qtbot, db_2021: Database) -> Iterator[QuarterPage]:
    page = QuarterPage(db_2021)
    page.reason_provider = lambda name: ("Tutanaktan", True)  # the office enters on behalf
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show_year(2021, BILGI)
    page.show()
    qtbot.waitExposed(page)
    yield page


def stored(db: Database, code: str, period: str = "Q1") -> tuple[Decimal | None, str | None]:
    row = next(r for r in load_entry_sheet(db, 2021, BILGI).rows if r.facts.code == code)
    return row.facts.values.get(period), row.notes.get(period)


def cell(page: QuarterPage, row: int, column: int):
    return page.proxy.index(row, column)


def go(qtbot, page: QuarterPage, row: int, column: int) -> None:
    """Click-free navigation: make the cell current in the active window, as a user sees it."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.view.setCurrentIndex(cell(page, row, column))
    page.view.setFocus()


def cell_editor(page: QuarterPage) -> QLineEdit | None:
    return page.view.findChild(QLineEdit, "QuarterCellEditor")


def type_value(qtbot, page: QuarterPage, text: str, key=Qt.Key.Key_Return) -> None:
    """Type over the current cell (the first key opens the editor) and press `key`."""
    qtbot.waitUntil(lambda: page.note_dialog is None and cell_editor(page) is None)
    qtbot.keyClicks(page.view, text[0])
    editor = cell_editor(page)
    assert editor is not None
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: cell_editor(page) is None)  # Qt commits on a queued call


def close_note_dialog(page: QuarterPage, text: str | None = None) -> None:
    dialog = page.note_dialog
    assert dialog is not None
    if text is None:
        dialog.reject()
    else:
        dialog.editor.setPlainText(text)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_models_pass_qt_model_checks(qtmodeltester, db_2021: Database) -> None:
    model = QuarterModel(lambda entries: [])
    model.set_sheet(load_entry_sheet(db_2021, 2021, BILGI), 1)
    qtmodeltester.check(model)
    proxy = QuarterFilter()
    proxy.setSourceModel(model)
    proxy.set_query("PG9")
    qtmodeltester.check(proxy)
    proxy.set_mode(RowFilter.MISSING)
    qtmodeltester.check(proxy)


def test_typing_on_narrows_and_deleting_widens_like_a_fresh_search(db_2021: Database) -> None:
    model = QuarterModel(lambda entries: [])
    model.set_sheet(load_entry_sheet(db_2021, 2021, None), 1)
    proxy = QuarterFilter()
    proxy.setSourceModel(model)

    def shown() -> list[str]:
        return [proxy.index(r, COL_CODE).data() for r in range(proxy.rowCount())]

    def fresh(text: str) -> list[str]:
        other = QuarterFilter()
        other.setSourceModel(model)
        other.set_query(text)
        return [other.index(r, COL_CODE).data() for r in range(other.rowCount())]

    typed = ""
    for key in "PG9.6 bilgi":  # typed key by key: each step searches only the rows shown
        typed += key
        proxy.set_query(typed)
        assert shown() == fresh(typed)
    assert 0 < proxy.rowCount() < 10
    proxy.set_query("PG9.6")  # deleted back: the rows hidden before come back
    assert shown() == fresh("PG9.6") and proxy.rowCount() > 10
    proxy.set_query("PG1")  # not typing on from "PG9.6": searched afresh
    assert shown() == fresh("PG1")


def test_no_year_ends_a_load_under_way(
    qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another database without a plan, opened while the grid loads: nothing is loading any
    more (the window waits for no sheet), and the old load's late failure is not shown."""
    monkeypatch.setattr(workers.Job, "inline", False)
    page = QuarterPage(db_2021)
    qtbot.addWidget(page)
    page.show_year(2021, BILGI)
    assert page.loading
    page.show_year(None, None)
    assert not page.loading and page.model.rowCount() == 0
    workers.wait_for_all()
    qtbot.wait(50)
    assert page.model.rowCount() == 0 and not page.loading


def test_an_empty_model_passes_qt_model_checks(qtmodeltester) -> None:
    qtmodeltester.check(QuarterModel(lambda entries: []))


def test_the_open_quarter_is_q1_before_any_value(page: QuarterPage) -> None:
    assert page.model.rowCount() == 31
    assert page.model.quarter == 1
    assert page.quarter_combo.currentText() == "Q1"
    assert cell(page, 0, COL_Q1).flags() & Qt.ItemFlag.ItemIsEditable
    assert not cell(page, 0, COL_Q2).flags() & Qt.ItemFlag.ItemIsEditable
    assert "31 values" in page.status_text()


def test_typing_values_saves_each_at_once_and_enter_moves_down(
    qtbot, turkish: None, page: QuarterPage, db_2021: Database
) -> None:
    go(qtbot, page, 1, COL_Q1)
    first, second = page.model.row(1).facts.code, page.model.row(2).facts.code
    type_value(qtbot, page, "1.234,5")
    assert page.view.currentIndex().row() == 2
    qtbot.wait(10)
    if page.note_dialog is not None:
        close_note_dialog(page)
    type_value(qtbot, page, "12")
    assert stored(db_2021, first) == (Decimal("1234.5"), None)
    assert stored(db_2021, second)[0] == Decimal(12)
    assert cell(page, 1, COL_Q1).data() == "1.234,5"


def test_a_dot_only_entry_is_refused_with_the_reason(
    qtbot, turkish: None, page: QuarterPage, db_2021: Database
) -> None:
    go(qtbot, page, 0, COL_Q1)
    qtbot.keyClicks(page.view, "1")
    editor = cell_editor(page)
    assert editor is not None
    qtbot.keyClicks(editor, ".5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert "1,5" in page.message.text() and "15" in page.message.text()  # what to type
    assert cell_editor(page) is editor  # the editor stays open
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert stored(db_2021, page.model.row(0).facts.code) == (None, None)


def test_undo_and_redo_write_the_database(qtbot, page: QuarterPage, db_2021: Database) -> None:
    code = page.model.row(3).facts.code
    go(qtbot, page, 3, COL_Q1)
    type_value(qtbot, page, "5")
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)
    if page.note_dialog is not None:
        close_note_dialog(page)
    go(qtbot, page, 3, COL_Q1)
    type_value(qtbot, page, "7")
    if page.note_dialog is not None:
        close_note_dialog(page)
    assert stored(db_2021, code)[0] == 7
    go(qtbot, page, 3, COL_Q1)
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_2021, code)[0] == 5
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_2021, code)[0] is None
    qtbot.keyClick(page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_2021, code)[0] == 5
    assert cell(page, 3, COL_Q1).data() == "5"


def test_paste_a_block_is_one_undo_step(
    qtbot, turkish: None, page: QuarterPage, db_2021: Database
) -> None:
    codes = [page.model.row(r).facts.code for r in range(3)]
    go(qtbot, page, 0, COL_Q1)
    QGuiApplication.clipboard().setText("1\r\n2,5\r\n1.000\r\n")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [stored(db_2021, c)[0] for c in codes] == [1, Decimal("2.5"), 1000]
    assert page.model.undo_stack.count() == 1
    page.model.undo_stack.undo()
    assert [stored(db_2021, c)[0] for c in codes] == [None, None, None]


def test_a_paste_with_a_bad_cell_changes_nothing(qtbot, page: QuarterPage, db_2021) -> None:
    go(qtbot, page, 0, COL_Q1)
    assert not page.paste_text("1\n1,5\n3\n")  # English: the comma groups thousands
    assert "row 2" in page.message.text() and "ambiguous" in page.message.text()
    assert stored(db_2021, page.model.row(0).facts.code)[0] is None
    assert not page.paste_text("1\t2\n")  # the second column is Q2: not open
    assert "cannot be edited" in page.message.text()


def test_copy_gives_a_tab_separated_block(qtbot, turkish: None, page: QuarterPage) -> None:
    go(qtbot, page, 0, COL_Q1)
    page.paste_text("1234,5\n2\n")
    page.view.setCurrentIndex(cell(page, 0, COL_Q1))
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "1.234,5\n2\n"


def test_delete_clears_the_selected_cells(qtbot, page: QuarterPage, db_2021) -> None:
    go(qtbot, page, 0, COL_Q1)
    page.paste_text("4\n")
    go(qtbot, page, 0, COL_Q1)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert stored(db_2021, page.model.row(0).facts.code)[0] is None


def test_a_required_note_opens_the_editor_and_is_saved(
    qtbot, page: QuarterPage, db_2021: Database
) -> None:
    code = page.model.row(0).facts.code  # target 9: 1 in Q1 is 44 % of 2,25 → note required
    go(qtbot, page, 0, COL_Q1)
    type_value(qtbot, page, "1")
    qtbot.waitUntil(lambda: page.note_dialog is not None)
    assert cell(page, 0, COL_RATE).data() == "44.44%"
    assert cell(page, 0, COL_BAND).data() == "Geliştirilmeli"
    assert cell(page, 0, COL_NOTE).data() == "Note required"
    close_note_dialog(page, "Eğitim takvimi kaydı.")
    assert stored(db_2021, code) == (Decimal(1), "Eğitim takvimi kaydı.")
    assert cell(page, 0, COL_NOTE).data() == "Eğitim takvimi kaydı."


def test_the_note_editor_offers_earlier_notes(qtbot, page: QuarterPage, db_2021) -> None:
    go(qtbot, page, 0, COL_Q1)
    page.paste_text("1\n")
    go(qtbot, page, 0, COL_NOTE)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    close_note_dialog(page, "Q1 notu")
    page.set_quarter(2)
    go(qtbot, page, 0, COL_Q2)
    page.paste_text("0\n")
    go(qtbot, page, 0, COL_NOTE)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    dialog = page.note_dialog
    assert dialog is not None and dialog.earlier.stringList() == ["Q1 notu"]
    dialog.reuse(dialog.earlier.index(0))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert stored(db_2021, page.model.row(0).facts.code, "Q2") == (Decimal(0), "Q1 notu")


def test_plausibility_warnings_show_on_the_cell_and_in_the_list(qtbot, page: QuarterPage) -> None:
    page.set_quarter(1)
    go(qtbot, page, 0, COL_Q1)
    page.paste_text("10\n")
    page.set_quarter(2)
    go(qtbot, page, 0, COL_Q2)
    page.paste_text("100\n")  # more than 3 × 10
    assert "three times" in cell(page, 0, COL_Q2).data(Qt.ItemDataRole.ToolTipRole)
    assert page.warnings.rowCount() == 1
    assert "three times" in page.warnings.stringList()[0]
    page.paste_text("1\n")  # under a third of 10: the row's warning changes
    assert page.warnings.rowCount() == 1
    assert "third" in page.warnings.stringList()[0]
    page.paste_text("12\n")  # plausible: the list empties
    assert page.warnings.rowCount() == 0
    page.model.undo_stack.undo()
    assert "third" in page.warnings.stringList()[0]  # undone: the warning is back


def test_filters(qtbot, page: QuarterPage) -> None:
    go(qtbot, page, 0, COL_Q1)
    page.paste_text("1\n9\n")
    page.set_filter(RowFilter.MISSING)
    assert page.proxy.rowCount() == 29
    page.set_filter(RowFilter.NOTE)
    assert page.proxy.rowCount() >= 1
    page.set_filter(RowFilter.BELOW_TARGET)
    assert page.proxy.rowCount() >= 1
    page.set_filter(RowFilter.ALL)
    page.set_query("PG9.62.1.1")
    assert page.proxy.rowCount() == 1


def test_the_rest_of_a_sheet_is_appended_to_the_first_rows_shown(
    qtmodeltester, db_2021: Database
) -> None:
    """The rows shown stay (with an edit made while the others loaded, and its undo step)."""
    model = QuarterModel(lambda entries: [])
    first = load_entry_sheet(db_2021, 2021, first=10)
    whole = load_entry_sheet(db_2021, 2021)  # read before the edit below, as it can be
    model.set_sheet(first, open_quarter(first))
    qtmodeltester.check(model)  # keeps watching the model's signals
    assert not model.complete and model.rowCount() == 10
    assert model.setData(model.index(0, COL_Q1), Decimal(7))
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, top, bottom: inserted.append((top, bottom)))
    model.modelReset.connect(lambda: inserted.append((-1, -1)))
    model.complete_sheet(whole, 1)
    assert model.complete and model.rowCount() == len(whole.rows) == 476
    assert inserted == [(10, 475)]
    assert model.index(0, COL_Q1).data(VALUE_ROLE) == Decimal(7)
    assert model.index(475, COL_CODE).data() == whole.rows[-1].facts.code
    model.undo_stack.undo()
    assert model.index(0, COL_Q1).data(VALUE_ROLE) is None


def test_other_first_rows_are_replaced_by_the_whole_sheet(qapp, db_2021: Database) -> None:
    """The plan changed between the two reads: the whole sheet is shown afresh."""
    model = QuarterModel(lambda entries: [])
    model.set_sheet(load_entry_sheet(db_2021, 2021, first=10), 1)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    last = load_entry_sheet(db_2021, 2021).rows[-1].facts.directorate
    other = load_entry_sheet(db_2021, 2021, last)
    assert other.rows[0].indicator_id != model.row(0).indicator_id
    model.complete_sheet(other, 1)
    assert resets == [len(other.rows)] and model.complete
    assert model.row(0).indicator_id == other.rows[0].indicator_id


def test_a_big_sheet_shows_its_first_rows_while_the_rest_loads(
    qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is typed meanwhile (a search, a value) applies to the whole sheet once loaded."""
    monkeypatch.setattr(workers.Job, "inline", False)
    monkeypatch.setattr(quarter_page, "FIRST_ROWS", 10)
    page = QuarterPage(db_2021)
    page.reason_provider = lambda name: ("Tutanaktan", True)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        page.show_year(2021, None)
    # The others are read once the event loop has run again (after the first paint).
    assert page.model.rowCount() == 10 and not page.model.complete and page.loading
    assert page.status_text() == "Loading the other indicators…"
    first_id = page.model.row(0).indicator_id
    assert page.model.setData(page.model.index(0, COL_Q1), Decimal(3))
    page.set_query("bilgi")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    assert page.model.complete and not page.loading and page.model.rowCount() == 476
    assert page.model.undo_stack.count() == 1
    assert page.model.index(0, COL_Q1).data(VALUE_ROLE) == Decimal(3)
    row = next(r for r in load_entry_sheet(db_2021, 2021).rows if r.indicator_id == first_id)
    assert row.facts.values["Q1"] == Decimal(3)
    fresh = QuarterFilter()
    fresh.setSourceModel(page.model)
    fresh.set_query("bilgi")
    assert page.proxy.rowCount() == fresh.rowCount() >= 31
    assert "Loading" not in page.status_text()


COMPARED_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    VALUE_ROLE,
    ROW_ROLE,
)


def assert_cells_as_qt_maps_them(proxy: QuarterFilter) -> None:
    """The proxy reads its cells straight from the model: the same as Qt's own mapping."""
    assert proxy.rowCount() > 0
    for row in range(proxy.rowCount()):
        for column in range(proxy.columnCount()):
            index = proxy.index(row, column)
            assert proxy.flags(index) == QSortFilterProxyModel.flags(proxy, index)
            for role in COMPARED_ROLES:
                expected = QSortFilterProxyModel.data(proxy, index, role)
                assert proxy.data(index, role) == expected
                asked = QModelRoleData(role)  # as a delegate asks when it paints
                proxy.multiData(index, QModelRoleDataSpan(asked))
                assert asked.data() == expected


def test_the_filter_reads_the_cells_qt_would_map(qapp, db_2021: Database) -> None:
    saved: list[object] = []
    model = QuarterModel(lambda entries: saved.extend(entries) or [])
    proxy = QuarterFilter()
    proxy.setSourceModel(model)
    first = load_entry_sheet(db_2021, 2021, first=40)
    model.set_sheet(first, 1)
    assert_cells_as_qt_maps_them(proxy)
    proxy.set_query("bilgi")
    assert 0 < proxy.rowCount() < 40
    assert_cells_as_qt_maps_them(proxy)
    model.complete_sheet(load_entry_sheet(db_2021, 2021), 1)  # appended, not yet refiltered
    assert_cells_as_qt_maps_them(proxy)
    proxy.refilter()
    assert proxy.rowCount() > 31
    assert_cells_as_qt_maps_them(proxy)
    proxy.set_mode(RowFilter.MISSING)
    source = proxy.mapToSource(proxy.index(3, COL_Q1))
    assert model.setData(source, Decimal(12))  # the row stays shown until filtered again
    assert_cells_as_qt_maps_them(proxy)
    model.set_sheet(load_entry_sheet(db_2021, 2021, BILGI), 1)  # fewer rows, filter kept
    assert_cells_as_qt_maps_them(proxy)


@pytest.fixture
def threaded_page(qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch) -> QuarterPage:
    """A page whose loads run in threads, with 10 first rows (all directorates: 476)."""
    monkeypatch.setattr(workers.Job, "inline", False)
    monkeypatch.setattr(quarter_page, "FIRST_ROWS", 10)
    page = QuarterPage(db_2021)
    page.reason_provider = lambda name: ("Tutanaktan", True)
    page.today = lambda: date(2021, 4, 18)
    qtbot.addWidget(page)
    page.resize(1500, 700)
    return page


def first_rows_of(qtbot, page: QuarterPage, directorate: str | None = None) -> None:
    with qtbot.waitSignal(page.model.modelReset, timeout=10_000):
        page.show_year(2021, directorate)
    assert not page.model.complete


def test_a_small_sheet_asked_for_while_the_rest_loads_is_shown_whole(
    qtbot, threaded_page: QuarterPage, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All directorates open on Q3 (a Q3 value elsewhere), Bilgi alone on Q1: its 31 rows
    are read in one go, while the first 40 of all directorates are shown."""
    monkeypatch.setattr(quarter_page, "FIRST_ROWS", 40)
    other = next(r for r in load_entry_sheet(db_2021, 2021).rows if r.facts.directorate != BILGI)
    save_entry(db_2021, other.indicator_id, "Q3", Decimal(5), "Not")
    page = threaded_page
    first_rows_of(qtbot, page)
    assert page.quarter_combo.currentIndex() == 2 and page.model.quarter == 3
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_year(2021, BILGI)
    assert page.model.rowCount() == 31 and page.model.quarter == 1
    assert page.quarter_combo.currentIndex() == 0


def test_a_result_queued_before_a_new_load_is_dropped(
    qtbot, threaded_page: QuarterPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rest is read while the UI thread is busy; a new load of the same sheet starts
    before its result is delivered: that result is stale, and `loaded` never comes with
    only the first rows shown."""
    real = quarter_page.load_entry_sheet
    reading, release = threading.Event(), threading.Event()

    def gated(db, year, directorate=None, first=None):
        if first is None:  # the rest: held until the test lets it go
            reading.set()
            release.wait(10)
        return real(db, year, directorate, first)

    monkeypatch.setattr(quarter_page, "load_entry_sheet", gated)
    page = threaded_page
    seen: list[tuple[int, bool]] = []
    page.loaded.connect(lambda: seen.append((page.model.rowCount(), page.model.complete)))
    first_rows_of(qtbot, page)
    qtbot.waitUntil(reading.is_set, timeout=5_000)
    release.set()
    QThreadPool.globalInstance().waitForDone()  # its result now waits in the event queue
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_year(2021, None)
    qtbot.wait(workers.PAINT_WAIT_MS + 300)  # anything still to come has come
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert seen == [(476, True)] and not page.loading and page.model.complete


def test_when_the_rest_cannot_be_read_no_half_sheet_stays(
    qtbot, threaded_page: QuarterPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = quarter_page.load_entry_sheet

    def rest_fails(db, year, directorate=None, first=None):
        if first is None:
            raise KbppError("The database is locked.")
        return real(db, year, directorate, first)

    monkeypatch.setattr(quarter_page, "load_entry_sheet", rest_fails)
    page = threaded_page
    with qtbot.waitSignal(page.load_failed, timeout=10_000):
        page.show_year(2021, None)
    assert not page.loading and page.model.rowCount() == 0
    assert page.message.text() == "The database is locked."
    assert "Loading" not in page.status_text()


def test_a_row_edited_while_the_rest_loads_stays_in_the_filter(
    qtbot, threaded_page: QuarterPage
) -> None:
    page = threaded_page
    first_rows_of(qtbot, page)
    page.set_filter(RowFilter.MISSING)
    source = page.proxy.mapToSource(page.proxy.index(0, COL_Q1))
    edited = page.model.row(source.row()).indicator_id
    assert page.model.setData(source, Decimal(12))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    index = page.model.index(page.model.row_of(edited), COL_Q1)
    assert page.proxy.mapFromSource(index).isValid()  # not jumped away under the cursor
    assert page.proxy.rowCount() > 10  # the other rows were judged by the filter
    assert all(
        page.model.state(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).value_missing
        for r in range(1, page.proxy.rowCount())
    )


def test_the_due_date_follows_the_whole_sheet(
    qtbot, threaded_page: QuarterPage, db_2021: Database
) -> None:
    """Q1 locked for Bilgi only, whose cards come first: still due for the others."""
    lock_quarter(db_2021, 2021, 1, BILGI, "Kapandı", "test")
    page = threaded_page
    first_rows_of(qtbot, page)
    assert page.due_label.text() == ""  # every row shown is Bilgi's, locked
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    assert "2021" in page.due_label.text()
