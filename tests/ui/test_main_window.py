"""The main window on the 2021 plan, driven the way a user drives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kbpp.storage import Database, create_database
from kbpp.ui.main_window import PAGE_QUARTER, MainWindow


@pytest.fixture
def window(qtbot, db_2021: Database) -> MainWindow:
    win = MainWindow(db_2021)
    qtbot.addWidget(win)
    win.resize(1366, 700)
    win.show()
    qtbot.waitExposed(win)
    win.quarter_action.trigger()  # the office starts on its overview; these tests use the tree
    return win


def test_title_and_status_bar_name_the_database(window: MainWindow, db_2021: Database) -> None:
    assert window.windowTitle() == "KBPP — db-2021.db"
    assert str(db_2021.path) in window.path_label.text()
    assert window.role_label.text() == "Strategy office"
    assert not window.demo_label.isVisible()
    assert not window.demo_banner.isVisible()


def test_the_year_selector_offers_the_program_years(window: MainWindow) -> None:
    assert [window.year_combo.itemText(i) for i in range(window.year_combo.count())] == ["2021"]
    assert window.year_combo.currentText() == "2021"


def test_the_menus_have_open_quit_and_about(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Reports", "&Packages", "&Office", "&Help"]
    assert [a.text() for a in window.file_menu.actions() if a.text()] == [
        "&Open database…",
        "&Settings…",
        "&Backups…",
        "&Quit",
    ]
    assert [a.text() for a in window.help_menu.actions()] == ["&About KBPP"]


def test_selecting_a_card_shows_its_details(qtbot, window: MainWindow) -> None:
    assert window.details.currentIndex() == 0  # the hint: nothing selected yet
    assert window.select_code("PH1.41.1", "Zabıta Müdürlüğü")
    details = window.details
    assert details.currentIndex() == 1
    assert details.heading.text() == "Performance target · PH1.41.1"
    assert details.code.text() == "PH1.41.1"
    assert details.directorate.text() == "Zabıta Müdürlüğü"
    assert details.text.text().startswith("Kontrollü yapılaşmayı")
    node = window.selected_node()
    assert node is not None and node.directorate == "Zabıta Müdürlüğü"
    assert details.indicators.text() == str(node.indicator_count)
    assert details.quarter.text() == "none yet"
    assert not details.missing.isVisible() and not details.notes.isVisible()


def test_clicking_an_objective_shows_its_full_text(qtbot, window: MainWindow) -> None:
    window.search.setText("H1.15")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    index = window.proxy.match(
        window.proxy.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        "H1.15",
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )[0]
    rect = window.tree_view.visualRect(index)
    qtbot.mouseClick(window.tree_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.details.heading.text() == "Objective · H1.15"
    assert window.details.text.text().startswith("İlçe halkının beklentilerini karşılayan")
    assert window.details.targets.isVisible()


def test_typing_a_search_filters_and_expands_the_tree(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "PH1.41")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)  # the tree follows once typing pauses
    theme = window.proxy.index(0, 0)
    assert window.proxy.rowCount() == 1
    assert window.tree_view.isExpanded(theme)
    assert window.tree_view.isFirstColumnSpanned(0, theme.parent())


def test_theme_rows_span_the_whole_width(window: MainWindow) -> None:
    for row in range(window.proxy.rowCount()):
        assert window.tree_view.isFirstColumnSpanned(row, window.proxy.index(0, 0).parent())


def test_the_window_fits_a_1366_by_768_laptop(window: MainWindow) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700


def test_a_demo_database_is_marked_everywhere(qtbot, tmp_path: Path) -> None:
    db = create_database(tmp_path / "demo.db", "office", demo=True)
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    assert "DEMO" in win.windowTitle()
    assert win.demo_label.isVisible() and win.demo_label.text() == "DEMO"
    assert win.demo_banner.isVisible()
    assert win.goal_tree is not None and win.goal_tree.year is None  # no plan yet: no crash
    db.close()


def test_opening_a_file_that_is_no_database_shows_a_plain_message(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    assert not window.open_database_file(bogus)
    assert len(shown) == 1 and "notes.db" in shown[0] and "Traceback" not in shown[0]
    assert window.windowTitle() == "KBPP — db-2021.db"  # still the old database


def test_opening_another_database_switches_to_it(qtbot, window: MainWindow, tmp_path: Path) -> None:
    other = create_database(tmp_path / "dir.db", "directorate", directorate="Zabıta Müdürlüğü")
    other.close()
    assert window.open_database_file(tmp_path / "dir.db")
    assert window.windowTitle() == "KBPP — dir.db"
    assert window.role_label.text() == "Directorate workspace: Zabıta Müdürlüğü"
    window.database.close()


def test_a_language_switch_retranslates_the_window(qtbot, window: MainWindow) -> None:
    from kbpp.i18n import set_language

    window.select_code("H1.15")
    calls: list[str] = []
    original = window.retranslate_ui

    def counting() -> None:
        calls.append("retranslated")
        original()

    window.retranslate_ui = counting  # type: ignore[method-assign]
    set_language("tr")
    set_language("en")
    assert len(calls) == 2
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.details.heading.text() == "Objective · H1.15"  # the selection is kept
    window.close()
    set_language("tr")  # a closed window no longer listens
    set_language("en")
    assert len(calls) == 2


# --- the directorate workspace ----------------------------------------------------------------

BILGI = "Bilgi İşlem Müdürlüğü"


@pytest.fixture
def workspace(qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The window with background jobs run inline, on one directorate."""
    from kbpp.ui import workers

    monkeypatch.setattr(workers.Job, "inline", True)
    win = MainWindow(db_2021)
    qtbot.addWidget(win)
    win.resize(1366, 700)
    win.show()
    qtbot.waitExposed(win)
    win.choose_directorate(BILGI)
    win.quarter_page.reason_provider = lambda name: ("Tutanaktan", True)  # on behalf
    return win


