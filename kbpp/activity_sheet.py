"""The year's activities and costs (Faaliyetler ve maliyetler) as one sheet, and their edits.

Rows: each activity with its resource need by economic code 01-09 and off-budget source and
its spending per quarter, then a total row per performance target, per directorate and for the
whole selection. Totals are always summed from the stored parts, never typed.

Edits are one audited transaction each. Resource need, names and the list of activities follow
the card's lock (`kbpp.cards`: read-only once any quarter of the directorate is locked or
accepted); spending of a quarter follows that quarter's own lock, since it is reported during
the year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kbpp import audit
from kbpp.cards import (
    ECONOMIC_CODES,
    OFF_BUDGET_SOURCES,
    ActivityData,
    activity_data,
    check_editable,
    clean_text,
    move_row,
    set_audited,
    target_for_edit,
    target_key,
)
from kbpp.costs import NeedTotals
from kbpp.errors import NotFoundError, ValidationError
from kbpp.i18n import _
from kbpp.locks import LockedError, QuarterLock, quarter_lock
from kbpp.models import (
    Activity,
    ActivityCost,
    ActivitySpending,
    Directorate,
    EconomicCode,
    PerformanceTarget,
    ProgramYear,
)
from kbpp.storage import Database

RowKind = Literal["activity", "target", "directorate", "total"]
QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class SheetRow(NeedTotals):
    """An activity, or a total of the rows above it (`kind` says which)."""

    kind: RowKind
    directorate: str
    target_id: int | None
    target_code: str
    activity: ActivityData | None
    budget: Mapping[str, int]
    off_budget: Mapping[str, int]
    spent: Mapping[int, int]

    @property
    def name(self) -> str:
        return self.activity.name if self.activity else ""

    @property
    def spent_total(self) -> int:
        return sum(self.spent.values())


@dataclass(frozen=True)
class SheetCard:
    """A card's activities as read, with its lock and its quarters' locks."""

    target_id: int
    directorate: str
    code: str
    activities: tuple[ActivityData, ...]
    lock: QuarterLock
    quarter_locks: Mapping[int, QuarterLock] = field(default_factory=dict)


@dataclass(frozen=True)
class ActivitySheet:
    year: int
    directorate: str | None
    economic_codes: Mapping[str, str]  # code → name, 01..09
    off_budget_sources: tuple[str, ...]
    cards: tuple[SheetCard, ...]
    rows: tuple[SheetRow, ...]
    summary: bool = True  # directorate and grand totals (not for one card)

    def card(self, target_id: int) -> SheetCard:
        return next(c for c in self.cards if c.target_id == target_id)


def _add(into: dict, parts: Mapping) -> None:
    for key, amount in parts.items():
        into[key] = into.get(key, 0) + amount


def _total_row(
    kind: RowKind, directorate: str, target: SheetCard | None, rows: Sequence[SheetRow]
) -> SheetRow:
    budget: dict[str, int] = {}
    off: dict[str, int] = {}
    spent: dict[int, int] = {}
    for row in rows:
        _add(budget, row.budget)
        _add(off, row.off_budget)
        _add(spent, row.spent)
    return SheetRow(
        kind,
        directorate,
        target.target_id if target else None,
        target.code if target else "",
        None,
        budget,
        off,
        spent,
    )


def build_rows(cards: Sequence[SheetCard], summary: bool = True) -> tuple[SheetRow, ...]:
    """Activity rows with a total after each card and, with `summary`, after each directorate
    and at the end (one card alone needs only its own total).

    Pure: every total is a sum of activity rows, which are the stored parts. A card without
    activities still gets its (zero) total row, so that there is a place to add one.
    """
    by_directorate: dict[str, list[SheetCard]] = {}
    for card in cards:
        by_directorate.setdefault(card.directorate, []).append(card)
    out: list[SheetRow] = []
    every: list[SheetRow] = []
    for name, group in by_directorate.items():
        of_directorate: list[SheetRow] = []
        for card in group:
            rows = [
                SheetRow(
                    "activity",
                    name,
                    card.target_id,
                    card.code,
                    act,
                    act.budget,
                    act.off_budget,
                    act.spent,
                )
                for act in card.activities
            ]
            out.extend(rows)
            out.append(_total_row("target", name, card, rows))
            of_directorate.extend(rows)
        if summary:
            out.append(_total_row("directorate", name, None, of_directorate))
        every.extend(of_directorate)
    if summary:
        out.append(_total_row("total", "", None, every))
    return tuple(out)


def load_activity_sheet(
    db: Database, year: int, directorate: str | None = None, target_id: int | None = None
) -> ActivitySheet:
    """The year's activities (of one directorate, or of one card) in plan order."""
    with db.read() as session:
        program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
        if program is None:
            raise NotFoundError(_("There is no program year {year}.").format(year=year))
        q = (
            select(PerformanceTarget)
            .where(PerformanceTarget.program_year_id == program.id)
            .order_by(PerformanceTarget.position, PerformanceTarget.id)
            .options(
                selectinload(PerformanceTarget.directorate),
                selectinload(PerformanceTarget.activities).selectinload(Activity.costs),
                selectinload(PerformanceTarget.activities).selectinload(Activity.spending),
                selectinload(PerformanceTarget.activities).selectinload(Activity.responsible),
            )
        )
        if directorate is not None:
            q = q.join(Directorate).where(Directorate.name == directorate)
        if target_id is not None:
            q = q.where(PerformanceTarget.id == target_id)
        targets = session.scalars(q).all()
        locks: dict[int, dict[int, QuarterLock]] = {}
        cards = []
        for t in targets:
            quarters = locks.setdefault(
                t.directorate_id,
                {n: quarter_lock(session, program.id, t.directorate_id, n) for n in QUARTERS},
            )
            first = next((lock for lock in quarters.values() if lock.locked), QuarterLock(False))
            cards.append(
                SheetCard(
                    t.id,
                    t.directorate.name,
                    t.code,
                    tuple(activity_data(a) for a in t.activities),
                    first,
                    quarters,
                )
            )
        names = {c.code: c.name for c in session.scalars(select(EconomicCode))}
        used_off = {k for c in cards for a in c.activities for k in a.off_budget}
        sources = OFF_BUDGET_SOURCES + tuple(sorted(used_off - set(OFF_BUDGET_SOURCES)))
        return ActivitySheet(
            year,
            directorate,
            {code: names.get(code, "") for code in ECONOMIC_CODES},
            sources,
            tuple(cards),
            build_rows(cards, summary=target_id is None),
            summary=target_id is None,
        )


