"""The Backups dialog: see the backups of the open database, make one, restore one.

Copying and verifying a large database takes seconds, so every backup and restore runs off the
UI thread (`kbpp.ui.workers`). A restore needs the database closed: the dialog emits
`about_to_restore(path)` first (the main window closes its connections) and `restored(path)`
after it (the main window opens the database again).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbpp.backup import (
    BackupInfo,
    RetentionPolicy,
    backup_folder,
    list_backups,
    make_backup,
    restore_backup,
    rotate,
)
from kbpp.formatting import format_datetime, format_number
from kbpp.i18n import _
from kbpp.settings import load_settings
from kbpp.ui.language import RetranslateWhileShown
from kbpp.ui.workers import Job, start

KIB, MIB = 1024, 1024 * 1024


def reason_text(reason: str) -> str:
    """Why a backup was made, in words (file names keep a short English slug)."""
    fixed = {
        "daily": _("Daily"),
        "manual": _("By hand"),
        "before-plan-import": _("Before a plan import"),
        "before-restore": _("Before a restore"),
    }
    if reason in fixed:
        return fixed[reason]
    if reason.startswith("before-migration"):
        return _("Before a database upgrade")
    if reason.startswith("before-rollover"):
        return _("Before the year rollover")
    return reason


def size_text(size: int) -> str:
    if size < MIB:
        return _("{n} KB").format(n=format_number(max(1, size // KIB)))
    return _("{n} MB").format(n=format_number(Decimal(size) / MIB, 1))


def retention_policy() -> RetentionPolicy:
    settings = load_settings()
    return RetentionPolicy(
        daily=settings["backup_daily"],
        weekly=settings["backup_weekly"],
        monthly=settings["backup_monthly"],
    )


class BackupDialog(QDialog):
    """Lists `db_path`'s backups (newest first) and makes or restores them."""

    about_to_restore = Signal(Path)
    restored = Signal(Path)

    DATE, REASON, SIZE = range(3)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BackupDialog")
        self.db_path = Path(db_path)
        self.backups: list[BackupInfo] = []
        self._job: Job | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.REASON, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.SIZE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.back_up_button = QPushButton()
        self.back_up_button.clicked.connect(self.back_up_now)
        self.back_up_to_button = QPushButton()
        self.back_up_to_button.clicked.connect(self._choose_folder)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        actions = QHBoxLayout()
        actions.addWidget(self.back_up_button)
        actions.addWidget(self.back_up_to_button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(720, 460)

        RetranslateWhileShown(self, self)
        self.retranslate_ui()
        self.refresh()

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Backups"))
        self.intro.setText(
            _(
                "Backups of {name} are kept in {folder}. KBPP makes one every day it is used and "
                "before every import, upgrade and year rollover."
            ).format(name=self.db_path.name, folder=backup_folder(self.db_path))
        )
        self.table.setHorizontalHeaderLabels([_("Date"), _("Reason"), _("Size")])
        self.back_up_button.setText(_("&Back up now"))
        self.back_up_to_button.setText(_("Back up &to a folder or USB stick…"))
        self.restore_button.setText(_("&Restore…"))
        self._fill()

    # --- list ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.backups = list_backups(self.db_path)
        self._fill()

    def _fill(self) -> None:
        selected = self.selected_backup()
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            cells = (format_datetime(backup.created), reason_text(backup.reason))
            for column, value in enumerate((*cells, size_text(backup.size))):
                item = QTableWidgetItem(value)
                item.setToolTip(str(backup.path))
                if column == self.SIZE:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            if backup == selected:
                self.table.selectRow(row)
        self._update_buttons()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.backups):
            return None
        return self.backups[rows[0].row()]

    def _update_buttons(self) -> None:
        idle = self._job is None
        self.back_up_button.setEnabled(idle)
        self.back_up_to_button.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected_backup() is not None)

    # --- work ----------------------------------------------------------------------------
    def _run(self, work: Any, done: Any, busy_text: str) -> None:
        self.status.setText(busy_text)

        def finished(result: Any) -> None:
            self._job = None
            self.refresh()
            done(result)

        def failed(message: str) -> None:
            self._job = None
            self.refresh()
            self.status.setText(message)
            QMessageBox.warning(self, _("Backups"), message)

        self._job = start(lambda _job: work(), finished, failed)
        self._update_buttons()

    def back_up_now(self, folder: Path | None = None) -> None:
        """A verified backup into the data folder (rotated), or into `folder` (kept as it is)."""
        db_path = self.db_path

        def work() -> BackupInfo:
            info = make_backup(db_path, "manual", folder=folder)
            if folder is None:
                rotate(db_path, retention_policy())
            return info

        def done(info: BackupInfo) -> None:
            self.status.setText(_("Backup written and verified: {path}").format(path=info.path))

        self._run(work, done, _("Backing up…"))

    def _choose_folder(self) -> None:
        start_folder = load_settings()["export_folder"] or str(Path.home())
        name = QFileDialog.getExistingDirectory(
            self, _("Back up to a folder or USB stick"), start_folder
        )
        if name:
            self.back_up_now(Path(name))

    def restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is None or self._job is not None:
            return
        answer = QMessageBox.question(
            self,
            _("Restore a backup"),
            _(
                "Replace the database {name} by the backup of {date}? Everything entered since "
                "then is replaced; the current state is backed up first, so this can be undone."
            ).format(name=self.db_path.name, date=format_datetime(backup.created)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.about_to_restore.emit(self.db_path)
        db_path, source = self.db_path, backup.path

        def done(safety: BackupInfo) -> None:
            self.status.setText(
                _("Restored the backup of {date}. The previous state was kept as {path}.").format(
                    date=format_datetime(backup.created), path=safety.path.name
                )
            )
            self.restored.emit(db_path)

        self._run(lambda: restore_backup(db_path, source), done, _("Restoring…"))
