"""The keys a database trusts: enrolling (with a confirmed fingerprint), revoking, listing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.directorates import find_directorate
from kbpp.errors import NotFoundError
from kbpp.i18n import _
from kbpp.models import KeyRecord
from kbpp.packages.errors import KeyFileError
from kbpp.packages.keys import (
    fingerprint,
    key_id,
    matches_fingerprint,
    normalise_fingerprint,
    read_public_key,
)
from kbpp.storage import Database


@dataclass(frozen=True)
class KeyInfo:
    fingerprint: str
    purpose: str
    directorate: str | None
    enrolled_at: datetime
    revoked_at: datetime | None
    revoke_reason: str | None


def _info(row: KeyRecord) -> KeyInfo:
    return KeyInfo(
        fingerprint(row.public_key),
        row.purpose,
        row.directorate,
        row.enrolled_at,
        row.revoked_at,
        row.revoke_reason,
    )


def add_key(
    session: Session, public_key: bytes, purpose: str, directorate: str | None, user: str
) -> KeyRecord:
    """Record a trusted key in the caller's transaction (also used on first office package)."""
    row = KeyRecord(
        key_id=key_id(public_key),
        public_key=public_key,
        purpose=purpose,
        directorate=directorate,
        enrolled_at=audit.now(),
        enrolled_by=user,
    )
    session.add(row)
    audit.record(
        session, "key enrol", "key", fingerprint(public_key), new=directorate or purpose, user=user
    )
    return row


def enrol_key(
    db: Database,
    public_key_file: Path,
    typed_fingerprint: str,
    directorate: str | None = None,
    office: bool = False,
) -> KeyInfo:
    """Enrol a directorate's key (or, in a directorate workspace, the office's) after the user
    confirmed its fingerprint, read aloud over the phone from the printed enrolment sheet."""
    public_key, _label = read_public_key(public_key_file)
    if not matches_fingerprint(public_key, typed_fingerprint):
        raise KeyFileError(
            "fingerprint-mismatch",
            _(
                "The fingerprint of {file} is {actual}, not what was typed; do not enrol it, "
                "and check with its owner."
            ).format(file=Path(public_key_file).name, actual=fingerprint(public_key)),
        )
    if office == (directorate is not None):
        raise KeyFileError(
            "purpose", _("Enrol a key either for one directorate (--directorate NAME) or --office.")
        )
    user = audit.current_user()
    with db.write() as session:
        if directorate is not None:
            directorate = find_directorate(session, directorate).name
        existing = session.get(KeyRecord, key_id(public_key))
        if existing is not None:
            raise KeyFileError(
                "already-enrolled",
                _("The key {fp} is already enrolled (for {who}).").format(
                    fp=fingerprint(public_key), who=existing.directorate or existing.purpose
                ),
            )
        row = add_key(session, public_key, "office" if office else "directorate", directorate, user)
        return _info(row)


def find_key(session: Session, typed_fingerprint: str) -> KeyRecord:
    prefix = normalise_fingerprint(typed_fingerprint)
    rows = session.scalars(select(KeyRecord).where(KeyRecord.key_id.startswith(prefix))).all()
    if not rows:
        raise NotFoundError(
            _("No enrolled key has the fingerprint {fp}; “kbpp key list” shows them.").format(
                fp=typed_fingerprint.strip()
            )
        )
    return rows[0]


def revoke_key(db: Database, typed_fingerprint: str, reason: str | None = None) -> KeyInfo:
    """Revoke a key: every package it signed from now on is refused, whatever date it claims."""
    user = audit.current_user()
    with db.write() as session:
        row = find_key(session, typed_fingerprint)
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by = audit.now(), user
            row.revoke_reason = reason or _("revoked")
            audit.record(
                session,
                "key revoke",
                "key",
                fingerprint(row.public_key),
                reason=row.revoke_reason,
                user=user,
            )
        return _info(row)


def list_keys(db: Database) -> list[KeyInfo]:
    with db.read() as session:
        rows = session.scalars(
            select(KeyRecord).order_by(KeyRecord.directorate, KeyRecord.enrolled_at)
        ).all()
        return [_info(r) for r in rows]
