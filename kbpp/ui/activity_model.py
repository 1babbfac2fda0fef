"""The activities-and-costs sheet as an editable table (see `kbpp.activity_sheet`).

Activity rows edit their name, responsible directorate, the amount per economic code and
off-budget source, and the spending per quarter; total rows (per card, per directorate, overall)
are computed and read-only. After each write only the edited card is read again and the totals
are summed anew, so a 100-card year stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kbpp import activity_sheet as sheet_mod
from kbpp import cards
from kbpp.activity_sheet import ActivitySheet, SheetRow, build_rows
from kbpp.errors import KbppError
from kbpp.formatting import format_money_kurus, format_number
from kbpp.i18n import _
from kbpp.storage import Database
from kbpp.ui.card_table import CHOICES_ROLE, EDITOR_ROLE
from kbpp.ui.card_table_model import CardTableModel, Index

_ROOT = QModelIndex()
TOTAL_BRUSHES = {
    "target": QBrush(QColor("#eef2f9")),
    "directorate": QBrush(QColor("#d9e1f2")),
    "total": QBrush(QColor("#b4c6e7")),
}
LOCKED_BRUSH = QBrush(QColor("#f2f2f2"))


@dataclass(frozen=True)
class Column:
    """`field`: card, name, responsible, budget, off_budget, budget_total, off_budget_total,
    total, spent, spent_total; `arg`: the economic code, the source or the quarter."""

    field: str
    arg: Any = None

    @property
    def money(self) -> bool:
        return self.field not in ("card", "name", "responsible")

    @property
    def need(self) -> bool:
        """Part of the resource need (shown in the "need" view)."""
        return self.field in ("budget", "off_budget", "budget_total", "off_budget_total")


def kurus_text(kurus: int | None) -> str:
    """An amount in a cell, as typed back: Turkish 1.234,50 (the window says amounts are ₺)."""
    return "" if kurus is None else format_number(Decimal(kurus).scaleb(-2), 2)


class ActivityModel(CardTableModel):
    _columns: list[Column]

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(db, parent)
        self._sheet: ActivitySheet | None = None

    # --- content -------------------------------------------------------------------------
    @property
    def sheet(self) -> ActivitySheet | None:
        return self._sheet

    def load(self, year: int, directorate: str | None = None, target_id: int | None = None) -> None:
        self.set_sheet(sheet_mod.load_activity_sheet(self._db, year, directorate, target_id))

    def set_sheet(self, sheet: ActivitySheet | None) -> None:
        self.beginResetModel()
        self._sheet = sheet
        self._columns = self._columns_for(sheet)
        self.endResetModel()

    @staticmethod
    def _columns_for(sheet: ActivitySheet | None) -> list[Column]:
        if sheet is None:
            return []
        return [
            Column("card"),
            Column("name"),
            Column("responsible"),
            *(Column("budget", code) for code in sheet.economic_codes),
            *(Column("off_budget", source) for source in sheet.off_budget_sources),
            Column("budget_total"),
            Column("off_budget_total"),
            Column("total"),
            *(Column("spent", q) for q in sheet_mod.QUARTERS),
            Column("spent_total"),
        ]

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    def row(self, row: int) -> SheetRow:
        assert self._sheet is not None
        return self._sheet.rows[row]

    def row_of_activity(self, activity_id: int) -> int:
        assert self._sheet is not None
        return next(
            r
            for r, row in enumerate(self._sheet.rows)
            if row.activity is not None and row.activity.id == activity_id
        )

    def reload_card(self, target_id: int) -> None:
        """Read one card again and recompute every total."""
        assert self._sheet is not None
        fresh = sheet_mod.load_activity_sheet(self._db, self._sheet.year, target_id=target_id)
        card = fresh.cards[0]
        new_cards = tuple(card if c.target_id == target_id else c for c in self._sheet.cards)
        rows = build_rows(new_cards, summary=self._sheet.summary)
        sheet = replace(self._sheet, cards=new_cards, rows=rows)
        if len(sheet.rows) != len(self._sheet.rows):
            self.set_sheet(sheet)
            return
        self._sheet = sheet
        self.repaint_all()

    # --- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() or self._sheet is None:
            return 0
        return len(self._sheet.rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(column)
        if role == Qt.ItemDataRole.ToolTipRole and column.field == "budget":
            assert self._sheet is not None
            return f"{column.arg} {self._sheet.economic_codes.get(column.arg, '')}"
        return None

    def _header(self, column: Column) -> str:
        if column.field == "budget":
            return column.arg
        if column.field == "off_budget":
            return column.arg
        if column.field == "spent":
            return _("Q{n} spent").format(n=column.arg)
        return {
            "card": _("Card"),
            "name": _("Activity / project"),
            "responsible": _("Responsible"),
            "budget_total": _("BUDGET"),
            "off_budget_total": _("OFF-BUDGET"),
            "total": _("TOTAL"),
            "spent_total": _("Spent"),
        }[column.field]

    def _value(self, row: SheetRow, column: Column) -> Any:
        field = column.field
        if field == "card":
            return row.target_code if row.kind == "activity" else ""
        if field == "name":
            return self._row_label(row)
        if field == "responsible":
            return row.activity.responsible if row.activity else None
        if field == "budget":
            return row.budget.get(column.arg)
        if field == "off_budget":
            return row.off_budget.get(column.arg)
        if field == "spent":
            return row.spent.get(column.arg)
        return getattr(row, field)

    @staticmethod
    def _row_label(row: SheetRow) -> str:
        if row.kind == "activity":
            return row.name
        if row.kind == "target":
            return _("Total of {code}").format(code=row.target_code)
        if row.kind == "directorate":
            return _("Total of {directorate}").format(directorate=row.directorate)
        return _("GRAND TOTAL")

    def lock_message(self, index: Index) -> str | None:
        """Why an activity cell cannot change, or None when it can."""
        assert self._sheet is not None
        row = self._sheet.rows[index.row()]
        column = self._columns[index.column()]
        if row.kind != "activity" or row.target_id is None:
            return None
        card = self._sheet.card(row.target_id)
        lock = card.quarter_locks.get(column.arg) if column.field == "spent" else card.lock
        return lock.message() if lock is not None and lock.locked else None

    def _editable(self, index: Index) -> bool:
        assert self._sheet is not None
        row = self._sheet.rows[index.row()]
        column = self._columns[index.column()]
        editable_field = column.field in ("name", "responsible", "budget", "off_budget", "spent")
        return row.kind == "activity" and editable_field and self.lock_message(index) is None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._sheet is None:
            return None
        row = self._sheet.rows[index.row()]
        column = self._columns[index.column()]
        value = self._value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.money:
                return kurus_text(value) if value or row.kind != "activity" else ""
            return value or ""
        if role == Qt.ItemDataRole.EditRole:
            return kurus_text(value) if column.money else value
        if role == Qt.ItemDataRole.ToolTipRole:
            locked = self.lock_message(index)
            if locked:
                return locked
            if column.money and value:
                return format_money_kurus(value)
            return value if column.field == "name" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.money:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (row.kind != "activity" or column.field == "total"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.kind != "activity":
                return TOTAL_BRUSHES[row.kind]
            editable_field = column.field in (
                "name",
                "responsible",
                "budget",
                "off_budget",
                "spent",
            )
            return LOCKED_BRUSH if editable_field and self.lock_message(index) else None
        if role == EDITOR_ROLE:
            return "choice" if column.field == "responsible" else "line"
        if role == CHOICES_ROLE and column.field == "responsible":
            return [(None, ""), *((n, n) for n in self._directorate_names())]
        return None

    # --- editing -------------------------------------------------------------------------
    def _parse(self, index: Index, text: str) -> Any:
        column = self._columns[index.column()]
        if column.field == "name":
            return cards.clean_text(text, _("An activity needs a name."))
        return cards.parse_money(text)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._editable(index):
            return False
        row = self.row(index.row())
        column = self._columns[index.column()]
        assert row.activity is not None and row.target_id is not None
        activity_id = row.activity.id
        try:
            if column.field == "responsible":
                sheet_mod.set_activity_responsible(self._db, activity_id, value)
            elif column.field == "name":
                sheet_mod.rename_activity(self._db, activity_id, self._parse(index, value or ""))
            elif column.field == "spent":
                amount = self._parse(index, value or "")
                sheet_mod.set_spending(self._db, activity_id, column.arg, amount)
            else:
                amount = self._parse(index, value or "")
                sheet_mod.set_cost(self._db, activity_id, column.field, column.arg, amount)
        except KbppError as exc:
            self.failed.emit(str(exc))
            return False
        self.reload_card(row.target_id)
        self.saved.emit()
        return True

    def clear(self, index: Index) -> bool:
        """Delete key: an amount becomes empty (0); a name cannot be cleared."""
        column = self._columns[index.column()] if index.isValid() else None
        if column is None or column.field == "name":
            return False
        return self.setData(index, None if column.field == "responsible" else "")