def test_the_grid_is_the_first_page_and_the_status_bar_says_what_is_missing(
    workspace: MainWindow,
) -> None:
    assert workspace.pages.currentWidget() is workspace.quarter_page
    assert workspace.quarter_page.model.rowCount() == 31
    assert workspace.quarter_status.text() == (
        "Q1 2021 is open for entry. Still missing before it can be submitted: "
        "31 values, 0 deviation notes."
    )
    assert workspace.goal_tree is not None and workspace.goal_tree.directorate == BILGI


def test_an_edit_updates_the_status_bar_and_then_the_tree(
    qtbot, workspace: MainWindow, db_2021: Database
) -> None:
    page = workspace.quarter_page
    page.view.setCurrentIndex(page.proxy.index(0, 5))
    page.paste_text("1\n")  # 44 % of the pro-rata target: a note is now required
    assert "30 values, 1 deviation note." in workspace.quarter_status.text()
    qtbot.waitUntil(lambda: workspace.goal_tree is not None and workspace.goal_tree.quarter == 1)
    node = next(n for n in workspace.goal_tree.walk() if n.code == "PH9.62.1")
    assert node.counts.notes_missing == 1
    assert workspace.select_code("PH9.62.1")
    row = workspace.tree_view.currentIndex()
    from kbpp.ui.goal_tree_model import COL_MISSING

    assert row.siblingAtColumn(COL_MISSING).data().endswith("+ 1 ✎")


def test_the_tree_counts_follow_only_once_editing_pauses(workspace: MainWindow) -> None:
    """Each edit restarts the pause; reloading the tree after every keystroke would slow
    typing down (the worker competes with the UI thread)."""
    from kbpp.ui.main_window import TREE_REFRESH_MS

    page = workspace.quarter_page
    for row in range(3):
        page.view.setCurrentIndex(page.proxy.index(row, 5))
        page.paste_text("7\n")
        assert workspace._tree_timer.isActive()
        assert workspace._tree_timer.interval() == TREE_REFRESH_MS


