"""Pieces several reports share: header cells, period labels, shares, band cells."""

from __future__ import annotations

from decimal import Decimal

from kbpp.costs import share_percent
from kbpp.evaluation.rules import EXACT, HUNDRED, round2
from kbpp.evaluation.settings import Band
from kbpp.i18n import _
from kbpp.reports.tables import Cell

HEADER_HEX = "#d9e1f2"
OFF_BUDGET_SOURCES = ("Döner Sermaye", "Diğer Yurt İçi", "Yurt Dışı")  # the guide's names


def head(value: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    """A label cell inside a table body (the card's AMAÇ, a sub-header row)."""
    return Cell(value, colspan=colspan, rowspan=rowspan, bold=True, fill=HEADER_HEX)


def band_cell(band: Band | None) -> Cell:
    return Cell(band.key if band else None, "band", fill=band.color if band else None)


def share(part: int, total: int) -> Cell:
    """A share in percent as the Performance Program prints it (three decimals, half even)."""
    return Cell(share_percent(part, total), "share")


def spending_rate(spent: int, need: int) -> Decimal | None:
    """Spent as a percent of the resource need, rounded as rates print (two decimals, half
    even); None when nothing was needed (the cell stays empty rather than dividing by zero)."""
    if need == 0:
        return None
    return round2(EXACT.divide(EXACT.multiply(Decimal(spent), HUNDRED), Decimal(need)))


def full_share() -> Cell:
    return Cell(Decimal(100), "share", bold=True)


def period_label(period: str) -> str:
    """A history period as the card's column header: 2019 → "2019 ACTUAL"."""
    year, _sep, part = period.partition("-")
    if not part:
        return _("{year} ACTUAL").format(year=year)
    if part == "H1":
        return _("{year} FIRST SIX MONTHS ACTUAL").format(year=year)
    if part == "H2":
        return _("{year} SECOND SIX MONTHS ACTUAL").format(year=year)
    if part.startswith("Q"):
        return _("{year} Q{q} ACTUAL").format(year=year, q=part[1:])
    return period


def kind_label(kind: str) -> str:
    return _("Performance") if kind == "performance" else _("Monitoring")
