"""Goal cards (Performans Hedef Kartı) for editing: read as plain dataclasses, changed one edit
at a time.

Every write function is one transaction (`Database.write()`) that validates, changes one thing
and records it in the audit log old → new. The editor reloads the card after each write, so it
never keeps a copy that differs from the database.

Lock rule: a card is editable while none of its directorate's quarters of the year is locked or
accepted. Once the office has accepted or locked a quarter, the plan that quarter was judged
against (targets, indicators, weights, resource need) must not change any more; the card is
read-only and every refused write says why (`QuarterLock.message`). Spending per quarter follows
its own quarter's lock (see `kbpp.activity_sheet`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kbpp import audit
from kbpp.costs import NeedTotals
from kbpp.directorates import resolve_name
from kbpp.errors import NotFoundError, ValidationError
from kbpp.formatting import format_number
from kbpp.i18n import _
from kbpp.locks import LockedError, QuarterLock, quarter_lock
from kbpp.models import (
    Activity,
    Directorate,
    Indicator,
    IndicatorHistory,
    IndicatorValue,
    Objective,
    PerformanceTarget,
    ProgramYear,
    QuarterTarget,
)
from kbpp.models.program import (
    AGGREGATIONS,
    DIRECTIONS,
    FREQUENCIES,
    INDICATOR_KINDS,
    INDICATOR_TYPES,
    whole_cards,
)
from kbpp.number_input import NumberInputError, parse_number
from kbpp.storage import Database

ECONOMIC_CODES = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
OFF_BUDGET_SOURCES = ("Döner Sermaye", "Diğer Yurt İçi", "Yurt Dışı")  # the guide's names
UNITS = ("Adet", "Yüzde", "Kişi", "Gün", "Saat", "Ay", "m²", "km", "Ton", "TL", "Binde")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MAX_TEXT = 2000

TEXT_FIELDS = ("code", "name", "unit", "evidence")
CHOICE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "kind": INDICATOR_KINDS,
    "type": INDICATOR_TYPES,
    "direction": DIRECTIONS,
    "aggregation": AGGREGATIONS,
    "frequency": FREQUENCIES,
}
NUMBER_FIELDS = ("weight", "baseline", "target")


@dataclass(frozen=True)
class IndicatorData:
    id: int
    code: str
    kind: str
    name: str
    type: str | None
    unit: str | None
    direction: str | None
    aggregation: str | None
    frequency: str | None
    weight: Decimal | None
    baseline: Decimal | None
    target: Decimal | None
    evidence: str | None
    history: Mapping[str, Decimal | None] = field(default_factory=dict)
    quarter_targets: Mapping[int, Decimal] = field(default_factory=dict)
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityData(NeedTotals):
    """An activity's resource need in kuruş per economic code / off-budget source."""

    id: int
    name: str
    responsible: str | None
    budget: Mapping[str, int]
    off_budget: Mapping[str, int]
    spent: Mapping[int, int] = field(default_factory=dict)  # quarter → kuruş


@dataclass(frozen=True)
class WeightCheck:
    """The "hedefe etkisi" weights of every indicator of an objective in the year."""

    objective_code: str
    weights: Mapping[int, Decimal | None]  # indicator id → weight

    def problem(self, changed: Mapping[int, Decimal | None] | None = None) -> str | None:
        """What is wrong with the weights (after `changed`, e.g. while typing), else None.

        Weights are optional; once one is given, every indicator needs one and together they
        must make 100 %.
        """
        weights = {**self.weights, **(changed or {})}
        given = [w for w in weights.values() if w is not None]
        if not given:
            return None
        missing = len(weights) - len(given)
        if missing:
            return _(
                "{missing} of the {count} indicators of objective {code} have no weight; give "
                "each a weight, or clear them all."
            ).format(missing=missing, count=len(weights), code=self.objective_code)
        total = sum(given, Decimal(0))
        if total != HUNDRED:
            return _(
                "The weights of objective {code}'s indicators add up to {total} %; they must add "
                "up to 100 %."
            ).format(code=self.objective_code, total=format_number(total))
        return None


@dataclass(frozen=True)
class CardData:
    """One performance target card with everything the editor and the preview show."""

    id: int
    year: int
    directorate: str
    code: str
    text: str
    aim_code: str
    aim_text: str
    objective_code: str
    objective_text: str
    indicators: tuple[IndicatorData, ...]
    activities: tuple[ActivityData, ...]
    history_periods: tuple[str, ...]
    lock: QuarterLock
    weights: WeightCheck

    @property
    def editable(self) -> bool:
        return not self.lock.locked

    def indicator(self, indicator_id: int) -> IndicatorData:
        return next(i for i in self.indicators if i.id == indicator_id)


@dataclass(frozen=True)
class CardSummary:
    """A card in the year's list (the editor's card chooser)."""

    id: int
    directorate: str
    code: str
    text: str


