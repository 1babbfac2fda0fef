"""The grid's cell editor: a line edit whose validator applies the Turkish number-entry rules.

Invalid text is never committed: Enter keeps the editor open and `problem` carries the reason
from `kbpp.number_input.parse_number` (e.g. why "1.5" is refused), which the page shows.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kbpp.number_input import NumberInputError, parse_number
from kbpp.ui.quarter_model import column_quarter

Index = QModelIndex | QPersistentModelIndex


def parse_cell(text: str) -> Decimal | None:
    """Empty text clears the cell; anything else must be a number (NumberInputError if not)."""
    return None if not text.strip() else parse_number(text)


class NumberValidator(QValidator):
    """Acceptable only when `parse_cell` accepts; otherwise Intermediate, with the reason."""

    problem = Signal(str)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        try:
            parse_cell(text)
        except NumberInputError as exc:
            self.problem.emit(str(exc))
            return QValidator.State.Intermediate, text, pos
        self.problem.emit("")
        return QValidator.State.Acceptable, text, pos


class QuarterDelegate(QStyledItemDelegate):
    """Edits quarter cells; other columns (the note opens its own dialog) use no editor."""

    problem = Signal(str)
    """The reason the typed text is not a number ("" when it is)."""
    committed = Signal(QModelIndex)
    """A value was saved: the source model's index."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget | None:
        if column_quarter(index.column()) is None:
            return None
        editor = QLineEdit(parent)
        editor.setObjectName("QuarterCellEditor")
        editor.setFrame(False)
        validator = NumberValidator(editor)
        validator.problem.connect(self.problem)
        validator.problem.connect(editor.setToolTip)
        editor.setValidator(validator)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Commit only what parses; a refused text leaves the cell as it was."""
        if not isinstance(editor, QLineEdit):
            return
        try:
            value = parse_cell(editor.text())
        except NumberInputError as exc:
            self.problem.emit(str(exc))
            return
        if model.setData(index, value):
            source = model.mapToSource(index) if isinstance(model, QSortFilterProxyModel) else index
            self.committed.emit(QModelIndex(source))
