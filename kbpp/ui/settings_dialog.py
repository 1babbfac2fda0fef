"""The Settings dialog: language, the user's name, the default export folder, the backup policy.

Choosing a language switches it at once, so the user sees every open window (and Qt's own
buttons) in it before deciding; Cancel switches back. OK writes `kbpp.settings`.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kbpp.i18n import _, available_languages, current_language, set_language
from kbpp.settings import REGISTRY, Settings, load_settings, save_settings
from kbpp.ui.language import RetranslateWhileShown

BACKUP_KEYS = ("backup_daily", "backup_weekly", "backup_monthly")
MAX_KEPT = 999


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class SettingsDialog(QDialog):
    """Edits the user's settings; nothing is written until OK."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.settings: Settings = load_settings()
        self._language_at_start = current_language()

        self.language_label = QLabel()
        self.language_combo = QComboBox()
        for code, name in available_languages().items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(current_language()))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.language_label.setBuddy(self.language_combo)
        self.language_hint = QLabel()
        self.language_hint.setWordWrap(True)

        self.user_label = QLabel()
        self.user_edit = QLineEdit(self.settings["user_name"])
        self.user_label.setBuddy(self.user_edit)

        self.folder_label = QLabel()
        self.folder_edit = QLineEdit(self.settings["export_folder"])
        self.folder_label.setBuddy(self.folder_edit)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)

        self.backup_group = QGroupBox()
        self.backup_hint = QLabel()
        self.backup_hint.setWordWrap(True)
        self.backup_labels: dict[str, QLabel] = {}
        self.backup_spins: dict[str, QSpinBox] = {}
        backup_form = QFormLayout(self.backup_group)
        backup_form.addRow(self.backup_hint)
        for key in BACKUP_KEYS:
            spin = QSpinBox()
            spin.setRange(0, MAX_KEPT)
            spin.setValue(self.settings[key])
            label = QLabel()
            label.setBuddy(spin)
            self.backup_spins[key], self.backup_labels[key] = spin, label
            backup_form.addRow(label, spin)

        form = QFormLayout()
        form.addRow(self.language_label, self.language_combo)
        form.addRow(self.language_hint)
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.folder_label, folder_row)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.backup_group)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        RetranslateWhileShown(self, self)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.language_label.setText(_(REGISTRY["language"].label) + ":")
        self.language_hint.setText(_("The language changes at once in every open window."))
        self.user_label.setText(_("Your &name:"))
        self.user_edit.setToolTip(_(REGISTRY["user_name"].label))
        self.user_edit.setPlaceholderText(
            _("Empty: your Windows login ({name})").format(name=login_name() or "?")
        )
        self.folder_label.setText(_("&Export folder:"))
        self.folder_edit.setToolTip(_(REGISTRY["export_folder"].label))
        self.folder_edit.setPlaceholderText(_("Empty: your Documents folder"))
        self.browse_button.setText(_("&Browse…"))
        self.backup_group.setTitle(_("Automatic backups"))
        self.backup_hint.setText(
            _(
                "KBPP keeps the newest backup of each of the last days, weeks and months, "
                "and always the newest ten."
            )
        )
        for key, label in self.backup_labels.items():
            label.setText(_(REGISTRY[key].label) + ":")

    def _language_chosen(self, index: int) -> None:
        set_language(self.language_combo.itemData(index))

    def _browse(self) -> None:
        start = self.folder_edit.text() or str(Path.home())
        name = QFileDialog.getExistingDirectory(self, _("Default export folder"), start)
        if name:
            self.folder_edit.setText(name)

    def accept(self) -> None:
        self.settings.set("language", current_language())
        self.settings.set("user_name", self.user_edit.text().strip())
        self.settings.set("export_folder", self.folder_edit.text().strip())
        for key, spin in self.backup_spins.items():
            self.settings.set(key, spin.value())
        save_settings(self.settings)
        super().accept()

    def reject(self) -> None:
        """Cancel also takes back a language that was only tried out."""
        if current_language() != self._language_at_start:
            set_language(self._language_at_start)
        super().reject()