def test_once_loaded_the_sheet_is_kept_out_of_the_collectors_way(
    qtbot, workspace: MainWindow
) -> None:
    """A full garbage collection over a 10× sheet takes ≈100 ms: it must not land in the
    middle of typing, so the loaded objects are frozen, and thawed when another loads."""
    import gc

    workspace.load_tree(2021)
    assert gc.get_freeze_count() == 0 and not workspace.tree_counted
    with qtbot.waitSignal(workspace.tree_counts_loaded):
        pass
    assert workspace.tree_counted and gc.get_freeze_count() > 0


def test_a_narrow_tree_gives_its_room_to_the_text(workspace: MainWindow) -> None:
    from kbpp.ui.goal_tree_model import COL_INDICATORS
    from kbpp.ui.main_window import ROOMY_TREE

    workspace.tree_view.resize(ROOMY_TREE - 100, 300)
    assert workspace.tree_view.isColumnHidden(COL_INDICATORS)
    workspace.tree_view.resize(ROOMY_TREE + 100, 300)
    assert not workspace.tree_view.isColumnHidden(COL_INDICATORS)


def test_counts_read_for_another_database_are_dropped(
    qtbot, db_2021: Database, tmp_path: Path, _imported_2021_template: Path
) -> None:
    """A count read just before the clerk opens another database must not be shown as the
    new one's (background jobs run for real here)."""
    import shutil
    from decimal import Decimal

    from sqlalchemy import select

    from kbpp.models import Indicator
    from kbpp.storage import open_database
    from kbpp.values import set_value

    other = tmp_path / "other.db"
    shutil.copyfile(_imported_2021_template, other)  # the same plan, no values
    with db_2021.write() as session:
        first = session.scalars(select(Indicator).order_by(Indicator.id)).first()
        set_value(session, first, "Q1", Decimal(1), user="t")
    win = MainWindow(db_2021)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.tree_counted)
    assert win.goal_tree is not None and win.goal_tree.quarter == 1
    shown: list[int | None] = []
    win.tree_counts_loaded.connect(lambda: shown.append(win.goal_tree.quarter))
    win._refresh_tree_counts()  # as after an edit
    win.set_database(open_database(other))
    qtbot.waitUntil(lambda: win.tree_counted)
    qtbot.wait(300)  # a late result of the first database's read would land meanwhile
    assert shown and all(quarter is None for quarter in shown)
    win.close()
    win.database.close()


def test_a_count_that_ends_after_the_window_is_gone_is_dropped(qtbot, db_2021: Database) -> None:
    from kbpp.ui import workers

    win = MainWindow(db_2021)
    qtbot.waitUntil(lambda: win.tree_counted)
    win._refresh_tree_counts()
    win.deleteLater()  # gone without closing (no wait for its jobs)
    qtbot.wait(20)
    workers.wait_for_all()
    qtbot.wait(50)  # the job's result is delivered now: to nobody, without an error
    from kbpp.i18n import set_language

    set_language("tr")  # nor does a language switch reach the deleted window
    set_language("en")


def test_the_search_box_filters_tree_and_grid(qtbot, workspace: MainWindow) -> None:
    qtbot.keyClicks(workspace.search, "PG9.62.1.1")
    assert workspace.quarter_page.proxy.rowCount() == 1  # the grid filters on every key
    qtbot.waitUntil(lambda: workspace.proxy.rowCount() == 1)  # the tree once typing pauses
    workspace.search.clear()
    assert workspace.quarter_page.proxy.rowCount() == 31


def test_choosing_a_card_in_the_tree_moves_the_grid_to_it(workspace: MainWindow) -> None:
    assert workspace.select_code("PH7.53.1")
    current = workspace.quarter_page.view.currentIndex()
    assert current.data(Qt.ItemDataRole.UserRole + 1).facts.target_code == "PH7.53.1"