# --- reading -------------------------------------------------------------------------------


def _program(session: Session, year: int) -> ProgramYear:
    program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
    if program is None:
        raise NotFoundError(_("There is no program year {year}.").format(year=year))
    return program


def list_cards(db: Database, year: int, directorate: str | None = None) -> list[CardSummary]:
    """The year's cards in plan order, of one directorate (its exact name) when given."""
    with db.read() as session:
        program = _program(session, year)
        q = (
            select(PerformanceTarget.id, Directorate.name, PerformanceTarget.code)
            .add_columns(PerformanceTarget.text)
            .join(Directorate, Directorate.id == PerformanceTarget.directorate_id)
            .where(PerformanceTarget.program_year_id == program.id)
            .order_by(PerformanceTarget.position, PerformanceTarget.id)
        )
        if directorate is not None:
            q = q.where(Directorate.name == directorate)
        return [CardSummary(i, d, c, t or "") for i, d, c, t in session.execute(q)]


def card_lock(session: Session, target: PerformanceTarget) -> QuarterLock:
    """The first locked or accepted quarter of the card's directorate and year (see the rule)."""
    for quarter in range(1, 5):
        lock = quarter_lock(session, target.program_year_id, target.directorate_id, quarter)
        if lock.locked:
            return lock
    return QuarterLock(False)


def _history_periods(session: Session, program_year_id: int) -> tuple[str, ...]:
    periods = session.scalars(
        select(IndicatorHistory.period)
        .join(Indicator, Indicator.id == IndicatorHistory.indicator_id)
        .join(PerformanceTarget, PerformanceTarget.id == Indicator.target_id)
        .where(PerformanceTarget.program_year_id == program_year_id)
        .distinct()
    )
    return tuple(sorted(periods, key=lambda p: (p.partition("-")[0], p.partition("-")[2] or "~")))


def _weights(session: Session, target: PerformanceTarget) -> WeightCheck:
    rows = session.execute(
        select(Indicator.id, Indicator.weight)
        .join(PerformanceTarget, PerformanceTarget.id == Indicator.target_id)
        .where(
            PerformanceTarget.program_year_id == target.program_year_id,
            PerformanceTarget.objective_id == target.objective_id,
        )
    )
    return WeightCheck(target.objective.code, {i: w for i, w in rows})


def _indicator_data(ind: Indicator) -> IndicatorData:
    return IndicatorData(
        id=ind.id,
        code=ind.code,
        kind=ind.kind,
        name=ind.name,
        type=ind.type,
        unit=ind.unit,
        direction=ind.direction,
        aggregation=ind.aggregation,
        frequency=ind.frequency,
        weight=ind.weight,
        baseline=ind.baseline,
        target=ind.target,
        evidence=ind.evidence,
        history={h.period: h.value for h in ind.history},
        quarter_targets={q.quarter: q.value for q in ind.quarter_targets},
        partners=tuple(p.name for p in ind.partners),
    )


def activity_data(act: Activity) -> ActivityData:
    return ActivityData(
        id=act.id,
        name=act.name,
        responsible=act.responsible.name if act.responsible else None,
        budget={c.key: c.amount_kurus for c in act.costs if c.source == "budget"},
        off_budget={c.key: c.amount_kurus for c in act.costs if c.source == "off_budget"},
        spent={s.quarter: s.amount_kurus for s in act.spending},
    )


def load_card(db: Database, target_id: int) -> CardData:
    with db.read() as session:
        target = session.scalars(
            select(PerformanceTarget)
            .where(PerformanceTarget.id == target_id)
            .options(
                selectinload(PerformanceTarget.program_year),
                selectinload(PerformanceTarget.directorate),
                selectinload(PerformanceTarget.objective).selectinload(Objective.aim),
                *whole_cards(),
            )
        ).one_or_none()
        if target is None:
            raise NotFoundError(_("The performance target no longer exists; reload the list."))
        objective = target.objective
        return CardData(
            id=target.id,
            year=target.program_year.year,
            directorate=target.directorate.name,
            code=target.code,
            text=target.text or "",
            aim_code=objective.aim.code,
            aim_text=objective.aim.text or "",
            objective_code=objective.code,
            objective_text=objective.text or "",
            indicators=tuple(_indicator_data(i) for i in target.indicators),
            activities=tuple(activity_data(a) for a in target.activities),
            history_periods=_history_periods(session, target.program_year_id),
            lock=card_lock(session, target),
            weights=_weights(session, target),
        )


def directorate_names(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Directorate.name).order_by(Directorate.position)))


# --- validation (also used by the editor while the user types) ------------------------------


def parse_optional_number(text: str) -> Decimal | None:
    """A typed number in the user's conventions; empty text clears the field."""
    if not text.strip():
        return None
    try:
        return parse_number(text)
    except NumberInputError as exc:
        raise ValidationError(str(exc)) from None


