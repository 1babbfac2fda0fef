"""Starting program year N+1 from year N: same cards and codes, last year's actual into history.

Targets, per-quarter targets, values and activity costs stay empty: the directorates fill them
for the new year. Nothing of year N changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kbpp import audit
from kbpp.backup import backup_before
from kbpp.errors import NotFoundError, ValidationError
from kbpp.evaluation.rules import effective_aggregation, year_value
from kbpp.i18n import _
from kbpp.models import (
    Activity,
    Indicator,
    IndicatorHistory,
    Objective,
    PerformanceTarget,
    ProgramYear,
    StrategicPlan,
)
from kbpp.storage import Database


@dataclass(frozen=True)
class RolloverSummary:
    year: int
    targets: int
    indicators: int
    activities: int
    skipped: list[str]  # cards whose objective is not in the new year's plan


def _plan_for(session: Session, year: int, current: StrategicPlan) -> StrategicPlan:
    if current.start_year <= year <= current.end_year:
        return current
    for plan in session.scalars(select(StrategicPlan)):
        if plan.start_year <= year <= plan.end_year:
            return plan
    raise ValidationError(
        _(
            "{year} is outside the strategic plan {plan} ({start}-{end}). Add the next plan "
            "period first (kbpp plan period add, or import it with kbpp plan import), then "
            "roll over."
        ).format(year=year, plan=current.name, start=current.start_year, end=current.end_year)
    )


def _copy_indicator(source: Indicator, year: int) -> Indicator:
    values = {v.period: v.value for v in source.values}
    actual = year_value(values, effective_aggregation(source.aggregation, source.unit))
    history = [(h.period, h.value) for h in source.history]
    history = [(p, v) for p, v in history if p != str(year)] + [(str(year), actual)]
    return Indicator(
        code=source.code,
        kind=source.kind,
        name=source.name,
        type=source.type,
        unit=source.unit,
        direction=source.direction,
        aggregation=source.aggregation,
        frequency=source.frequency,
        weight=source.weight,
        baseline=source.baseline,
        target=None,
        evidence=source.evidence,
        position=source.position,
        partners=list(source.partners),
        history=[
            IndicatorHistory(period=p, value=v, position=i) for i, (p, v) in enumerate(history)
        ],
    )


@dataclass(frozen=True)
class RolloverPreview:
    """What roll_over would do, for the dialog's confirmation: nothing is written."""

    from_year: int
    year: int
    plan: str  # the strategic plan the new year belongs to
    new_period: bool  # the new year starts another plan than the old year's
    targets: int
    indicators: int
    activities: int
    unlinked: list[str]  # cards whose objective code is not in the new year's plan


def plan_label(plan: StrategicPlan) -> str:
    """The plan's name, with its period unless the name already says it."""
    period = f"{plan.start_year}-{plan.end_year}"
    return plan.name if period in plan.name else f"{plan.name} ({period})"


def preview_rollover(db: Database, from_year: int) -> RolloverPreview:
    """Counts and the cards that would not be copied; refuses as roll_over would."""
    new_year = from_year + 1
    with db.read() as session:
        source = session.scalar(select(ProgramYear).where(ProgramYear.year == from_year))
        if source is None:
            raise NotFoundError(_("There is no program year {year}.").format(year=from_year))
        if session.scalar(select(ProgramYear).where(ProgramYear.year == new_year)):
            raise ValidationError(
                _("Program year {year} already exists; nothing was copied.").format(year=new_year)
            )
        plan = _plan_for(session, new_year, source.plan)
        codes = set(session.scalars(select(Objective.code).where(Objective.plan_id == plan.id)))
        cards = session.scalars(
            select(PerformanceTarget)
            .where(PerformanceTarget.program_year_id == source.id)
            .order_by(PerformanceTarget.position)
            .options(
                selectinload(PerformanceTarget.objective),
                selectinload(PerformanceTarget.directorate),
                selectinload(PerformanceTarget.indicators),
                selectinload(PerformanceTarget.activities),
            )
        ).all()
        kept = [c for c in cards if c.objective.code in codes]
        return RolloverPreview(
            from_year,
            new_year,
            plan_label(plan),
            plan.id != source.plan_id,
            len(kept),
            sum(len(c.indicators) for c in kept),
            sum(len(c.activities) for c in kept),
            [
                f"{c.directorate.name} {c.code} ({c.objective.code})"
                for c in cards
                if c.objective.code not in codes
            ],
        )


def roll_over(db: Database, from_year: int) -> RolloverSummary:
    """Create year N+1 in one transaction, after a backup."""
    new_year = from_year + 1
    with db.read() as session:
        if session.scalar(select(ProgramYear).where(ProgramYear.year == from_year)) is None:
            raise NotFoundError(_("There is no program year {year}.").format(year=from_year))
        if session.scalar(select(ProgramYear).where(ProgramYear.year == new_year)):
            raise ValidationError(
                _("Program year {year} already exists; nothing was copied.").format(year=new_year)
            )
    backup_before(db.path, f"before-rollover-{from_year}")
    with db.write() as session:
        source = session.scalar(select(ProgramYear).where(ProgramYear.year == from_year))
        plan = _plan_for(session, new_year, source.plan)
        objectives = {
            o.code: o
            for o in session.scalars(select(Objective).where(Objective.plan_id == plan.id))
        }
        target = ProgramYear(year=new_year, plan=plan, settings=dict(source.settings))
        session.add(target)
        cards = session.scalars(
            select(PerformanceTarget)
            .where(PerformanceTarget.program_year_id == source.id)
            .order_by(PerformanceTarget.position)
            .options(
                selectinload(PerformanceTarget.objective),
                selectinload(PerformanceTarget.directorate),
                selectinload(PerformanceTarget.indicators).selectinload(Indicator.values),
                selectinload(PerformanceTarget.indicators).selectinload(Indicator.history),
                selectinload(PerformanceTarget.indicators).selectinload(Indicator.partners),
                selectinload(PerformanceTarget.activities).selectinload(Activity.responsible),
            )
        ).all()
        counts = {"targets": 0, "indicators": 0, "activities": 0}
        skipped = []
        for card in cards:
            objective = objectives.get(card.objective.code)
            if objective is None:
                skipped.append(f"{card.directorate.name} {card.code} ({card.objective.code})")
                continue
            copy = PerformanceTarget(
                program_year=target,
                directorate=card.directorate,
                objective=objective,
                code=card.code,
                text=card.text,
                position=card.position,
            )
            copy.indicators = [_copy_indicator(i, from_year) for i in card.indicators]
            copy.activities = [
                Activity(name=a.name, responsible=a.responsible, position=a.position)
                for a in card.activities
            ]
            session.add(copy)
            counts["targets"] += 1
            counts["indicators"] += len(copy.indicators)
            counts["activities"] += len(copy.activities)
        audit.record(
            session,
            "rollover",
            "program year",
            str(new_year),
            old=str(from_year),
            new=str(new_year),
        )
    return RolloverSummary(new_year, skipped=skipped, **counts)
