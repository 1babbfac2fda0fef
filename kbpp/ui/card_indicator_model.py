"""The indicators of one goal card as an editable table: one row per indicator, one column per
goal-card field (the earlier actuals and the per-quarter targets each get their own column).

Each accepted edit is written at once through `kbpp.cards` (one audited transaction) and the
card is read again, so that the table always shows what is stored. Refusals come back as
`failed(message)`; successful writes as `saved()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kbpp import cards
from kbpp.cards import CardData, IndicatorData
from kbpp.errors import KbppError
from kbpp.formatting import EMPTY, format_number
from kbpp.i18n import _
from kbpp.storage import Database
from kbpp.ui.card_table import CHOICES_ROLE, EDITOR_ROLE
from kbpp.ui.card_table_model import CardTableModel, Index

_ROOT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The indicator id of a row."""
READ_ONLY_BRUSH = QBrush(QColor("#f2f2f2"))


@dataclass(frozen=True)
class Column:
    """A column: the field it edits ("history", "quarter" and "partners" are special)."""

    field: str
    arg: Any = None


CHOICES = frozenset({"kind", "type", "direction", "aggregation", "frequency"})
"""Fields chosen from a fixed list (the unit is free text with suggestions)."""


def choice_labels() -> dict[str, list[tuple[str | None, str]]]:
    """The labels of each choice field, in the current language; None leaves the field unset
    (the evaluation then uses its default: higher is better, sum or average by unit)."""
    unset = (None, "")
    return {
        "kind": [("performance", _("Performance")), ("monitoring", _("Monitoring"))],
        "type": [(None, EMPTY), *((t, t) for t in cards.CHOICE_FIELDS["type"])],
        "direction": [
            unset,
            ("increasing", _("Higher is better")),
            ("decreasing", _("Lower is better")),
        ],
        "aggregation": [
            unset,
            ("sum", _("Sum (Toplanan)")),
            ("average", _("Average (Ortalama)")),
            ("last", _("Last value (Sabit Kalan)")),
        ],
        "frequency": [
            unset,
            ("quarterly", _("Quarterly")),
            ("half-yearly", _("Half-yearly")),
            ("yearly", _("Yearly")),
        ],
        "unit": [(u, u) for u in cards.UNITS],
    }


def _number(value: Decimal | None) -> str:
    return "" if value is None else format_number(value)


