"""The goal-card editor (Performans Hedef Kartı): the card's aim and objective, its performance
target sentence, its indicators with every field, and its activities with their resource need.

Each accepted edit is saved at once as one audited transaction and announced with `changed`.
A card is read-only once any quarter of its directorate's year is locked or accepted
(`kbpp.cards`); the banner and every cell's tooltip then say why and who can reopen it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kbpp import cards
from kbpp.cards import CardData
from kbpp.errors import KbppError
from kbpp.i18n import _, on_language_changed
from kbpp.storage import Database
from kbpp.ui.activity_grid import BANNER_STYLE, ERROR_STYLE, ActivityGrid, add_button, make_action
from kbpp.ui.card_indicator_model import IndicatorModel
from kbpp.ui.card_preview import CardPreview
from kbpp.ui.card_table import CardTableView

WARNING_STYLE = "color: #8a5300;"
COLUMN_WIDTHS = {"code": 110, "name": 300, "evidence": 200, "partners": 200, "unit": 80}


class CardEditor(QWidget):
    """`changed` is emitted after every saved edit of the shown card."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._year: int | None = None
        self._directorate: str | None = None
        self.indicators = IndicatorModel(db, self)
        self.indicators.saved.connect(self._indicator_saved)
        self.indicators.failed.connect(self._show_error)
        self.indicators.modelReset.connect(self._size_columns)
        self._build()
        self.retranslate_ui()
        self._unsubscribe = on_language_changed(lambda _code: self.retranslate_ui())
        self.destroyed.connect(lambda *_a, u=self._unsubscribe: u())

    # --- construction --------------------------------------------------------------------
    def _build(self) -> None:
        self.card_label = QLabel()
        self.card_combo = QComboBox()
        self.card_combo.setMinimumContentsLength(40)
        self.card_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.card_label.setBuddy(self.card_combo)
        self.card_combo.currentIndexChanged.connect(self._card_chosen)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.open_preview)
        make_action(self, QKeySequence("Ctrl+P")).triggered.connect(self.open_preview)
        top = QHBoxLayout()
        top.addWidget(self.card_label)
        top.addWidget(self.card_combo, 1)
        top.addWidget(self.preview_button)

        self.banner = QLabel()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.directorate_value = QLabel()
        self.aim_value = QLabel()
        self.objective_value = QLabel()
        for label in (self.aim_value, self.objective_value):
            label.setWordWrap(True)
        self.target_edit = QLineEdit()
        self.target_edit.editingFinished.connect(self._save_target_text)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_labels = [QLabel() for _i in range(4)]
        for label, field in zip(
            self.form_labels,
            (self.directorate_value, self.aim_value, self.objective_value, self.target_edit),
            strict=True,
        ):
            self.form.addRow(label, field)
        self.form_labels[3].setBuddy(self.target_edit)

        self.indicator_box = QGroupBox()
        box = self.indicator_box  # shortcuts act where the focus is: indicators or activities
        self.add_pg = make_action(box, QKeySequence(Qt.Key.Key_Insert))
        self.add_ig = make_action(box, QKeySequence("Ctrl+Insert"))
        self.remove_indicator = make_action(box, QKeySequence("Ctrl+Delete"))
        self.up_indicator = make_action(box, QKeySequence("Ctrl+Up"))
        self.down_indicator = make_action(box, QKeySequence("Ctrl+Down"))
        self.add_pg.triggered.connect(lambda: self.add_indicator("performance"))
        self.add_ig.triggered.connect(lambda: self.add_indicator("monitoring"))
        self.remove_indicator.triggered.connect(self.remove_current_indicator)
        self.up_indicator.triggered.connect(lambda: self.move_current_indicator(-1))
        self.down_indicator.triggered.connect(lambda: self.move_current_indicator(1))
        self._indicator_actions = (
            self.add_pg,
            self.add_ig,
            self.remove_indicator,
            self.up_indicator,
            self.down_indicator,
        )
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        for action in self._indicator_actions:
            tools.addWidget(add_button(action))
        tools.addStretch(1)
        self.indicator_table = CardTableView()
        self.indicator_table.setModel(self.indicators)
        self.indicator_table.clear_requested.connect(self.indicators.clear)
        self.indicator_table.delegate.problem.connect(self._show_problem)
        self.indicator_table.delegate.typed.connect(self._typed)
        self.weight_warning = QLabel()
        self.weight_warning.setWordWrap(True)
        self.weight_warning.setStyleSheet(WARNING_STYLE)
        box_layout = QVBoxLayout(self.indicator_box)
        box_layout.addLayout(tools)
        box_layout.addWidget(self.indicator_table, 1)
        box_layout.addWidget(self.weight_warning)

        self.activity_box = QGroupBox()
        self.activities = ActivityGrid(self._db)
        self.activities.changed.connect(self.changed)
        activity_layout = QVBoxLayout(self.activity_box)
        activity_layout.addWidget(self.activities)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.indicator_box)
        self.splitter.addWidget(self.activity_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([250, 330])

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)

    def _typed(self, index: QModelIndex, text: str) -> None:
        """While a weight is typed, say what the objective's weights would add up to."""
        if self.indicators.field_of(index.column()) == "weight":
            self._show_weight_warning(self.indicators.weight_warning(index, text))

    def retranslate_ui(self) -> None:
        self.card_label.setText(_("&Card:"))
        self.preview_button.setText(_("&Preview card…"))
        self.preview_button.setToolTip(_("The card as the Performance Program prints it (Ctrl+P)"))
        for label, text in zip(
            self.form_labels,
            (_("Responsible unit:"), _("AIM:"), _("OBJECTIVE:"), _("PERFORMANCE &TARGET:")),
            strict=True,
        ):
            label.setText(text)
        self.indicator_box.setTitle(_("Performance indicators"))
        self.activity_box.setTitle(_("Activities and projects: total resource need"))
        texts = (
            (_("Add PG"), _("Add a performance indicator (Insert)")),
            (_("Add İG"), _("Add a monitoring indicator (Ctrl+Insert)")),
            (_("Remove"), _("Remove the current indicator (Ctrl+Delete)")),
            (_("Move up"), _("Move the current indicator up (Ctrl+Up)")),
            (_("Move down"), _("Move the current indicator down (Ctrl+Down)")),
        )
        for action, (text, tip) in zip(self._indicator_actions, texts, strict=True):
            action.setText(text)
            action.setToolTip(tip)
        self.target_edit.setPlaceholderText(_("The performance target's sentence"))
        self.indicators.retranslate()
        self._show_card(self.indicators.card)

    # --- showing -------------------------------------------------------------------------
    @property
    def card(self) -> CardData | None:
        return self.indicators.card

    def show_year(self, year: int, directorate: str | None) -> None:
        """List the year's cards (of one directorate, its exact name) and show the first."""
        self._year, self._directorate = year, directorate
        try:
            summaries = cards.list_cards(self._db, year, directorate)
        except KbppError as exc:
            summaries = []
            self._show_error(str(exc))
        self.card_combo.blockSignals(True)
        self.card_combo.clear()
        for s in summaries:
            label = f"{s.code} — {s.text}" if directorate else f"{s.code} — {s.directorate}"
            self.card_combo.addItem(label, s.id)
            self.card_combo.setItemData(
                self.card_combo.count() - 1, s.text, Qt.ItemDataRole.ToolTipRole
            )
        self.card_combo.blockSignals(False)
        if summaries:
            self.show_target(summaries[0].id)
        else:
            self._load(None)

    def show_target(self, target_id: int) -> None:
        """Show one card (the list follows when the card is in it)."""
        found = self.card_combo.findData(target_id)
        if found >= 0 and found != self.card_combo.currentIndex():
            self.card_combo.blockSignals(True)
            self.card_combo.setCurrentIndex(found)
            self.card_combo.blockSignals(False)
        self._load(target_id)

    def _card_chosen(self, index: int) -> None:
        target_id = self.card_combo.itemData(index)
        if target_id is not None:
            self._load(int(target_id))

    def _load(self, target_id: int | None) -> None:
        self.message.clear()
        card = None
        if target_id is not None:
            try:
                card = cards.load_card(self._db, target_id)
            except KbppError as exc:
                self._show_error(str(exc))
        self.indicators.set_card(card)
        if card is not None:
            self.activities.show_card(card.year, card.id)
        self._show_card(card)

    def _show_card(self, card: CardData | None) -> None:
        self.setEnabled(True)
        empty = card is None
        for widget in (self.indicator_box, self.activity_box, self.target_edit):
            widget.setEnabled(not empty)
        self.preview_button.setEnabled(not empty)
        if card is None:
            for label in (self.directorate_value, self.aim_value, self.objective_value):
                label.clear()
            self.target_edit.clear()
            self.banner.hide()
            self.weight_warning.clear()
            return
        self.directorate_value.setText(card.directorate)
        self.aim_value.setText(f"{card.aim_code}  {card.aim_text}")
        self.objective_value.setText(f"{card.objective_code}  {card.objective_text}")
        if self.target_edit.text() != card.text:
            self.target_edit.setText(card.text)
            self.target_edit.setCursorPosition(0)
        self.target_edit.setReadOnly(not card.editable)
        self.banner.setVisible(not card.editable)
        self.banner.setText(
            _(
                "This card is read-only: {reason} Spending of open quarters can still be entered."
            ).format(reason=card.lock.message())
        )
        self.target_edit.setToolTip("" if card.editable else card.lock.message())
        for action in self._indicator_actions:
            action.setEnabled(card.editable)
        self._show_weight_warning(card.weights.problem())

    def _size_columns(self) -> None:
        header = self.indicator_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section in range(self.indicators.columnCount()):
            field = self.indicators.field_of(section)
            fitting = max(COLUMN_WIDTHS.get(field, 90), header.sectionSizeHint(section))
            header.resizeSection(section, fitting)

    def _show_weight_warning(self, problem: str | None) -> None:
        self.weight_warning.setText(problem or "")
        self.weight_warning.setVisible(bool(problem))

    # --- edits ---------------------------------------------------------------------------
    def _save_target_text(self) -> None:
        card = self.card
        if card is None or not card.editable or self.target_edit.text() == card.text:
            return
        try:
            cards.set_target_text(self._db, card.id, self.target_edit.text())
        except KbppError as exc:
            self._show_error(str(exc))
            return
        self._after_save()

    def _indicator_saved(self) -> None:
        self.message.clear()
        self._show_card(self.card)
        self.changed.emit()

    def _after_save(self) -> None:
        self.message.clear()
        self.indicators.reload()
        self._show_card(self.card)
        self.changed.emit()

    def _show_error(self, message: str) -> None:
        self.message.setText(message)

    def _show_problem(self, reason: str) -> None:
        self.message.setText(reason)

    def _current_indicator(self) -> int | None:
        index = self.indicator_table.currentIndex()
        if not index.isValid() or self.card is None or self.indicator_table.editing:
            return None
        return self.indicators.indicator(index.row()).id

    def _run(self, write: Callable[[], object]) -> tuple[bool, object]:
        """One domain write; then the card is read again and `changed` goes out."""
        try:
            result = write()
        except KbppError as exc:
            self._show_error(str(exc))
            return False, None
        self._after_save()
        return True, result

    def add_indicator(self, kind: str) -> None:
        card = self.card
        if card is None or self.indicator_table.editing:
            return
        ok, new_id = self._run(lambda: cards.add_indicator(self._db, card.id, kind))
        if ok and isinstance(new_id, int):
            self._focus_indicator(new_id, self.indicators.column_of("name"))

    def remove_current_indicator(self) -> None:
        indicator_id = self._current_indicator()
        if indicator_id is None:
            return
        row = self.indicator_table.currentIndex().row()
        ok, _result = self._run(lambda: cards.remove_indicator(self._db, indicator_id))
        row = min(row, self.indicators.rowCount() - 1)
        if ok and row >= 0:
            self.indicator_table.setCurrentIndex(self.indicators.index(row, 0))

    def move_current_indicator(self, delta: int) -> None:
        indicator_id = self._current_indicator()
        if indicator_id is None:
            return
        column = self.indicator_table.currentIndex().column()
        self._run(lambda: cards.move_indicator(self._db, indicator_id, delta))
        self._focus_indicator(indicator_id, column)

    def _focus_indicator(self, indicator_id: int, column: int) -> None:
        index = self.indicators.index(self.indicators.row_of(indicator_id), column)
        self.indicator_table.setCurrentIndex(index)
        self.indicator_table.scrollTo(index)
        self.indicator_table.setFocus()

    def open_preview(self) -> None:
        if self.card is not None:
            CardPreview(self.card, self).exec()
