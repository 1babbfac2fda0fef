"""Starting the desktop application: which database to open, then the main window.

Without `--db`, KBPP opens $KBPP_DB or the default database in the user's data folder; when there
is none yet it opens the demo (built on first use), which the window marks unmistakably.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from kbpp import __version__, paths
from kbpp.demo import open_or_build_demo
from kbpp.errors import KbppError
from kbpp.i18n import _, available_languages, current_language, set_language
from kbpp.storage import Database, open_database
from kbpp.ui.main_window import MainWindow

APP_NAME = "KBPP"
ORGANIZATION = "Küçükçekmece Belediyesi"
EXIT_OK = 0
EXIT_ERROR = 1
# Below this available screen size the window starts maximised (1366×768 laptops).
ROOMY_WIDTH, ROOMY_HEIGHT = 1500, 900


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
    return parser


def open_chosen_database(db_path: Path | None, demo: bool) -> Database:
    """The database the user asked for, else the default one, else the demo."""
    if demo:
        return open_or_build_demo()
    if db_path is not None:
        return open_database(db_path)
    default = paths.default_db_path()
    if default.exists():
        return open_database(default)
    return open_or_build_demo()


def create_application(qt_args: Sequence[str]) -> QApplication:
    """The QApplication with KBPP's names and Qt's own strings in the interface language."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    install_qt_translations(app)
    return app


def install_qt_translations(app: QApplication) -> None:
    """Qt's standard buttons and dialogs ("Cancel" → "İptal") follow the interface language."""
    language = current_language()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop application; returns the exit code."""
    args, qt_args = build_parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.language:
        set_language(args.language)
    app = create_application(qt_args)
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))  # the demo builds first
    try:
        db = open_chosen_database(args.db, args.demo)
    except KbppError as exc:
        show_error(str(exc))
        return EXIT_ERROR
    finally:
        QApplication.restoreOverrideCursor()
    window = MainWindow(db)
    place_window(window)
    try:
        return app.exec()
    finally:
        window.database.close()
