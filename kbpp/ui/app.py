"""Starting the desktop application: which database to open, then the main window.

Without `--db`, KBPP opens $KBPP_DB or the default database in the user's data folder; when there
is none yet it opens the demo (built on first use), which the window marks unmistakably.

Before the window: the log file, the crash handlers, the saved language, the single-instance
lock on the database (a second start hands its `--open-package` files over and exits) and a
`PRAGMA quick_check` (a damaged file is not opened; its newest good backup is offered). After:
the daily backup on a pool thread.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from kbpp import __version__, paths
from kbpp.backup import RetentionPolicy, daily_backup_if_due
from kbpp.errors import KbppError
from kbpp.formatting import format_datetime
from kbpp.i18n import _, available_languages, set_language
from kbpp.logs import setup_logging
from kbpp.settings import Settings, load_settings, read_settings, save_settings
from kbpp.storage import Database, open_database
from kbpp.storage.health import newest_good_backup, quick_check_problem, restore_newest_good
from kbpp.ui.crash import ensure_streams, install_crash_handlers
from kbpp.ui.language import install_qt_translations
from kbpp.ui.main_window import PAGE_BY_NAME, MainWindow
from kbpp.ui.single_instance import SingleInstance, send_to_running
from kbpp.ui.workers import start

log = logging.getLogger(__name__)

APP_NAME = "KBPP"
ORGANIZATION = "Küçükçekmece Belediyesi"
EXIT_OK = 0
EXIT_ERROR = 1
# Below this available screen size the window starts maximised (1366×768 laptops).
ROOMY_WIDTH, ROOMY_HEIGHT = 1500, 900
DAILY_CHECK_MS = 60 * 60 * 1000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kbpp-gui", description=_("KBPP desktop application."))
    parser.add_argument("--version", action="version", version=f"KBPP {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=_(
            "database file (default: $KBPP_DB or {path}; the demo if that does not exist)"
        ).format(path=paths.default_db_path()),
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("open the demo database (invented values)")
    )
    parser.add_argument(
        "--language", choices=sorted(available_languages()), help=_("language of the interface")
    )
    parser.add_argument(
        "--open-package",
        type=Path,
        action="append",
        default=[],
        metavar=_("FILE"),
        help=_("a .kbpp package to import (sent to KBPP if it is already running)"),
    )
    return parser


def chosen_database_path(db_path: Path | None, demo: bool) -> Path:
    """Which file this start is about, before anything opens it (the instance lock needs it)."""
    if demo:
        return paths.demo_db_path()
    if db_path is not None:
        return Path(db_path)
    default = paths.default_db_path()
    return default if default.exists() else paths.demo_db_path()


def open_chosen_database(db_path: Path | None, demo: bool) -> Database:
    """The database the user asked for, else the default one, else the demo."""
    path = chosen_database_path(db_path, demo)
    if path == paths.demo_db_path() and (demo or db_path is None):
        # Imported here: building the demo needs the plan importer (pydantic and friends),
        # which a start on an existing database never loads.
        from kbpp.demo import open_or_build_demo

        return open_or_build_demo()
    return open_database(path)


def create_application(qt_args: Sequence[str]) -> QApplication:
    """The QApplication with KBPP's names and Qt's own strings in the interface language."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    install_qt_translations(app)
    return app


