"""Importing a validated `kbpp-plan` document: one transaction, update in place by identity.

Identities follow the format: a plan by its period, themes by name, aims and objectives by code,
directorates by name, program years by year, performance targets by (year, directorate, code),
indicators by (target, code), activities by (target, name), values by period. Items that are in
the database but not in the file are kept, never deleted; the summary says how many.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.backup import backup_before
from kbpp.errors import ValidationError
from kbpp.evaluation.settings import DEFAULT_SETTINGS, settings_from_dict, settings_to_dict
from kbpp.i18n import N_, _
from kbpp.models import (
    Activity,
    ActivityCost,
    ActivitySpending,
    Aim,
    Directorate,
    EconomicCode,
    Indicator,
    IndicatorHistory,
    IndicatorValue,
    Objective,
    PerformanceTarget,
    ProgramYear,
    QuarterTarget,
    StrategicPlan,
    Theme,
)
from kbpp.models.program import whole_cards
from kbpp.planexchange import schema as s
from kbpp.planexchange.bulk import (
    cost_rows,
    indicator_kind,
    insert_new_targets,
    kurus,
    value_period,
)
from kbpp.planexchange.reader import ReadResult
from kbpp.storage import Database

ENTITY_LABELS = {
    "economic code": N_("economic codes"),
    "directorate": N_("directorates"),
    "plan": N_("strategic plans"),
    "aim": N_("aims"),
    "objective": N_("objectives"),
    "theme": N_("themes"),
    "program year": N_("program years"),
    "performance target": N_("performance targets"),
    "indicator": N_("indicators"),
    "value": N_("values"),
    "activity": N_("activities"),
}


def describe_counts(counts: Counter[str]) -> str:
    """“100 performance targets, 476 indicators”, in the user's language, in a fixed order."""
    return ", ".join(
        f"{counts[key]} {_(label)}" for key, label in ENTITY_LABELS.items() if counts[key]
    )


@dataclass
class ImportSummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


class _Writer:
    """Sets fields, counting creations and updates and auditing every changed field."""

    def __init__(self, session: Session, summary: ImportSummary, user: str) -> None:
        self.session = session
        self.summary = summary
        self.user = user

    def apply(self, obj: Any, entity: str, key: str, **values: Any) -> None:
        is_new = obj.id is None if hasattr(obj, "id") else obj not in self.session
        changed = False
        for name, value in values.items():
            old = getattr(obj, name)
            if old != value:
                if not is_new:
                    audit.record(
                        self.session,
                        "import",
                        entity,
                        key,
                        field=name,
                        old=old,
                        new=value,
                        user=self.user,
                    )
                setattr(obj, name, value)
                changed = True
        if is_new:
            self.session.add(obj)
            self.summary.created[entity] += 1
        elif changed:
            self.summary.updated[entity] += 1


def _get_plan(session: Session, doc: s.PlanDocument) -> StrategicPlan:
    if doc.plan is not None:
        plan = session.scalar(
            select(StrategicPlan).where(
                StrategicPlan.start_year == doc.plan.start_year,
                StrategicPlan.end_year == doc.plan.end_year,
            )
        )
        return plan or StrategicPlan(
            name=doc.plan.name, start_year=doc.plan.start_year, end_year=doc.plan.end_year
        )
    years = [p.year for p in doc.programs]
    for plan in session.scalars(select(StrategicPlan)):
        if all(plan.start_year <= y <= plan.end_year for y in years):
            return plan
    raise ValidationError(
        _("The file has no “plan” and the database has no strategic plan covering {years}.").format(
            years=", ".join(map(str, years)) or "-"
        )
    )


def import_plan(db: Database, read: ReadResult, user: str | None = None) -> ImportSummary:
    """Import everything in one transaction; on any error nothing is written."""
    summary = ImportSummary(warnings=list(read.warnings))
    user = user or audit.current_user()
    backup_before(db.path, "before-plan-import")
    try:
        with db.write() as session:
            _import(session, read.document, summary, user)
            audit.record(
                session,
                "plan import",
                "plan",
                read.document.source or "-",
                new=describe_counts(summary.created) or None,
                user=user,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("The plan could not be stored; nothing was imported ({reason}).").format(
                reason=exc.orig
            )
        ) from None
    return summary