def kurus_from_amount(amount: Decimal) -> int:
    """An amount in lira as whole kuruş: never negative, at most two decimals."""
    if amount < 0:
        raise ValidationError(_("An amount cannot be negative; type 0 or more."))
    if amount != amount.quantize(CENT):
        raise ValidationError(
            _("An amount has at most 2 decimals (kuruş); round {amount} to kuruş.").format(
                amount=format_number(amount)
            )
        )
    return int(amount * 100)


def parse_money(text: str) -> int | None:
    """A typed amount ("1.234,50") as kuruş; empty text means no amount."""
    amount = parse_optional_number(text)
    return None if amount is None else kurus_from_amount(amount)


def parse_partners(text: str, names: Sequence[str]) -> list[str]:
    """Partner directorates typed as "Fen; Park" (each a unique part of a name) → exact names."""
    return [resolve_name(list(names), part) for part in text.split(";") if part.strip()]


def check_weight(weight: Decimal | None) -> None:
    if weight is not None and not 0 <= weight <= HUNDRED:
        raise ValidationError(_("A weight is a share of the objective: type 0 to 100 (%)."))


def check_code(code: str, others: Iterable[str], card_code: str) -> str:
    """The code as stored (trimmed), if it is not empty and no other indicator of the card
    (`others`: their codes) has it."""
    code = code.strip()
    if not code:
        raise ValidationError(_("An indicator needs a code, for example PG1.15.1.1."))
    if code in set(others):
        raise ValidationError(
            _(
                "Another indicator of card {card} already has the code {code}; codes must be "
                "unique within a card."
            ).format(card=card_code, code=code)
        )
    return code


def clean_text(value: str | None, required: str | None = None) -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(_("A text can be at most {n} characters long.").format(n=MAX_TEXT))
    if not text and required:
        raise ValidationError(required)
    return text or None


# --- writing --------------------------------------------------------------------------------


def target_for_edit(session: Session, target_id: int) -> PerformanceTarget:
    target = session.get(PerformanceTarget, target_id)
    if target is None:
        raise NotFoundError(_("The performance target no longer exists; reload the list."))
    check_editable(session, target)
    return target


def check_editable(session: Session, target: PerformanceTarget) -> None:
    lock = card_lock(session, target)
    if lock.locked:
        raise LockedError(lock.message())


def target_key(target: PerformanceTarget) -> str:
    return f"{target.program_year.year}/{target.directorate.name}/{target.code}"


def _indicator(session: Session, indicator_id: int) -> tuple[Indicator, str]:
    ind = session.get(Indicator, indicator_id)
    if ind is None:
        raise NotFoundError(_("The indicator no longer exists; reload the card."))
    check_editable(session, ind.performance_target)
    return ind, f"{target_key(ind.performance_target)}/{ind.code}"


def set_audited(session: Session, obj: Any, name: str, value: Any, entity: str, key: str) -> None:
    old = getattr(obj, name)
    if old != value:
        setattr(obj, name, value)
        audit.record(session, "edit", entity, key, field=name, old=old, new=value)


def set_target_text(db: Database, target_id: int, text: str) -> None:
    """The performance target's sentence (PERFORMANS HEDEFİ)."""
    with db.write() as session:
        target = target_for_edit(session, target_id)
        value = clean_text(text, _("A performance target needs its text."))
        set_audited(session, target, "text", value, "performance target", target_key(target))


def set_indicator_field(db: Database, indicator_id: int, name: str, value: Any) -> None:
    """One goal-card field of an indicator: a text, a choice, or a number (Decimal or None)."""
    with db.write() as session:
        ind, key = _indicator(session, indicator_id)
        if name == "code":
            others = session.scalars(
                select(Indicator.code).where(
                    Indicator.target_id == ind.target_id, Indicator.id != ind.id
                )
            )
            value = check_code(str(value or ""), others, ind.performance_target.code)
        elif name == "name":
            value = clean_text(value, _("An indicator needs a name."))
        elif name in TEXT_FIELDS:
            value = clean_text(value)
        elif name in CHOICE_FIELDS:
            allowed = CHOICE_FIELDS[name]
            if value is not None and value not in allowed:
                raise ValidationError(
                    _("“{value}” is not one of {allowed}.").format(
                        value=value, allowed=", ".join(allowed)
                    )
                )
            if name == "kind" and value is None:
                raise ValidationError(_("An indicator is either performance or monitoring."))
        elif name in NUMBER_FIELDS:
            if value is not None and not value.is_finite():
                raise ValidationError(_("A value must be a finite number."))
            if name == "weight":
                check_weight(value)
        else:
            raise ValueError(f"unknown indicator field {name!r}")
        set_audited(session, ind, name, value, "indicator", key)