# --- writing --------------------------------------------------------------------------------


def _activity(session: Session, activity_id: int) -> tuple[Activity, str]:
    act = session.get(Activity, activity_id)
    if act is None:
        raise NotFoundError(_("The activity no longer exists; reload the card."))
    check_editable(session, act.performance_target)
    return act, f"{target_key(act.performance_target)}/{act.name}"


def add_activity(db: Database, target_id: int, name: str | None = None) -> int:
    """A new activity at the end of the card, responsible: the card's directorate."""
    with db.write() as session:
        target = target_for_edit(session, target_id)
        used = {a.name for a in target.activities}
        base = clean_text(name) or _("New activity")
        name, n = base, 2
        while name in used:
            name, n = f"{base} ({n})", n + 1
        position = max((a.position for a in target.activities), default=-1) + 1
        act = Activity(name=name, position=position, responsible=target.directorate)
        target.activities.append(act)
        session.flush()
        audit.record(session, "add", "activity", f"{target_key(target)}/{name}", new=name)
        return act.id


def remove_activity(db: Database, activity_id: int) -> None:
    with db.write() as session:
        act, key = _activity(session, activity_id)
        total = act.total_kurus()
        act.performance_target.activities.remove(act)
        audit.record(session, "remove", "activity", key, field="amount_kurus", old=total)


def move_activity(db: Database, activity_id: int, delta: int) -> bool:
    with db.write() as session:
        act, key = _activity(session, activity_id)
        rows = sorted(act.performance_target.activities, key=lambda a: (a.position, a.id))
        return move_row(session, rows, act, delta, "activity", key)


