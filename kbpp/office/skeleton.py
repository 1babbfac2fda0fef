"""Editing the strategic plan skeleton (themes, aims, objectives) and a year's evaluation settings.

Codes are the municipality's and never change once given; texts may be corrected. Something that
is referred to is never removed: the refusal names what refers to it (an aim's objectives, an
objective's performance targets), so the office knows what to move first. Each change is one
transaction with its audit entry, and reaches the directorates with the next reference package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kbpp import audit
from kbpp.errors import NotFoundError, ValidationError
from kbpp.evaluation.settings import EvaluationSettings, settings_from_dict, settings_to_dict
from kbpp.i18n import _, ngettext
from kbpp.models import (
    Aim,
    Directorate,
    Objective,
    PerformanceTarget,
    ProgramYear,
    StrategicPlan,
    Theme,
)
from kbpp.office.calendar import Window, set_window, year_calendar
from kbpp.storage import Database

KINDS = ("theme", "aim", "objective")
MAX_NAMED = 5


@dataclass(frozen=True)
class Node:
    """One row of the skeleton tree: a theme (no code), an aim or an objective."""

    kind: str
    id: int
    code: str | None
    text: str
    children: tuple[Node, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code} {self.text}" if self.code else self.text


@dataclass(frozen=True)
class Skeleton:
    plan_id: int
    name: str
    start_year: int
    end_year: int
    themes: tuple[Node, ...]  # theme → aim → objective
    unthemed: tuple[Node, ...]  # aims that belong to no theme


def _plan(session: Session, plan_id: int) -> StrategicPlan:
    plan = session.get(StrategicPlan, plan_id)
    if plan is None:
        raise NotFoundError(_("The strategic plan no longer exists; reload the list."))
    return plan


def load_skeleton(db: Database, plan_id: int) -> Skeleton:
    with db.read() as session:
        plan = session.scalar(
            select(StrategicPlan)
            .where(StrategicPlan.id == plan_id)
            .options(
                selectinload(StrategicPlan.themes).selectinload(Theme.aims),
                selectinload(StrategicPlan.aims).selectinload(Aim.objectives),
            )
        )
        if plan is None:
            raise NotFoundError(_("The strategic plan no longer exists; reload the list."))

        def aim_node(a: Aim) -> Node:
            objectives = tuple(Node("objective", o.id, o.code, o.text or "") for o in a.objectives)
            return Node("aim", a.id, a.code, a.text or "", objectives)

        themes = tuple(
            Node("theme", t.id, None, t.name, tuple(aim_node(a) for a in t.aims))
            for t in plan.themes
        )
        unthemed = tuple(aim_node(a) for a in plan.aims if not a.themes)
        return Skeleton(plan.id, plan.name, plan.start_year, plan.end_year, themes, unthemed)


def _clean(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The {what} is empty; type it.").format(what=what))
    return text


def _unique_code(session: Session, model: type, plan_id: int, code: str) -> str:
    code = _clean(code, _("code"))
    if session.scalar(select(model).where(model.plan_id == plan_id, model.code == code)):
        raise ValidationError(
            _("The code {code} is already used in this plan; codes never repeat.").format(code=code)
        )
    return code


def _next_position(session: Session, model: type, plan_id: int) -> int:
    top = session.scalar(select(func.max(model.position)).where(model.plan_id == plan_id))
    return (top or 0) + 1


def add_theme(db: Database, plan_id: int, name: str) -> int:
    with db.write() as session:
        plan = _plan(session, plan_id)
        name = _clean(name, _("theme name"))
        if any(t.name == name for t in plan.themes):
            raise ValidationError(_("There is already a theme “{name}”.").format(name=name))
        theme = Theme(plan=plan, name=name, position=_next_position(session, Theme, plan_id))
        session.add(theme)
        session.flush()
        audit.record(session, "create", "theme", f"{plan.name}/{name}", new=name)
        return theme.id


def add_aim(db: Database, plan_id: int, code: str, text: str, theme_id: int | None = None) -> int:
    with db.write() as session:
        plan = _plan(session, plan_id)
        code = _unique_code(session, Aim, plan_id, code)
        aim = Aim(
            plan=plan,
            code=code,
            text=_clean(text, _("aim text")),
            position=_next_position(session, Aim, plan_id),
        )
        session.add(aim)
        if theme_id is not None:
            theme = session.get(Theme, theme_id)
            if theme is None or theme.plan_id != plan_id:
                raise NotFoundError(_("The theme no longer exists; reload the list."))
            aim.themes = [theme]
        session.flush()
        audit.record(session, "create", "aim", f"{plan.name}/{code}", new=aim.text)
        return aim.id


def add_objective(db: Database, plan_id: int, aim_id: int, code: str, text: str) -> int:
    with db.write() as session:
        plan = _plan(session, plan_id)
        aim = session.get(Aim, aim_id)
        if aim is None or aim.plan_id != plan_id:
            raise NotFoundError(_("The aim no longer exists; reload the list."))
        code = _unique_code(session, Objective, plan_id, code)
        objective = Objective(
            plan=plan,
            aim=aim,
            code=code,
            text=_clean(text, _("objective text")),
            position=_next_position(session, Objective, plan_id),
        )
        session.add(objective)
        session.flush()
        audit.record(session, "create", "objective", f"{plan.name}/{code}", new=objective.text)
        return objective.id


def _item(session: Session, kind: str, item_id: int) -> Theme | Aim | Objective:
    model = {"theme": Theme, "aim": Aim, "objective": Objective}.get(kind)
    row = session.get(model, item_id) if model else None
    if row is None:
        raise NotFoundError(_("The item no longer exists; reload the list."))
    return row


def _key(row: Theme | Aim | Objective) -> str:
    return f"{row.plan.name}/{row.name if isinstance(row, Theme) else row.code}"


def rename(db: Database, kind: str, item_id: int, text: str) -> None:
    """A theme's name, or an aim's or objective's text (codes stay as they are)."""
    with db.write() as session:
        row = _item(session, kind, item_id)
        text = _clean(text, _("name") if kind == "theme" else _("text"))
        if isinstance(row, Theme):
            if any(t.name == text and t.id != row.id for t in row.plan.themes):
                raise ValidationError(_("There is already a theme “{name}”.").format(name=text))
            old, row.name = row.name, text
        else:
            old, row.text = row.text, text
        if old != text:
            audit.record(session, "update", kind, _key(row), field="text", old=old, new=text)


