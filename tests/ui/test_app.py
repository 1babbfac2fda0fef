"""Starting the application: which database opens, and errors as plain messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from kbpp import paths
from kbpp.errors import DatabaseError
from kbpp.storage import create_database
from kbpp.ui import app as app_module
from kbpp.ui.main_window import MainWindow


@pytest.fixture
def shown_windows(qapp, monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """main() runs without entering the event loop; the windows it shows are kept here."""
    windows: list[MainWindow] = []

    def place(window: MainWindow) -> None:
        windows.append(window)

    monkeypatch.setattr(app_module, "place_window", place)
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)
    return windows


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    return shown


def test_without_a_database_the_demo_opens_and_says_so(
    shown_windows: list[MainWindow], errors: list[str]
) -> None:
    assert not paths.default_db_path().exists()
    assert app_module.main([]) == 0
    assert errors == []
    (window,) = shown_windows
    assert window.windowTitle() == "KBPP — DEMO DATA (not real data)"
    assert window.database.path == paths.demo_db_path()
    assert window.goal_tree is not None and window.goal_tree.quarter == 4
    assert QApplication.applicationName() == "KBPP"
    assert QApplication.organizationName() == "Küçükçekmece Belediyesi"
    window.close()


def test_the_default_database_opens_when_it_exists(
    shown_windows: list[MainWindow], errors: list[str]
) -> None:
    create_database(paths.default_db_path(), "office").close()
    assert app_module.main([]) == 0
    (window,) = shown_windows
    assert window.database.path == paths.default_db_path()
    assert "DEMO" not in window.windowTitle()
    window.close()


def test_db_argument_wins(shown_windows: list[MainWindow], tmp_path: Path) -> None:
    path = tmp_path / "chosen.db"
    create_database(path, "office").close()
    assert app_module.main(["--db", str(path)]) == 0
    assert shown_windows[0].windowTitle() == "KBPP — chosen.db"
    shown_windows[0].close()


def test_a_database_that_cannot_be_opened_is_a_plain_message(
    shown_windows: list[MainWindow], errors: list[str], tmp_path: Path
) -> None:
    assert app_module.main(["--db", str(tmp_path / "missing.db")]) == 1
    assert shown_windows == []
    assert len(errors) == 1
    assert "missing.db" in errors[0] and "Traceback" not in errors[0]


def test_open_chosen_database_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError):
        app_module.open_chosen_database(tmp_path / "nothing.db", demo=False)
