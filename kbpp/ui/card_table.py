"""The editing table shared by the goal-card editor and the activity grid: a view that edits on
Enter/F2 and clears on Delete, and one delegate whose editors validate as the user types.

The models tell the delegate what each cell needs (`EDITOR_ROLE`): a line edit checked by the
model's `check(index, text)` (the reason is shown while typing, and Enter/Tab are refused until
the text is acceptable), a fixed list of choices, or a list of suggestions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex

EDITOR_ROLE = Qt.ItemDataRole.UserRole + 10
"""What a cell's editor is: "line", "choice" (fixed list) or "suggest" (free text with a list)."""
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 11
"""[(value, label), …] for "choice" and "suggest" cells; the value None clears the field."""
INVALID_STYLE = "QLineEdit { background: #fde7e9; }"


class CheckValidator(QValidator):
    """Acceptable when `check(text)` finds nothing wrong; else Intermediate with the reason, so
    that Qt keeps the editor open on Enter and Tab (the delegate refuses unacceptable input)."""

    problem = Signal(str)

    def __init__(self, check: Callable[[str], str | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        reason = self._check(text)
        self.problem.emit(reason or "")
        state = QValidator.State.Acceptable if reason is None else QValidator.State.Intermediate
        return state, text, pos


class CardDelegate(QStyledItemDelegate):
    """Editors for the card tables; `problem` carries the reason typed text is refused ("" when
    it is fine), for the widget's message line."""

    problem = Signal(str)
    typed = Signal(QModelIndex, str)
    """Each keystroke of a line editor, with its cell (for warnings that never block)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        kind = index.data(EDITOR_ROLE) or "line"
        if kind in ("choice", "suggest"):
            combo = QComboBox(parent)
            combo.setEditable(kind == "suggest")
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for value, label in index.data(CHOICES_ROLE) or []:
                combo.addItem(label, value)
            return combo
        editor = QLineEdit(parent)
        model = index.model()
        persistent = QPersistentModelIndex(index)
        editor.textEdited.connect(lambda text: self.typed.emit(QModelIndex(persistent), text))
        check = getattr(_source(model), "check", None)
        if check is not None:
            validator = CheckValidator(lambda text: check(persistent, text), editor)
            validator.problem.connect(lambda reason: self._show(editor, reason))
            editor.setValidator(validator)
        return editor

    def _show(self, editor: QLineEdit, reason: str) -> None:
        editor.setToolTip(reason)
        editor.setStyleSheet(INVALID_STYLE if reason else "")
        self.problem.emit(reason)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            if found >= 0:
                editor.setCurrentIndex(found)
            elif editor.isEditable():
                editor.setEditText(value or "")
            return
        assert isinstance(editor, QLineEdit)
        editor.setText("" if value is None else str(value))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            # A suggestion list offers texts: what is typed is the value.
            value = editor.currentText() if editor.isEditable() else editor.currentData()
            model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        assert isinstance(editor, QLineEdit)
        if editor.hasAcceptableInput():
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        self.problem.emit("")


def _source(model: QAbstractItemModel) -> QAbstractItemModel:
    """The model behind any proxies: it is the one that knows how to check a cell."""
    source = getattr(model, "sourceModel", None)
    while source is not None and source() is not None:
        model = source()
        source = getattr(model, "sourceModel", None)
    return model


class CardTableView(QTableView):
    """Keyboard first: Enter or F2 edits the current cell, Delete clears it, Tab moves on."""

    clear_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    @property
    def editing(self) -> bool:
        """A cell editor is open: row actions (add, remove, move) wait, so that a shortcut such
        as Ctrl+Delete typed in the editor never removes the row instead."""
        return self.state() == QAbstractItemView.State.EditingState

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if not self.editing and index.isValid():
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.edit(index)
                return
            if (
                event.key() == Qt.Key.Key_Delete
                and event.modifiers() == Qt.KeyboardModifier.NoModifier
            ):
                self.clear_requested.emit(index)
                return
        super().keyPressEvent(event)
