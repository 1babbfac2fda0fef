"""Copying cells out of the grid and pasting a block from Excel or LibreOffice into it.

Spreadsheets put a block on the clipboard as tab-separated lines. A paste is checked whole
before anything is saved: every text must be a number by the Turkish rules (an empty cell
clears) and every target cell must be editable; otherwise nothing changes and the reason names
the first offending cell. The accepted block is saved as one transaction and one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from kbpp.i18n import _
from kbpp.number_input import NumberInputError
from kbpp.quarter_entry import Entry
from kbpp.ui.quarter_delegate import parse_cell
from kbpp.ui.quarter_model import COL_NOTE, QuarterModel


def parse_block(text: str) -> list[list[str]]:
    """Lines of tab-separated cells; the final line break spreadsheets add is not a row."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


def block_text(indexes: list[QModelIndex]) -> str:
    """The selected cells as a tab-separated block, numbers written the Turkish way."""
    if not indexes:
        return ""
    rows = sorted({i.row() for i in indexes})
    columns = sorted({i.column() for i in indexes})
    cells = {(i.row(), i.column()): i for i in indexes}
    lines = []
    for r in rows:
        line = []
        for c in columns:
            index = cells.get((r, c))
            line.append(str(index.data(Qt.ItemDataRole.EditRole) or "") if index else "")
        lines.append("\t".join(line))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class PastePlan:
    entries: list[Entry]
    error: str | None = None


def plan_paste(proxy: QSortFilterProxyModel, top_left: QModelIndex, text: str) -> PastePlan:
    """The entries a paste at `top_left` (a proxy index) would save, or why it cannot."""
    model = proxy.sourceModel()
    assert isinstance(model, QuarterModel)
    block = parse_block(text)
    if not block or not top_left.isValid():
        return PastePlan([], _("There is nothing to paste."))
    if top_left.row() + len(block) > proxy.rowCount():
        return PastePlan(
            [],
            _("The block has {n} rows, but only {left} rows are below the cursor.").format(
                n=len(block), left=proxy.rowCount() - top_left.row()
            ),
        )
    entries: list[Entry] = []
    for r, line in enumerate(block):
        for c, text_cell in enumerate(line):
            model_index = proxy.mapToSource(proxy.index(top_left.row() + r, top_left.column() + c))
            code = model.row(model_index.row()).facts.code if model_index.isValid() else "?"
            if model_index.column() == COL_NOTE:
                return PastePlan([], _("Notes cannot be pasted; write them one by one."))
            if not model_index.isValid() or not model.is_editable(model_index):
                return PastePlan(
                    [],
                    _(
                        "Cannot paste: the cell of {code} in row {row}, column {column} of the "
                        "block cannot be edited. Paste into the open quarter's column only."
                    ).format(code=code, row=r + 1, column=c + 1),
                )
            try:
                value = parse_cell(text_cell)
            except NumberInputError as exc:
                return PastePlan(
                    [],
                    _("Nothing was pasted: row {row}, column {column} ({code}): {reason}").format(
                        row=r + 1, column=c + 1, code=code, reason=exc
                    ),
                )
            current = model.entry(model_index.row())
            entries.append(Entry(current.indicator_id, current.period, value, current.note))
    return PastePlan(entries)
