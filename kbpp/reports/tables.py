"""The tables of a report, independent of PDF or Excel: typed cells, spans and band colours.

Each report builds these once; `pdf.py` turns them into ReportLab tables and `excel.py` into
worksheets, so a figure printed on paper is the same figure written to the workbook.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from kbpp.formatting import EMPTY, format_number, format_plain_rate

CellKind = Literal["text", "money", "count", "number", "rate", "share", "band"]
NUMERIC_KINDS = frozenset({"money", "count", "number", "rate", "share"})
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Cell:
    """One cell. `money` values are kuruş (int); `rate` and `share` are percents (Decimal).

    A `band` cell holds the band's name and its colour in `fill`.
    """

    value: str | int | Decimal | None
    kind: CellKind = "text"
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    fill: str | None = None

    def text(self) -> str:
        """The cell as printed, through kbpp.formatting (Turkish 1.234.567,89)."""
        value = self.value
        if value is None:
            return "" if self.kind in ("text", "band") else EMPTY
        if isinstance(value, str):
            return value
        if self.kind == "money":
            return format_number(Decimal(value).scaleb(-2), 2)
        if self.kind == "rate":
            return format_plain_rate(value)
        return format_number(value)

    def number(self) -> int | Decimal | None:
        """The value as a spreadsheet number (money in lira), or None for text cells."""
        if self.kind not in NUMERIC_KINDS or self.value is None or isinstance(self.value, str):
            return None
        if self.kind == "money":
            return Decimal(self.value).scaleb(-2)
        return self.value


def shown(value: Decimal | None) -> Decimal | None:
    """A computed value (an average of quarters) as printed: at most two decimals, half even."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -2:
        return value
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def text(value: str | None, *, colspan: int = 1, rowspan: int = 1, bold: bool = False) -> Cell:
    return Cell(value, "text", colspan=colspan, rowspan=rowspan, bold=bold)


def money(kurus: int | None, *, bold: bool = False) -> Cell:
    return Cell(kurus, "money", bold=bold)


@dataclass(frozen=True)
class Column:
    """A leaf column: its header, its relative width and the kind of its cells."""

    header: str
    width: float
    kind: CellKind = "text"


@dataclass
class ReportTable:
    """A table as published: optional multi-row `header` (with spans), body rows, total rows.

    `header` None means one header row from the column names. The last `total_rows` body rows
    are totals (bold). `landscape` asks for a landscape page in the PDF and the workbook.
    `header=[]` means no header rows (a performance target card labels its rows itself).
    """

    title: str
    sheet: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    header: list[list[Cell]] | None = None
    total_rows: int = 0
    landscape: bool = False
    repeat_rows: int | None = None  # rows repeated on each page; default: the header rows
    width: float = 1.0  # share of the page width a PDF gives it (small tables need less)

    def header_rows(self) -> list[list[Cell]]:
        if self.header is not None:
            return self.header
        return [[Cell(c.header, bold=True) for c in self.columns]]


def place(rows: Sequence[Sequence[Cell]], width: int) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, skipping the positions earlier spans cover.

    Shared by both writers so that a span lands in the same place in the PDF and the workbook.
    """
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            if c + cell.colspan > width:
                raise ValueError(f"row {r} is wider than the table's {width} columns")
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            yield r, c, cell
            c += cell.colspan
