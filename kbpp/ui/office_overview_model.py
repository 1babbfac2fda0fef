"""The overview matrix as a Qt model: a row per directorate, a column per quarter (state and
values entered of those due), the number of indicators, then the band counts and those without
a rate. A proxy filters by text and by state and sorts each column by its meaning."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

from kbpp.directorates import turkish_fold
from kbpp.formatting import format_date, format_datetime, format_number
from kbpp.i18n import N_, _, ngettext
from kbpp.office.status import (
    ACCEPTED,
    CELL_STATES,
    LATE,
    NOT_RECEIVED,
    RECEIVED,
    RETURNED,
    DirectorateStatus,
    QuarterCell,
    YearStatus,
    fraction,
    state_label,
    state_text,
)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CELL_ROLE = Qt.ItemDataRole.UserRole + 2  # the QuarterCell of a quarter column
NAME_ROLE = Qt.ItemDataRole.UserRole + 3  # the directorate's name, on every column

STATE_COLORS = {
    NOT_RECEIVED: "#757575",
    RECEIVED: "#1565c0",
    ACCEPTED: "#2e7d32",
    RETURNED: "#ef6c00",
    LATE: "#c62828",
}
STATE_TINTS = {
    NOT_RECEIVED: "#f5f5f5",
    RECEIVED: "#e3f2fd",
    ACCEPTED: "#e8f5e9",
    RETURNED: "#fff3e0",
    LATE: "#ffebee",
}
SHORT_BAND = 3  # letters of a band's name in its column header; the tooltip has it all

# What the "Show" filter offers: (key, label); each row must have a visible quarter that fits.
FILTERS = (
    ("all", N_("All directorates")),
    ("late", N_("Late")),
    ("not_received", N_("Not received")),
    ("review", N_("Waiting for review")),
    ("returned", N_("Returned")),
    ("accepted", N_("Accepted")),
    ("incomplete", N_("Values or notes missing")),
)


def cell_matches(cell: QuarterCell, mode: str) -> bool:
    if mode == "all":
        return True
    if mode == "late":
        return cell.state == LATE
    if mode == "not_received":
        return cell.stored_state == "open" and cell.state in (NOT_RECEIVED, LATE)
    if mode == "review":
        return cell.state == RECEIVED
    if mode == "returned":
        return cell.stored_state == "returned"
    if mode == "accepted":
        return cell.state == ACCEPTED
    if mode == "incomplete":
        return not cell.completeness.complete
    raise ValueError(f"unknown filter {mode!r}")


def _dot(color: str, locked: bool = False) -> QIcon:
    """A dot in the state's colour; a locked quarter gets a small padlock beside it."""
    pixmap = QPixmap(26, 12)  # the same size locked or not, so the dots line up
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawEllipse(1, 1, 10, 10)
    if locked:
        painter.setBrush(QColor(0, 0, 0, 0))
        painter.setPen(QPen(QColor("#424242"), 1.6))
        painter.drawArc(QRectF(16, 0.5, 7, 8), 0, 180 * 16)
        painter.fillRect(QRectF(15, 5, 9, 7), QColor("#424242"))
    painter.end()
    return QIcon(pixmap)


def cell_tooltip(name: str, cell: QuarterCell) -> str:
    """Everything about one directorate's quarter, in full sentences."""
    c = cell.completeness
    lines = [
        f"{name} — Q{cell.quarter}: {state_text(cell)}",
        _("Due on {date}.").format(date=format_date(cell.due_on)),
        _("Values entered: {n} of {m} due.").format(n=c.entered, m=c.expected),
        _("Deviation notes: {n} of {m} required.").format(n=c.notes_present, m=c.notes_required),
    ]
    if cell.sequence is not None:
        lines.append(
            ngettext(
                "Package no. {seq} sent {sent}, imported {received}; {n} package this quarter.",
                "Package no. {seq} sent {sent}, imported {received}; {n} packages this quarter.",
                cell.packages,
            ).format(
                seq=cell.sequence,
                sent=format_datetime(cell.sent_at),
                received=format_datetime(cell.received_at),
                n=cell.packages,
            )
        )
    if cell.decided_by:
        decided = (
            _("Returned by {user} on {when}.")
            if cell.stored_state == "returned"
            else _("Accepted by {user} on {when}.")
        )
        lines.append(decided.format(user=cell.decided_by, when=format_datetime(cell.decided_at)))
    if cell.reason and cell.stored_state == "returned":
        lines.append(_("Reason: {reason}").format(reason=cell.reason))
    if cell.locked:
        lines.append(
            _("Locked: {reason} (by {by}).").format(reason=cell.lock_reason, by=cell.lock_by or "-")
        )
    return "\n".join(lines)