def _import(session: Session, doc: s.PlanDocument, summary: ImportSummary, user: str) -> None:
    w = _Writer(session, summary, user)
    for code, name in (doc.economic_codes or {}).items():
        w.apply(
            session.get(EconomicCode, code) or EconomicCode(code=code),
            "economic code",
            code,
            name=name,
        )

    directorates = {d.name: d for d in session.scalars(select(Directorate))}
    for pos, item in enumerate(doc.directorates):
        d = directorates.get(item.name) or Directorate(name=item.name)
        w.apply(d, "directorate", item.name, position=pos)
        directorates[item.name] = d

    plan = _get_plan(session, doc)
    if doc.plan is not None:
        w.apply(
            plan,
            "plan",
            doc.plan.name,
            name=doc.plan.name,
            institution=doc.institution,
            source=doc.source,
            mission=doc.plan.mission,
            vision=doc.plan.vision,
            core_values=list(doc.plan.core_values),
        )
    session.flush()

    aims = {a.code: a for a in plan.aims}
    for pos, item in enumerate(doc.aims):
        aim = aims.get(item.code) or Aim(code=item.code, plan=plan)
        w.apply(aim, "aim", item.code, text=item.text, position=pos)
        aims[item.code] = aim
    objectives = {o.code: o for o in plan.objectives}
    for pos, item in enumerate(doc.objectives):
        obj = objectives.get(item.code) or Objective(code=item.code, plan=plan)
        w.apply(obj, "objective", item.code, text=item.text, position=pos, aim=aims[item.aim])
        objectives[item.code] = obj
    themes = {t.name: t for t in plan.themes}
    for pos, item in enumerate(doc.themes):
        theme = themes.get(item.name) or Theme(name=item.name, plan=plan)
        w.apply(theme, "theme", item.name, position=pos)
        wanted = [aims[c] for c in item.aims]
        if theme.aims != wanted:
            theme.aims = wanted
        themes[item.name] = theme
    session.flush()

    for p, program in enumerate(doc.programs):
        _import_program(session, w, plan, program, f"programs[{p}]", directorates, objectives)


def _import_program(
    session: Session,
    w: _Writer,
    plan: StrategicPlan,
    program: s.ProgramItem,
    path: str,
    directorates: dict[str, Directorate],
    objectives: dict[str, Objective],
) -> None:
    year = session.scalar(select(ProgramYear).where(ProgramYear.year == program.year))
    if year is not None and year.plan_id != plan.id:
        raise ValidationError(
            _(
                "{path}.year: program year {year} belongs to another strategic plan in this "
                "database; nothing was imported."
            ).format(path=path, year=program.year)
        )
    if program.settings is not None:
        try:
            settings = settings_to_dict(settings_from_dict(program.settings))
        except (ValueError, TypeError, KeyError) as exc:
            raise ValidationError(
                _("{path}.settings: {reason}; nothing was imported.").format(path=path, reason=exc)
            ) from None
    else:
        settings = year.settings if year else settings_to_dict(DEFAULT_SETTINGS)
    year = year or ProgramYear(year=program.year, plan=plan)
    w.apply(year, "program year", str(program.year), settings=settings)
    session.flush()

    in_db = {
        (directorate_id, code): target_id
        for target_id, directorate_id, code in session.execute(
            select(
                PerformanceTarget.id, PerformanceTarget.directorate_id, PerformanceTarget.code
            ).where(PerformanceTarget.program_year_id == year.id)
        )
    }
    placed = [
        (pos, directorates[pdir.name], item, pdir.name)
        for pos, (pdir, item) in enumerate(
            (pdir, item) for pdir in program.directorates for item in pdir.performance_targets
        )
    ]
    known = [p for p in placed if (p[1].id, p[2].code) in in_db]
    existing = {
        (t.directorate_id, t.code): t
        for t in session.scalars(
            select(PerformanceTarget)
            .where(PerformanceTarget.id.in_([in_db[(d.id, i.code)] for _, d, i, _ in known]))
            .options(*whole_cards())
        )
    }
    for pos, directorate, item, name in known:
        target = existing[(directorate.id, item.code)]
        label = f"{program.year}/{name}/{item.code}"
        w.apply(
            target,
            "performance target",
            label,
            text=item.text,
            position=pos,
            objective=objectives[item.objective],
        )
        _import_indicators(w, target, item, label, program.year, directorates)
        _import_activities(w, target, item, label, directorates)
    new = [
        (pos, d.id, objectives[item.objective].id, item)
        for pos, d, item, _ in placed
        if (d.id, item.code) not in in_db
    ]
    if new:
        w.summary.created.update(
            insert_new_targets(
                session, year.id, new, {n: d.id for n, d in directorates.items()}, w.user
            )
        )
    w.summary.kept["performance target"] += len(in_db) - len(known)


