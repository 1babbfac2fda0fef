"""Pseudo-translation: with every text 40 % longer, no label or button on any screen is cut off
at 1366×768 (Turkish runs longer than the English source).

Set KBPP_SCREENSHOTS=<folder> to also save a picture of every screen (pseudo-<name>.png) and of
the settings and backups dialogs in both languages (settings-tr.png, backups-en.png, ...):

    KBPP_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/ui/test_pseudo_translation.py
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kbpp.backup import make_backup
from kbpp.i18n import _, set_language, set_pseudo_translation
from kbpp.quarter_entry import evaluate_row, load_entry_sheet
from kbpp.storage import Database
from kbpp.ui.backup_dialog import BackupDialog
from kbpp.ui.key_dialogs import EnrolKeyDialog, KeyListDialog, NewKeyDialog
from kbpp.ui.language import install_qt_translations
from kbpp.ui.main_window import MainWindow
from kbpp.ui.package_export import PackageExportDialog
from kbpp.ui.package_import import PackageImportDialog
from kbpp.ui.package_log import ImportLogDialog
from kbpp.ui.quarter_model import RowState
from kbpp.ui.quarter_note import NoteDialog
from kbpp.ui.reports_dialog import ReportsDialog
from kbpp.ui.settings_dialog import SettingsDialog

SCREEN_W, SCREEN_H = 1366, 768
MAXIMISED = (1366, 700)  # a maximised window once the taskbar and title bar are taken off
SLACK = 1  # pixels of rounding

Factory = Callable[[Database], QWidget]
ZABITA = "Zabıta Müdürlüğü"


def _office(module: str, name: str) -> Callable[..., QWidget]:
    return getattr(importlib.import_module(f"kbpp.ui.{module}"), name)


def note_dialog(db: Database) -> QWidget:
    sheet = load_entry_sheet(db, 2021)
    row = sheet.rows[0]
    return NoteDialog(row, RowState(evaluate_row(sheet, row, 1), False, True, ()), 1)


SCREENS: dict[str, Factory] = {
    "main-window": MainWindow,
    "settings": lambda _db: SettingsDialog(),
    "backups": lambda db: BackupDialog(db.path),
    "reports": ReportsDialog,
    "package-export": PackageExportDialog,
    "package-import": PackageImportDialog,
    "import-log": ImportLogDialog,
    "key-list": KeyListDialog,
    "key-enrol": EnrolKeyDialog,
    "key-new": lambda _db: NewKeyDialog("Bilgi İşlem Müdürlüğü"),
    "deviation-note": note_dialog,
    # the strategy office's screens
    "office-review": lambda db: _office("review_dialog", "ReviewDialog")(db, None, 2021, 1, ZABITA),
    "office-calendar": lambda db: _office("calendar_dialog", "CalendarDialog")(db, None),
    "office-publish": lambda db: _office("publish_dialog", "PublishDialog")(db, None),
    "office-plan": lambda db: _office("plan_skeleton_dialog", "PlanSkeletonDialog")(db, None),
    "office-year-settings": lambda db: _office("year_settings_dialog", "YearSettingsDialog")(
        db, None
    ),
    "office-reminders": lambda db: _office("reminder_dialog", "ReminderDialog")(db, None),
    "office-rollover": lambda db: _office("rollover_dialog", "RolloverDialog")(db, None),
    "office-audit": lambda db: _office("audit_view", "AuditDialog")(db, None),
}
STRICT = {"settings", "backups"}  # ours: no clipping in any language
# Other engineers' screens with a known, reported problem: expected to fail until fixed.
KNOWN_PROBLEMS: dict[str, str] = {}


def screen_params() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_PROBLEMS[name], strict=False))
        if name in KNOWN_PROBLEMS
        else name
        for name in sorted(SCREENS)
    ]


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QGroupBox):
        return widget.title()
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return text.replace("\n", " ")[:60]


def clipped(root: QWidget) -> set[str]:
    """Texts that do not fit their widget: a label or button narrower (or, wrapped, lower) than
    its text needs, or a group box narrower than its title."""
    found: set[str] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or not text_of(widget):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            too_small = widget.heightForWidth(widget.width()) > widget.height() + SLACK
        elif isinstance(widget, QLabel | QAbstractButton):
            hint = widget.sizeHint()
            too_small = (
                hint.width() > widget.width() + SLACK or hint.height() > widget.height() + SLACK
            )
        elif isinstance(widget, QGroupBox):
            too_small = widget.minimumSizeHint().width() > widget.width() + SLACK
        else:
            continue
        if too_small:
            found.add(f"{type(widget).__name__} “{text_of(widget)}”")
    return found


@pytest.fixture(autouse=True)
def _qt_texts(qapp: QApplication) -> None:
    """Qt's own buttons in the interface language, as the application has them."""
    install_qt_translations(qapp)


@pytest.fixture
def pseudo() -> Iterator[None]:
    set_pseudo_translation(True)
    yield
    set_pseudo_translation(False)


@pytest.fixture
def with_backups(db_2021: Database) -> Database:
    make_backup(db_2021.path, "daily", now=datetime.now() - timedelta(days=1))
    make_backup(db_2021.path, "before-migration-0002")
    return db_2021


def show_at_laptop_size(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    if isinstance(widget, QMainWindow):
        widget.resize(*MAXIMISED)
    widget.show()  # a dialog opens at its own size (its size hint unless it sets one)
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def save_picture(widget: QWidget, name: str) -> None:
    folder = os.environ.get("KBPP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_pseudo_translation_lengthens_every_text(pseudo: None) -> None:
    text = _("Backups")
    assert text.startswith("[") and text.endswith("]") and "Backups" in text
    assert len(text) >= len("Backups") * 1.4
    assert _("{n} KB").format(n=3).startswith("[3 KB")  # placeholders still work


@pytest.mark.parametrize("name", screen_params())
def test_no_text_is_clipped_under_pseudo_translation(
    name: str, qtbot: QtBot, with_backups: Database, pseudo: None
) -> None:
    widget = SCREENS[name](with_backups)
    show_at_laptop_size(qtbot, widget)
    save_picture(widget, f"pseudo-{name}")
    found = clipped(widget)
    if widget.width() > SCREEN_W or widget.height() > SCREEN_H:
        found.add(f"{widget.width()}×{widget.height()}: larger than the screen")
    assert sorted(found) == []
    if isinstance(widget, QDialog | QMainWindow):
        widget.close()


@pytest.mark.parametrize("page", ["quarter", "cards", "activities", "overview"])
def test_every_page_of_the_main_window_fits(
    page: str, qtbot: QtBot, with_backups: Database, pseudo: None
) -> None:
    window = MainWindow(with_backups)
    show_at_laptop_size(qtbot, window)
    getattr(window, f"{page}_action").trigger()
    QApplication.processEvents()
    save_picture(window, f"pseudo-main-{page}")
    assert window.minimumSizeHint().width() <= SCREEN_W
    assert sorted(clipped(window)) == []
    window.close()


@pytest.mark.parametrize("language", ["tr", "en"])
@pytest.mark.parametrize("name", sorted(STRICT))
def test_own_dialogs_fit_in_both_languages(
    name: str, language: str, qtbot: QtBot, with_backups: Database
) -> None:
    set_language(language)
    widget = SCREENS[name](with_backups)
    show_at_laptop_size(qtbot, widget)
    save_picture(widget, f"{name}-{language}")
    assert clipped(widget) == set()
    widget.close()
