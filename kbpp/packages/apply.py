"""Applying a data package (a directorate's quarter or its draft cards) at the office.

Rows are resolved within the issuer's directorate, compared with what is stored, and any change
to an accepted or locked quarter is returned as a conflict instead of being written; only then
does it write, through `set_value` (the grid's function), so every change lands in the audit log.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.activity_sheet import store_spending
from kbpp.i18n import _
from kbpp.locks import quarter_lock, quarter_status_row
from kbpp.models import (
    Activity,
    EvidenceFile,
    Indicator,
)
from kbpp.packages.cards import apply_cards
from kbpp.packages.container import OpenedPackage
from kbpp.packages.content import Content
from kbpp.packages.resolve import resolve
from kbpp.planexchange.importer import (
    ImportSummary,
)
from kbpp.values import set_value


def _same(
    row_value: Decimal | None, row_note: str | None, value: Decimal | None, note: str | None
) -> bool:
    return (row_value, row_note) == (value, (note or "").strip() or None)


def apply_data(
    session: Session, opened: OpenedPackage, content: Content, user: str, summary: ImportSummary
) -> list[str]:
    """A directorate's quarter (values, notes, spending, evidence) or its draft cards."""
    res = resolve(session, opened, content)
    program, d, indicators, activities = (
        res.program,
        res.directorate,
        res.indicators,
        res.activities,
    )
    if content.quarter is None:
        return apply_cards(session, opened, program, d, res.targets, user, summary)
    q = content.quarter
    lock = quarter_lock(session, program.id, d.id, q)
    conflicts = []
    for r in content.values:
        ind = indicators[(r.target, r.indicator)]
        stored = next((v for v in ind.values if v.period == r.period), None)
        if not _same(
            stored.value if stored else None, stored.note if stored else None, r.value, r.note
        ):
            conflicts.append(
                f"{r.target}/{r.indicator} {r.period}: "
                f"{stored.value if stored else '-'} → {r.value if r.value is not None else '-'}"
            )
    spent = {
        (a.performance_target.code, a.name, sp.quarter): sp
        for a in activities.values()
        for sp in a.spending
    }
    for r in content.spending:
        stored_sp = spent.get((r.target, r.activity, q))
        if (stored_sp.amount_kurus if stored_sp else None) != r.kurus:
            conflicts.append(f"{r.target}/{r.activity} Q{q}: {_('spending')}")
    if lock.locked:
        return [f"{c} ({lock.message()})" for c in conflicts]
    status = quarter_status_row(session, program.id, d.id, q)
    if status.state != "submitted":
        audit.record(
            session,
            "status",
            "quarter",
            f"{program.year}/{d.name}/Q{q}",
            field="state",
            old=status.state,
            new="submitted",
            user=user,
        )
        status.state, status.changed_by, status.changed_at = "submitted", user, audit.now()
    session.flush()  # the quarter's status row now answers set_value's lock check from memory
    with session.no_autoflush:
        for r in content.values:
            ind = indicators[(r.target, r.indicator)]
            set_value(session, ind, r.period, r.value, r.note, user=user)
        for r in content.spending:
            _set_spending(session, activities[(r.target, r.activity)], q, r.kurus, user)
    _sync_evidence(session, opened, content, indicators, user)
    return []


def _set_spending(
    session: Session, activity: Activity, quarter: int, kurus: int | None, user: str
) -> None:
    old = store_spending(activity, quarter, kurus)
    if old == kurus:
        return
    key = f"{activity.performance_target.code}/{activity.name}/Q{quarter}"
    audit.record(
        session,
        "import",
        "activity spending",
        key,
        field="amount_kurus",
        old=old,
        new=kurus,
        user=user,
    )


def _sync_evidence(
    session: Session,
    opened: OpenedPackage,
    content: Content,
    indicators: dict[tuple[str, str], Indicator],
    user: str,
) -> None:
    """The package's evidence for its quarter replaces what was stored for those cells."""
    periods = {f"Q{content.quarter}", *(["Y"] if content.quarter == 4 else [])}
    ids = [i.id for i in indicators.values()]
    stored = {
        (f.indicator_id, f.period, f.sha256): f
        for f in session.scalars(
            select(EvidenceFile).where(
                EvidenceFile.indicator_id.in_(ids), EvidenceFile.period.in_(periods)
            )
        )
    }
    members = {m.sha256: m for m in opened.manifest.evidence}
    wanted = set()
    for r in content.evidence:
        ind = indicators[(r.target, r.indicator)]
        key = (ind.id, r.period, r.sha256)
        wanted.add(key)
        if key in stored:
            continue
        data = opened.read_member(members[r.sha256])
        session.add(
            EvidenceFile(
                indicator_id=ind.id,
                period=r.period,
                filename=r.filename,
                sha256=r.sha256,
                size=len(data),
                data=data,
            )
        )
        audit.record(
            session,
            "import",
            "evidence",
            f"{r.target}/{r.indicator}/{r.period}",
            new=r.filename,
            user=user,
        )
    for key, row in stored.items():
        if key not in wanted:
            audit.record(
                session,
                "import",
                "evidence",
                f"{row.indicator_id}/{row.period}",
                old=row.filename,
                user=user,
            )
            session.delete(row)