def _import_indicators(
    w: _Writer,
    target: PerformanceTarget,
    item: s.TargetItem,
    label: str,
    year: int,
    directorates: dict[str, Directorate],
) -> None:
    by_code = {i.code: i for i in target.indicators}
    for pos, src in enumerate(item.indicators):
        ind = by_code.get(src.code)
        if ind is None:
            ind = Indicator(code=src.code)
            target.indicators.append(ind)
        key = f"{label}/{src.code}"
        w.apply(
            ind,
            "indicator",
            key,
            kind=indicator_kind(src.code, src.kind),
            name=src.name,
            type=src.type,
            unit=src.unit,
            direction=src.direction,
            aggregation=src.aggregation,
            frequency=src.frequency,
            weight=src.weight,
            baseline=src.baseline,
            target=src.target,
            evidence=src.evidence,
            position=pos,
        )
        partners = [directorates[n] for n in src.partners]
        if ind.partners != partners:
            ind.partners = partners
        history = [(h.period, h.value) for h in src.history]
        if [(h.period, h.value) for h in ind.history] != history:
            ind.history = [
                IndicatorHistory(period=p, value=v, position=i) for i, (p, v) in enumerate(history)
            ]
        qt = {int(q[1]): v for q, v in src.quarter_targets.items()}
        if {t.quarter: t.value for t in ind.quarter_targets} != qt:
            ind.quarter_targets = [QuarterTarget(quarter=q, value=v) for q, v in sorted(qt.items())]
        values = {v.period: v for v in ind.values}
        for src_value in src.values:
            period = value_period(src_value.period)
            value = values.get(period)
            if value is None:
                value = IndicatorValue(period=period)
                ind.values.append(value)
                values[period] = value
            before = (value.value, value.note)
            w.apply(
                value,
                "value",
                f"{key}/{src_value.period}",
                value=src_value.value,
                note=src_value.note,
            )
            if before != (value.value, value.note):
                value.entered_by = w.user
                value.entered_at = audit.now()
    w.summary.kept["indicator"] += len(set(by_code) - {i.code for i in item.indicators})


def _import_activities(
    w: _Writer,
    target: PerformanceTarget,
    item: s.TargetItem,
    label: str,
    directorates: dict[str, Directorate],
) -> None:
    by_name = {a.name: a for a in target.activities}
    for pos, src in enumerate(item.activities):
        act = by_name.get(src.name)
        if act is None:
            act = Activity(name=src.name)
            target.activities.append(act)
        responsible = directorates[src.responsible] if src.responsible else None
        w.apply(act, "activity", f"{label}/{src.name}", position=pos, responsible=responsible)
        costs = cost_rows(src)
        if [(c.source, c.key, c.amount_kurus) for c in act.costs] != costs:
            act.costs = [
                ActivityCost(source=sc, key=k, amount_kurus=a, position=i)
                for i, (sc, k, a) in enumerate(costs)
            ]
        spending = {int(k[-1]): kurus(v) for k, v in src.spending.items()}
        if {sp.quarter: sp.amount_kurus for sp in act.spending} != spending:
            act.spending = [
                ActivitySpending(quarter=q, amount_kurus=a) for q, a in sorted(spending.items())
            ]
    w.summary.kept["activity"] += len(set(by_name) - {a.name for a in item.activities})
