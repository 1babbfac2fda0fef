"""Writing a `kbpp-plan` document from the database, so that re-importing it changes nothing.

Numbers are written as exact JSON decimals (the standard json module would round-trip them
through binary floats), so a tiny writer of our own emits them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kbpp.errors import NotFoundError
from kbpp.i18n import _
from kbpp.models import (
    Activity,
    Directorate,
    EconomicCode,
    Indicator,
    PerformanceTarget,
    ProgramYear,
    StrategicPlan,
)
from kbpp.models.program import whole_cards
from kbpp.storage import Database


def _num(value: Decimal | None) -> Decimal | None:
    return None if value is None else value


def _money(kurus: int) -> Decimal:
    return Decimal(kurus).scaleb(-2)


def _indicator(ind: Indicator, year: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": ind.code,
        "kind": ind.kind,
        "name": ind.name,
        "type": ind.type,
        "unit": ind.unit,
        "direction": ind.direction,
        "aggregation": ind.aggregation,
        "weight": ind.weight,
        "history": [{"period": h.period, "value": h.value} for h in ind.history],
        "target": ind.target,
        "values": [
            {
                "period": f"{year}" if v.period == "Y" else f"{year}-{v.period}",
                "value": v.value,
                "note": v.note,
            }
            for v in sorted(ind.values, key=lambda v: v.period)
        ],
    }
    extensions = {
        "frequency": ind.frequency,
        "baseline": ind.baseline,
        "evidence": ind.evidence,
        "partners": [p.name for p in ind.partners],
        "quarter_targets": {f"Q{t.quarter}": t.value for t in ind.quarter_targets},
    }
    out.update({k: v for k, v in extensions.items() if v not in (None, [], {})})
    return out


def _activity(act: Activity, year: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": act.name,
        "budget": {c.key: _money(c.amount_kurus) for c in act.costs if c.source == "budget"},
    }
    off = {c.key: _money(c.amount_kurus) for c in act.costs if c.source == "off_budget"}
    if off:
        out["off_budget"] = off
    if act.responsible is not None:
        out["responsible"] = act.responsible.name
    if act.spending:
        out["spending"] = {f"{year}-Q{s.quarter}": _money(s.amount_kurus) for s in act.spending}
    return out


def _program(session: Session, year: ProgramYear) -> dict[str, Any]:
    targets = session.scalars(
        select(PerformanceTarget)
        .where(PerformanceTarget.program_year_id == year.id)
        .order_by(PerformanceTarget.position)
        .options(
            selectinload(PerformanceTarget.directorate),
            selectinload(PerformanceTarget.objective),
            *whole_cards(),
        )
    ).all()
    directorates: dict[str, list[dict[str, Any]]] = {}
    for t in targets:
        directorates.setdefault(t.directorate.name, []).append(
            {
                "code": t.code,
                "objective": t.objective.code,
                "text": t.text,
                "indicators": [_indicator(i, year.year) for i in t.indicators],
                "activities": [_activity(a, year.year) for a in t.activities],
            }
        )
    return {
        "year": year.year,
        "settings": year.settings,
        "directorates": [
            {"name": name, "performance_targets": items} for name, items in directorates.items()
        ],
    }


def export_plan(db: Database, year: int | None = None) -> dict[str, Any]:
    """The document for one program year, or for every year of the newest plan."""
    with db.read() as session:
        if year is not None:
            program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
            if program is None:
                raise NotFoundError(_("There is no program year {year}.").format(year=year))
            plan = program.plan
            years = [program]
        else:
            plan = session.scalar(select(StrategicPlan).order_by(StrategicPlan.start_year.desc()))
            if plan is None:
                raise NotFoundError(_("The database has no strategic plan to export yet."))
            years = list(
                session.scalars(
                    select(ProgramYear)
                    .where(ProgramYear.plan_id == plan.id)
                    .order_by(ProgramYear.year)
                )
            )
        return {
            "format": "kbpp-plan",
            "version": 1,
            "institution": plan.institution,
            "source": plan.source,
            "plan": {
                "name": plan.name,
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "mission": plan.mission,
                "vision": plan.vision,
                "core_values": list(plan.core_values or []),
            },
            "themes": [{"name": t.name, "aims": [a.code for a in t.aims]} for t in plan.themes],
            "aims": [{"code": a.code, "text": a.text} for a in plan.aims],
            "objectives": [
                {"code": o.code, "aim": o.aim.code, "text": o.text} for o in plan.objectives
            ],
            "directorates": [
                {"name": d.name}
                for d in session.scalars(select(Directorate).order_by(Directorate.position))
            ],
            "economic_codes": {
                c.code: c.name
                for c in session.scalars(select(EconomicCode).order_by(EconomicCode.code))
            },
            "programs": [_program(session, y) for y in years],
        }


def dumps_exact(value: Any, indent: int = 1, level: int = 0) -> str:
    """JSON text with Decimals written exactly (never through float)."""
    pad = "\n" + " " * (indent * (level + 1))
    end = "\n" + " " * (indent * level)
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text == "-0" else text
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (
            f"{json.dumps(str(k), ensure_ascii=False)}: {dumps_exact(v, indent, level + 1)}"
            for k, v in value.items()
        )
        return "{" + pad + ("," + pad).join(items) + end + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return (
            "["
            + pad
            + ("," + pad).join(dumps_exact(v, indent, level + 1) for v in value)
            + end
            + "]"
        )
    return json.dumps(value, ensure_ascii=False)


def write_plan_file(db: Database, path: Path, year: int | None = None) -> dict[str, Any]:
    """Export to a file via a temporary name, so a failure never leaves half a file."""
    document = export_plan(db, year)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(dumps_exact(document) + "\n", encoding="utf-8")
    tmp.replace(path)
    return document
