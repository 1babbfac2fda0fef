"""The "This quarter" grid's table model: one row per indicator of the entry sheet.

The model keeps the sheet in memory and recomputes a row's rate, band, warnings and missing
flags after each edit (the engine is pure), so painting never reads the database. Edits go
through `setData`, which pushes an undoable command; the command saves through `saver` (the
domain's `save_entries`, one transaction) before the row changes on screen.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPixmap, QUndoCommand, QUndoStack

from kbpp.errors import KbppError
from kbpp.evaluation.engine import IndicatorResult
from kbpp.formatting import EMPTY, format_number, format_rate
from kbpp.i18n import _
from kbpp.office.marks import comment_text, office_entry_text
from kbpp.quarter_entry import (
    QUARTERS,
    Entry,
    EntryRow,
    EntrySheet,
    evaluate_row,
    plausibility_warnings,
)
from kbpp.values import ValueChange

Index = QModelIndex | QPersistentModelIndex
Saver = Callable[[Sequence[Entry]], list[ValueChange]]

(
    COL_CODE,
    COL_NAME,
    COL_DIRECTORATE,
    COL_UNIT,
    COL_TARGET,
    COL_Q1,
    COL_Q2,
    COL_Q3,
    COL_Q4,
    COL_YTD,
    COL_RATE,
    COL_BAND,
    COL_NOTE,
) = range(13)
COLUMN_COUNT = 13
QUARTER_COLUMNS = (COL_Q1, COL_Q2, COL_Q3, COL_Q4)
NUMBER_COLUMNS = frozenset({COL_TARGET, *QUARTER_COLUMNS, COL_YTD, COL_RATE})
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's EntryRow."""
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
"""A quarter cell's Decimal (or None), for copying and tests."""

LOCKED_BACKGROUND = QColor("#e6e6e6")
LOCKED_TEXT = QColor("#6b6b6b")
WARNING_BACKGROUND = QColor("#fff3c4")
OPEN_BACKGROUND = QColor("#eef5ff")
REQUIRED_TEXT = QColor("#b71c1c")
OFFICE_MARK = "#6a1b9a"  # a value the strategy office entered
COMMENT_MARK = "#e65100"  # a value the strategy office commented on
_ROOT = QModelIndex()
# The roles a delegate asks for on paint besides the text, cached per cell like the texts.
_LOOK_ROLES = tuple(
    int(role)
    for role in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
    )
)
_LOOK_SLOTS = {role: slot for slot, role in enumerate(_LOOK_ROLES)}
_CHECK_STATE_ROLE = int(Qt.ItemDataRole.CheckStateRole)
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable


@dataclass(frozen=True)
class RowState:
    """What the grid knows about a row for the open quarter, recomputed after each edit."""

    result: IndicatorResult
    value_missing: bool
    note_missing: bool
    warnings: tuple[str, ...]


def row_state(sheet: EntrySheet, row: EntryRow, quarter: int) -> RowState:
    """The row's state for `quarter`; Qt-free, so the loading thread can make them all."""
    result = evaluate_row(sheet, row, quarter)
    period = QUARTERS[quarter - 1]
    value = row.facts.values.get(period)
    return RowState(
        result=result,
        value_missing=value is None,
        note_missing=result.note_required and not row.notes.get(period),
        warnings=tuple(plausibility_warnings(row.facts, period, value)),
    )


def column_quarter(column: int) -> int | None:
    """1-4 for a quarter column, else None."""
    return QUARTER_COLUMNS.index(column) + 1 if column in QUARTER_COLUMNS else None


