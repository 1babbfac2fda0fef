"""The main window on the 2021 plan, driven the way a user drives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kbpp.storage import Database, create_database
from kbpp.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db_2021: Database) -> MainWindow:
    win = MainWindow(db_2021)
    qtbot.addWidget(win)
    win.resize(1366, 700)
    win.show()
    qtbot.waitExposed(win)
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
    assert titles == ["&File", "&Help"]
    assert [a.text() for a in window.file_menu.actions() if a.text()] == [
        "&Open database…",
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
