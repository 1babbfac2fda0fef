"""The review table: one row per indicator of a directorate's received quarter.

Read only except the office's comment per indicator, which the dialog sends back with a return.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap

from kbpp.formatting import EMPTY, format_number, format_rate
from kbpp.i18n import _
from kbpp.office.marks import office_entry_text
from kbpp.office.review import ADDED, CHANGED, NOTE_CHANGED, UNCHANGED, QuarterReview, ReviewRow

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

(
    COL_CODE,
    COL_NAME,
    COL_UNIT,
    COL_TARGET,
    COL_VALUE,
    COL_YTD,
    COL_RATE,
    COL_BAND,
    COL_CHANGE,
    COL_NOTE,
    COL_WARNINGS,
    COL_COMMENT,
) = range(12)
COLUMN_COUNT = 12
NUMBER_COLUMNS = frozenset({COL_TARGET, COL_VALUE, COL_YTD, COL_RATE})
CHANGED_BACKGROUND = QColor("#ffe0b2")
WARNING_BACKGROUND = QColor("#fff3c4")
COMMENT_BACKGROUND = QColor("#eef5ff")
OFFICE_MARK = "#6a1b9a"
REQUIRED_TEXT = QColor("#b71c1c")


class ReviewModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._review: QuarterReview | None = None
        self._rows: list[ReviewRow] = []
        self._comments: dict[str, str] = {}
        self._icons: dict[str, QIcon] = {}

    @property
    def review(self) -> QuarterReview | None:
        return self._review

    def set_review(self, review: QuarterReview | None) -> None:
        self.beginResetModel()
        self._review = review
        self._rows = list(review.rows) if review else []
        self._comments = {r.code: r.comment for r in self._rows if r.comment}
        self.endResetModel()

    def comments(self) -> dict[str, str]:
        """Indicator code → the comment typed for it (blank ones left out)."""
        return {code: text for code, text in self._comments.items() if text.strip()}

    def row(self, row: int) -> ReviewRow:
        return self._rows[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_COMMENT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        quarter = self._review.quarter if self._review else 1
        return {
            COL_CODE: _("Code"),
            COL_NAME: _("Indicator"),
            COL_UNIT: _("Unit"),
            COL_TARGET: _("Target"),
            COL_VALUE: _("Q{quarter}").format(quarter=quarter),
            COL_YTD: _("Year to date"),
            COL_RATE: _("Rate"),
            COL_BAND: _("Band"),
            COL_CHANGE: _("Change"),
            COL_NOTE: _("Deviation note"),
            COL_WARNINGS: _("Warnings"),
            COL_COMMENT: _("Comment to the directorate"),
        }.get(section)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_COMMENT:
            return False
        self._comments[self._rows[index.row()].code] = str(value or "").strip()
        self.dataChanged.emit(index, index)
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(r, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_BAND and r.band_color:
                return self._icon(r.band_color)
            if column == COL_VALUE and r.office_reason:
                return self._icon(OFFICE_MARK)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(r, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_NOTE and not r.note:
            return QBrush(REQUIRED_TEXT) if r.note_required else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, column)
        return None

    def _changed(self, r: ReviewRow) -> bool:
        return r.change.kind in (CHANGED, NOTE_CHANGED, ADDED)

    def _background(self, r: ReviewRow, column: int) -> Any:
        if column in (COL_VALUE, COL_CHANGE) and r.change.kind in (CHANGED, ADDED):
            return QBrush(CHANGED_BACKGROUND)
        if column in (COL_NOTE, COL_CHANGE) and r.change.kind == NOTE_CHANGED:
            return QBrush(CHANGED_BACKGROUND)
        if column == COL_WARNINGS and r.warnings:
            return QBrush(WARNING_BACKGROUND)
        if column == COL_COMMENT:
            return QBrush(COMMENT_BACKGROUND)
        return None

    def _display(self, r: ReviewRow, column: int) -> str:
        if column == COL_CODE:
            return r.code
        if column == COL_NAME:
            return r.name
        if column == COL_UNIT:
            return r.unit or ""
        if column == COL_TARGET:
            return format_number(r.target)
        if column == COL_VALUE:
            return format_number(r.value)
        if column == COL_YTD:
            return format_number(r.year_to_date)
        if column == COL_RATE:
            return format_rate(r.rate)
        if column == COL_BAND:
            return r.band or EMPTY
        if column == COL_CHANGE:
            return change_text(r)
        if column == COL_NOTE:
            return r.note or (_("Note required") if r.note_required else "")
        if column == COL_WARNINGS:
            return " ".join(r.warnings)
        if column == COL_COMMENT:
            return self._comments.get(r.code, "")
        return ""

    def _tooltip(self, r: ReviewRow, column: int) -> str | None:
        if column == COL_VALUE and r.office_reason:
            return office_entry_text(r.office_reason)
        if column == COL_CHANGE and r.change.kind == NOTE_CHANGED:
            return _("Note before: {note}").format(note=r.change.old_note or EMPTY)
        if column in (COL_NAME, COL_NOTE, COL_WARNINGS, COL_COMMENT):
            text = self._display(r, column)
            return text or (
                _("Type a comment; it goes back to the directorate with a return.")
                if column == COL_COMMENT
                else None
            )
        return None

    def _icon(self, color: str) -> QIcon:
        icon = self._icons.get(color)
        if icon is None:
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(color))
            icon = self._icons[color] = QIcon(pixmap)
        return icon


def change_text(r: ReviewRow) -> str:
    """“12 → 19”, “unchanged”, “new”, “note changed”, or a dash without a baseline."""
    kind = r.change.kind
    if kind == CHANGED:
        return f"{format_number(r.change.old_value)} → {format_number(r.value)}"
    if kind == UNCHANGED:
        return _("unchanged")
    if kind == NOTE_CHANGED:
        return _("note changed")
    if kind == ADDED:
        return _("new")
    return EMPTY
