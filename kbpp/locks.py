"""Whether a directorate's quarter may still change, and if not, why and who can reopen it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kbpp.errors import KbppError
from kbpp.i18n import _
from kbpp.models import QuarterStatus


class LockedError(KbppError):
    """A write to a locked or accepted quarter was refused."""


@dataclass(frozen=True)
class QuarterLock:
    locked: bool
    reason: str | None = None
    by: str | None = None

    def message(self) -> str:
        """The sentence every screen shows on a read-only cell: why, and who can reopen."""
        return _(
            "This quarter is locked: {reason} (by {by}). Only the strategy office can reopen "
            "it; ask them to lift the lock."
        ).format(reason=self.reason or "-", by=self.by or "-")


def quarter_lock(
    session: Session, program_year_id: int, directorate_id: int, quarter: int
) -> QuarterLock:
    with session.no_autoflush:  # a lock check must not flush every pending edit first
        status = session.get(QuarterStatus, (program_year_id, directorate_id, quarter))
    if status is None:
        return QuarterLock(False)
    if status.locked:
        return QuarterLock(True, status.reason, status.changed_by)
    if status.state == "accepted":
        return QuarterLock(
            True, status.reason or _("accepted by the strategy office"), status.changed_by
        )
    return QuarterLock(False)


def quarter_status_row(
    session: Session, program_year_id: int, directorate_id: int, quarter: int
) -> QuarterStatus:
    """The quarter's status row, added to the session if the quarter has none yet (no row
    means open and unlocked); for the writers that are about to change its state."""
    status = session.get(QuarterStatus, (program_year_id, directorate_id, quarter))
    if status is None:
        status = QuarterStatus(
            program_year_id=program_year_id, directorate_id=directorate_id, quarter=quarter
        )
        session.add(status)
    return status


def period_quarter(period: str) -> int:
    """The quarter a value period belongs to for locking: Q1..Q4, and Y with Q4 (year end)."""
    return 4 if period == "Y" else int(period[1])
