"""Entering quarterly values: the one function the grid, the command line and imports share.

Each call validates, writes the value and its audit entry; the caller's transaction makes it
atomic (the grid opens one transaction per accepted edit).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.errors import ValidationError
from kbpp.i18n import _
from kbpp.locks import LockedError, period_quarter, quarter_lock
from kbpp.models import Indicator, IndicatorValue
from kbpp.models.program import VALUE_PERIODS

MAX_NOTE_LENGTH = 2000


@dataclass(frozen=True)
class ValueChange:
    """What a write changed, so views can refresh just that cell."""

    indicator_id: int
    period: str
    old_value: Decimal | None
    new_value: Decimal | None
    old_note: str | None
    new_note: str | None

    @property
    def changed(self) -> bool:
        return (self.old_value, self.old_note) != (self.new_value, self.new_note)


def indicator_key(indicator: Indicator) -> str:
    t = indicator.performance_target
    return f"{t.program_year.year}/{t.directorate.name}/{t.code}/{indicator.code}"


def set_value(
    session: Session,
    indicator: Indicator,
    period: str,
    value: Decimal | None,
    note: str | None = None,
    *,
    user: str | None = None,
    on_behalf: bool = False,
    reason: str | None = None,
    package_id: str | None = None,
    override_lock: bool = False,
) -> ValueChange:
    """Store (or clear, with None) one value and its note, auditing old → new.

    A locked or accepted quarter is refused with the lock's reason; only the office's own
    corrections (on behalf, with a reason) pass `override_lock`.
    """
    if period not in VALUE_PERIODS:
        raise ValidationError(
            _("“{period}” is not a period; use Q1, Q2, Q3, Q4 or Y (the whole year).").format(
                period=period
            )
        )
    if value is not None and not value.is_finite():
        raise ValidationError(_("A value must be a finite number."))
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            _("A deviation note can be at most {n} characters long.").format(n=MAX_NOTE_LENGTH)
        )
    target = indicator.performance_target
    lock = quarter_lock(
        session, target.program_year_id, target.directorate_id, period_quarter(period)
    )
    if lock.locked and not override_lock:
        raise LockedError(lock.message())
    row = next((v for v in indicator.values if v.period == period), None)
    change = ValueChange(
        indicator.id,
        period,
        row.value if row else None,
        value,
        row.note if row else None,
        note,
    )
    if not change.changed:
        return change
    user = user or audit.current_user()
    if row is None:
        row = IndicatorValue(period=period)
        indicator.values.append(row)
    row.value, row.note = value, note
    row.entered_by, row.entered_at, row.entered_by_office = user, audit.now(), on_behalf
    row.office_reason = reason if on_behalf else None
    key = f"{indicator_key(indicator)}/{period}"
    for field, old, new in (("value", change.old_value, value), ("note", change.old_note, note)):
        if old != new:
            audit.record(
                session,
                "value",
                "indicator value",
                key,
                field=field,
                old=old,
                new=new,
                user=user,
                on_behalf=on_behalf,
                reason=reason,
                package_id=package_id,
            )
    return change
