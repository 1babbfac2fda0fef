"""Reading a program year from the database into the engine's plain inputs.

Column queries, not ORM objects: a 10× year has tens of thousands of values, and building an
ORM object for each only to copy its fields cost a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from kbpp.errors import NotFoundError
from kbpp.evaluation.engine import IndicatorFacts, PlanShape, YearFacts, YearResult, evaluate
from kbpp.evaluation.settings import settings_from_dict
from kbpp.i18n import _
from kbpp.models import (
    Directorate,
    Indicator,
    IndicatorValue,
    Objective,
    PerformanceTarget,
    ProgramYear,
    QuarterTarget,
)
from kbpp.storage import Database


@dataclass(frozen=True)
class LoadedIndicator:
    """One indicator as the engine sees it, with its id and deviation notes for the screens."""

    indicator_id: int
    facts: IndicatorFacts
    notes: dict[str, str | None]
    frequency: str | None = None  # which quarters owe a value (rules.due_in_quarter)


def program_year(session: Session, year: int) -> ProgramYear:
    program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
    if program is None:
        raise NotFoundError(_("There is no program year {year}.").format(year=year))
    return program


def _scope(program: ProgramYear, directorate: str | None) -> list[ColumnElement[bool]]:
    where = [PerformanceTarget.program_year_id == program.id]
    if directorate is not None:
        where.append(Directorate.name == directorate)
    return where


def indicators_in_scope(program: ProgramYear, directorate: str | None = None) -> Select:
    """The ids of the year's indicators (of one directorate when named), as a subquery: an
    IN list of thousands of ids would be compiled afresh on every read."""
    return (
        select(Indicator.id)
        .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
        .join(Directorate, PerformanceTarget.directorate_id == Directorate.id)
        .where(*_scope(program, directorate))
    )


def load_indicators(
    session: Session,
    program: ProgramYear,
    directorate: str | None = None,
    limit: int | None = None,
) -> list[LoadedIndicator]:
    """Every indicator of the year (of one directorate when named), in card order; only the
    first `limit` when given."""
    where = _scope(program, directorate)
    # Core, not ORM, execution: these select columns only, and the ORM's row handling doubles
    # the time of reading tens of thousands of rows.
    connection = session.connection()
    rows = connection.execute(
        select(
            Indicator.id,
            Directorate.name,
            PerformanceTarget.code,
            Objective.code,
            Indicator.code,
            Indicator.name,
            Indicator.kind,
            Indicator.type,
            Indicator.unit,
            Indicator.direction,
            Indicator.aggregation,
            Indicator.weight,
            Indicator.target,
            Indicator.frequency,
        )
        .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
        .join(Directorate, PerformanceTarget.directorate_id == Directorate.id)
        .join(Objective, PerformanceTarget.objective_id == Objective.id)
        .where(*where)
        .order_by(
            PerformanceTarget.position, PerformanceTarget.id, Indicator.position, Indicator.id
        )
        .limit(limit)
    ).all()
    in_scope: Select | list[int] = (
        indicators_in_scope(program, directorate) if limit is None else [r[0] for r in rows]
    )
    values: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    notes: dict[int, dict[str, str | None]] = defaultdict(dict)
    for ind_id, period, value, note in connection.execute(
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.period,
            IndicatorValue.value,
            IndicatorValue.note,
        ).where(IndicatorValue.indicator_id.in_(in_scope))
    ):
        values[ind_id][period] = value
        notes[ind_id][period] = note
    quarter_targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for ind_id, quarter, value in connection.execute(
        select(QuarterTarget.indicator_id, QuarterTarget.quarter, QuarterTarget.value)
        .where(QuarterTarget.indicator_id.in_(in_scope))
        .order_by(QuarterTarget.indicator_id, QuarterTarget.quarter)
    ):
        quarter_targets[ind_id][quarter] = value
    return [
        LoadedIndicator(
            ind_id,
            IndicatorFacts(
                directorate=d,
                target_code=tc,
                objective_code=oc,
                code=c,
                name=n,
                kind=k,
                type=ty,
                unit=u,
                direction=di,
                aggregation=ag,
                weight=w,
                target=t,
                quarter_targets=quarter_targets.get(ind_id, {}),
                values=values.get(ind_id, {}),
            ),
            notes.get(ind_id, {}),
            fr,
        )
        for ind_id, d, tc, oc, c, n, k, ty, u, di, ag, w, t, fr in rows
    ]


def load_year_facts(session: Session, year: int) -> YearFacts:
    program = program_year(session, year)
    plan = program.plan
    shape = PlanShape(
        objectives=[(o.code, o.aim.code) for o in plan.objectives],
        aims=[a.code for a in plan.aims],
        themes=[(t.name, [a.code for a in t.aims]) for t in plan.themes],
    )
    return YearFacts(
        year=year,
        settings=settings_from_dict(program.settings),
        plan=shape,
        directorates=list(session.scalars(select(Directorate.name).order_by(Directorate.position))),
        indicators=[loaded.facts for loaded in load_indicators(session, program)],
    )


def evaluate_year(db: Database, year: int, quarter: int | None = None) -> YearResult:
    """The evaluation the CLI, the GUI and the reports all use."""
    with db.read() as session:
        facts = load_year_facts(session, year)
    return evaluate(facts, quarter)
