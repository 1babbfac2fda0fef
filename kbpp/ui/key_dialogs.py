"""Key dialogs: a new key with its enrolment sheet, enrolling a key, the enrolled keys.

Enrolling never shows the file's fingerprint before the user typed the one read aloud over the
phone: a fingerprint shown first is a fingerprint copied, not compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.formatting import format_date
from kbpp.i18n import _
from kbpp.packages.export import export_choices
from kbpp.packages.keyring import KeyInfo, enrol_key, list_keys, revoke_key
from kbpp.packages.keys import SigningKey, new_key_files
from kbpp.packages.sheet import write_enrolment_sheet
from kbpp.storage import Database
from kbpp.ui.package_task import BackgroundTask, run_task

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class NewKeyDialog(QDialog):
    """`NewKeyDialog(label, parent=None)`: generate a key (off the UI thread), then print its
    enrolment sheet. `label` is whose key it is (the directorate, or the strategy office)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.key: SigningKey | None = None
        self._task: BackgroundTask | None = None
        self.setWindowTitle(_("New key"))
        self.path = QLineEdit()
        self.passphrase = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.passphrase, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Owner"), QLabel(label))
        form.addRow(_("Key file"), self.path)
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("Repeat the passphrase"), self.repeat)
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(_("Create"), QDialogButtonBox.ButtonRole.ActionRole)
        self.sheet_button = buttons.addButton(
            _("Save enrolment sheet…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.create_button.clicked.connect(self.create)
        self.sheet_button.clicked.connect(self._save_sheet)
        self.sheet_button.setEnabled(False)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def create(self) -> None:
        if self.passphrase.text() != self.repeat.text():
            self.status.setText(_("The passphrases differ; try again."))
            return
        path, passphrase, label = Path(self.path.text()), self.passphrase.text(), self.label
        self.passphrase.clear()
        self.repeat.clear()
        self.create_button.setEnabled(False)
        self.status.setText(_("Creating the key…"))
        self._task = run_task(
            lambda _p: new_key_files(path, label, passphrase), self._created, self._failed
        )

    def is_running(self) -> bool:
        return self._task is not None

    def _created(self, key: SigningKey) -> None:
        self._task = None
        self.key = key
        self.fingerprint.setText(key.fingerprint)
        self.status.setText(_("Print the enrolment sheet and send it to the strategy office."))
        self.sheet_button.setEnabled(True)

    def _failed(self, message: str, _error: object) -> None:
        self._task = None
        self.status.setText(message)
        self.create_button.setEnabled(True)

    def _save_sheet(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the enrolment sheet"), "", _("PDF document (*.pdf)")
        )
        if chosen and self.key is not None:
            self.write_sheet(Path(chosen))

    def write_sheet(self, path: Path) -> None:
        assert self.key is not None
        write_enrolment_sheet(path, self.key.public_key, self.label)
        self.status.setText(_("Wrote {file}.").format(file=path))


class EnrolKeyDialog(QDialog):
    """`EnrolKeyDialog(db, parent=None)`: trust a public key after typing its fingerprint."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.enrolled: KeyInfo | None = None
        self.setWindowTitle(_("Enrol a key"))
        self.path = QLineEdit()
        self.directorate = QComboBox()
        for name in export_choices(db).directorates:
            self.directorate.addItem(name, name)
        self.office = QCheckBox(_("The strategy office's key"))
        self.office.toggled.connect(lambda on: self.directorate.setEnabled(not on))
        self.office.setChecked(db.role == "directorate")
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText("XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX")
        form = QFormLayout()
        form.addRow(_("Public key file"), self.path)
        form.addRow(_("Directorate"), self.directorate)
        form.addRow("", self.office)
        form.addRow(_("Fingerprint read aloud"), self.fingerprint)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.enrol_button = buttons.addButton(_("Enrol"), QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.enrol_button.clicked.connect(self.enrol)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def enrol(self) -> None:
        office = self.office.isChecked()
        try:
            self.enrolled = enrol_key(
                self.db,
                Path(self.path.text()),
                self.fingerprint.text(),
                None if office else self.directorate.currentData(),
                office,
            )
        except KbppError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(_("Enrolled {fp}.").format(fp=self.enrolled.fingerprint))


class KeyModel(QAbstractTableModel):
    FINGERPRINT, OWNER, STATE = range(3)

    def __init__(self, keys: list[KeyInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = keys

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Fingerprint"), _("Owner"), _("State"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        k = self.keys[index.row()]
        if index.column() == self.FINGERPRINT:
            return k.fingerprint
        if index.column() == self.OWNER:
            return k.directorate or _("Strategy office")
        if k.revoked_at is None:
            return _("valid since {date}").format(date=format_date(k.enrolled_at))
        return _("revoked on {date}: {reason}").format(
            date=format_date(k.revoked_at), reason=k.revoke_reason or "-"
        )

    def reload(self, keys: list[KeyInfo]) -> None:
        self.beginResetModel()
        self.keys = keys
        self.endResetModel()


class KeyListDialog(QDialog):
    """`KeyListDialog(db, parent=None)`: the enrolled keys; revoke the selected one."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Enrolled keys"))
        self.model = KeyModel(list_keys(db), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        buttons = QDialogButtonBox()
        self.revoke_button = buttons.addButton(_("Revoke…"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.revoke_button.clicked.connect(self._ask_revoke)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(700, 360)

    def _ask_revoke(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            return
        reason, ok = QInputDialog.getText(self, _("Revoke the key"), _("Why is it revoked?"))
        if ok:
            self.revoke(row, reason)

    def revoke(self, row: int, reason: str) -> None:
        info = revoke_key(self.db, self.model.keys[row].fingerprint, reason or None)
        self.model.reload(list_keys(self.db))
        self.status.setText(_("Revoked {fp}.").format(fp=info.fingerprint))
