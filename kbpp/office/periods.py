"""Strategic plan periods: adding the next five-year plan while the old one's years stay reportable.

A program year belongs to the plan whose period contains it; the old plan, its skeleton and its
years are never touched. The new plan starts empty or with a copy of an earlier plan's themes,
aims and objectives (same codes), to be edited. Rolling a year over into the new period links
each card to the new plan's objective with the same code (see kbpp.rollover).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kbpp import audit
from kbpp.errors import NotFoundError, ValidationError
from kbpp.i18n import _
from kbpp.models import Aim, Objective, ProgramYear, StrategicPlan, Theme
from kbpp.storage import Database

MAX_LENGTH = 10


@dataclass(frozen=True)
class Period:
    id: int
    name: str
    start_year: int
    end_year: int
    years: tuple[int, ...]  # program years held
    themes: int
    aims: int
    objectives: int

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year}"


def list_periods(db: Database) -> list[Period]:
    with db.read() as session:
        plans = session.scalars(
            select(StrategicPlan)
            .order_by(StrategicPlan.start_year)
            .options(
                selectinload(StrategicPlan.themes),
                selectinload(StrategicPlan.aims),
                selectinload(StrategicPlan.objectives),
            )
        ).all()
        years: dict[int, list[int]] = {}
        for plan_id, year in session.execute(
            select(ProgramYear.plan_id, ProgramYear.year).order_by(ProgramYear.year)
        ):
            years.setdefault(plan_id, []).append(year)
        return [
            Period(
                p.id,
                p.name,
                p.start_year,
                p.end_year,
                tuple(years.get(p.id, [])),
                len(p.themes),
                len(p.aims),
                len(p.objectives),
            )
            for p in plans
        ]


def parse_period(text: str) -> tuple[int, int]:
    """ "2020-2024" → (2020, 2024)."""
    try:
        start, end = (int(part) for part in text.strip().split("-"))
    except ValueError:
        raise ValidationError(
            _("“{text}” is not a plan period; write it as 2020-2024.").format(text=text)
        ) from None
    return start, end


def add_period(
    db: Database,
    start: int,
    end: int,
    name: str | None = None,
    copy_from: tuple[int, int] | None = None,
) -> Period:
    """Create the plan for start..end (one transaction, audited); optionally copy a skeleton."""
    if not 1900 < start <= end < 2200 or end - start + 1 > MAX_LENGTH:
        raise ValidationError(
            _("{start}-{end} is not a plan period; a plan runs from one year to a later one "
              "(usually five years).").format(start=start, end=end)
        )  # fmt: skip
    with db.write() as session:
        for other in session.scalars(select(StrategicPlan)):
            if other.start_year <= end and start <= other.end_year:
                raise ValidationError(
                    _(
                        "{start}-{end} overlaps the plan {name} ({a}-{b}); a year belongs to "
                        "one plan only."
                    ).format(
                        start=start, end=end, name=other.name, a=other.start_year, b=other.end_year
                    )
                )
        source = None
        if copy_from is not None:
            source = session.scalar(
                select(StrategicPlan).where(
                    StrategicPlan.start_year == copy_from[0],
                    StrategicPlan.end_year == copy_from[1],
                )
            )
            if source is None:
                raise NotFoundError(
                    _("There is no plan {a}-{b} to copy from.").format(
                        a=copy_from[0], b=copy_from[1]
                    )
                )
        latest = source or session.scalar(
            select(StrategicPlan).order_by(StrategicPlan.end_year.desc()).limit(1)
        )
        plan = StrategicPlan(
            name=(name or "").strip() or f"{start}-{end} Stratejik Plan",
            start_year=start,
            end_year=end,
            institution=latest.institution if latest else None,
            mission=source.mission if source else None,
            vision=source.vision if source else None,
            core_values=list(source.core_values) if source else [],
        )
        session.add(plan)
        if source is not None:
            themes = [(t.name, t.position, [a.id for a in t.aims]) for t in source.themes]
            objectives = list(source.objectives)
            aims = {}
            with session.no_autoflush:
                for a in source.aims:
                    aims[a.id] = Aim(plan=plan, code=a.code, text=a.text, position=a.position)
                    session.add(aims[a.id])
                for o in objectives:
                    session.add(
                        Objective(
                            plan=plan, aim=aims[o.aim_id], code=o.code, text=o.text,
                            position=o.position,
                        )
                    )  # fmt: skip
                for theme_name, position, aim_ids in themes:
                    session.add(
                        Theme(
                            plan=plan,
                            name=theme_name,
                            position=position,
                            aims=[aims[i] for i in aim_ids],
                        )
                    )
        session.flush()
        audit.record(
            session,
            "create",
            "plan",
            plan.name,
            new=f"{start}-{end}",
            reason=_("copied from {a}-{b}").format(a=copy_from[0], b=copy_from[1])
            if copy_from
            else None,
        )
        plan_id = plan.id
    return next(p for p in list_periods(db) if p.id == plan_id)
