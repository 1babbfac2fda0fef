"""Inserting brand-new performance targets (and all below them) as plain rows.

Through the ORM, SQLite makes SQLAlchemy insert one row per statement (it cannot return the
ids of a batch in order), and each object costs Python bookkeeping: a 10× plan took 8 s. New
cards need no comparison, so their rows are built directly with ids counted on from the
largest in use (safe: the import holds the write lock from BEGIN IMMEDIATE) and inserted with
one executemany per table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import count
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.models import (
    Activity,
    ActivityCost,
    ActivitySpending,
    Indicator,
    IndicatorHistory,
    IndicatorValue,
    PerformanceTarget,
    QuarterTarget,
)
from kbpp.models.program import indicator_partners
from kbpp.planexchange import schema as s

INSERT_ORDER = (
    PerformanceTarget,
    Indicator,
    indicator_partners,
    IndicatorHistory,
    QuarterTarget,
    IndicatorValue,
    Activity,
    ActivityCost,
    ActivitySpending,
)


def kurus(amount: Any) -> int:
    return int(amount * 100)


def indicator_kind(code: str, kind: str | None) -> str:
    """The file may leave `kind` null: the code says it (İG… monitoring, PG… performance)."""
    if kind:
        return kind
    return "monitoring" if code.upper().startswith(("İG", "IG")) else "performance"


def value_period(period: str) -> str:
    """`2021-Q3` → `Q3`; `2021` → `Y` (a value for the whole year)."""
    return period.split("-")[1] if "-" in period else "Y"


def cost_rows(activity: s.ActivityItem) -> list[tuple[str, str, int]]:
    """(source, key, kuruş) in stored order: budget by code, then off-budget as given."""
    rows = [("budget", k, kurus(v)) for k, v in sorted(activity.budget.items())]
    return rows + [("off_budget", k, kurus(v)) for k, v in activity.off_budget.items()]


class _Ids:
    """Ids after the largest in use, per table: what SQLite itself would hand out."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._counters: dict[Any, Iterator[int]] = {}

    def next(self, model: Any) -> int:
        if model not in self._counters:
            start = self._session.scalar(select(func.max(model.id))) or 0
            self._counters[model] = count(start + 1)
        return next(self._counters[model])


def insert_new_targets(
    session: Session,
    year_id: int,
    items: list[tuple[int, int, int, s.TargetItem]],
    directorate_ids: dict[str, int],
    user: str,
) -> Counter[str]:
    """Insert (position, directorate id, objective id, item) cards that are not in the database."""
    session.flush()  # nothing pending may take an id after the counters start
    ids = _Ids(session)
    rows: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    now = audit.now()
    for position, directorate_id, objective_id, item in items:
        target_id = ids.next(PerformanceTarget)
        rows[PerformanceTarget].append(
            {
                "id": target_id,
                "program_year_id": year_id,
                "directorate_id": directorate_id,
                "objective_id": objective_id,
                "code": item.code,
                "text": item.text,
                "position": position,
            }
        )
        for ipos, src in enumerate(item.indicators):
            _indicator_rows(rows, ids, target_id, ipos, src, directorate_ids, user, now)
        for apos, src in enumerate(item.activities):
            activity_id = ids.next(Activity)
            responsible = directorate_ids[src.responsible] if src.responsible else None
            rows[Activity].append(
                {
                    "id": activity_id,
                    "target_id": target_id,
                    "name": src.name,
                    "responsible_id": responsible,
                    "position": apos,
                }
            )
            for cpos, (source, key, amount) in enumerate(cost_rows(src)):
                rows[ActivityCost].append(
                    {
                        "activity_id": activity_id,
                        "source": source,
                        "key": key,
                        "amount_kurus": amount,
                        "position": cpos,
                    }
                )
            for key, amount in sorted(src.spending.items()):
                rows[ActivitySpending].append(
                    {
                        "activity_id": activity_id,
                        "quarter": int(key[-1]),
                        "amount_kurus": kurus(amount),
                    }
                )
    for model in INSERT_ORDER:
        if rows[model]:
            session.execute(insert(model), rows[model])
    return Counter(
        {
            "performance target": len(rows[PerformanceTarget]),
            "indicator": len(rows[Indicator]),
            "value": len(rows[IndicatorValue]),
            "activity": len(rows[Activity]),
        }
    )


def _indicator_rows(
    rows: dict[Any, list[dict[str, Any]]],
    ids: _Ids,
    target_id: int,
    position: int,
    src: s.IndicatorItem,
    directorate_ids: dict[str, int],
    user: str,
    now: Any,
) -> None:
    indicator_id = ids.next(Indicator)
    rows[Indicator].append(
        {
            "id": indicator_id,
            "target_id": target_id,
            "code": src.code,
            "kind": indicator_kind(src.code, src.kind),
            "name": src.name,
            "type": src.type,
            "unit": src.unit,
            "direction": src.direction,
            "aggregation": src.aggregation,
            "frequency": src.frequency,
            "weight": src.weight,
            "baseline": src.baseline,
            "target": src.target,
            "evidence": src.evidence,
            "position": position,
        }
    )
    for name in src.partners:
        rows[indicator_partners].append(
            {"indicator_id": indicator_id, "directorate_id": directorate_ids[name]}
        )
    for hpos, h in enumerate(src.history):
        rows[IndicatorHistory].append(
            {
                "id": ids.next(IndicatorHistory),
                "indicator_id": indicator_id,
                "period": h.period,
                "value": h.value,
                "position": hpos,
            }
        )
    for quarter, value in sorted(src.quarter_targets.items()):
        rows[QuarterTarget].append(
            {"indicator_id": indicator_id, "quarter": int(quarter[1]), "value": value}
        )
    for v in src.values:
        entered = v.value is not None or v.note is not None
        rows[IndicatorValue].append(
            {
                "id": ids.next(IndicatorValue),
                "indicator_id": indicator_id,
                "period": value_period(v.period),
                "value": v.value,
                "note": v.note,
                "entered_by": user if entered else None,
                "entered_at": now if entered else None,
                "entered_by_office": False,
            }
        )