def _siblings(session: Session, row: Theme | Aim | Objective) -> list:
    if isinstance(row, Theme):
        return list(row.plan.themes)
    if isinstance(row, Aim):
        return list(row.plan.aims)
    return [o for o in row.plan.objectives if o.aim_id == row.aim_id]


def move(db: Database, kind: str, item_id: int, step: int) -> bool:
    """Move an item up (step -1) or down (+1) among its siblings; False at either end."""
    with db.write() as session:
        row = _item(session, kind, item_id)
        siblings = sorted(_siblings(session, row), key=lambda r: (r.position, r.id))
        i = siblings.index(row)
        j = i + step
        if not 0 <= j < len(siblings):
            return False
        siblings[i], siblings[j] = siblings[j], siblings[i]
        # Renumber the whole family: positions imported from files may repeat.
        base = min(r.position for r in siblings)
        for n, r in enumerate(siblings):
            r.position = base + n
        audit.record(session, "move", kind, _key(row), field="position", old=i + 1, new=j + 1)
        return True


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMED])
    if len(items) > MAX_NAMED:
        shown += _(" and {n} more").format(n=len(items) - MAX_NAMED)
    return shown


def references(session: Session, kind: str, row: Theme | Aim | Objective) -> list[str]:
    """What refers to an item, as short labels (empty: it can be removed)."""
    if isinstance(row, Theme):
        return [a.code for a in row.aims]
    if isinstance(row, Aim):
        return [o.code for o in row.objectives]
    cards = session.execute(
        select(ProgramYear.year, Directorate.name, PerformanceTarget.code)
        .join(ProgramYear, PerformanceTarget.program_year_id == ProgramYear.id)
        .join(Directorate, PerformanceTarget.directorate_id == Directorate.id)
        .where(PerformanceTarget.objective_id == row.id)
        .order_by(ProgramYear.year, Directorate.position, PerformanceTarget.position)
    )
    return [f"{year} {name} {code}" for year, name, code in cards]