class IndicatorModel(CardTableModel):
    _columns: list[Column]

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(db, parent)
        self._card: CardData | None = None

    # --- content -------------------------------------------------------------------------
    @property
    def card(self) -> CardData | None:
        return self._card

    def set_card(self, card: CardData | None) -> None:
        """Show a card; the same card again (after an edit) only repaints its cells."""
        columns = self._columns_for(card)
        old = self._card
        same_shape = (
            old is not None
            and card is not None
            and old.id == card.id
            and [i.id for i in old.indicators] == [i.id for i in card.indicators]
            and columns == self._columns
        )
        if same_shape:
            self._card = card
            self.repaint_all()
            return
        self.beginResetModel()
        self._card = card
        self._columns = columns
        self.endResetModel()

    def reload(self) -> None:
        if self._card is not None:
            self.set_card(cards.load_card(self._db, self._card.id))

    @staticmethod
    def _columns_for(card: CardData | None) -> list[Column]:
        if card is None:
            return []
        return [
            *(Column(f) for f in ("code", "name", "kind", "type", "unit")),
            *(Column(f) for f in ("direction", "aggregation", "frequency", "weight", "baseline")),
            *(Column("history", p) for p in card.history_periods),
            Column("target"),
            *(Column("quarter", q) for q in (1, 2, 3, 4)),
            Column("evidence"),
            Column("partners"),
        ]

    def field_of(self, column: int) -> str:
        return self._columns[column].field

    def indicator(self, row: int) -> IndicatorData:
        assert self._card is not None
        return self._card.indicators[row]

    def row_of(self, indicator_id: int) -> int:
        assert self._card is not None
        return next(r for r, i in enumerate(self._card.indicators) if i.id == indicator_id)

    # --- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() or self._card is None:
            return 0
        return len(self._card.indicators)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if not 0 <= section < len(self._columns):
            return None
        return self._header(self._columns[section])

    def _header(self, column: Column) -> str:
        assert self._card is not None
        if column.field == "history":
            return _("Actual {period}").format(period=column.arg)
        if column.field == "quarter":
            return _("Q{n} target").format(n=column.arg)
        if column.field == "target":
            return _("{year} TARGET").format(year=self._card.year)
        return {
            "code": _("Code"),
            "name": _("Indicator"),
            "kind": _("Kind"),
            "type": _("Type"),
            "unit": _("Unit"),
            "direction": _("Direction"),
            "aggregation": _("Aggregation"),
            "frequency": _("Frequency"),
            "weight": _("Weight %"),
            "baseline": _("Baseline"),
            "evidence": _("Evidence"),
            "partners": _("Partner directorates"),
        }[column.field]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._card is not None and self._card.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _raw(self, ind: IndicatorData, column: Column) -> Any:
        if column.field == "history":
            return ind.history.get(column.arg)
        if column.field == "quarter":
            return ind.quarter_targets.get(column.arg)
        if column.field == "partners":
            return "; ".join(ind.partners) or None
        return getattr(ind, column.field)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._card is None:
            return None
        ind = self._card.indicators[index.row()]
        column = self._columns[index.column()]
        value = self._raw(ind, column)
        numeric = isinstance(value, Decimal) or column.field in ("weight", "baseline", "target")
        if role == Qt.ItemDataRole.DisplayRole:
            if column.field in CHOICES:
                return dict(choice_labels()[column.field]).get(value, value or "")
            if numeric:
                return _number(value) or EMPTY
            return value or ""
        if role == Qt.ItemDataRole.EditRole:
            if numeric or column.field in ("history", "quarter"):
                return _number(value)
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if not self._card.editable:
                return self._card.lock.message()
            if column.field in ("name", "evidence", "partners"):
                return value
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column.field == "code":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and not self._card.editable:
            return READ_ONLY_BRUSH
        if role == EDITOR_ROLE:
            if column.field == "unit":
                return "suggest"
            return "choice" if column.field in CHOICES else "line"
        if role == CHOICES_ROLE:
            return choice_labels().get(column.field)
        if role == ID_ROLE:
            return ind.id
        return None

    # --- editing -------------------------------------------------------------------------
    def weight_warning(self, index: Index, text: str) -> str | None:
        """The objective's weight problem if the typed weight were stored (warns, never
        blocks: the other weights may be fixed next)."""
        if self._card is None or self._columns[index.column()].field != "weight":
            return None
        try:
            weight = cards.parse_optional_number(text)
        except KbppError:
            return None
        ind = self._card.indicators[index.row()]
        return self._card.weights.problem({ind.id: weight})

    def _parse(self, index: Index, text: str) -> Any:
        assert self._card is not None
        column = self._columns[index.column()]
        ind = self._card.indicators[index.row()]
        if column.field == "code":
            others = (i.code for i in self._card.indicators if i.id != ind.id)
            return cards.check_code(text, others, self._card.code)
        if column.field in ("weight", "baseline", "target", "history", "quarter"):
            value = cards.parse_optional_number(text)
            if column.field == "weight":
                cards.check_weight(value)
            return value
        if column.field == "partners":
            return cards.parse_partners(text, self._directorate_names())
        if column.field == "name":
            return cards.clean_text(text, _("An indicator needs a name."))
        return cards.clean_text(text)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._card is None:
            return False
        column = self._columns[index.column()]
        ind = self._card.indicators[index.row()]
        try:
            if column.field in CHOICES:
                cards.set_indicator_field(self._db, ind.id, column.field, value)
            else:
                self._write(ind, column, self._parse(index, value or ""))
        except KbppError as exc:
            self.failed.emit(str(exc))
            return False
        self.reload()
        self.saved.emit()
        return True

    def _write(self, ind: IndicatorData, column: Column, value: Any) -> None:
        if column.field == "history":
            cards.set_history(self._db, ind.id, column.arg, value)
        elif column.field == "quarter":
            cards.set_quarter_target(self._db, ind.id, column.arg, value)
        elif column.field == "partners":
            cards.set_partners(self._db, ind.id, value)
        else:
            cards.set_indicator_field(self._db, ind.id, column.field, value)

    def clear(self, index: Index) -> bool:
        """Delete key: empty the cell (a required field refuses with its reason)."""
        if not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        column = self._columns[index.column()]
        if column.field == "kind":
            return False
        empty = None if column.field in CHOICES else ""
        return self.setData(index, empty)