def test_the_pages_switch_from_the_toolbar(qtbot, workspace: MainWindow) -> None:
    assert workspace._editors is None  # not built (nor imported) until first shown
    workspace.cards_action.trigger()
    assert workspace._editors is not None
    assert workspace.pages.currentWidget() is workspace.card_editor
    assert workspace.card_editor.isVisible()
    workspace.activities_action.trigger()
    assert workspace.pages.currentWidget() is workspace.activity_grid
    workspace.quarter_action.trigger()
    assert workspace.pages.currentWidget() is workspace.quarter_page


def test_reports_and_packages_open_their_dialogs(qtbot, workspace: MainWindow) -> None:
    from kbpp.ui.backup_dialog import BackupDialog
    from kbpp.ui.package_log import ImportLogDialog
    from kbpp.ui.reports_dialog import ReportsDialog
    from kbpp.ui.settings_dialog import SettingsDialog

    for action in (
        workspace.reports_action,
        workspace.import_log_action,
        workspace.settings_action,
        workspace.backups_action,
    ):
        action.trigger()
    kinds = {type(d) for d in workspace._dialogs}
    assert {ReportsDialog, ImportLogDialog, SettingsDialog, BackupDialog} <= kinds
    for dialog in list(workspace._dialogs):
        assert dialog.width() <= 1366 and dialog.height() <= 768
        dialog.close()


def test_a_locked_quarter_is_read_only_with_the_reason(
    qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from kbpp.models import Directorate, ProgramYear, QuarterStatus
    from kbpp.ui import workers
    from kbpp.ui.quarter_model import COL_Q1

    with db_2021.write() as session:
        program = session.scalar(select(ProgramYear))
        directorate = session.scalar(select(Directorate).where(Directorate.name == BILGI))
        session.add(
            QuarterStatus(
                program_year_id=program.id,
                directorate_id=directorate.id,
                quarter=1,
                state="accepted",
                locked=True,
                reason="accepted",
                changed_by="strateji",
            )
        )
    monkeypatch.setattr(workers.Job, "inline", True)
    win = MainWindow(db_2021)
    qtbot.addWidget(win)
    win.choose_directorate(BILGI)
    page = win.quarter_page
    assert page.model.quarter == 2  # Q1 is locked: the clerk has moved on
    page.set_quarter(1)
    cell = page.proxy.index(0, COL_Q1)
    assert not cell.flags() & Qt.ItemFlag.ItemIsEditable
    tooltip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "locked" in tooltip and "strateji" in tooltip and "strategy office" in tooltip
    assert "Q1 2021 is locked" in win.quarter_status.text()
    page.view.setCurrentIndex(cell)
    assert not page.paste_text("5\n")


def test_restoring_a_backup_reopens_the_restored_database(
    qtbot, window: MainWindow, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from kbpp.backup import make_backup
    from kbpp.ui.backup_dialog import BackupDialog

    def history_rows() -> int:
        with window.database.read() as session:
            return session.execute(text("SELECT count(*) FROM indicator_history")).scalar_one()

    before = history_rows()
    make_backup(db_2021.path, "manual")
    with db_2021.write() as session:
        session.execute(text("DELETE FROM indicator_history"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    window.backups_action.trigger()
    (dialog,) = [d for d in window._dialogs if isinstance(d, BackupDialog)]
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=30_000)
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: window.database is not db_2021, timeout=30_000)
    assert window.database.path == db_2021.path
    assert history_rows() == before > 0
    window.database.close()


def test_a_card_chosen_while_the_grid_loads_is_shown_once_it_has_every_row(
    qtbot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kbpp.ui import quarter_page, workers

    monkeypatch.setattr(workers.Job, "inline", False)
    monkeypatch.setattr(quarter_page, "FIRST_ROWS", 10)
    win = MainWindow(db_2021, first_page=PAGE_QUARTER)
    qtbot.addWidget(win)
    win.show()
    page = win.quarter_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 10)  # the first rows only
    assert page.loading
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert win.select_code("PH7.53.1")  # not among the rows shown yet
    current = page.view.currentIndex()
    assert current.data(Qt.ItemDataRole.UserRole + 1).facts.target_code == "PH7.53.1"
