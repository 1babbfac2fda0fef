"""Reviewing a directorate's quarter at the office: what was received, what changed, accept or
return it.

What changed is measured against the office's last decision on the quarter: when it accepts or
returns a quarter, every cell of it is copied into `reviewed_values` (migration 0005). A
resubmission after a return then shows exactly what the directorate changed, and a corrected
package after an accepted quarter was unlocked shows what moved since the acceptance. The audit
log keeps the full history; the snapshot is what makes the comparison one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.directorates import find_directorate
from kbpp.errors import ValidationError
from kbpp.evaluation.engine import evaluate_indicator
from kbpp.evaluation.loader import load_indicators, program_year
from kbpp.evaluation.settings import settings_from_dict
from kbpp.formatting import format_date
from kbpp.i18n import _
from kbpp.models import (
    Directorate,
    Indicator,
    IndicatorValue,
    PackageImport,
    PerformanceTarget,
    ProgramYear,
    QuarterStatus,
    ReviewedValue,
)
from kbpp.office.marks import office_entries, review_comments
from kbpp.packages import review as package_review
from kbpp.packages.export import export_package
from kbpp.packages.keys import SigningKey
from kbpp.quarter_entry import plausibility_warnings
from kbpp.storage import Database

# How a value compares with the office's last decision on the quarter.
UNCHANGED, CHANGED, NOTE_CHANGED, ADDED, NO_BASELINE = (
    "unchanged",
    "changed",
    "note changed",
    "new",
    "no baseline",
)


class ReviewRefused(ValidationError):
    """Accept, return, lock or unlock cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class Change:
    kind: str
    old_value: Decimal | None = None
    old_note: str | None = None


@dataclass(frozen=True)
class ReviewRow:
    indicator_id: int
    target_code: str
    code: str
    name: str
    unit: str | None
    target: Decimal | None
    value: Decimal | None
    year_to_date: Decimal | None
    rate: Decimal | None
    band: str | None
    band_color: str | None
    note: str | None
    note_required: bool
    warnings: tuple[str, ...]
    comment: str | None
    office_reason: str | None
    change: Change


@dataclass(frozen=True)
class Received:
    """The latest data package received for the quarter."""

    sequence: int
    imported_at: datetime
    file_name: str
    imported_by: str


@dataclass(frozen=True)
class QuarterReview:
    year: int
    quarter: int
    directorate: str
    state: str
    locked: bool
    reason: str | None
    changed_by: str | None
    changed_at: datetime | None
    received: Received | None
    baseline: str | None  # "accepted" or "returned": what the change column compares with
    baseline_at: datetime | None
    rows: list[ReviewRow] = field(default_factory=list)

    @property
    def changed_rows(self) -> list[ReviewRow]:
        return [r for r in self.rows if r.change.kind in (CHANGED, NOTE_CHANGED, ADDED)]


def _periods(quarter: int) -> list[str]:
    return [f"Q{quarter}", *(["Y"] if quarter == 4 else [])]


def _ids(program: ProgramYear, directorate: Directorate) -> object:
    return (
        select(Indicator.id)
        .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
        .where(
            PerformanceTarget.program_year_id == program.id,
            PerformanceTarget.directorate_id == directorate.id,
        )
    )


def _received(session: Session, year: int, quarter: int, name: str) -> Received | None:
    row = session.execute(
        select(
            PackageImport.sequence,
            PackageImport.imported_at,
            PackageImport.file_name,
            PackageImport.imported_by,
        )
        .where(
            PackageImport.type == "data",
            PackageImport.issuer == name,
            PackageImport.year == year,
            PackageImport.quarter == quarter,
        )
        .order_by(PackageImport.sequence.desc())
        .limit(1)
    ).first()
    return Received(*row) if row else None


def _change(
    baseline: dict[int, tuple[Decimal | None, str | None]] | None,
    indicator_id: int,
    value: Decimal | None,
    note: str | None,
) -> Change:
    if baseline is None:
        return Change(NO_BASELINE)
    if indicator_id not in baseline:
        return Change(ADDED)
    old_value, old_note = baseline[indicator_id]
    if old_value != value:
        return Change(CHANGED, old_value, old_note)
    if old_note != note:
        return Change(NOTE_CHANGED, old_value, old_note)
    return Change(UNCHANGED, old_value, old_note)


