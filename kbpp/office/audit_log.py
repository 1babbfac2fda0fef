"""Reading the append-only audit log: who changed what, when, old → new, from which package.

The log is only ever appended to (triggers refuse UPDATE and DELETE), so "newest first" is the
order of ids descending; paging goes by offset. Times are stored in UTC and shown in local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from kbpp.i18n import _
from kbpp.models import AuditEntry
from kbpp.office.xlsx import write_table
from kbpp.storage import Database

DEFAULT_LIMIT = 500


@dataclass(frozen=True)
class AuditFilter:
    """What to look for; every part is optional. `since`/`until` are local calendar days,
    both included. `text` matches the key, old and new values, reason and user (any case)."""

    text: str = ""
    user: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None
    package_id: str | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # local time, naive
    user: str
    action: str
    entity: str
    entity_key: str
    field: str | None
    old: str | None
    new: str | None
    reason: str | None
    package_id: str | None
    on_behalf: bool


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int  # entries matching the filter, of which `rows` is one page
    offset: int


def _utc(day: date) -> datetime:
    """Local midnight of `day` as the naive UTC time the log stores."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def _local(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def _conditions(f: AuditFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    text = f.text.strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        where.append(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (
                        AuditEntry.entity_key,
                        AuditEntry.old,
                        AuditEntry.new,
                        AuditEntry.reason,
                        AuditEntry.user,
                        AuditEntry.package_id,
                    )
                )
            )
        )
    if f.user:
        where.append(AuditEntry.user == f.user)
    if f.action:
        where.append(AuditEntry.action == f.action)
    if f.since:
        where.append(AuditEntry.at >= _utc(f.since))
    if f.until:
        where.append(AuditEntry.at < _utc(f.until + timedelta(days=1)))
    if f.package_id:
        where.append(AuditEntry.package_id.startswith(f.package_id.strip(), autoescape=True))
    return where


def query_audit(
    db: Database, f: AuditFilter | None = None, limit: int | None = DEFAULT_LIMIT, offset: int = 0
) -> AuditPage:
    """The entries matching `f`, newest first; `limit` None means all of them."""
    where = _conditions(f or AuditFilter())
    columns = (
        AuditEntry.id,
        AuditEntry.at,
        AuditEntry.user,
        AuditEntry.action,
        AuditEntry.entity,
        AuditEntry.entity_key,
        AuditEntry.field,
        AuditEntry.old,
        AuditEntry.new,
        AuditEntry.reason,
        AuditEntry.package_id,
        AuditEntry.on_behalf,
    )
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
        query = select(*columns).where(*where).order_by(AuditEntry.id.desc()).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        rows = [AuditRow(r[0], _local(r[1]), *r[2:11], bool(r[11])) for r in session.execute(query)]
    return AuditPage(rows, total, offset)


def audit_choices(db: Database) -> tuple[list[str], list[str]]:
    """The users and the actions that occur in the log, for the filters' lists."""
    with db.read() as session:
        users = list(session.scalars(select(AuditEntry.user).distinct().order_by(AuditEntry.user)))
        actions = list(
            session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
        )
    return users, actions


def row_to_json(row: AuditRow) -> dict[str, Any]:
    """One entry as `kbpp audit --json` prints it (time in local time, ISO 8601)."""
    return {
        "id": row.id,
        "at": row.at.isoformat(),
        "user": row.user,
        "action": row.action,
        "entity": row.entity,
        "entity_key": row.entity_key,
        "field": row.field,
        "old": row.old,
        "new": row.new,
        "reason": row.reason,
        "package_id": row.package_id,
        "on_behalf": row.on_behalf,
    }


def headers() -> list[str]:
    """The columns of the screen and the workbook, in the current language."""
    return [
        _("When"),
        _("User"),
        _("Action"),
        _("What"),
        _("Key"),
        _("Field"),
        _("Old"),
        _("New"),
        _("Reason"),
        _("Package"),
        _("On behalf"),
    ]


def write_audit_xlsx(rows: list[AuditRow], path: Path) -> Path:
    """The entries as a workbook, with the same columns as the screen."""
    yes = _("yes")
    body = [
        [
            r.at,
            r.user,
            r.action,
            r.entity,
            r.entity_key,
            r.field,
            r.old,
            r.new,
            r.reason,
            r.package_id,
            yes if r.on_behalf else "",
        ]
        for r in rows
    ]
    return write_table(path, _("Audit log"), headers(), body)
