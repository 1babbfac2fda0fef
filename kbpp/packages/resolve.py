"""Resolving a package's rows within its own directorate: a row naming another
directorate's card, or one this database lacks, refuses the whole package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp.evaluation.loader import program_year
from kbpp.i18n import ngettext
from kbpp.models import (
    Activity,
    Directorate,
    Indicator,
    PerformanceTarget,
    ProgramYear,
)
from kbpp.packages import errors as e
from kbpp.packages.build import directorate_named, directorate_targets
from kbpp.packages.container import OpenedPackage
from kbpp.packages.content import Content


@dataclass(frozen=True)
class Resolved:
    program: ProgramYear
    directorate: Directorate
    targets: list[PerformanceTarget]
    indicators: dict[tuple[str, str], Indicator]
    activities: dict[tuple[str, str], Activity]


def rows_problem(path: Path, code: str, problems: list[str]) -> e.PackageRejected:
    if code == e.FOREIGN_ROWS:
        reason = ngettext(
            "it names {n} row of another directorate; nothing was imported.",
            "it names {n} rows of another directorate; nothing was imported.",
            len(problems),
        )
    else:
        reason = ngettext(
            "it names {n} row this database does not have; bring the plan up to date "
            "(a newer reference package or plan import) and import it again.",
            "it names {n} rows this database does not have; bring the plan up to date "
            "(a newer reference package or plan import) and import it again.",
            len(problems),
        )
    return e.PackageRejected(code, path, reason.format(n=len(problems)), problems[:50])


def resolve(session: Session, opened: OpenedPackage, content: Content) -> Resolved:
    """The program year, the directorate and its indicators and activities by code."""
    program = program_year(session, content.year)
    d = directorate_named(session, content.directorate)
    targets = directorate_targets(session, program, d)
    others = set(
        session.scalars(
            select(PerformanceTarget.code).where(
                PerformanceTarget.program_year_id == program.id,
                PerformanceTarget.directorate_id != d.id,
            )
        )
    )
    indicators = {(t.code, i.code): i for t in targets for i in t.indicators}
    activities = {(t.code, a.name): a for t in targets for a in t.activities}
    foreign: list[str] = []
    unknown: list[str] = []
    wanted = [(r.target, r.indicator) for r in (*content.values, *content.evidence)]
    wanted += [(r.target, r.indicator) for r in content.comments]
    wanted += [(r.target, r.indicator) for r in content.office_values]
    for key in wanted:
        if key not in indicators:
            (foreign if key[0] in others else unknown).append("/".join(key))
    for r in content.spending:
        if (r.target, r.activity) not in activities:
            (foreign if r.target in others else unknown).append(f"{r.target}/{r.activity}")
    if foreign:
        raise rows_problem(opened.path, e.FOREIGN_ROWS, sorted(set(foreign)))
    if unknown:
        raise rows_problem(opened.path, e.UNKNOWN_ROWS, sorted(set(unknown)))
    return Resolved(program, d, targets, indicators, activities)
