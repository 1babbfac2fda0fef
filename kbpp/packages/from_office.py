"""Applying what the office sends a directorate: the reference package (plan, cards, quarter
states, comments) and the return package (a quarter sent back with comments)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.locks import period_quarter, quarter_lock, quarter_status_row
from kbpp.models import (
    DatabaseInfo,
    Indicator,
    ProgramYear,
    QuarterStatus,
    QuarterWindow,
    ReviewComment,
)
from kbpp.packages.cards import opened_plan, plan_checks
from kbpp.packages.container import OpenedPackage
from kbpp.packages.content import Content
from kbpp.packages.manifest import OFFICE
from kbpp.packages.resolve import resolve
from kbpp.planexchange.importer import (
    ImportSummary,
    _import,
)
from kbpp.values import indicator_key, set_value

SEQUENCE_FLOOR = "sequence_floor"


def apply_reference(
    session: Session, opened: OpenedPackage, content: Content, user: str, summary: ImportSummary
) -> list[str]:
    """The office's plan and this directorate's cards, quarter states and comments."""
    doc = opened_plan(opened)
    plan_checks(opened, doc, content.year, content.directorate)
    _import(session, doc, summary, user)
    session.flush()
    program = session.scalar(select(ProgramYear).where(ProgramYear.year == content.year))
    assert program is not None  # the plan import just made it
    r = resolve(session, opened, content)
    d = r.directorate
    listed = {r.quarter: r for r in content.quarters}
    for q in range(1, 5):
        row = session.get(QuarterStatus, (program.id, d.id, q))
        item = listed.get(q)
        if item is None:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = QuarterStatus(program_year_id=program.id, directorate_id=d.id, quarter=q)
            session.add(row)
        if (row.state, row.locked, row.reason) != (item.state, item.locked, item.reason):
            audit.record(
                session,
                "status",
                "quarter",
                f"{program.year}/{d.name}/Q{q}",
                field="state",
                old=row.state,
                new=item.state,
                reason=item.reason,
                user=user,
            )
            row.state, row.locked, row.reason = item.state, item.locked, item.reason
            row.changed_by, row.changed_at = OFFICE, audit.now()
    replace_comments(session, r.indicators, content, None, user)
    apply_calendar(session, program, content, user)
    session.flush()  # the quarter states above now answer the lock checks below
    apply_office_values(session, r.indicators, content, user)
    if content.last_sequence is not None:
        floor = session.get(DatabaseInfo, SEQUENCE_FLOOR)
        if floor is None:
            session.add(DatabaseInfo(key=SEQUENCE_FLOOR, value=str(content.last_sequence)))
        elif int(floor.value) < content.last_sequence:
            floor.value = str(content.last_sequence)
    return []


def apply_calendar(session: Session, program: ProgramYear, content: Content, user: str) -> None:
    """The office's entry windows and due dates; a package without a calendar (made before
    KBPP carried one) leaves the workspace's calendar as it is."""
    for w in content.calendar:
        row = session.get(QuarterWindow, (program.id, w.quarter))
        if row is not None and (row.opens_on, row.due_on) == (w.opens_on, w.due_on):
            continue
        old = f"{row.opens_on.isoformat()}..{row.due_on.isoformat()}" if row else None
        if row is None:
            row = QuarterWindow(program_year_id=program.id, quarter=w.quarter)
            session.add(row)
        row.opens_on, row.due_on = w.opens_on, w.due_on
        row.changed_by, row.changed_at = OFFICE, audit.now()
        audit.record(
            session,
            "import",
            "quarter_window",
            f"{program.year}/Q{w.quarter}",
            old=old,
            new=f"{w.opens_on.isoformat()}..{w.due_on.isoformat()}",
            user=user,
        )


def apply_office_values(
    session: Session, indicators: dict[tuple[str, str], Indicator], content: Content, user: str
) -> None:
    """Values the office entered for this directorate, marked as the office's with its reason.

    The office's value replaces the workspace's where the quarter is accepted or locked (the
    office's record is final there) or where the workspace has no value; in an open quarter a
    value the directorate typed itself is kept (its next package supersedes the office's).
    """
    for r in content.office_values:
        ind = indicators[(r.target, r.indicator)]
        row = next((v for v in ind.values if v.period == r.period), None)
        if row is not None and (row.value, row.note) == (r.value, r.note):
            if not row.entered_by_office or row.office_reason != r.reason:
                row.entered_by_office, row.office_reason = True, r.reason
                audit.record(
                    session,
                    "import",
                    "indicator value",
                    f"{indicator_key(ind)}/{r.period}",
                    field="entered_by_office",
                    old=False,
                    new=True,
                    reason=r.reason,
                    on_behalf=True,
                    user=user,
                )
            continue
        t = ind.performance_target
        lock = quarter_lock(session, t.program_year_id, t.directorate_id, period_quarter(r.period))
        if lock.locked or row is None or row.value is None:
            set_value(
                session,
                ind,
                r.period,
                r.value,
                r.note,
                user=user,
                on_behalf=True,
                reason=r.reason,
                override_lock=True,
            )


def replace_comments(
    session: Session,
    indicators: dict[tuple[str, str], Indicator],
    content: Content,
    quarter: int | None,
    user: str,
) -> None:
    ids = [i.id for i in indicators.values()]
    query = delete(ReviewComment).where(ReviewComment.indicator_id.in_(ids))
    if quarter is not None:
        query = query.where(ReviewComment.quarter == quarter)
    session.execute(query)
    for r in content.comments:
        ind: Indicator = indicators[(r.target, r.indicator)]
        session.add(
            ReviewComment(
                indicator_id=ind.id, quarter=r.quarter, text=r.text, by=OFFICE, at=audit.now()
            )
        )
        audit.record(
            session,
            "import",
            "comment",
            f"{r.target}/{r.indicator}/Q{r.quarter}",
            new=r.text,
            user=user,
        )


def apply_return(
    session: Session, opened: OpenedPackage, content: Content, user: str, summary: ImportSummary
) -> list[str]:
    """A quarter sent back: its state becomes returned (unlocked) with the office's comments."""
    r = resolve(session, opened, content)
    program, d = r.program, r.directorate
    q = content.quarter or 1
    row = quarter_status_row(session, program.id, d.id, q)
    audit.record(
        session,
        "status",
        "quarter",
        f"{program.year}/{d.name}/Q{q}",
        field="state",
        old=row.state,
        new="returned",
        reason=content.reason,
        user=user,
    )
    row.state, row.locked, row.reason = "returned", False, content.reason
    row.changed_by, row.changed_at = OFFICE, audit.now()
    replace_comments(session, r.indicators, content, q, user)
    return []
