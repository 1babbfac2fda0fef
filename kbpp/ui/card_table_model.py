"""What the goal card's indicator table and the activity sheet share as Qt models.

Both show one column per field (a small `field`/`arg` dataclass), write each accepted edit at
once and report it as `saved()` or `failed(message)`, answer the delegate's `check(index, text)`
while the user types, and offer the directorates (read once) as choices. The content, the
parsing and the writes stay with each model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from kbpp import cards
from kbpp.errors import KbppError
from kbpp.storage import Database

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class CardTableModel(QAbstractTableModel):
    """A table whose columns have `field` and `arg`; subclasses fill `_columns` and implement
    `_parse(index, text)`, which raises a `KbppError` for text the cell cannot take."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._columns: list[Any] = []
        self._names: list[str] | None = None  # directorates, read when first offered

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def column_of(self, field: str, arg: Any = None) -> int:
        return [(c.field, c.arg) for c in self._columns].index((field, arg))

    def repaint_all(self) -> None:
        """Every cell changed (same rows and columns, new values or new language)."""
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def retranslate(self) -> None:
        """Headers and cell labels in the new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))
        self.repaint_all()

    def check(self, index: Index, text: str) -> str | None:
        """Why `text` cannot go into the cell (shown while typing), or None."""
        try:
            self._parse(index, text)
        except KbppError as exc:
            return str(exc)
        return None

    def _parse(self, index: Index, text: str) -> Any:
        raise NotImplementedError

    def _directorate_names(self) -> list[str]:
        if self._names is None:
            self._names = cards.directorate_names(self._db)
        return self._names