def rename_activity(db: Database, activity_id: int, name: str) -> None:
    with db.write() as session:
        act, key = _activity(session, activity_id)
        value = clean_text(name, _("An activity needs a name."))
        if any(a.name == value and a is not act for a in act.performance_target.activities):
            raise ValidationError(
                _("The card already has an activity named “{name}”; give it another name.").format(
                    name=value
                )
            )
        set_audited(session, act, "name", value, "activity", key)


def set_activity_responsible(db: Database, activity_id: int, directorate: str | None) -> None:
    with db.write() as session:
        act, key = _activity(session, activity_id)
        found = None
        if directorate:
            found = session.scalar(select(Directorate).where(Directorate.name == directorate))
            if found is None:
                raise ValidationError(
                    _("There is no directorate “{typed}”.").format(typed=directorate)
                )
        old = act.responsible.name if act.responsible else None
        if old != directorate:
            act.responsible = found
            audit.record(
                session, "edit", "activity", key, field="responsible", old=old, new=directorate
            )


def set_cost(db: Database, activity_id: int, source: str, key: str, kurus: int | None) -> None:
    """One part of the resource need: an economic code ("budget", "03") or an off-budget source
    ("off_budget", "Döner Sermaye"); None or 0 removes the part."""
    if source not in ("budget", "off_budget"):
        raise ValueError(f"unknown source {source!r}")
    if source == "budget" and key not in ECONOMIC_CODES:
        raise ValidationError(_("“{code}” is not an economic code 01–09.").format(code=key))
    if kurus is not None and kurus < 0:
        raise ValidationError(_("An amount cannot be negative; type 0 or more."))
    with db.write() as session:
        act, label = _activity(session, activity_id)
        row = next((c for c in act.costs if (c.source, c.key) == (source, key)), None)
        old = row.amount_kurus if row else None
        new = kurus or None
        if old == new:
            return
        if new is None:
            act.costs.remove(row)
        elif row is None:
            position = max((c.position for c in act.costs), default=-1) + 1
            act.costs.append(
                ActivityCost(source=source, key=key, amount_kurus=new, position=position)
            )
        else:
            row.amount_kurus = new
        audit.record(
            session,
            "edit",
            "activity cost",
            f"{label}/{source}:{key}",
            field="amount_kurus",
            old=old,
            new=new,
        )


def store_spending(activity: Activity, quarter: int, kurus: int | None) -> int | None:
    """Put the quarter's spending on the activity and return the amount it replaces.

    None means no row at all; the sheet and package import both write spending through here,
    so they keep it the same way. Nothing changes when the amount is the same.
    """
    row = next((s for s in activity.spending if s.quarter == quarter), None)
    old = row.amount_kurus if row else None
    if old == kurus:
        return old
    if kurus is None:
        activity.spending.remove(row)
    elif row is None:
        activity.spending.append(ActivitySpending(quarter=quarter, amount_kurus=kurus))
    else:
        row.amount_kurus = kurus
    return old


def set_spending(db: Database, activity_id: int, quarter: int, kurus: int | None) -> None:
    """Money spent on the activity in a quarter; refused once that quarter is locked."""
    if quarter not in QUARTERS:
        raise ValueError(f"no quarter {quarter}")
    if kurus is not None and kurus < 0:
        raise ValidationError(_("An amount cannot be negative; type 0 or more."))
    with db.write() as session:
        act = session.get(Activity, activity_id)
        if act is None:
            raise NotFoundError(_("The activity no longer exists; reload the card."))
        target = act.performance_target
        lock = quarter_lock(session, target.program_year_id, target.directorate_id, quarter)
        if lock.locked:
            raise LockedError(lock.message())
        new = kurus or None
        old = store_spending(act, quarter, new)
        if old == new:
            return
        audit.record(
            session,
            "edit",
            "activity spending",
            f"{target_key(target)}/{act.name}/Q{quarter}",
            field="amount_kurus",
            old=old,
            new=new,
        )
