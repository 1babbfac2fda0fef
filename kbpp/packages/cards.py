"""Goal cards carried as a `kbpp-plan` document (plan.json): checked to be one directorate's
cards of one year without values, then applied with the plan importer's own writers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp.errors import ValidationError
from kbpp.i18n import _
from kbpp.models import (
    Directorate,
    PerformanceTarget,
    ProgramYear,
    QuarterStatus,
)
from kbpp.packages import errors as e
from kbpp.packages.container import OpenedPackage
from kbpp.packages.manifest import PLAN
from kbpp.packages.resolve import rows_problem
from kbpp.planexchange import schema as s
from kbpp.planexchange.importer import (
    ImportSummary,
    _import_activities,
    _import_indicators,
    _Writer,
)
from kbpp.planexchange.reader import read_plan_bytes


def plan_checks(opened: OpenedPackage, doc: s.PlanDocument, year: int, name: str) -> None:
    """One program year, only the named directorate's cards, no values or spending."""
    problems = []
    foreign = False
    if [p.year for p in doc.programs] != [year]:
        problems.append(
            _("plan.json: it must hold exactly the program year {year}").format(year=year)
        )
    for program in doc.programs:
        for pd in program.directorates:
            if pd.name != name:
                foreign = True
                problems.append(_("plan.json: cards of “{other}”").format(other=pd.name[:80]))
            for t in pd.performance_targets:
                if any(i.values for i in t.indicators) or any(a.spending for a in t.activities):
                    problems.append(
                        _("plan.json: {code} carries values or spending").format(code=t.code)
                    )
    if problems:
        code = e.FOREIGN_ROWS if foreign else e.BAD_CONTENT
        raise e.PackageRejected(
            code,
            opened.path,
            _("its cards are not one directorate's cards of one year."),
            problems[:50],
        )


def apply_cards(
    session: Session,
    opened: OpenedPackage,
    program: ProgramYear,
    d: Directorate,
    targets: list[PerformanceTarget],
    user: str,
    summary: ImportSummary,
) -> list[str]:
    """A directorate's draft cards: only its own targets, indicators and activities change."""
    doc = opened_plan(opened)
    plan_checks(opened, doc, program.year, d.name)
    objectives = {o.code: o for o in program.plan.objectives}
    directorates = {x.name: x for x in session.scalars(select(Directorate))}
    unknown = []
    for pd in doc.programs[0].directorates:
        for t in pd.performance_targets:
            if t.objective not in objectives:
                unknown.append(f"{t.code}: {t.objective}")
            names = [p for i in t.indicators for p in i.partners]
            names += [a.responsible for a in t.activities if a.responsible]
            unknown += [f"{t.code}: {n}" for n in names if n not in directorates]
    if unknown:
        raise rows_problem(opened.path, e.UNKNOWN_ROWS, unknown)
    states = session.scalars(
        select(QuarterStatus).where(
            QuarterStatus.program_year_id == program.id, QuarterStatus.directorate_id == d.id
        )
    )
    if any(st.locked or st.state == "accepted" for st in states):
        return [
            _("the cards of {name} can change only before a quarter is accepted").format(
                name=d.name
            )
        ]
    w = _Writer(session, summary, user)
    by_code = {t.code: t for t in targets}
    last = session.scalars(
        select(PerformanceTarget.position).where(PerformanceTarget.program_year_id == program.id)
    ).all()
    position = max(last, default=-1) + 1
    for pd in doc.programs[0].directorates:
        for item in pd.performance_targets:
            target = by_code.get(item.code)
            if target is None:
                target = PerformanceTarget(
                    program_year=program, directorate=d, code=item.code, position=position
                )
                position += 1
            label = f"{program.year}/{d.name}/{item.code}"
            w.apply(
                target,
                "performance target",
                label,
                text=item.text,
                objective=objectives[item.objective],
            )
            _import_indicators(w, target, item, label, program.year, directorates)
            _import_activities(w, target, item, label, directorates)
    return []


def opened_plan(opened: OpenedPackage) -> s.PlanDocument:
    """plan.json read with the plan exchange reader (strict JSON, typed, cross-checked)."""
    data = opened.documents.get(PLAN)
    if data is None:
        raise e.PackageRejected(e.BAD_CONTENT, opened.path, _("it carries no cards (plan.json)."))
    try:
        return read_plan_bytes(data).document
    except ValidationError as exc:
        raise e.PackageRejected(
            e.BAD_CONTENT,
            opened.path,
            _("its cards are invalid: {msg}").format(msg=exc),
            exc.problems[:50],
        ) from None