def set_history(db: Database, indicator_id: int, period: str, value: Decimal | None) -> None:
    """An earlier actual (e.g. 2019, 2020-H1); None removes it from the card."""
    with db.write() as session:
        ind, key = _indicator(session, indicator_id)
        row = next((h for h in ind.history if h.period == period), None)
        old = row.value if row else None
        if (row is None and value is None) or (row is not None and old == value):
            return
        if value is None:
            ind.history.remove(row)
        elif row is None:
            position = max((h.position for h in ind.history), default=-1) + 1
            ind.history.append(IndicatorHistory(period=period, value=value, position=position))
        else:
            row.value = value
        audit.record(
            session, "edit", "indicator", key, field=f"history {period}", old=old, new=value
        )


def set_quarter_target(
    db: Database, indicator_id: int, quarter: int, value: Decimal | None
) -> None:
    """A per-quarter target; None removes it (the quarter then compares pro rata)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"no quarter {quarter}")
    with db.write() as session:
        ind, key = _indicator(session, indicator_id)
        row = next((q for q in ind.quarter_targets if q.quarter == quarter), None)
        old = row.value if row else None
        if old == value:
            return
        if value is None:
            ind.quarter_targets.remove(row)
        elif row is None:
            ind.quarter_targets.append(QuarterTarget(quarter=quarter, value=value))
        else:
            row.value = value
        audit.record(
            session, "edit", "indicator", key, field=f"target Q{quarter}", old=old, new=value
        )


def set_partners(db: Database, indicator_id: int, names: list[str]) -> None:
    """The partner directorates (exact names), in directorate order."""
    with db.write() as session:
        ind, key = _indicator(session, indicator_id)
        known = {d.name: d for d in session.scalars(select(Directorate))}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValidationError(
                _("There is no directorate “{typed}”.").format(typed="; ".join(unknown))
            )
        wanted = sorted({known[n] for n in names}, key=lambda d: (d.position, d.name))
        old = "; ".join(p.name for p in ind.partners) or None
        new = "; ".join(d.name for d in wanted) or None
        if old != new:
            ind.partners = wanted
            audit.record(session, "edit", "indicator", key, field="partners", old=old, new=new)


_CODE_TAIL = re.compile(r"^[A-ZÇĞİÖŞÜa-zçğıöşü]+")


def next_indicator_code(card_code: str, used: set[str], kind: str) -> str:
    """PG1.15.1.4 after PG1.15.1.3 (İG… for monitoring): the card's code with a free number."""
    prefix = ("İG" if kind == "monitoring" else "PG") + _CODE_TAIL.sub("", card_code)
    n = len(used) + 1
    while f"{prefix}.{n}" in used:
        n += 1
    return f"{prefix}.{n}"


def add_indicator(db: Database, target_id: int, kind: str = "performance") -> int:
    """A new indicator at the end of the card, with a free code; returns its id."""
    if kind not in INDICATOR_KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    with db.write() as session:
        target = target_for_edit(session, target_id)
        code = next_indicator_code(target.code, {i.code for i in target.indicators}, kind)
        position = max((i.position for i in target.indicators), default=-1) + 1
        ind = Indicator(code=code, kind=kind, name=_("New indicator"), position=position)
        target.indicators.append(ind)
        session.flush()
        audit.record(session, "add", "indicator", f"{target_key(target)}/{code}", new=ind.name)
        return ind.id


def remove_indicator(db: Database, indicator_id: int) -> None:
    """Remove an indicator that has no quarterly values yet (values are evidence: never lost
    by a slip of the Delete key)."""
    with db.write() as session:
        ind, key = _indicator(session, indicator_id)
        has_values = session.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(IndicatorValue.indicator_id == ind.id)
            .where((IndicatorValue.value.is_not(None)) | (IndicatorValue.note.is_not(None)))
        )
        if has_values:
            raise ValidationError(
                _(
                    "{code} already has quarterly values; it cannot be removed. Clear its values "
                    "first, or keep it."
                ).format(code=ind.code)
            )
        target = ind.performance_target
        target.indicators.remove(ind)
        audit.record(session, "remove", "indicator", key, old=ind.name)


def move_row(
    session: Session, rows: list[Any], row: Any, delta: int, entity: str, key: str
) -> bool:
    index = rows.index(row)
    other = index + delta
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, item in enumerate(rows):
        item.position = position
    audit.record(session, "move", entity, key, field="position", old=index, new=other)
    return True


def move_indicator(db: Database, indicator_id: int, delta: int) -> bool:
    """Move up (-1) or down (+1) on the card; False when it is already first or last."""
    with db.write() as session:
        ind, key = _indicator(session, indicator_id)
        rows = sorted(ind.performance_target.indicators, key=lambda i: (i.position, i.id))
        return move_row(session, rows, ind, delta, "indicator", key)
