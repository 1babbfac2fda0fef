"""Workbooks from the same `ReportTable`s the PDFs print: one sheet per table, real numbers with
Turkish display formats, frozen header rows, print titles, band colours as fills.

Excel format codes are written with "," and "." and shown with the reader's own separators, so a
Turkish Excel or LibreOffice displays 1.234.567,89.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kbpp.paths import replaced_atomically
from kbpp.reports.cancel import Cancelled, check_cancelled
from kbpp.reports.tables import Cell, ReportTable, place

FORMATS = {"money": "#,##0.00", "count": "#,##0", "rate": "#,##0.00", "share": "0.000"}
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TOTAL_FILL = PatternFill("solid", fgColor="EEF1F7")
THIN = Side(style="thin", color="7F7F7F")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MAX_WIDTH = 60
LINE_HEIGHT = 15  # points per line of wrapped text
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def number_format(cell: Cell) -> str:
    """The display format of a numeric cell; plain numbers keep the decimals they have."""
    if cell.kind in FORMATS:
        return FORMATS[cell.kind]
    value = cell.value
    places = -value.as_tuple().exponent if isinstance(value, Decimal) else 0
    return "#,##0" + ("." + "0" * int(places) if isinstance(places, int) and places > 0 else "")


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, and no duplicates."""
    base = _BAD_SHEET_CHARS.sub("-", wanted)[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _is_dark(hex_color: str) -> bool:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


class _Styles:
    """Named styles made once per look: setting Font/Fill objects cell by cell is slow."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._names: dict[tuple[object, ...], str] = {}

    def name(self, cell: Cell, header: bool, total: bool) -> str:
        numeric = cell.number() is not None
        key = (
            number_format(cell) if numeric else None,
            header,
            cell.bold or total,
            cell.fill if not header else None,
            total and not cell.fill,
            cell.kind == "band",
        )
        if key not in self._names:
            self._names[key] = self._add(*key)
        return self._names[key]

    def _add(
        self, fmt: str | None, header: bool, bold: bool, fill: str | None, total: bool, band: bool
    ) -> str:
        style = NamedStyle(name=f"kbpp{len(self._names)}")
        style.border = BORDER
        style.alignment = Alignment(
            wrap_text=fmt is None, vertical="center", horizontal="center" if header else None
        )
        if fmt is not None:
            style.number_format = fmt
        dark = bool(fill) and band and _is_dark(fill or "")
        style.font = Font(bold=bold or header, color="FFFFFF" if dark else None)
        if header:
            style.fill = HEADER_FILL
        elif fill:
            style.fill = PatternFill("solid", fgColor=fill.lstrip("#").upper())
        elif total:
            style.fill = TOTAL_FILL
        self._workbook.add_named_style(style)
        return style.name


def _write_cell(ws: Worksheet, row: int, col: int, cell: Cell, style: str) -> int:
    """Write one cell; returns the width its text asks for."""
    target = ws.cell(row=row, column=col)
    number = cell.number()
    if number is not None:
        target.value = number
    elif cell.value is not None:
        # Data is text, never a formula ("=…" typed in a plan must not run in Excel), and
        # control characters that the file format cannot hold are dropped.
        target.value = ILLEGAL_CHARACTERS_RE.sub("", cell.text())
        target.data_type = "s"
    target.style = style
    return 0 if cell.colspan > 1 else len(cell.text()) + 2


def write_sheet(ws: Worksheet, table: ReportTable, styles: _Styles) -> None:
    """The table's title in row 1, its header below (frozen, printed on each page), then rows."""
    ncols = len(table.columns)
    header = table.header_rows()
    rows = [*header, *table.rows]
    ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=12)
    first = 2
    first_total = len(rows) - table.total_rows
    widths = [8.0] * ncols
    lengths: dict[int, list[tuple[int, int]]] = {}  # row → (column, text length) of wrapped text
    for r, c, cell in place(rows, ncols):
        is_header = r < len(header)
        style = styles.name(cell, is_header, r >= first_total)
        wanted = _write_cell(ws, first + r, c + 1, cell, style)
        widths[c] = max(widths[c], min(wanted, MAX_WIDTH))
        if wanted > MAX_WIDTH or "\n" in cell.text():
            lengths.setdefault(first + r, []).append((c, wanted))
        if cell.colspan > 1 or cell.rowspan > 1:
            ws.merge_cells(
                start_row=first + r,
                start_column=c + 1,
                end_row=first + r + cell.rowspan - 1,
                end_column=c + cell.colspan,
            )
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for row, cells in lengths.items():
        # Spreadsheets do not grow rows to fit wrapped text written by a program: say how tall.
        lines = max(math.ceil(n / widths[c]) for c, n in cells)
        ws.row_dimensions[row].height = LINE_HEIGHT * max(lines, 1)
    last_header = first + len(header) - 1
    if header:
        ws.freeze_panes = ws.cell(row=last_header + 1, column=1)
        ws.print_title_rows = f"{first}:{last_header}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.landscape or ncols > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_workbook(
    path: Path, tables: Sequence[ReportTable], cancelled: Cancelled | None = None
) -> None:
    """Write every table to its own sheet; the file appears only when it is complete."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "KBPP"
    taken: set[str] = set()
    styles = _Styles(workbook)
    for table in tables:
        check_cancelled(cancelled)
        write_sheet(workbook.create_sheet(_sheet_name(table.sheet, taken)), table, styles)
    with replaced_atomically(Path(path), ".xlsx") as tmp:
        workbook.save(tmp)