def review_quarter(db: Database, year: int, quarter: int, directorate: str) -> QuarterReview:
    """Every indicator of the directorate for the quarter, with what the office needs to decide."""
    _check_quarter(quarter)
    period = f"Q{quarter}"
    with db.read() as session:
        program = program_year(session, year)
        d = find_directorate(session, directorate)
        name = d.name
        settings = settings_from_dict(program.settings)
        loaded = load_indicators(session, program, d.name)
        ids = _ids(program, d)
        comments = review_comments(session, ids)
        office = office_entries(session, ids)
        base_rows = session.execute(
            select(
                ReviewedValue.indicator_id,
                ReviewedValue.value,
                ReviewedValue.note,
                ReviewedValue.decision,
                ReviewedValue.decided_at,
            ).where(ReviewedValue.indicator_id.in_(ids), ReviewedValue.period == period)
        ).all()
        baseline = {r[0]: (r[1], r[2]) for r in base_rows} if base_rows else None
        latest = max(base_rows, key=lambda r: r[4]) if base_rows else None
        status = session.get(QuarterStatus, (program.id, d.id, quarter))
        state, locked, reason, changed_by, changed_at = (
            (status.state, status.locked, status.reason, status.changed_by, status.changed_at)
            if status
            else ("open", False, None, None, None)
        )
        received = _received(session, year, quarter, name)
    rows = []
    for item in loaded:
        facts = item.facts
        result = evaluate_indicator(facts, settings, quarter)
        value = facts.values.get(period)
        note = item.notes.get(period)
        rows.append(
            ReviewRow(
                indicator_id=item.indicator_id,
                target_code=facts.target_code,
                code=facts.code,
                name=facts.name,
                unit=facts.unit,
                target=facts.target,
                value=value,
                year_to_date=result.actual,
                rate=result.printed_rate,
                band=result.band.key if result.band else None,
                band_color=result.band.color if result.band else None,
                note=note,
                note_required=result.note_required,
                warnings=tuple(plausibility_warnings(facts, period, value)),
                comment=comments.get((item.indicator_id, quarter)),
                office_reason=office.get((item.indicator_id, period)),
                change=_change(baseline, item.indicator_id, value, note),
            )
        )
    return QuarterReview(
        year=year,
        quarter=quarter,
        directorate=name,
        state=state,
        locked=locked,
        reason=reason,
        changed_by=changed_by,
        changed_at=changed_at,
        received=received,
        baseline=latest[3] if latest else None,
        baseline_at=latest[4] if latest else None,
        rows=rows,
    )


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ReviewRefused(_("A quarter is 1, 2, 3 or 4, not {q}.").format(q=quarter))


def _status(
    session: Session, year: int, quarter: int, directorate: str, write: bool = True
) -> tuple[ProgramYear, Directorate, QuarterStatus]:
    _check_quarter(quarter)
    program = program_year(session, year)
    d = find_directorate(session, directorate)
    status = session.get(QuarterStatus, (program.id, d.id, quarter))
    if status is None:
        status = QuarterStatus(
            program_year_id=program.id, directorate_id=d.id, quarter=quarter, state="open"
        )
        status.locked = False
        if write:
            session.add(status)
    return program, d, status


def _record_status(
    session: Session,
    key: str,
    field_name: str,
    old: object,
    new: object,
    reason: str | None,
    user: str,
) -> None:
    audit.record(
        session,
        "status",
        "quarter",
        key,
        field=field_name,
        old=old,
        new=new,
        reason=reason,
        user=user,
    )


def _snapshot(
    session: Session, program: ProgramYear, d: Directorate, quarter: int, decision: str, user: str
) -> None:
    """Copy the quarter's cells as they are now: the baseline of the next review."""
    ids = _ids(program, d)
    periods = _periods(quarter)
    session.execute(
        delete(ReviewedValue).where(
            ReviewedValue.indicator_id.in_(ids), ReviewedValue.period.in_(periods)
        )
    )
    stored = {
        (i, p): (v, n)
        for i, p, v, n in session.execute(
            select(
                IndicatorValue.indicator_id,
                IndicatorValue.period,
                IndicatorValue.value,
                IndicatorValue.note,
            ).where(IndicatorValue.indicator_id.in_(ids), IndicatorValue.period.in_(periods))
        )
    }
    now = audit.now()
    for indicator_id in session.scalars(ids):
        for p in periods:
            value, note = stored.get((indicator_id, p), (None, None))
            session.add(
                ReviewedValue(
                    indicator_id=indicator_id,
                    period=p,
                    quarter=quarter,
                    value=value,
                    note=note,
                    decision=decision,
                    decided_by=user,
                    decided_at=now,
                )
            )


def _office_only(db: Database) -> None:
    if db.role != "office":
        raise ReviewRefused(
            _(
                "Only the strategy office accepts, returns, locks or unlocks quarters; open the "
                "office's database."
            )
        )


def _nothing_received(quarter: int, name: str) -> ReviewRefused:
    return ReviewRefused(
        _(
            "Nothing has been received for Q{q} from {name}; import its data package first "
            "(or send a reminder)."
        ).format(q=quarter, name=name)
    )


def accept_quarter(
    db: Database, year: int, quarter: int, directorate: str, user: str | None = None
) -> str:
    """Accept a received quarter: it becomes accepted and locked, with who and when as the
    lock's reason. Returns that reason."""
    _office_only(db)
    user = user or audit.current_user()
    with db.write() as session:
        program, d, status = _status(session, year, quarter, directorate)
        if status.state == "accepted":
            raise ReviewRefused(
                _("Q{q} of {name} is already accepted ({reason}).").format(
                    q=quarter, name=d.name, reason=status.reason or "-"
                )
            )
        if status.state == "returned":
            raise ReviewRefused(
                _(
                    "Q{q} of {name} was returned and nothing has been received since; wait for "
                    "the directorate's corrected package."
                ).format(q=quarter, name=d.name)
            )
        if status.state != "submitted":
            raise _nothing_received(quarter, d.name)
        reason = _("Accepted by {user} on {date}").format(
            user=user, date=format_date(audit.now().date())
        )
        key = f"{year}/{d.name}/Q{quarter}"
        _record_status(session, key, "state", status.state, "accepted", reason, user)
        status.state, status.locked, status.reason = "accepted", True, reason
        status.changed_by, status.changed_at = user, audit.now()
        _snapshot(session, program, d, quarter, "accepted", user)
    return reason


