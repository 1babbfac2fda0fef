"""Resource-need totals of a program year, always summed from stored parts (never re-typed)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kbpp.models import Activity, ActivityCost, Directorate, PerformanceTarget, ProgramYear


class NeedTotals:
    """Totals of a resource need split into budget (per economic code) and off-budget (per source).

    A mixin for the frozen dataclasses that carry `budget` and `off_budget`, so the editor, the
    activity sheet and the reports all add them up the same way.
    """

    budget: Mapping[str, int]
    off_budget: Mapping[str, int]

    @property
    def budget_total(self) -> int:
        return sum(self.budget.values())

    @property
    def off_budget_total(self) -> int:
        return sum(self.off_budget.values())

    @property
    def total(self) -> int:
        return self.budget_total + self.off_budget_total


@dataclass(frozen=True)
class DirectorateNeed:
    name: str
    kurus: int
    share: Decimal  # percent of the year's total, rounded as printed (3 decimals, half-even)


def share_percent(part: int, total: int, places: int = 3) -> Decimal:
    if total == 0:
        return Decimal(0)
    exact = Decimal(part) * 100 / Decimal(total)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def _year_costs(year: int):
    return (
        select(ActivityCost)
        .join(Activity, Activity.id == ActivityCost.activity_id)
        .join(PerformanceTarget, PerformanceTarget.id == Activity.target_id)
        .join(ProgramYear, ProgramYear.id == PerformanceTarget.program_year_id)
        .where(ProgramYear.year == year)
    )


def need_by_source_key(session: Session, year: int, source: str) -> dict[str, int]:
    """Kuruş per economic code ("budget") or per off-budget source ("off_budget")."""
    q = (
        _year_costs(year)
        .where(ActivityCost.source == source)
        .with_only_columns(ActivityCost.key, func.sum(ActivityCost.amount_kurus))
        .group_by(ActivityCost.key)
        .order_by(ActivityCost.key)
    )
    return {key: int(total) for key, total in session.execute(q)}


def total_need(session: Session, year: int, source: str | None = None) -> int:
    q = _year_costs(year).with_only_columns(func.coalesce(func.sum(ActivityCost.amount_kurus), 0))
    if source:
        q = q.where(ActivityCost.source == source)
    return int(session.scalar(q) or 0)


def need_by_directorate(session: Session, year: int) -> list[DirectorateNeed]:
    """Every directorate with cards in the year, in directorate order, with its share."""
    q = (
        _year_costs(year)
        .join(Directorate, Directorate.id == PerformanceTarget.directorate_id)
        .with_only_columns(Directorate.name, func.sum(ActivityCost.amount_kurus))
        .group_by(Directorate.id)
        .order_by(Directorate.position)
    )
    rows = [(name, int(total)) for name, total in session.execute(q)]
    grand = sum(k for _, k in rows)
    return [DirectorateNeed(name, k, share_percent(k, grand)) for name, k in rows]