def remove(db: Database, kind: str, item_id: int) -> None:
    """Remove an item nothing refers to; otherwise a refusal naming what refers to it."""
    with db.write() as session:
        row = _item(session, kind, item_id)
        refs = references(session, kind, row)
        if refs:
            message = {
                "theme": _(
                    "The theme “{item}” still groups the aims {refs}; move or remove them first."
                ),
                "aim": _("The aim {item} still has the objectives {refs}; remove them first."),
                "objective": ngettext(
                    "The objective {item} is used by {n} performance target: {refs}. "
                    "It cannot be removed while a card refers to it.",
                    "The objective {item} is used by {n} performance targets: {refs}. "
                    "It cannot be removed while cards refer to it.",
                    len(refs),
                ),
            }[kind]
            label = row.name if isinstance(row, Theme) else row.code
            raise ValidationError(message.format(item=label, refs=_names(refs), n=len(refs)))
        old = row.name if isinstance(row, Theme) else row.text
        key = _key(row)
        session.delete(row)
        audit.record(session, "delete", kind, key, old=old)


# --- the year's evaluation settings ---------------------------------------------------------


def year_settings(db: Database, year: int) -> EvaluationSettings:
    with db.read() as session:
        program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
        if program is None:
            raise NotFoundError(_("There is no program year {year}.").format(year=year))
        return settings_from_dict(program.settings)


def check_settings(data: dict[str, Any]) -> EvaluationSettings:
    """Validate settings as typed on a screen; a ValidationError names the first problem."""
    try:
        settings = settings_from_dict(data)
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            _("The settings are not valid: {reason}.").format(reason=exc)
        ) from None
    if settings.note_below < 0:
        raise ValidationError(_("A deviation note threshold below 0 % would never apply."))
    if settings.note_above < Decimal(100):
        raise ValidationError(
            _(
                "The upper note threshold must be at least 100 %; otherwise on-target values "
                "need a note."
            )
        )
    finite = [b.lower for b in settings.bands if b.lower.is_finite()]
    if any(x < 0 for x in finite):
        raise ValidationError(_("A band's lower bound cannot be below 0 %."))
    return settings


def load_year(db: Database, year: int) -> tuple[EvaluationSettings, list[Window]]:
    """What the year-settings screen edits: the settings and the four quarter windows."""
    with db.read() as session:
        program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
        if program is None:
            raise NotFoundError(_("There is no program year {year}.").format(year=year))
        return settings_from_dict(program.settings), year_calendar(session, year)


def save_year_settings(
    db: Database,
    year: int,
    data: dict[str, Any],
    windows: dict[int, tuple[date, date]] | None = None,
) -> EvaluationSettings:
    """Store a year's bands and note thresholds, and the quarter windows that changed, in one
    transaction; each changed field is audited."""
    settings = check_settings(data)
    new = settings_to_dict(settings)
    with db.write() as session:
        program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
        if program is None:
            raise NotFoundError(_("There is no program year {year}.").format(year=year))
        current = {w.quarter: w for w in year_calendar(session, year)}
        for quarter, (opens_on, due_on) in sorted((windows or {}).items()):
            if (current[quarter].opens_on, current[quarter].due_on) != (opens_on, due_on):
                set_window(session, year, quarter, opens_on, due_on)
        old = settings_to_dict(settings_from_dict(program.settings))
        for field, value in new.items():
            if old.get(field) != value:
                audit.record(
                    session,
                    "update",
                    "program year",
                    str(year),
                    field=f"settings.{field}",
                    old=_as_text(old.get(field)),
                    new=_as_text(value),
                )
        program.settings = new
    return settings


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(f"{b['key']} ≥ {b['lower']} {b['color']}" for b in value)
    return str(value)
