"""Activities and costs (Faaliyetler ve maliyetler): the year's activities × economic codes and
off-budget sources with computed totals, or the spending per quarter.

Used on its own for a year (and directorate), and inside the goal-card editor for one card.
Amounts are typed the Turkish way ("1.234,50"); totals follow at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kbpp import activity_sheet as sheet_mod
from kbpp.errors import KbppError
from kbpp.i18n import _, on_language_changed
from kbpp.storage import Database
from kbpp.ui.activity_model import ActivityModel
from kbpp.ui.card_table import CardTableView

BANNER_STYLE = "background: #fff3cd; color: #5c4400; padding: 4px 8px; border: 1px solid #e0c36b;"
ERROR_STYLE = "color: #b00020;"
NEED, SPENDING = "need", "spending"


def add_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def make_action(parent: QWidget, shortcut: QKeySequence | QKeySequence.StandardKey) -> QAction:
    """An action whose shortcut works while focus is anywhere inside `parent`."""
    action = QAction(parent)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    parent.addAction(action)
    return action


class ActivityGrid(QWidget):
    """`changed` is emitted after every saved edit (a cost, a spending, a name, a row)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._target_id: int | None = None
        self.model = ActivityModel(db, self)
        self.model.saved.connect(self._saved)
        self.model.failed.connect(self._show_error)

        self.view_label = QLabel()
        self.view_combo = QComboBox()
        self.view_label.setBuddy(self.view_combo)
        self.view_combo.currentIndexChanged.connect(self._apply_view)
        self.add_action = make_action(self, QKeySequence(Qt.Key.Key_Insert))
        self.remove_action = make_action(self, QKeySequence("Ctrl+Delete"))
        self.up_action = make_action(self, QKeySequence("Ctrl+Up"))
        self.down_action = make_action(self, QKeySequence("Ctrl+Down"))
        self.add_action.triggered.connect(self.add_activity)
        self.remove_action.triggered.connect(self.remove_activity)
        self.up_action.triggered.connect(lambda: self.move_activity(-1))
        self.down_action.triggered.connect(lambda: self.move_activity(1))
        self.unit_label = QLabel()
        self.unit_label.setWordWrap(True)  # a hint: it may take two lines on a narrow screen
        self.unit_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.view_label)
        tools.addWidget(self.view_combo)
        tools.addSpacing(12)
        for action in (self.add_action, self.remove_action, self.up_action, self.down_action):
            tools.addWidget(add_button(action))
        tools.addStretch(1)
        tools.addWidget(self.unit_label, 1)

        self.banner = QLabel()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.table = CardTableView()
        self.table.setModel(self.model)
        self.table.clear_requested.connect(self.model.clear)
        self.table.delegate.problem.connect(self._show_problem)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._apply_view)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.retranslate_ui()
        self._unsubscribe = on_language_changed(lambda _code: self.retranslate_ui())
        self.destroyed.connect(lambda *_a, u=self._unsubscribe: u())

    # --- text ----------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.view_label.setText(_("&Show:"))
        current = self.view_combo.currentIndex()
        self.view_combo.blockSignals(True)
        self.view_combo.clear()
        self.view_combo.addItem(_("Resource need by economic code"), NEED)
        self.view_combo.addItem(_("Spending per quarter"), SPENDING)
        self.view_combo.setCurrentIndex(max(current, 0))
        self.view_combo.blockSignals(False)
        self.add_action.setText(_("Add activity"))
        self.add_action.setToolTip(_("Add an activity to the current card (Insert)"))
        self.remove_action.setText(_("Remove"))
        self.remove_action.setToolTip(_("Remove the current activity (Ctrl+Delete)"))
        self.up_action.setText(_("Move up"))
        self.up_action.setToolTip(_("Move the current activity up (Ctrl+Up)"))
        self.down_action.setText(_("Move down"))
        self.down_action.setToolTip(_("Move the current activity down (Ctrl+Down)"))
        self.unit_label.setText(_("Amounts in ₺; totals are computed."))
        self.model.retranslate()

    # --- showing -------------------------------------------------------------------------
    def show_year(self, year: int, directorate: str | None) -> None:
        """Every card of the year, or of one directorate (its exact name)."""
        self._target_id = None
        self._load(year, directorate, None)

    def show_card(self, year: int, target_id: int) -> None:
        """One card's activities (the goal-card editor embeds the grid this way)."""
        self._target_id = target_id
        self._load(year, None, target_id)

    def _load(self, year: int, directorate: str | None, target_id: int | None) -> None:
        self.message.clear()
        try:
            self.model.load(year, directorate, target_id)
        except KbppError as exc:
            self.model.set_sheet(None)
            self._show_error(str(exc))
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, self.model.column_of("name")))
        self._update_banner()

    def _apply_view(self, *_args: object) -> None:
        spending = self.view_combo.currentData() == SPENDING
        header = self.table.horizontalHeader()
        for section, column in enumerate(self.model.columns):
            if column.field == "card":
                hidden = self._target_id is not None
            elif column.field in ("name", "total"):
                hidden = False
            elif column.field in ("spent", "spent_total"):
                hidden = not spending
            else:
                hidden = spending
            self.table.setColumnHidden(section, hidden)
            width = {"card": 90, "name": 520 if spending else 300, "responsible": 170}
            fitting = max(width.get(column.field, 96), header.sectionSizeHint(section))
            header.resizeSection(section, fitting)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_banner()

    def _update_banner(self) -> None:
        """The lock of the current row's card (or of the shown card)."""
        sheet = self.model.sheet
        target_id = self._row_target() if sheet else None
        lock = sheet.card(target_id).lock if sheet and target_id is not None else None
        locked = lock is not None and lock.locked
        self.banner.setVisible(locked and self._target_id is None)  # the card editor has its own
        if lock is not None and locked:
            self.banner.setText(
                _(
                    "Read-only resource need: {reason} Spending of open quarters can still be "
                    "entered."
                ).format(reason=lock.message())
            )
        for action in (self.add_action, self.remove_action, self.up_action, self.down_action):
            action.setEnabled(target_id is not None and not locked)

    def _row_target(self) -> int | None:
        """The card of the current row (or the shown card)."""
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.row(index.row()).target_id
        return self._target_id

    def _current_target(self) -> int | None:
        """The card a row action applies to; none while a cell is being edited."""
        return None if self.table.editing else self._row_target()

    def _current_activity(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.table.editing:
            return None
        activity = self.model.row(index.row()).activity
        return activity.id if activity else None

    # --- edits ---------------------------------------------------------------------------
    def _saved(self) -> None:
        self.message.clear()
        self._update_banner()
        self.changed.emit()

    def _show_error(self, message: str) -> None:
        self.message.setText(message)

    def _show_problem(self, reason: str) -> None:
        self.message.setText(reason)

    def _run(self, action: Callable[[], object], target_id: int) -> bool:
        """One domain write; then the card is read again and `changed` goes out."""
        try:
            result = action()
        except KbppError as exc:
            self._show_error(str(exc))
            return False
        self.model.reload_card(target_id)
        self._saved()
        return result is not False

    def add_activity(self) -> None:
        target_id = self._current_target()
        if target_id is None:
            return
        added: list[int] = []
        if self._run(lambda: added.append(sheet_mod.add_activity(self._db, target_id)), target_id):
            self._focus(added[0], "name")

    def remove_activity(self) -> None:
        activity_id, target_id = self._current_activity(), self._current_target()
        if activity_id is None or target_id is None:
            return
        row = self.table.currentIndex().row()
        if self._run(lambda: sheet_mod.remove_activity(self._db, activity_id), target_id):
            row = min(row, self.model.rowCount() - 1)
            self.table.setCurrentIndex(self.model.index(row, self.model.column_of("name")))

    def move_activity(self, delta: int) -> None:
        activity_id, target_id = self._current_activity(), self._current_target()
        if activity_id is None or target_id is None:
            return
        column = self.table.currentIndex().column()
        if self._run(lambda: sheet_mod.move_activity(self._db, activity_id, delta), target_id):
            row = self.model.row_of_activity(activity_id)
            self.table.setCurrentIndex(self.model.index(row, column))

    def _focus(self, activity_id: int, field: str) -> None:
        index = self.model.index(
            self.model.row_of_activity(activity_id), self.model.column_of(field)
        )
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus()
