"""The grid's table view with the spreadsheet keyboard clerks know from Excel.

Typing overwrites the cell, F2 edits it, Enter commits and moves down, Tab commits and moves
right, Delete clears the selected cells, Ctrl+C copies and Ctrl+V pastes a block. On a note cell,
Enter, F2, a double-click or typing opens the note editor instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from kbpp.ui.quarter_model import COL_NOTE

Index = QModelIndex | QPersistentModelIndex
EndEditHint = QAbstractItemDelegate.EndEditHint
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class QuarterTableView(QTableView):
    note_requested = Signal(QModelIndex)
    clear_requested = Signal()
    copy_requested = Signal()
    paste_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QuarterTable")
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().setSectionResizeMode(self.verticalHeader().ResizeMode.Fixed)

    def edit(  # type: ignore[override]
        self,
        index: Index,
        trigger: QAbstractItemView.EditTrigger | None = None,
        event: QEvent | None = None,
    ) -> bool:
        if trigger is None:
            return super().edit(index)
        if index.isValid() and index.column() == COL_NOTE:
            opening = (
                QAbstractItemView.EditTrigger.DoubleClicked,
                QAbstractItemView.EditTrigger.EditKeyPressed,
                QAbstractItemView.EditTrigger.AnyKeyPressed,
            )
            if trigger in opening and index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.note_requested.emit(QModelIndex(index))
                return True
            return False
        return super().edit(index, trigger, event)

    def closeEditor(self, editor: QWidget, hint: EndEditHint) -> None:
        """Enter moves down and Tab moves right, like a spreadsheet (not to the next editable
        cell, which is Qt's default)."""
        current = self.currentIndex()
        moves = {
            EndEditHint.SubmitModelCache: (1, 0),
            EndEditHint.EditNextItem: (0, 1),
            EndEditHint.EditPreviousItem: (0, -1),
        }
        step = moves.get(hint)
        super().closeEditor(editor, EndEditHint.NoHint if step else hint)
        if step is not None:
            self._move(current, *step)

    def _move(self, current: QModelIndex, rows: int, columns: int) -> None:
        model = self.model()
        row = min(max(current.row() + rows, 0), model.rowCount() - 1)
        column = current.column() + columns
        while 0 <= column < model.columnCount() and self.isColumnHidden(column):
            column += 1 if columns >= 0 else -1
        column = min(max(column, 0), model.columnCount() - 1)
        if self.isColumnHidden(column):
            column = current.column()
        self.setCurrentIndex(model.index(row, column))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            self.clear_requested.emit()
        elif event.key() in _ENTER and self.state() != QAbstractItemView.State.EditingState:
            if current.isValid() and current.column() == COL_NOTE:
                self.edit(current, QAbstractItemView.EditTrigger.EditKeyPressed, event)
            elif current.isValid():
                self._move(current, 1, 0)
        else:
            super().keyPressEvent(event)
