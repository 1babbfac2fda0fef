"""Evidence files: what proves a quarter's value, kept in the database and sent in packages."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from kbpp import audit
from kbpp.errors import NotFoundError, ValidationError
from kbpp.i18n import _
from kbpp.locks import LockedError, period_quarter, quarter_lock
from kbpp.models import EvidenceFile, Indicator
from kbpp.storage import Database

MAX_EVIDENCE = 512 * 1024 * 1024


def attach_evidence(db: Database, indicator_id: int, period: str, path: Path) -> str:
    """Store a file as evidence for one value cell (unless its quarter is locked); its SHA-256."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_EVIDENCE:
            raise ValidationError(
                _("{file} is larger than 512 MB; attach a smaller file.").format(file=path.name)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            _("{file} cannot be read: {reason}.").format(file=path, reason=exc.strerror or exc)
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    with db.write() as session:
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFoundError(_("The indicator no longer exists; reload the sheet."))
        target = indicator.performance_target
        lock = quarter_lock(
            session, target.program_year_id, target.directorate_id, period_quarter(period)
        )
        if lock.locked:
            raise LockedError(lock.message())
        if session.scalar(
            select(EvidenceFile.id).where(
                EvidenceFile.indicator_id == indicator_id,
                EvidenceFile.period == period,
                EvidenceFile.sha256 == digest,
            )
        ):
            return digest
        session.add(
            EvidenceFile(
                indicator_id=indicator_id,
                period=period,
                filename=path.name[:200],
                sha256=digest,
                size=len(data),
                data=data,
            )
        )
        audit.record(
            session,
            "evidence",
            "evidence",
            f"{target.code}/{indicator.code}/{period}",
            new=path.name,
        )
    return digest
