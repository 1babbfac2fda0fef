"""The Settings dialog: values in and out of kbpp.settings, and the live language switch."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from kbpp.backup import make_backup
from kbpp.i18n import current_language
from kbpp.settings import Settings, load_settings, save_settings
from kbpp.storage import Database
from kbpp.ui.backup_dialog import BackupDialog
from kbpp.ui.language import install_qt_translations
from kbpp.ui.main_window import MainWindow
from kbpp.ui.settings_dialog import SettingsDialog

Ok, Cancel, Close = (
    QDialogButtonBox.StandardButton.Ok,
    QDialogButtonBox.StandardButton.Cancel,
    QDialogButtonBox.StandardButton.Close,
)


@pytest.fixture
def dialog(qtbot: QtBot) -> SettingsDialog:
    save_settings(
        Settings(
            {"language": "en", "user_name": "Ayşe Yılmaz", "backup_daily": 5, "backup_monthly": 24}
        )
    )
    dlg = SettingsDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def choose_language(dlg: SettingsDialog, code: str) -> None:
    dlg.language_combo.setCurrentIndex(dlg.language_combo.findData(code))


def test_shows_the_saved_settings(dialog: SettingsDialog) -> None:
    assert dialog.language_combo.currentData() == "en"
    assert dialog.user_edit.text() == "Ayşe Yılmaz"
    assert dialog.folder_edit.text() == ""
    spins = {key: spin.value() for key, spin in dialog.backup_spins.items()}
    assert spins == {"backup_daily": 5, "backup_weekly": 4, "backup_monthly": 24}


def test_ok_saves_every_field(
    dialog: SettingsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(tmp_path))
    dialog.user_edit.setText("  Mehmet Demir ")
    dialog.browse_button.click()
    dialog.backup_spins["backup_weekly"].setValue(8)
    choose_language(dialog, "tr")
    dialog.buttons.button(Ok).click()
    saved = load_settings()
    assert saved.as_dict() == {
        "language": "tr",
        "user_name": "Mehmet Demir",
        "export_folder": str(tmp_path),
        "backup_daily": 5,
        "backup_weekly": 8,
        "backup_monthly": 24,
        "letter_signer_name": "",  # set in the reminder letters dialog
        "letter_signer_title": "",
        "start_page": "",  # remembered by the main window when it closes
    }
    assert current_language() == "tr"


def test_cancel_keeps_the_file_and_takes_the_language_back(dialog: SettingsDialog) -> None:
    before = load_settings().as_dict()
    choose_language(dialog, "tr")
    assert current_language() == "tr"
    dialog.user_edit.setText("someone else")
    dialog.buttons.button(Cancel).click()
    assert current_language() == "en"
    assert load_settings().as_dict() == before


def test_switching_retranslates_every_open_window_and_qts_buttons(
    qtbot: QtBot, qapp: QApplication, dialog: SettingsDialog, db_2021: Database
) -> None:
    install_qt_translations(qapp)
    window = MainWindow(db_2021)
    qtbot.addWidget(window)
    window.show()
    make_backup(db_2021.path, "daily", now=datetime(2021, 3, 4, 14, 5))
    backups = BackupDialog(db_2021.path, window)
    backups.show()
    english = (window.file_menu.title(), backups.windowTitle(), dialog.windowTitle())
    assert dialog.buttons.button(Cancel).text() == "Cancel"
    assert backups.table.item(0, BackupDialog.DATE).text() == "04/03/2021 14:05"

    choose_language(dialog, "tr")
    assert window.file_menu.title() == "&Dosya" != english[0]
    # Qt's own texts come from qtbase_tr, re-read on the LanguageChange event Qt posts.
    qtbot.waitUntil(lambda: dialog.buttons.button(Cancel).text() == "İptal")
    assert backups.buttons.button(Close).text() == "Kapat"
    assert backups.table.item(0, BackupDialog.DATE).text() == "04.03.2021 14:05"

    choose_language(dialog, "en")
    assert (window.file_menu.title(), backups.windowTitle(), dialog.windowTitle()) == english
    qtbot.waitUntil(lambda: dialog.buttons.button(Cancel).text() == "Cancel")
    backups.close()
    window.close()