def place_window(window: MainWindow) -> None:
    """Maximised on small screens; otherwise a comfortable size, centred."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    if available.width() < ROOMY_WIDTH or available.height() < ROOMY_HEIGHT:
        window.showMaximized()
        return
    window.resize(1400, 860)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
    window.show()


def show_error(message: str) -> None:
    QMessageBox.critical(None, _("KBPP"), message)


def check_health(path: Path) -> bool:
    """True when `path` may be opened for writing; a damaged file is refused, with the offer to
    restore its newest good backup (the damaged file is kept beside the backups)."""
    if not path.exists():
        return True  # opening reports a missing file in its own words; the demo is built
    problem = quick_check_problem(path)
    if problem is None:
        return True
    log.error("quick_check failed on %s: %s", path, problem)
    refusal = _(
        "The database {path} is damaged ({problem}). KBPP will not write to it, so that the "
        "damage does not spread; the file has not been changed."
    ).format(path=path, problem=problem)
    backup = newest_good_backup(path)
    if backup is None:
        show_error(refusal + " " + _("There is no undamaged backup of it. Please call IT."))
        return False
    question = _(
        "Restore the newest undamaged backup, from {date}? "
        "The damaged file will be kept in {folder}."
    ).format(date=format_datetime(backup.created), folder=backup.path.parent)
    answer = QMessageBox.question(
        None,
        _("KBPP: damaged database"),
        refusal + "\n\n" + question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        restored, damaged = restore_newest_good(path)
    except KbppError as exc:
        show_error(str(exc))
        return False
    log.warning("Restored %s from %s; damaged file kept as %s", path, restored.path, damaged)
    return True


def refuse_second_instance(db_path: Path, packages: list[Path]) -> int:
    """Another KBPP holds this database: hand it the packages, or say why nothing opens."""
    delivered = send_to_running(db_path, packages)
    if packages and delivered:
        return EXIT_OK
    show_error(
        _(
            "KBPP is already open with the database {path}. Use the window that is open (it "
            "may be behind other windows or on the taskbar); two KBPP windows on one database "
            "could overwrite each other's work."
        ).format(path=db_path)
    )
    return EXIT_ERROR


def bring_forward(window: MainWindow, packages: list[Path]) -> None:
    """A later start sent its files (or only wants the window): show it and open them."""
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    if not packages:
        return
    open_packages = getattr(window, "open_package_files", None)
    if callable(open_packages):
        open_packages(packages)
        return
    QMessageBox.information(
        window,
        _("KBPP"),
        _("The import dialog is not available yet; these files were not opened: {files}").format(
            files=", ".join(p.name for p in packages)
        ),
    )


def start_daily_backup(window: MainWindow, settings: Settings) -> None:
    """Once a day the database is copied and verified, on a pool thread; not the demo."""
    db = window.database
    if db.is_demo:
        return
    policy = RetentionPolicy(
        daily=settings["backup_daily"],
        weekly=settings["backup_weekly"],
        monthly=settings["backup_monthly"],
    )

    def finished(info: object) -> None:
        if info is not None:
            log.info("Daily backup written: %s", getattr(info, "path", info))

    def failed(message: str) -> None:
        log.warning("Daily backup failed: %s", message)
        window.statusBar().showMessage(
            _("The daily backup failed: {reason}").format(reason=message)
        )

    start(lambda _job: daily_backup_if_due(db.path, policy), finished, failed)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop application; returns the exit code."""
    ensure_streams()
    args, qt_args = build_parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    log_path = setup_logging()
    settings = load_settings()
    set_language(args.language or settings["language"])
    app = create_application(qt_args)
    install_crash_handlers(log_path)
    db_path = chosen_database_path(args.db, args.demo)
    instance = SingleInstance(db_path, app)
    if not instance.acquire():
        return refuse_second_instance(db_path, args.open_package)
    try:
        return run(app, args, instance, settings)
    finally:
        instance.release()


def run(
    app: QApplication, args: argparse.Namespace, instance: SingleInstance, settings: Settings
) -> int:
    """With this instance holding the database's lock: check it, open it, show the window."""
    if not check_health(instance.db_path):
        return EXIT_ERROR
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))  # the demo builds first
    try:
        db = open_chosen_database(args.db, args.demo)
    except KbppError as exc:
        show_error(str(exc))
        return EXIT_ERROR
    finally:
        QApplication.restoreOverrideCursor()
    window = MainWindow(db, first_page=PAGE_BY_NAME.get(settings["start_page"]))
    instance.listen(lambda packages: bring_forward(window, packages))
    place_window(window)
    start_daily_backup(window, settings)
    daily = QTimer(window)  # a KBPP left open overnight still backs up the next day
    daily.setInterval(DAILY_CHECK_MS)
    daily.timeout.connect(lambda: start_daily_backup(window, settings))
    daily.start()
    if args.open_package:
        QTimer.singleShot(0, lambda: bring_forward(window, args.open_package))
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()  # no backup or report is cut off
        remember_page(window.page_name())
        window.database.close()


def remember_page(name: str) -> None:
    """Next start opens on this page (and loads only it). Read afresh: the settings dialog
    may have saved other choices meanwhile; a file that cannot be read is left as it is."""
    try:
        settings = read_settings()
    except (OSError, ValueError) as exc:
        log.warning("The page shown is not remembered: the settings file is unreadable (%s)", exc)
        return
    if settings["start_page"] != name:
        settings.set("start_page", name)
        try:
            save_settings(settings)
        except OSError as exc:  # a read-only profile must not turn quitting into an error
            log.warning("Could not remember the page shown: %s", exc)