def return_quarter(
    db: Database,
    year: int,
    quarter: int,
    directorate: str,
    comments: dict[str, str],
    reason: str,
    key: SigningKey,
    out_folder: Path,
) -> Path:
    """Send a received quarter back: state returned (unlocked), the comments stored, and a
    signed return package written into `out_folder` for the directorate. Returns its path."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused(
            _("Say why the quarter goes back: a return needs a reason for the directorate.")
        )
    out_folder = Path(out_folder)
    if not out_folder.is_dir():
        raise ReviewRefused(
            _("{folder} is not a folder; choose where the return package is written.").format(
                folder=out_folder
            )
        )
    comments = {c.strip(): t.strip() for c, t in comments.items() if t and t.strip()}
    refusal = return_refusal(db, year, quarter, directorate)
    if refusal is not None:
        raise refusal
    with db.read() as session:
        name = find_directorate(session, directorate).name
    package_review.return_quarter(db, year, name, quarter, reason, comments)
    user = audit.current_user()
    with db.write() as session:
        program, d, _status_row = _status(session, year, quarter, name)
        _snapshot(session, program, d, quarter, "returned", user)
    return export_package(db, key, out_folder, "return", year, quarter, name).path


def return_refusal(db: Database, year: int, quarter: int, directorate: str) -> ReviewRefused | None:
    """Why the quarter cannot be returned now (asked before a key and passphrase are), or
    None."""
    _office_only(db)
    with db.read() as session:
        _program, d, status = _status(session, year, quarter, directorate, write=False)
        name, state = d.name, status.state
    if state == "accepted":
        return ReviewRefused(
            _(
                "Q{q} of {name} is accepted; unlock it with a reason first if it must go back."
            ).format(q=quarter, name=name)
        )
    if state == "returned":
        return ReviewRefused(
            _("Q{q} of {name} was already returned and nothing has been received since.").format(
                q=quarter, name=name
            )
        )
    if state != "submitted":
        return _nothing_received(quarter, name)
    return None


def lock_quarter(
    db: Database, year: int, quarter: int, directorate: str, reason: str, user: str | None = None
) -> None:
    """Lock a directorate's quarter (no entry, no import) for a stated reason."""
    _office_only(db)
    reason = _required_reason(
        reason, _("A lock needs a reason; it is shown to the directorate and logged.")
    )
    user = user or audit.current_user()
    with db.write() as session:
        _program, d, status = _status(session, year, quarter, directorate)
        if status.locked:
            raise ReviewRefused(
                _("Q{q} of {name} is already locked: {reason}").format(
                    q=quarter, name=d.name, reason=status.reason or "-"
                )
            )
        key = f"{year}/{d.name}/Q{quarter}"
        _record_status(session, key, "locked", False, True, reason, user)
        status.locked, status.reason = True, reason
        status.changed_by, status.changed_at = user, audit.now()


def unlock_quarter(
    db: Database, year: int, quarter: int, directorate: str, reason: str, user: str | None = None
) -> str:
    """Lift a quarter's lock for a stated reason. An accepted quarter goes back to submitted
    (or open when nothing was received), so a corrected package can come in and be accepted
    again. Returns a sentence saying what the quarter is now."""
    _office_only(db)
    reason = _required_reason(
        reason, _("Lifting a lock needs a reason; it is logged with your name.")
    )
    user = user or audit.current_user()
    with db.write() as session:
        _program, d, status = _status(session, year, quarter, directorate)
        if not status.locked and status.state != "accepted":
            raise ReviewRefused(
                _("Q{q} of {name} is not locked; there is nothing to lift.").format(
                    q=quarter, name=d.name
                )
            )
        key = f"{year}/{d.name}/Q{quarter}"
        _record_status(session, key, "locked", True, False, reason, user)
        state = status.state
        if state == "accepted":
            state = "submitted" if _received(session, year, quarter, d.name) else "open"
            _record_status(session, key, "state", "accepted", state, reason, user)
        status.state, status.locked, status.reason = state, False, None
        status.changed_by, status.changed_at = user, audit.now()
        if state == "submitted":
            return _(
                "Q{q} of {name} is unlocked and waits for review again, as received: the "
                "directorate can send a corrected package after its next reference package; "
                "accept it again when it is reviewed."
            ).format(q=quarter, name=d.name)
        return _("Q{q} of {name} is unlocked and open for entry.").format(q=quarter, name=d.name)


def _required_reason(reason: str | None, refusal: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused(refusal)
    return reason
