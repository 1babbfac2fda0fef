"""The import log: every accepted package, newest first, exportable as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbpp.formatting import format_datetime
from kbpp.i18n import _, ngettext
from kbpp.packages.log import LogEntry, import_log, write_log_csv
from kbpp.storage import Database

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class ImportLogModel(QAbstractTableModel):
    COLUMNS = (
        "imported_at",
        "file_name",
        "type",
        "issuer",
        "sequence",
        "changes",
        "key_fingerprint",
        "imported_by",
    )

    def __init__(self, entries: list[LogEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = entries

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Imported"),
            _("File"),
            _("Type"),
            _("From"),
            _("Sequence"),
            _("Changes"),
            _("Key"),
            _("By"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        value = getattr(self.entries[index.row()], self.COLUMNS[index.column()])
        if index.column() == 0:
            return format_datetime(value)
        return value


class ImportLogDialog(QDialog):
    """`ImportLogDialog(db, parent=None)`: the log, with “Export CSV…”."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import log"))
        self.model = ImportLogModel(import_log(db), self)
        table = QTableView()
        table.setModel(self.model)
        table.horizontalHeader().setStretchLastSection(True)
        n = len(self.model.entries)
        self.status = QLabel(
            ngettext("{n} package imported.", "{n} packages imported.", n).format(n=n)
        )
        buttons = QDialogButtonBox()
        export = buttons.addButton(_("Export CSV…"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        export.clicked.connect(self._export)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def _export(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the import log"), "import-log.csv", _("CSV file (*.csv)")
        )
        if chosen:
            self.export_csv(Path(chosen))

    def export_csv(self, path: Path) -> None:
        write_log_csv(self.model.entries, path)
        self.status.setText(_("Wrote {file}.").format(file=path))
