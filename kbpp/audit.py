"""Writing the audit log: every change a user or an import makes, old → new."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kbpp.models import AuditEntry


def current_user() -> str:
    """The name written into the audit log: KBPP_USER, the user's setting, or the OS login."""
    from kbpp.settings import load_settings  # late: settings are read when needed, not cached

    name = os.environ.get("KBPP_USER") or load_settings()["user_name"]
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> datetime:
    """UTC time without tzinfo, as stored (SQLite keeps naive datetimes)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def as_text(value: Any) -> str | None:
    """How a value appears in the log: decimals exactly, None as NULL."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def record(
    session: Session,
    action: str,
    entity: str,
    entity_key: str,
    *,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    user: str | None = None,
    reason: str | None = None,
    package_id: str | None = None,
    on_behalf: bool = False,
) -> None:
    session.add(
        AuditEntry(
            at=now(),
            user=user or current_user(),
            action=action,
            entity=entity,
            entity_key=entity_key,
            field=field,
            old=as_text(old),
            new=as_text(new),
            reason=reason,
            package_id=package_id,
            on_behalf=on_behalf,
        )
    )