class OverviewModel(QAbstractTableModel):
    """Directorates × quarters of one `YearStatus` (empty until `set_status`)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status: YearStatus | None = None
        self._icons: dict[tuple[str, bool], QIcon] = {}
        self._band_icons: list[QIcon] = []

    # --- layout ------------------------------------------------------------------------
    @property
    def rows(self) -> tuple[DirectorateStatus, ...]:
        return self.status.directorates if self.status else ()

    @property
    def quarter_count(self) -> int:
        return len(self.status.quarters) if self.status else 0

    @property
    def indicators_column(self) -> int:
        return 1 + self.quarter_count

    @property
    def first_band_column(self) -> int:
        return self.indicators_column + 1

    @property
    def band_count(self) -> int:
        return len(self.status.bands) if self.status else 0

    @property
    def no_rate_column(self) -> int:
        return self.first_band_column + self.band_count

    def quarter_of(self, column: int) -> int | None:
        if self.status and 1 <= column <= self.quarter_count:
            return self.status.quarters[column - 1]
        return None

    def set_status(self, status: YearStatus | None) -> None:
        self.beginResetModel()
        self.status = status
        self._icons = {
            (s, locked): _dot(STATE_COLORS[s], locked)
            for s in CELL_STATES
            for locked in (False, True)
        }
        self._band_icons = [_dot(b.color) for b in status.bands] if status else []
        self.endResetModel()

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    # --- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() or self.status is None else self.no_rate_column + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.status is None:
            return None
        if not 0 <= section < self.columnCount():
            return None
        quarter = self.quarter_of(section)
        band = section - self.first_band_column
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Directorate")
            if quarter is not None:
                return _("Q{q}").format(q=quarter)
            if section == self.indicators_column:
                return _("Ind.")
            if 0 <= band < self.band_count:
                return self.status.bands[band].key[:SHORT_BAND]
            return _("No rate")
        if role == Qt.ItemDataRole.ToolTipRole:
            if quarter is not None:
                due = self.status.windows[quarter - 1].due_on
                return _("Q{q}: due on {date}").format(q=quarter, date=format_date(due))
            if section == self.indicators_column:
                return _("Indicators of the directorate")
            if 0 <= band < self.band_count:
                return _("{band}: indicators in this band, year to date through Q{q}").format(
                    band=self.status.bands[band].key, q=self.status.band_quarter
                )
            if section == self.no_rate_column:
                return _("Indicators without a rate (no value or no target)")
        if role == Qt.ItemDataRole.DecorationRole and 0 <= band < self.band_count:
            return self._band_icons[band]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.status is None:
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == NAME_ROLE:
            return row.name
        quarter = self.quarter_of(column)
        if quarter is not None:
            return self._cell_data(row, row.cells[column - 1], role)
        if column == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return row.name
            if role == SORT_ROLE:
                return turkish_fold(row.name)
            return None
        if column == self.indicators_column:
            value = row.indicators
        elif column == self.no_rate_column:
            value = row.bands.undefined
        else:
            key = self.status.bands[column - self.first_band_column].key
            value = row.bands.counts[key]
            if role == Qt.ItemDataRole.ToolTipRole:
                share = row.bands.percents[key]
                return _("{band}: {n} ({share} % of those with a rate)").format(
                    band=key, n=value, share=format_number(share, 2)
                )
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _cell_data(self, row: DirectorateStatus, cell: QuarterCell, role: int) -> Any:
        c = cell.completeness
        if role == Qt.ItemDataRole.DisplayRole:
            text = f"{state_label(cell.state)} · {fraction(c.entered, c.expected)}"
            if c.notes_present < c.notes_required:
                text += f" · ✎{c.notes_present}/{c.notes_required}"
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[(cell.state, cell.locked)]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATE_TINTS[cell.state]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#212121"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(row.name, cell)
        if role == SORT_ROLE:
            order = (LATE, RETURNED, NOT_RECEIVED, RECEIVED, ACCEPTED).index(cell.state)
            return order * 10000 + c.entered - c.expected
        if role == CELL_ROLE:
            return cell
        return None


class OverviewFilter(QSortFilterProxyModel):
    """Rows whose name contains the text (Turkish case rules) and, for the state filter, that
    have a quarter in that state."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._mode = "all"
        self.setSortRole(SORT_ROLE)

    @property
    def mode(self) -> str:
        return self._mode

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = turkish_fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_mode(self, mode: str) -> None:
        if mode not in dict(FILTERS):
            raise ValueError(f"unknown filter {mode!r}")
        self.beginFilterChange()
        self._mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, OverviewModel) or source_parent.isValid():
            return True
        row = model.rows[source_row]
        if self._text and self._text not in turkish_fold(row.name):
            return False
        return any(cell_matches(cell, self._mode) for cell in row.cells)
