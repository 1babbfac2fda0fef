"""The goal-card tree as a Qt item model, and the search proxy in front of it.

The model only presents a `kbpp.plan_tree.GoalTree` (plain data); it never reads the database.
Themes have no code, so their name stands in the first column, where the view lets it span the
whole row.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from kbpp.formatting import format_number
from kbpp.i18n import _, ngettext
from kbpp.plan_tree import GoalNode, GoalTree, query_words

Index = QModelIndex | QPersistentModelIndex

COL_CODE, COL_TEXT, COL_DIRECTORATE, COL_INDICATORS, COL_MISSING = range(5)
COLUMN_COUNT = 5
DONE_COLOR = QColor("#2e7d32")
MISSING_COLOR = QColor("#b71c1c")
_ROOT = QModelIndex()
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""Returns the row's GoalNode, for views and the details panel."""


@dataclass(eq=False)
class _Item:
    """A node's place in the model: Qt indexes refer to it by `uid` (its internal id)."""

    node: GoalNode
    parent: _Item | None
    row: int
    uid: int
    children: list[_Item] = field(default_factory=list)


def directorate_label(node: GoalNode) -> str:
    """The directorate of a card; for a branch, its one directorate or how many it has."""
    if len(node.directorates) <= 1:
        return node.directorate or ""
    n = len(node.directorates)
    return ngettext("{n} directorate", "{n} directorates", n).format(n=n)


def missing_label(node: GoalNode, quarter: int | None) -> str:
    """“3 + 2 ✎”: values and deviation notes still missing in the status quarter; ✓ if none."""
    if quarter is None or node.indicator_count == 0:
        return ""
    values, notes = node.counts.missing, node.counts.notes_missing
    if not values and not notes:
        return "✓"
    if not notes:
        return format_number(values)
    return f"{format_number(values)} + {format_number(notes)} ✎"


def missing_tooltip(node: GoalNode, quarter: int | None) -> str | None:
    if quarter is None or node.indicator_count == 0:
        return None
    return _("Q{quarter}: {values} values and {notes} deviation notes still missing.").format(
        quarter=quarter,
        values=format_number(node.counts.missing),
        notes=format_number(node.counts.notes_missing),
    )


