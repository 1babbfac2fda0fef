"""Starting the application: which database opens, errors as plain messages, and the start-up
checks: language, log, daily backup, damaged databases, one instance per database."""

from __future__ import annotations

import logging
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kbpp import paths
from kbpp.backup import list_backups, make_backup
from kbpp.errors import DatabaseError
from kbpp.i18n import current_language
from kbpp.logs import setup_logging
from kbpp.settings import Settings, save_settings
from kbpp.storage import Database, create_database
from kbpp.storage.health import quick_check_problem
from kbpp.ui import app as app_module
from kbpp.ui.crash import ensure_streams, install_crash_handlers
from kbpp.ui.main_window import MainWindow
from kbpp.ui.single_instance import SingleInstance


@pytest.fixture(autouse=True)
def _english_and_own_hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """main() applies the saved language (Turkish by default), installs crash hooks and a log
    file; tests read English and leave hooks and log handlers as they found them."""
    save_settings(Settings({"language": "en"}))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()


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
    qtbot: QtBot, shown_windows: list[MainWindow], errors: list[str]
) -> None:
    assert not paths.default_db_path().exists()
    assert app_module.main([]) == 0
    assert errors == []
    (window,) = shown_windows
    assert window.windowTitle() == "KBPP — DEMO DATA (not real data)"
    assert window.database.path == paths.demo_db_path()
    assert window.goal_tree is not None  # shown at once; its counts follow in the background
    assert not window.tree_counted and window.goal_tree.quarter is None
    qtbot.waitUntil(lambda: window.tree_counted)
    assert window.goal_tree.quarter == 4
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


def test_the_window_reopens_on_the_page_left_and_loads_only_that_one(
    shown_windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kbpp.settings import load_settings
    from kbpp.ui.main_window import PAGE_ACTIVITIES, PAGE_OVERVIEW

    path = tmp_path / "office.db"
    create_database(path, "office").close()

    def leave_on_activities(*_args: object) -> int:
        shown_windows[-1].show_page(PAGE_ACTIVITIES)
        return 0

    monkeypatch.setattr(QApplication, "exec", leave_on_activities)
    assert app_module.main(["--db", str(path)]) == 0
    assert shown_windows[0].pages.currentIndex() == PAGE_ACTIVITIES
    shown_windows[0].close()
    assert load_settings()["start_page"] == "activities"

    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)
    assert app_module.main(["--db", str(path)]) == 0
    window = shown_windows[1]
    assert window.pages.currentIndex() == PAGE_ACTIVITIES
    assert PAGE_OVERVIEW in window._stale  # the office's overview loads when first shown
    window.close()


def test_quitting_never_overwrites_a_settings_file_it_cannot_read() -> None:
    from kbpp.settings import settings_path

    damaged = '{"language": "en", "user_name": "Ayşe Yılmaz", "backup_daily": 30,}'
    settings_path().write_text(damaged, encoding="utf-8")
    app_module.remember_page("cards")
    assert settings_path().read_text(encoding="utf-8") == damaged


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


# --- start-up checks (issue #7) ------------------------------------------------------------


def damage(path: Path) -> None:
    """Overwrite the middle pages of a checkpointed database file."""
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096, len(data) - 4096, 4096):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def closed_copy(db: Database, path: Path) -> Path:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    shutil.copyfile(db.path, path)
    return path


