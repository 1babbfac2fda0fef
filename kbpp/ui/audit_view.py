"""The audit log on screen: who changed what and when, old → new, the reason and the package;
searched as you type, filtered by user, action and days, exported to Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbpp.formatting import format_datetime
from kbpp.i18n import _
from kbpp.office.audit_log import (
    DEFAULT_LIMIT,
    AuditFilter,
    AuditRow,
    audit_choices,
    headers,
    query_audit,
    write_audit_xlsx,
)
from kbpp.storage import Database

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
SEARCH_PAUSE_MS = 250
NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "any"
FIELDS = (
    "at",
    "user",
    "action",
    "entity",
    "entity_key",
    "field",
    "old",
    "new",
    "reason",
    "package_id",
    "on_behalf",
)
WIDTHS = (128, 118, 64, 104, 280, 52, 80, 80, 200, 80, 60)
ON_BEHALF_TINT = "#fff8e1"


class AuditModel(QAbstractTableModel):
    """The entries found, newest first; `append` adds the next page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def append(self, rows: list[AuditRow]) -> None:
        if not rows:
            return
        self.beginInsertRows(_ROOT, len(self.rows), len(self.rows) + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = headers()
            return names[section] if 0 <= section < len(names) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        field = FIELDS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(row, field)
            if field == "at":
                return format_datetime(value)
            if field == "on_behalf":
                return _("yes") if value else ""
            if value is None:
                return "–" if role == Qt.ItemDataRole.DisplayRole else None
            return str(value)
        if role == Qt.ItemDataRole.BackgroundRole and row.on_behalf:
            return QBrush(QColor(ON_BEHALF_TINT))
        return None


class AuditDialog(QDialog):
    """`AuditDialog(db, parent)`: the audit log, searchable, exportable to Excel."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._total = 0
        self.setWindowTitle(_("Audit log"))
        self.model = AuditModel(self)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Search keys, values, reasons, users and packages (e.g. PG1.41.1)")
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.user_combo = QComboBox()
        self.action_combo = QComboBox()
        self.since = self._date_edit()
        self.until = self._date_edit()
        for combo in (self.user_combo, self.action_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._fill_choices()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for label, widget in (
            (_("&User:"), self.user_combo),
            (_("&Action:"), self.action_combo),
            (_("&From:"), self.since),
            (_("&To:"), self.until),
        ):
            text = QLabel(label)
            text.setBuddy(widget)
            filters.addWidget(text)
            filters.addWidget(widget)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)

        self.count_label = QLabel()
        self.more_button = QPushButton(_("Show &more"))
        self.more_button.clicked.connect(self.load_more)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            _("E&xport to Excel…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self._choose_export)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.more_button)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(1280, 640)
        self.refresh()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(_("any"))
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(lambda _d: self.refresh())
        return edit

    def _fill_choices(self) -> None:
        users, actions = audit_choices(self._db)
        for combo, values, everyone in (
            (self.user_combo, users, _("All users")),
            (self.action_combo, actions, _("All actions")),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for value in values:
                combo.addItem(value, value)
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        def day(edit: QDateEdit) -> Any:
            return None if edit.date() == NO_DATE else edit.date().toPython()

        return AuditFilter(
            text=self.search.text(),
            user=self.user_combo.currentData(),
            action=self.action_combo.currentData(),
            since=day(self.since),
            until=day(self.until),
        )

    def refresh(self) -> None:
        """The first page of entries that match the filters, newest first."""
        self._timer.stop()
        page = query_audit(self._db, self.current_filter(), DEFAULT_LIMIT)
        self._total = page.total
        self.model.set_rows(page.rows)
        self._update_count()

    def load_more(self) -> None:
        page = query_audit(self._db, self.current_filter(), DEFAULT_LIMIT, len(self.model.rows))
        self._total = page.total
        self.model.append(page.rows)
        self._update_count()

    def _update_count(self) -> None:
        shown = len(self.model.rows)
        self.count_label.setText(
            _("{shown} of {total} entries, newest first.").format(shown=shown, total=self._total)
        )
        self.more_button.setEnabled(shown < self._total)

    def _choose_export(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the audit log"), _("audit-log.xlsx"), _("Excel workbook (*.xlsx)")
        )
        if chosen:
            self.export_xlsx(Path(chosen))

    def export_xlsx(self, path: Path) -> None:
        """Every entry that matches the filters (not only the pages shown)."""
        rows = query_audit(self._db, self.current_filter(), None).rows
        try:
            write_audit_xlsx(rows, path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Cannot write the file"),
                _("{file} could not be written: {error}").format(file=path, error=exc),
            )
            return
        self.count_label.setText(_("Wrote {n} entries to {file}.").format(n=len(rows), file=path))