class QuarterModel(QAbstractTableModel):
    """Rows of the sheet; only the open quarter's cells (and its notes) are editable."""

    failed = QtSignal(str)
    """A save was refused (a lock, a vanished indicator): the sentence to show."""
    changed = QtSignal()
    """Values changed (an edit, an undo): counts and the status bar are out of date."""

    def __init__(self, saver: Saver, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._saver = saver
        self._sheet: EntrySheet | None = None
        self._rows: list[EntryRow] = []
        self._states: list[RowState] = []
        self._warned: set[int] = set()  # rows whose state has warnings
        self._by_id: dict[int, int] = {}
        self._directorates: frozenset[str] = frozenset()
        self._quarter = 1
        self._icons: dict[str, QIcon] = {}
        # Display texts, made once per cell: Babel formatting is too slow to repeat on paint.
        self._texts: dict[tuple[int, int], str] = {}
        self._looks: dict[tuple[int, int], tuple[Any, ...]] = {}  # the _LOOK_ROLES of a cell
        self.undo_stack = QUndoStack(self)
        self._saved = True  # whether the last pushed edit was saved

    # --- content -------------------------------------------------------------------------
    @property
    def sheet(self) -> EntrySheet | None:
        return self._sheet

    @property
    def quarter(self) -> int:
        return self._quarter

    @property
    def period(self) -> str:
        return QUARTERS[self._quarter - 1]

    def set_sheet(
        self, sheet: EntrySheet | None, quarter: int, states: list[RowState] | None = None
    ) -> None:
        """Show another sheet (year, directorate); the undo history belongs to the old one.
        `states`: the rows' states for `quarter`, when the loading thread has made them."""
        self.beginResetModel()
        self._sheet = sheet
        self._rows = list(sheet.rows) if sheet else []
        self._directorates = frozenset(row.facts.directorate for row in self._rows)
        self._by_id = {row.indicator_id: i for i, row in enumerate(self._rows)}
        self._quarter = quarter
        if states is None or len(states) != len(self._rows):
            states = [self._state(row) for row in self._rows]
        self._states = states
        self._warned = {i for i, state in enumerate(self._states) if state.warnings}
        self._texts.clear()
        self._looks.clear()
        self.undo_stack.clear()
        self.endResetModel()
        self.changed.emit()

    @property
    def complete(self) -> bool:
        """False while the grid shows only the first rows of its sheet (the rest is loading)."""
        return self._sheet is None or self._sheet.complete

    def complete_sheet(
        self, sheet: EntrySheet, quarter: int, states: list[RowState] | None = None
    ) -> None:
        """The whole sheet, after its first rows were shown: those rows stay as they are (with
        any edit made meanwhile, and its undo step) and the others are appended. When the
        first rows are not the ones shown (the plan changed in between), it replaces them."""
        old, shown = self._sheet, len(self._rows)
        if (
            old is None
            or old.complete
            or [r.indicator_id for r in sheet.rows[:shown]] != [r.indicator_id for r in self._rows]
        ):
            self.set_sheet(sheet, quarter, states)
            return
        rest = sheet.rows[shown:]
        if states is None or quarter != self._quarter or len(states) != len(sheet.rows):
            rest_states = [row_state(sheet, row, self._quarter) for row in rest]  # rare
        else:
            rest_states = states[shown:]
        # The office's marks include those of edits made meanwhile.
        self._sheet = replace(sheet, office_entries={**sheet.office_entries, **old.office_entries})
        if rest:
            self.beginInsertRows(_ROOT, shown, shown + len(rest) - 1)
            self._rows.extend(rest)
            self._states.extend(rest_states)
            self._by_id.update((row.indicator_id, shown + i) for i, row in enumerate(rest))
            self._warned.update(shown + i for i, s in enumerate(rest_states) if s.warnings)
            self._directorates = frozenset(row.facts.directorate for row in self._rows)
            self.endInsertRows()
        if shown:  # the rows shown may now carry the office's comments and marks
            self._looks.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(shown - 1, COLUMN_COUNT - 1))
        self.changed.emit()

    def set_quarter(self, quarter: int) -> None:
        """Open another quarter: rates become year to date through it."""
        if quarter == self._quarter:
            return
        self.beginResetModel()
        self._quarter = quarter
        self._states = [self._state(row) for row in self._rows]
        self._warned = {i for i, state in enumerate(self._states) if state.warnings}
        self._texts.clear()
        self._looks.clear()
        self.endResetModel()
        self.changed.emit()

    @property
    def directorates(self) -> frozenset[str]:
        """The directorates of the sheet's rows (asked after every edit: made once)."""
        return self._directorates

    def row(self, row: int) -> EntryRow:
        return self._rows[row]

    def state(self, row: int) -> RowState:
        return self._states[row]

    def row_of(self, indicator_id: int) -> int:
        return self._by_id[indicator_id]

    def warning_rows(self) -> list[int]:
        """The rows with plausibility warnings, in order (kept up to date after each edit, so
        the warnings list never walks thousands of rows on a keystroke)."""
        return sorted(self._warned)

    def missing_counts(self) -> tuple[int, int]:
        """(values missing, notes missing) for the open quarter."""
        values = sum(1 for s in self._states if s.value_missing)
        notes = sum(1 for s in self._states if s.note_missing)
        return values, notes

    def _state(self, row: EntryRow) -> RowState:
        assert self._sheet is not None
        return row_state(self._sheet, row, self._quarter)

    def lock_message(self, row: int, quarter: int) -> str | None:
        """Why the row's quarter cannot change, or None when it can."""
        if self._sheet is None:
            return None
        lock = self._sheet.lock(self._rows[row].facts.directorate, quarter)
        return lock.message() if lock.locked else None

    def is_editable(self, index: Index) -> bool:
        return index.isValid() and self._editable(index.row(), index.column())

    def _editable(self, row: int, column: int) -> bool:
        quarter = column_quarter(column) if column != COL_NOTE else self._quarter
        return quarter == self._quarter and self.lock_message(row, quarter) is None

    # --- edits ---------------------------------------------------------------------------
    def entry(self, row: int) -> Entry:
        """The open quarter's cell of `row` as it is now."""
        entry_row = self._rows[row]
        period = self.period
        return Entry(
            entry_row.indicator_id,
            period,
            entry_row.facts.values.get(period),
            entry_row.notes.get(period),
        )

    def push_edits(self, new: Sequence[Entry], text: str) -> bool:
        """Save `new` as one undo step; False (and `failed` emitted) when nothing was saved."""
        old = [self.entry(self.row_of(e.indicator_id)) for e in new]
        changed = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
        if not changed:
            return True
        command = EditCommand(self, [o for o, _n in changed], [n for _o, n in changed], text)
        self._saved = True
        self.undo_stack.push(command)  # a refused first redo deletes the obsolete command
        return self._saved

    def apply(self, entries: Sequence[Entry]) -> bool:
        """Write `entries` (one transaction) and show them; False with `failed` on refusal."""
        try:
            self._saver(entries)
        except KbppError as exc:
            self._saved = False
            self.failed.emit(str(exc))
            return False
        rows = set()
        for entry in entries:
            row = self._by_id[entry.indicator_id]
            self._rows[row] = self._rows[row].with_entry(entry.period, entry.value, entry.note)
            state = self._states[row] = self._state(self._rows[row])
            if state.warnings:
                self._warned.add(row)
            else:
                self._warned.discard(row)
            for column in range(COLUMN_COUNT):
                self._texts.pop((row, column), None)
                self._looks.pop((row, column), None)
            rows.add(row)
        if rows:  # one refresh for a pasted block, not one per row
            top, bottom = min(rows), max(rows)
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, COLUMN_COUNT - 1))
        self.changed.emit()
        return True

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A value (Decimal or None) for the open quarter's cell, or its note (text)."""
        if role != Qt.ItemDataRole.EditRole or not self.is_editable(index):
            return False
        current = self.entry(index.row())
        if index.column() == COL_NOTE:
            new = Entry(current.indicator_id, current.period, current.value, value or None)
            text = _("Note of {code}").format(code=self._rows[index.row()].facts.code)
        else:
            new = Entry(current.indicator_id, current.period, value, current.note)
            text = _("Value of {code}").format(code=self._rows[index.row()].facts.code)
        return self.push_edits([new], text)

    # --- QAbstractTableModel -------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self.cell_flags(index.row(), index.column())

    def cell_flags(self, row: int, column: int) -> Qt.ItemFlag:
        """`flags` of a cell by its row and column (see `cell_data`)."""
        return _EDITABLE if self._editable(row, column) else _SELECTABLE

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        quarter = column_quarter(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if quarter is not None:
                return _("Q{quarter}").format(quarter=quarter)
            titles = {
                COL_CODE: _("Code"),
                COL_NAME: _("Indicator"),
                COL_DIRECTORATE: _("Directorate"),
                COL_UNIT: _("Unit"),
                COL_TARGET: _("Target"),
                COL_YTD: _("Year to date"),
                COL_RATE: _("Rate"),
                COL_BAND: _("Band"),
                COL_NOTE: _("Deviation note"),
            }
            return titles[section]
        if role == Qt.ItemDataRole.FontRole and quarter == self._quarter:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and quarter == self._quarter:
            return _("The open quarter: type the values here.")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self:
            return None
        return self.cell_data(index.row(), index.column(), role)

    def cell_data(self, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """`data` of a cell by its row and column: the filter proxy reads the cells it shows
        this way (see QuarterFilter.data)."""
        slot = _LOOK_SLOTS.get(role)
        if slot is not None:  # asked for every visible cell on every paint: made once per cell
            key = (row, column)
            looks = self._looks.get(key)
            if looks is None:
                looks = self._looks[key] = tuple(self._data(row, column, r) for r in _LOOK_ROLES)
            return looks[slot]
        if role == _CHECK_STATE_ROLE:
            return None
        return self._data(row, column, role)

    def _data(self, row: int, column: int, role: int) -> Any:
        entry_row, state = self._rows[row], self._states[row]
        quarter = column_quarter(column)
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._texts.get((row, column))
            if text is None:
                text = self._texts[(row, column)] = self._display(entry_row, state, column)
            return text
        if role == Qt.ItemDataRole.EditRole:
            if quarter is not None:
                value = entry_row.facts.values.get(QUARTERS[quarter - 1])
                return "" if value is None else format_number(value)
            if column == COL_NOTE:
                return entry_row.notes.get(self.period) or ""
            return self._display(entry_row, state, column)
        if role == ROW_ROLE:
            return entry_row
        if role == VALUE_ROLE and quarter is not None:
            return entry_row.facts.values.get(QUARTERS[quarter - 1])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_BAND and state.result.band:
            return self._icon(state.result.band.color)
        if role == Qt.ItemDataRole.DecorationRole and quarter is not None:
            return self._office_icon(entry_row, quarter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, entry_row, state, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, state, column, quarter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_NOTE and state.note_missing:
                return QBrush(REQUIRED_TEXT)
            if (quarter is not None or column == COL_NOTE) and not self._editable(row, column):
                return QBrush(LOCKED_TEXT)
        if role == Qt.ItemDataRole.FontRole and column == COL_NOTE and state.note_missing:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def retranslate(self) -> None:
        """Texts and numbers in the new language."""
        self._texts.clear()
        self._looks.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, COLUMN_COUNT - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _display(self, row: EntryRow, state: RowState, column: int) -> str:
        facts, result = row.facts, state.result
        quarter = column_quarter(column)
        if quarter is not None:
            return format_number(facts.values.get(QUARTERS[quarter - 1]))
        if column == COL_CODE:
            return facts.code
        if column == COL_NAME:
            return facts.name
        if column == COL_DIRECTORATE:
            return facts.directorate
        if column == COL_UNIT:
            return facts.unit or ""
        if column == COL_TARGET:
            return format_number(facts.target)
        if column == COL_YTD:
            return format_number(result.actual, 2 if result.aggregation == "average" else None)
        if column == COL_RATE:
            return format_rate(result.printed_rate)
        if column == COL_BAND:
            return result.band.key if result.band else EMPTY
        if column == COL_NOTE:
            note = row.notes.get(self.period)
            if note:
                return note
            return _("Note required") if state.note_missing else ""
        return ""

    def office_marks(self, entry_row: EntryRow, quarter: int) -> list[str]:
        """The office's comment on the row's quarter and why it entered the value, if so."""
        if self._sheet is None:
            return []
        marks = []
        comment = self._sheet.comments.get((entry_row.indicator_id, quarter))
        if comment:
            marks.append(comment_text(comment))
        reason = self._sheet.office_entries.get((entry_row.indicator_id, QUARTERS[quarter - 1]))
        if reason:
            marks.append(office_entry_text(reason))
        return marks

    def _office_icon(self, entry_row: EntryRow, quarter: int) -> QIcon | None:
        if self._sheet is None:
            return None
        if (entry_row.indicator_id, QUARTERS[quarter - 1]) in self._sheet.office_entries:
            return self._icon(OFFICE_MARK)
        if (entry_row.indicator_id, quarter) in self._sheet.comments:
            return self._icon(COMMENT_MARK)
        return None

    def _tooltip(self, row: int, entry_row: EntryRow, state: RowState, column: int) -> Any:
        quarter = column_quarter(column)
        if quarter is not None:
            marks = self.office_marks(entry_row, quarter)
            if marks:
                lock = self.lock_message(row, quarter)
                lines = [*marks, *([lock] if lock else [])]
                if quarter == self._quarter:
                    lines += state.warnings
                return "\n".join(lines)
        if column == COL_NOTE:
            quarter = self._quarter
        if quarter is not None:
            lock = self.lock_message(row, quarter)
            if lock:
                return lock
        if quarter == self._quarter and state.warnings:
            return "\n".join(state.warnings)
        if column == COL_NAME:
            return f"<p>{html.escape(entry_row.facts.name)}</p>"
        if column == COL_NOTE:
            note = entry_row.notes.get(self.period)
            if note:
                return f"<p>{html.escape(note)}</p>"
            if state.note_missing:
                return _("The rate is outside the thresholds: write a deviation note (Enter).")
        if column == COL_RATE and state.result.target is not None:
            return _("Year to date through Q{quarter}, compared with {target}.").format(
                quarter=self._quarter, target=format_number(state.result.target, 2)
            )
        return None

    def _background(self, row: int, state: RowState, column: int, quarter: int | None) -> Any:
        if quarter is None and column != COL_NOTE:
            return None
        shown = quarter or self._quarter
        if self.lock_message(row, shown) is not None:
            return QBrush(LOCKED_BACKGROUND)
        if shown == self._quarter and quarter is not None and state.warnings:
            return QBrush(WARNING_BACKGROUND)
        if shown == self._quarter:
            return QBrush(OPEN_BACKGROUND)
        return None

    def _icon(self, color: str) -> QIcon:
        """A coloured square per band colour, made once (painting must stay cheap)."""
        icon = self._icons.get(color)
        if icon is None:
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(color))
            icon = self._icons[color] = QIcon(pixmap)
        return icon


class EditCommand(QUndoCommand):
    """One undo step: a typed value, a note, a cleared cell, or a whole pasted block.

    `redo` saves the new entries and `undo` writes the old ones back, each in one transaction.
    A refused save makes the command obsolete, so the stack never holds a step that did not
    happen.
    """

    def __init__(
        self, model: QuarterModel, old: Sequence[Entry], new: Sequence[Entry], text: str
    ) -> None:
        super().__init__(text)
        self._model, self._old, self._new = model, list(old), list(new)

    def redo(self) -> None:
        if not self._model.apply(self._new):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._model.apply(self._old):
            self.setObsolete(True)
