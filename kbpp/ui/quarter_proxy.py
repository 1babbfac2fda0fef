"""The grid's filter: words typed in the search box, and "only missing / note / below target"."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)

from kbpp.plan_tree import query_words, search_fold
from kbpp.ui.quarter_model import QuarterModel, RowState

Index = QModelIndex | QPersistentModelIndex
HUNDRED = Decimal(100)


class RowFilter(Enum):
    ALL = "all"
    MISSING = "missing"
    NOTE = "note"
    BELOW_TARGET = "below"


def passes(mode: RowFilter, state: RowState) -> bool:
    if mode is RowFilter.MISSING:
        return state.value_missing
    if mode is RowFilter.NOTE:
        return state.note_missing
    if mode is RowFilter.BELOW_TARGET:
        rate = state.result.printed_rate
        return rate is not None and rate < HUNDRED
    return True


class QuarterFilter(QSortFilterProxyModel):
    """Keeps rows whose code, name or directorate contain every typed word (Turkish case and
    accents ignored, as in the tree) and that pass the chosen row filter for the open quarter.

    The accepted rows are worked out in one pass in Python (`refilter`), so the per-row call Qt
    makes is a set lookup: thousands of rows are filtered on every keystroke.

    The cells shown are read straight from the grid's model (`data`, `multiData`, `flags`):
    Qt's way maps each index and asks the model for it, three calls from C++ into Python for
    each role of each cell painted. The rows are never sorted, so the n-th row shown is the
    n-th accepted source row, exactly as Qt maps it (tests compare the two for every cell).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._text = ""  # the search text as typed, to tell typing on from editing
        self._mode = RowFilter.ALL
        self._keys: list[str] | None = None  # per source row: its folded search text
        self._keys_of: object = None  # the sheet the keys were made for
        self._accepted: set[int] | None = None  # source rows shown; None: all
        self._grid: QuarterModel | None = None
        self._shown: list[int] = []  # the accepted source rows in order, when not all
        self._shown_of: tuple[set[int] | None, int] = (None, -1)  # (accepted, row count)
        # A row that stops matching after an edit stays until the filter is applied again:
        # a clerk filling "only missing" must not see the row jump away under the cursor.
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # type: ignore[override]
        super().setSourceModel(model)
        self._grid = model if isinstance(model, QuarterModel) else None
        model.destroyed.connect(self._source_gone)  # no cell read from a deleted model
        # The keys are made once per sheet, right after it is shown (not on the first key).
        model.modelReset.connect(lambda: QTimer.singleShot(0, self, self._search_keys))
        model.rowsInserted.connect(lambda: QTimer.singleShot(0, self, self._search_keys))

    @property
    def mode(self) -> RowFilter:
        return self._mode

    def set_query(self, text: str) -> None:
        words = query_words(text)
        if words != self._words:
            # Typing on (the text only grew) can only narrow the match: search the rows shown.
            narrowing = (
                self._accepted is not None
                and self._mode is RowFilter.ALL
                and text.startswith(self._text)
            )
            self._words, self._text = words, text
            self.refilter(within=self._accepted if narrowing else None)
        self._text = text

    def set_mode(self, mode: RowFilter) -> None:
        if mode != self._mode:
            self._mode = mode
        self.refilter()

    def refilter(self, within: set[int] | None = None) -> None:
        """Apply the words and the row filter to the rows as they are now (to the rows
        `within` only, when the others cannot match)."""
        self._show_rows(self._accept(within))

    def accept_appended(self, first_new: int) -> None:
        """Judge the rows appended from `first_new` on; the rows before keep their fate (a row
        edited so that it no longer matches stays, as after any edit)."""
        model = self.sourceModel()
        count = model.rowCount() if model is not None else 0
        new = self._accept(set(range(first_new, count)))
        if new is None:
            return  # no filter: Qt has taken the new rows in
        before = set(range(first_new)) if self._accepted is None else self._accepted
        self._show_rows(before | new)

    def _show_rows(self, accepted: set[int] | None) -> None:
        """Show the source rows `accepted` (None: all), telling Qt only when that changes."""
        model = self.sourceModel()
        if accepted is not None and model is not None and len(accepted) == model.rowCount():
            accepted = None  # every row: as if unfiltered
        if accepted == self._accepted:
            return  # e.g. "P" when every code starts with P: nothing for Qt to redo
        self.beginFilterChange()
        self._accepted = accepted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _accept(self, within: set[int] | None = None) -> set[int] | None:
        model = self.sourceModel()
        if not isinstance(model, QuarterModel) or (not self._words and self._mode is RowFilter.ALL):
            return None
        words, mode = self._words, self._mode
        rows: range | list[int] = range(model.rowCount()) if within is None else sorted(within)
        if words:
            keys = self._search_keys()
            rows = [row for row in rows if all(w in keys[row] for w in words)]
        if mode is RowFilter.ALL:
            return set(rows)
        return {row for row in rows if passes(mode, model.state(row))}

    def _search_keys(self) -> list[str]:
        """Code, card, name and directorate of every row, folded once per sheet (the texts do
        not change with edits), so that a keystroke only compares strings."""
        model = self.sourceModel()
        sheet = model.sheet if isinstance(model, QuarterModel) else None
        if self._keys is None or self._keys_of is not sheet or len(self._keys) != model.rowCount():
            facts = [model.row(row).facts for row in range(model.rowCount())] if sheet else []
            self._keys = [
                search_fold(f"{f.code} {f.target_code} {f.name} {f.directorate}") for f in facts
            ]
            self._keys_of = sheet
        return self._keys

    def _source_gone(self) -> None:
        self._grid = None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._source_row(index)
        if row is None:
            return super().data(index, role)
        return self._grid.cell_data(row, index.column(), role)  # type: ignore[union-attr]

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan) -> None:
        """What a cell's paint asks for, all roles in one call (Qt's proxy would call `data`
        once per role)."""
        row = self._source_row(index)
        if row is None:
            super().multiData(index, roleDataSpan)
            return
        column, cell = index.column(), self._grid.cell_data  # type: ignore[union-attr]
        for role_data in roleDataSpan:
            value = cell(row, column, role_data.role())
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        row = self._source_row(index)
        if row is None:
            return super().flags(index)
        return self._grid.cell_flags(row, index.column())  # type: ignore[union-attr]

    def _source_row(self, index: Index) -> int | None:
        """The grid model's row shown at `index`; None to let Qt map it."""
        grid = self._grid
        if grid is None or not index.isValid():
            return None
        row, count = index.row(), grid.rowCount()
        accepted = self._accepted
        if accepted is None:  # every row, in order
            return row if row < count else None
        if self._shown_of[0] is not accepted or self._shown_of[1] != count:
            self._shown = sorted(r for r in accepted if r < count)
            self._shown_of = (accepted, count)
        return self._shown[row] if row < len(self._shown) else None

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._accepted is None or source_row in self._accepted