def test_the_saved_language_applies_and_the_argument_wins(
    shown_windows: list[MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "chosen.db"
    create_database(path, "office").close()
    settings = Settings({"language": "tr"})
    save_settings(settings)
    assert app_module.main(["--db", str(path)]) == 0
    assert current_language() == "tr"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "İptal"
    shown_windows[0].close()
    assert app_module.main(["--db", str(path), "--language", "en"]) == 0
    assert current_language() == "en"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    shown_windows[1].close()


def test_the_log_file_is_started(shown_windows: list[MainWindow], tmp_path: Path) -> None:
    path = tmp_path / "chosen.db"
    create_database(path, "office").close()
    assert app_module.main(["--db", str(path)]) == 0
    assert (paths.data_dir() / "logs" / "kbpp.log").exists()
    shown_windows[0].close()


def test_a_daily_backup_is_taken_but_not_of_the_demo(
    shown_windows: list[MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "chosen.db"
    create_database(path, "office").close()
    assert app_module.main(["--db", str(path)]) == 0
    assert [b.reason for b in list_backups(path)] == ["daily"]
    assert app_module.main(["--db", str(path)]) == 0  # once a day only
    assert app_module.main(["--demo"]) == 0
    assert len(list_backups(path)) == 1 and list_backups(paths.demo_db_path()) == []
    for window in shown_windows:
        window.close()


def test_a_damaged_database_without_backup_is_refused_untouched(
    shown_windows: list[MainWindow], errors: list[str], db_2021: Database, tmp_path: Path
) -> None:
    path = closed_copy(db_2021, tmp_path / "damaged.db")
    damage(path)
    before = path.read_bytes()
    assert app_module.main(["--db", str(path)]) == 1
    assert shown_windows == []
    (message,) = errors
    assert "damaged" in message and "will not write" in message and "no undamaged backup" in message
    assert path.read_bytes() == before


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_a_damaged_database_offers_its_newest_good_backup(
    shown_windows: list[MainWindow],
    errors: list[str],
    db_2021: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
) -> None:
    path = closed_copy(db_2021, tmp_path / "damaged.db")
    make_backup(path, "daily")
    damage(path)
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        yes = answer == "yes"
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    code = app_module.main(["--db", str(path)])
    (text,) = asked
    assert "damaged" in text and "Restore the newest undamaged backup" in text
    assert errors == []
    if answer == "no":
        assert code == 1 and shown_windows == []
        assert quick_check_problem(path)
        return
    assert code == 0
    assert quick_check_problem(path) is None
    assert shown_windows[0].goal_tree is not None and shown_windows[0].goal_tree.year == 2021
    shown_windows[0].close()


def test_a_second_start_on_the_same_database_is_refused(
    shown_windows: list[MainWindow], errors: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "chosen.db"
    create_database(path, "office").close()
    running = SingleInstance(path)
    assert running.acquire()
    try:
        assert app_module.main(["--db", str(tmp_path / "." / "chosen.db")]) == 1
    finally:
        running.release()
    assert shown_windows == []
    (message,) = errors
    assert "already open" in message and "chosen.db" in message
    assert app_module.main(["--db", str(path)]) == 0  # released: the next start opens it
    shown_windows[0].close()


def test_packages_of_a_later_start_reach_the_window(
    qtbot: QtBot, db_2021: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(db_2021)
    qtbot.addWidget(window)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _parent, _title, text: shown.append(text)
    )
    assert callable(window.open_package_files)  # the main window has the import dialog
    received: list[list[Path]] = []
    window.open_package_files = received.append  # type: ignore[method-assign]
    app_module.bring_forward(window, [Path("b.kbpp")])
    assert received == [[Path("b.kbpp")]] and shown == []


# --- crash safety ----------------------------------------------------------------------------


def test_an_unhandled_exception_is_logged_and_explained(
    qapp: QApplication, errors: list[str], tmp_path: Path
) -> None:
    log_path = setup_logging()
    install_crash_handlers(log_path)
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    (message,) = errors
    assert "unexpected" in message and str(log_path) in message and "Traceback" not in message
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_path.read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: a bug in a slot" in logged


def test_qt_warnings_reach_the_log(qapp: QApplication) -> None:
    log_path = setup_logging()
    install_crash_handlers(log_path)
    qWarning("a Qt warning for the log")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "a Qt warning for the log" in log_path.read_text(encoding="utf-8")


def test_no_console_is_assumed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The windowed build starts with sys.stdout and sys.stderr set to None."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    ensure_streams()
    print("nowhere")
    sys.stderr.write("nowhere either\n")
    sys.stdout.close()
    sys.stderr.close()
