"""What the reports read from the database: one program year as plain, frozen dataclasses.

One read transaction with one query per table (selectinload), so that a report never sees half a
change and the same data always gives the same bytes; `data_hash` fingerprints it for the footer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kbpp.costs import NeedTotals
from kbpp.directorates import resolve_name
from kbpp.errors import NotFoundError
from kbpp.i18n import _
from kbpp.models import (
    Activity,
    EconomicCode,
    Indicator,
    Objective,
    PerformanceTarget,
    ProgramYear,
    QuarterStatus,
    StrategicPlan,
    Theme,
)


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    kind: str
    type: str | None
    unit: str | None
    history: Mapping[str, Decimal | None]
    target: Decimal | None
    frequency: str | None = None
    notes: Mapping[str, str] = field(default_factory=dict)  # period → deviation note
    office: Mapping[str, str] = field(default_factory=dict)  # period → why the office entered it


@dataclass(frozen=True)
class ActivityRow(NeedTotals):
    """An activity's resource need (kuruş per economic code / off-budget source) and spending."""

    name: str
    budget: Mapping[str, int]
    off_budget: Mapping[str, int]
    spent: Mapping[int, int] = field(default_factory=dict)  # quarter → kuruş

    def spent_through(self, quarter: int) -> int:
        return sum(k for q, k in self.spent.items() if q <= quarter)


@dataclass(frozen=True)
class Card:
    """A performance target card with the aim and objective it serves."""

    code: str
    text: str
    aim_code: str
    aim_text: str
    objective_code: str
    objective_text: str
    indicators: tuple[IndicatorRow, ...]
    activities: tuple[ActivityRow, ...]


@dataclass(frozen=True)
class DirectorateProgram:
    name: str
    cards: tuple[Card, ...]
    statuses: Mapping[int, str] = field(default_factory=dict)  # quarter → state


@dataclass(frozen=True)
class ProgramData:
    """A program year as the reports print it; `directorates` in directorate order."""

    institution: str
    plan_name: str
    year: int
    history_periods: tuple[str, ...]
    economic_codes: Mapping[str, str]
    themes: tuple[tuple[str, tuple[str, ...]], ...]  # (theme name, aim codes)
    aims: Mapping[str, str]  # code → text, plan order
    objectives: tuple[tuple[str, str], ...]  # (objective code, aim code), plan order
    directorates: tuple[DirectorateProgram, ...]
    filtered: bool = False  # one directorate only

    @property
    def cards(self) -> list[Card]:
        return [card for d in self.directorates for card in d.cards]


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def data_hash(*parts: Any) -> str:
    """SHA-256 of the canonical JSON of the dataclasses a report is made from."""
    payload = [asdict(p) if hasattr(p, "__dataclass_fields__") else p for p in parts]
    text = json.dumps(payload, default=_json_default, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _period_key(period: str) -> tuple[str, str]:
    year, _sep, part = period.partition("-")
    return (year, part or "~")  # the whole year after its halves and quarters


def _indicator(ind: Indicator) -> IndicatorRow:
    return IndicatorRow(
        code=ind.code,
        name=ind.name,
        kind=ind.kind,
        type=ind.type,
        unit=ind.unit,
        history={h.period: h.value for h in ind.history},
        target=ind.target,
        frequency=ind.frequency,
        notes={v.period: v.note for v in ind.values if v.note},
        office={v.period: v.office_reason or "-" for v in ind.values if v.entered_by_office},
    )


def _activity(act: Activity) -> ActivityRow:
    return ActivityRow(
        name=act.name,
        budget={c.key: c.amount_kurus for c in act.costs if c.source == "budget"},
        off_budget={c.key: c.amount_kurus for c in act.costs if c.source == "off_budget"},
        spent={s.quarter: s.amount_kurus for s in act.spending},
    )


def _card(target: PerformanceTarget, objectives: Mapping[int, Objective]) -> Card:
    objective = objectives[target.objective_id]
    return Card(
        code=target.code,
        text=target.text or "",
        aim_code=objective.aim.code,
        aim_text=objective.aim.text or "",
        objective_code=objective.code,
        objective_text=objective.text or "",
        indicators=tuple(_indicator(i) for i in target.indicators),
        activities=tuple(_activity(a) for a in target.activities),
    )


def load_program(session: Session, year: int, directorate: str | None = None) -> ProgramData:
    """The year's plan and cards; `directorate` (typed loosely) keeps only that directorate."""
    program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
    if program is None:
        raise NotFoundError(_("There is no program year {year}.").format(year=year))
    plan = session.scalars(
        select(StrategicPlan)
        .where(StrategicPlan.id == program.plan_id)
        .options(
            selectinload(StrategicPlan.themes).selectinload(Theme.aims),
            selectinload(StrategicPlan.aims),
            selectinload(StrategicPlan.objectives).selectinload(Objective.aim),
        )
    ).one()
    targets = session.scalars(
        select(PerformanceTarget)
        .where(PerformanceTarget.program_year_id == program.id)
        .order_by(PerformanceTarget.position)
        .options(
            selectinload(PerformanceTarget.directorate),
            selectinload(PerformanceTarget.indicators).selectinload(Indicator.history),
            selectinload(PerformanceTarget.indicators).selectinload(Indicator.values),
            selectinload(PerformanceTarget.activities).selectinload(Activity.costs),
            selectinload(PerformanceTarget.activities).selectinload(Activity.spending),
        )
    ).all()
    statuses: dict[int, dict[int, str]] = {}
    for status in session.scalars(
        select(QuarterStatus).where(QuarterStatus.program_year_id == program.id)
    ):
        statuses.setdefault(status.directorate_id, {})[status.quarter] = status.state
    objectives = {o.id: o for o in plan.objectives}
    by_directorate: dict[int, list[PerformanceTarget]] = {}
    for t in targets:
        by_directorate.setdefault(t.directorate_id, []).append(t)
    ordered = sorted(
        (ts[0].directorate for ts in by_directorate.values()), key=lambda d: (d.position, d.name)
    )
    wanted = resolve_name([d.name for d in ordered], directorate) if directorate else None
    directorates = tuple(
        DirectorateProgram(
            name=d.name,
            cards=tuple(_card(t, objectives) for t in by_directorate[d.id]),
            statuses=statuses.get(d.id, {}),
        )
        for d in ordered
        if wanted is None or d.name == wanted
    )
    periods = {h.period for t in targets for i in t.indicators for h in i.history}
    codes = {c.code: c.name for c in session.scalars(select(EconomicCode))}
    return ProgramData(
        institution=plan.institution or "",
        plan_name=plan.name,
        year=year,
        history_periods=tuple(sorted(periods, key=_period_key)),
        economic_codes=dict(sorted(codes.items())),
        themes=tuple((t.name, tuple(a.code for a in t.aims)) for t in plan.themes),
        aims={a.code: a.text or "" for a in plan.aims},
        objectives=tuple((o.code, o.aim.code) for o in plan.objectives),
        directorates=directorates,
        filtered=wanted is not None,
    )
