"""Reading a program year from the database into the engine's plain inputs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kbpp.errors import NotFoundError
from kbpp.evaluation.engine import IndicatorFacts, PlanShape, YearFacts, YearResult, evaluate
from kbpp.evaluation.settings import settings_from_dict
from kbpp.i18n import _
from kbpp.models import Directorate, Indicator, PerformanceTarget, ProgramYear
from kbpp.storage import Database


def indicator_facts(target: PerformanceTarget, indicator: Indicator) -> IndicatorFacts:
    """The engine's view of one indicator (its values and quarter targets must be loaded)."""
    return IndicatorFacts(
        directorate=target.directorate.name,
        target_code=target.code,
        objective_code=target.objective.code,
        code=indicator.code,
        name=indicator.name,
        kind=indicator.kind,
        type=indicator.type,
        unit=indicator.unit,
        direction=indicator.direction,
        aggregation=indicator.aggregation,
        weight=indicator.weight,
        target=indicator.target,
        quarter_targets={q.quarter: q.value for q in indicator.quarter_targets},
        values={v.period: v.value for v in indicator.values},
    )


def load_year_facts(session: Session, year: int) -> YearFacts:
    program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
    if program is None:
        raise NotFoundError(_("There is no program year {year}.").format(year=year))
    plan = program.plan
    targets = session.scalars(
        select(PerformanceTarget)
        .where(PerformanceTarget.program_year_id == program.id)
        .order_by(PerformanceTarget.position)
        .options(
            selectinload(PerformanceTarget.directorate),
            selectinload(PerformanceTarget.objective),
            selectinload(PerformanceTarget.indicators).selectinload(Indicator.values),
            selectinload(PerformanceTarget.indicators).selectinload(Indicator.quarter_targets),
        )
    ).all()
    indicators = [indicator_facts(t, i) for t in targets for i in t.indicators]
    shape = PlanShape(
        objectives=[(o.code, o.aim.code) for o in plan.objectives],
        aims=[a.code for a in plan.aims],
        themes=[(t.name, [a.code for a in t.aims]) for t in plan.themes],
    )
    directorates = [
        d.name for d in session.scalars(select(Directorate).order_by(Directorate.position))
    ]
    return YearFacts(
        year=year,
        settings=settings_from_dict(program.settings),
        plan=shape,
        directorates=directorates,
        indicators=indicators,
    )


def evaluate_year(db: Database, year: int, quarter: int | None = None) -> YearResult:
    """The evaluation the CLI, the GUI and the reports all use."""
    with db.read() as session:
        facts = load_year_facts(session, year)
    return evaluate(facts, quarter)
