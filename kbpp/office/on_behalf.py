"""The office enters or corrects a directorate's value: only with a reason, always audited,
and marked as the office's wherever the value is shown (grid, reference package, reports)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from kbpp.directorates import find_directorate
from kbpp.errors import NotFoundError, ValidationError
from kbpp.evaluation.loader import program_year
from kbpp.i18n import _
from kbpp.locks import LockedError, period_quarter, quarter_lock
from kbpp.models import Indicator, PerformanceTarget
from kbpp.quarter_entry import Entry
from kbpp.storage import Database
from kbpp.values import ValueChange, set_value


def required_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _(
                "A value entered for a directorate needs a reason (why the office enters it); "
                "nothing was saved."
            )
        )
    return reason


def enter_on_behalf(
    db: Database,
    year: int,
    directorate: str,
    code: str,
    period: str,
    value: Decimal | None,
    note: str | None,
    reason: str,
    *,
    override_lock: bool = False,
) -> ValueChange:
    """Write one value of a directorate as the office. A locked or accepted quarter is refused
    with its lock's reason unless `override_lock` says the office deliberately corrects it."""
    if db.role != "office":
        raise ValidationError(
            _("Only the strategy office enters values on behalf of a directorate.")
        )
    reason = required_reason(reason)
    with db.write() as session:
        program = program_year(session, year)
        d = find_directorate(session, directorate)
        indicator = session.scalar(
            select(Indicator)
            .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
            .where(
                PerformanceTarget.program_year_id == program.id,
                PerformanceTarget.directorate_id == d.id,
                Indicator.code == code.strip(),
            )
        )
        if indicator is None:
            raise NotFoundError(
                _("{name} has no indicator {codes} in {year}.").format(
                    name=d.name, codes=code, year=year
                )
            )
        lock = quarter_lock(session, program.id, d.id, period_quarter(period))
        if lock.locked and not override_lock:
            raise LockedError(
                lock.message()
                + " "
                + _("To correct it anyway, confirm the correction of a locked quarter.")
            )
        return set_value(
            session,
            indicator,
            period,
            value,
            note,
            on_behalf=True,
            reason=reason,
            override_lock=override_lock,
        )


def save_on_behalf(db: Database, entries: list[Entry], reason: str) -> list[ValueChange]:
    """The grid's edits at the office: like `save_entries`, one transaction, on behalf."""
    from kbpp.quarter_entry import save_entries

    return save_entries(db, entries, on_behalf=True, reason=required_reason(reason))
