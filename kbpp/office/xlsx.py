"""A flat list written as a workbook to filter and sort: the overview matrix, the audit log.

One sheet, a bold frozen header with an autofilter, column widths from the contents, real
numbers and dates (shown day first, 04.03.2021, whatever the reader's Excel language), text
never read as a formula. Written to a temporary file first, so a half-written file never appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kbpp.paths import replaced_atomically

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 6, 60

Value = str | int | float | date | datetime | None


def _is_dark(color: str) -> bool:
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _width(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max(len(line) for line in str(value).splitlines() or [""])


def write_table(
    path: Path,
    sheet: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Value]],
    fills: dict[tuple[int, int], str] | None = None,
) -> Path:
    """Write `rows` under `headers`; `fills` colours cells by (row, column) from 0 (-1: header)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    workbook.properties.creator = "KBPP"
    widths = [max(MIN_WIDTH, len(h) + 2) for h in headers]
    bold = Font(bold=True)
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font, cell.fill = bold, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # "=…" typed by a user must not run as a formula
                if "\n" in value:
                    cell.alignment = wrap
            else:
                cell.value = value
                if isinstance(value, datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
            widths[c - 1] = max(widths[c - 1], min(_width(value) + 2, MAX_WIDTH))
    for (r, c), color in (fills or {}).items():
        cell = ws.cell(row=r + 2, column=c + 1)
        cell.fill = PatternFill("solid", fgColor=color.lstrip("#").upper())
        if _is_dark(color):
            cell.font = Font(bold=cell.font.bold, color="FFFFFF")
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    path = Path(path)
    with replaced_atomically(path, ".xlsx") as tmp:
        workbook.save(tmp)
    return path