class GoalTreeModel(QAbstractItemModel):
    """Read-only tree: code, text, directorate, number of indicators, what is missing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tree: GoalTree | None = None
        self._roots: list[_Item] = []
        self._items: list[_Item] = []  # position = uid - 1

    # --- content -------------------------------------------------------------------------
    @property
    def tree(self) -> GoalTree | None:
        return self._tree

    def set_tree(self, tree: GoalTree | None) -> None:
        """Show another tree (another year or database); views reset."""
        self.beginResetModel()
        self._tree = tree
        self._items = []
        self._roots = self._wrap(tree.themes if tree else (), None)
        self.endResetModel()

    def update_tree(self, tree: GoalTree) -> bool:
        """Take new counts for the same tree without a reset (expansion and selection stay);
        False, and nothing changed, when the tree's shape differs."""
        nodes = list(tree.walk())
        same = len(nodes) == len(self._items) and all(
            (n.kind, n.code, n.directorates) == (i.node.kind, i.node.code, i.node.directorates)
            for n, i in zip(nodes, self._items, strict=True)
        )
        if not same:
            return False
        # The first counts (the window shows the tree before they are read) change every label.
        every = self._tree is None or tree.quarter != self._tree.quarter
        self._tree = tree
        changed: dict[int, list[_Item]] = {}  # parent uid (0: the root) → its changed rows
        for node, item in zip(nodes, self._items, strict=True):
            if every or node.counts != item.node.counts:
                changed.setdefault(item.parent.uid if item.parent else 0, []).append(item)
            item.node = node
        for items in changed.values():  # one signal per parent, not one per row
            first = min(items, key=lambda i: i.row)
            last = max(items, key=lambda i: i.row)
            self.dataChanged.emit(
                self.createIndex(first.row, COL_MISSING, id=first.uid),
                self.createIndex(last.row, COL_MISSING, id=last.uid),
            )
        return True

    def _wrap(self, nodes: tuple[GoalNode, ...], parent: _Item | None) -> list[_Item]:
        items = []
        for row, node in enumerate(nodes):
            item = _Item(node, parent, row, uid=len(self._items) + 1)
            self._items.append(item)
            item.children = self._wrap(node.children, item)
            items.append(item)
        return items

    def retranslate(self) -> None:
        """Headers and labels in the new language, keeping selection and expansion."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        self._refresh(QModelIndex(), self._roots)

    def _refresh(self, parent: QModelIndex, items: list[_Item]) -> None:
        if not items:
            return
        last = len(items) - 1
        self.dataChanged.emit(self.index(0, 0, parent), self.index(last, COLUMN_COUNT - 1, parent))
        for item in items:
            if item.children:
                self._refresh(self.index(item.row, 0, parent), item.children)

    def node(self, index: Index) -> GoalNode | None:
        item = self._item(index)
        return item.node if item else None

    def _item(self, index: Index) -> _Item | None:
        if not index.isValid() or index.model() is not self:
            return None
        uid = index.internalId()
        return self._items[uid - 1] if 0 < uid <= len(self._items) else None

    # --- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        # Bounds checked here rather than with hasIndex(), which calls back into Python: views
        # and the search proxy ask for tens of thousands of indexes when a tree expands.
        if parent.isValid():
            parent_item = self._item(parent)
            if parent_item is None or parent.column() != 0:
                return QModelIndex()
            siblings = parent_item.children
        else:
            siblings = self._roots
        if not (0 <= row < len(siblings) and 0 <= column < COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column, id=siblings[row].uid)

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        item = self._item(index)
        if item is None or item.parent is None:
            return QModelIndex()
        return self.createIndex(item.parent.row, 0, id=item.parent.uid)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        if not parent.isValid():
            return len(self._roots)
        item = self._item(parent)
        return len(item.children) if item else 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_("Code"), _("Text"), _("Directorate"), _("Indicators"), _("Missing"))
        return titles[section] if 0 <= section < COLUMN_COUNT else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self._item(index)
        if item is None:
            return None
        node, column = item.node, index.column()
        if role == NODE_ROLE:
            return node
        quarter = self._tree.quarter if self._tree else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_MISSING:
                return missing_label(node, quarter)
            return self._display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_MISSING:
            return missing_tooltip(node, quarter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_MISSING:
            done = not node.counts.missing and not node.counts.notes_missing
            return QBrush(DONE_COLOR if done else MISSING_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole and node.text:
            # Rich text so that Qt wraps the long texts of aims and objectives.
            return f"<p>{html.escape(node.text)}</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_INDICATORS, COL_MISSING):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and node.kind == "theme":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and node.target_count == 0:
            # A branch without any card this year (e.g. H8.18 in 2021) is shown, but muted.
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    def column_texts(self, column: int) -> set[str]:
        """Every distinct text of the count columns, to size them without Qt measuring rows."""
        quarter = self._tree.quarter if self._tree else None
        # One node per distinct count: formatting numbers for thousands of nodes is slow.
        if column == COL_MISSING:
            nodes = {(i.node.counts, i.node.indicator_count > 0): i.node for i in self._items}
            return {missing_label(node, quarter) for node in nodes.values()}
        counts = {item.node.indicator_count: item.node for item in self._items}
        return {self._display(node, column) for node in counts.values()}

    @staticmethod
    def _display(node: GoalNode, column: int) -> str:
        if column == COL_CODE:
            return node.text if node.kind == "theme" else node.code
        if column == COL_TEXT:
            return "" if node.kind == "theme" else node.text
        if column == COL_DIRECTORATE:
            return directorate_label(node)
        if column == COL_INDICATORS:
            return format_number(node.indicator_count)
        return ""


class GoalTreeFilter(QSortFilterProxyModel):
    """Keeps the rows whose code, text or directorate contain every typed word.

    Matching ignores Turkish case (İ/i, I/ı) and accents (“cevre” finds “Çevre”). The branches
    leading to a match stay visible, and so does everything below a matching row.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setDynamicSortFilter(False)  # new counts after an edit never change what matches
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    @property
    def active(self) -> bool:
        return bool(self._words)

    def set_query(self, text: str) -> None:
        words = query_words(text)
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        node = index.data(NODE_ROLE)
        return node is not None and node.matches(self._words)
