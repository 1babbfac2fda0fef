"""The import log: every accepted package, viewable on screen and exportable as CSV."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from kbpp.models import PackageImport
from kbpp.storage import Database

COLUMNS = (
    "imported_at",
    "imported_by",
    "file_name",
    "type",
    "issuer",
    "sequence",
    "year",
    "quarter",
    "changes",
    "package_id",
    "file_sha256",
    "key_fingerprint",
)


@dataclass(frozen=True)
class LogEntry:
    imported_at: datetime
    imported_by: str
    file_name: str
    type: str
    issuer: str
    sequence: int
    year: int
    quarter: int | None
    changes: int
    package_id: str
    file_sha256: str
    key_fingerprint: str


def import_log(db: Database) -> list[LogEntry]:
    """Newest first."""
    with db.read() as session:
        rows = session.scalars(select(PackageImport).order_by(PackageImport.id.desc())).all()
        return [
            LogEntry(
                r.imported_at,
                r.imported_by,
                r.file_name,
                r.type,
                r.issuer,
                r.sequence,
                r.year,
                r.quarter,
                r.changes,
                r.package_id,
                r.file_sha256,
                fingerprint_of_key_id(r.key_id),
            )
            for r in rows
        ]


def fingerprint_of_key_id(key_id: str) -> str:
    """The 8×4 form of a stored key id (its first 128 bits), as on the enrolment sheet."""
    head = key_id[:32].upper()
    return " ".join(head[i : i + 4] for i in range(0, 32, 4))


def write_log_csv(entries: list[LogEntry], path: Path) -> None:
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for entry in entries:
            row = asdict(entry)
            row["imported_at"] = entry.imported_at.isoformat(sep=" ")
            writer.writerow(row)
