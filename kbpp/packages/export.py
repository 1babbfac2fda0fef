"""Exporting a package: what it would carry (the summary), then one signed file.

The sequence number belongs to the issuing workspace, not to a key, so it continues across key
rotations; a workspace re-created from a reference package starts above the last sequence the
office acknowledged. A later package for the same period supersedes the earlier one, because a
data package always carries the whole quarter (empty cells as null).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.directorates import find_directorate
from kbpp.errors import KbppError, ValidationError
from kbpp.i18n import _, ngettext
from kbpp.models import DatabaseInfo, Directorate, PackageExport, ProgramYear
from kbpp.packages import strictjson
from kbpp.packages.build import Built, data_content, reference_content, return_content
from kbpp.packages.container import write_package
from kbpp.packages.from_office import SEQUENCE_FLOOR
from kbpp.packages.keys import SigningKey, key_id
from kbpp.packages.manifest import OFFICE, manifest_fields
from kbpp.quarter_entry import load_entry_sheet, missing_for_quarter
from kbpp.storage import Database


class ExportRefused(ValidationError):
    """The package cannot be made as asked (wrong role, missing notes, file exists)."""


@dataclass(frozen=True)
class ExportSummary:
    type: str
    year: int
    quarter: int | None
    issuer: str
    audience: str
    indicators: int = 0
    values: int = 0
    missing_values: list[str] = field(default_factory=list)
    missing_notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    package_id: str
    file_sha256: str
    summary: ExportSummary


def _parties(db: Database, type: str, directorate: str | None) -> tuple[str, str]:
    """(issuer, audience) for this database's role, or a refusal saying what to do."""
    if type == "data":
        if db.role != "directorate" or not db.directorate_name:
            raise ExportRefused(
                _("Data packages are sent from a directorate's workspace, not from the office.")
            )
        return db.directorate_name, OFFICE
    if db.role != "office":
        raise ExportRefused(_("Only the strategy office sends {type} packages.").format(type=type))
    if not directorate:
        raise ExportRefused(_("Name the directorate the package is for: --directorate NAME."))
    with db.read() as session:
        return OFFICE, find_directorate(session, directorate).name


def export_summary(
    db: Database, type: str, year: int, quarter: int | None = None, directorate: str | None = None
) -> ExportSummary:
    """How many values the package carries, what is still missing, which notes are required."""
    if type not in ("data", "reference", "return"):
        raise ExportRefused(_("The package type must be data, reference or return."))
    if type == "return" and quarter is None:
        raise ExportRefused(_("A return package is for one quarter: --quarter Q."))
    issuer, audience = _parties(db, type, directorate)
    if type != "data" or quarter is None:
        return ExportSummary(type, year, quarter, issuer, audience)
    sheet = load_entry_sheet(db, year, issuer)
    missing = missing_for_quarter(sheet, quarter)
    period = f"Q{quarter}"
    return ExportSummary(
        type,
        year,
        quarter,
        issuer,
        audience,
        indicators=len(sheet.rows),
        values=sum(1 for r in sheet.rows if r.facts.values.get(period) is not None),
        missing_values=[
            f"{m.row.facts.target_code}/{m.row.facts.code}" for m in missing if m.value_missing
        ],
        missing_notes=[
            f"{m.row.facts.target_code}/{m.row.facts.code}" for m in missing if m.note_missing
        ],
    )


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-") or "kbpp"


def file_name(summary: ExportSummary, sequence: int) -> str:
    """`<directorate>-<year>-Q<n>-<sequence>.kbpp`, with the package type for the office's."""
    who = summary.issuer if summary.type == "data" else summary.audience
    parts = [_slug(who), str(summary.year)]
    if summary.quarter is not None:
        parts.append(f"Q{summary.quarter}")
    if summary.type != "data" or summary.quarter is None:
        parts.append({"data": "cards", "reference": "reference", "return": "return"}[summary.type])
    return "-".join([*parts, str(sequence)]) + ".kbpp"


def next_sequence(session: Session) -> tuple[int, str | None]:
    """(next sequence, hash of the previous package) for this workspace."""
    last = session.scalar(select(PackageExport).order_by(PackageExport.sequence.desc()).limit(1))
    floor = session.get(DatabaseInfo, SEQUENCE_FLOOR)
    top = max(last.sequence if last else 0, int(floor.value) if floor else 0)
    return top + 1, last.file_sha256 if last else None


def record_export(
    session: Session,
    action: str,
    *,
    package_id: str,
    type: str,
    audience: str,
    sequence: int,
    year: int,
    quarter: int | None,
    digest: str,
    name: str,
    key: SigningKey,
    user: str,
) -> None:
    """Remember a package just written (the next one chains to its hash) and audit it as
    `action`; sending one package and publishing the year's set both go through here."""
    session.add(
        PackageExport(
            package_id=package_id,
            type=type,
            audience=audience,
            sequence=sequence,
            year=year,
            quarter=quarter,
            file_sha256=digest,
            file_name=name,
            key_id=key_id(key.public_key),
            created_at=audit.now(),
            created_by=user,
        )
    )
    audit.record(
        session,
        action,
        "package",
        package_id,
        new=name,
        reason=f"#{sequence} {digest}",
        user=user,
    )


def _build(db: Database, s: ExportSummary) -> Built:
    if s.type == "data":
        return data_content(db, s.year, s.quarter, s.issuer)
    if s.type == "reference":
        return reference_content(db, s.year, s.audience)
    assert s.quarter is not None
    return return_content(db, s.year, s.quarter, s.audience)


def export_package(
    db: Database,
    key: SigningKey,
    out: Path,
    type: str,
    year: int,
    quarter: int | None = None,
    directorate: str | None = None,
) -> ExportResult:
    """Sign and write one package to `out` (a file, or a folder to name it in); a quarter with
    missing required notes is refused with the list."""
    summary = export_summary(db, type, year, quarter, directorate)
    if summary.missing_notes:
        raise ExportRefused(
            ngettext(
                "Q{q} cannot be sent: {n} indicator needs a deviation note first.",
                "Q{q} cannot be sent: {n} indicators need a deviation note first.",
                len(summary.missing_notes),
            ).format(q=quarter, n=len(summary.missing_notes)),
            summary.missing_notes,
        )
    built = _build(db, summary)
    content = strictjson.dumps(built.content)
    package_id = str(uuid.uuid4())
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    user = audit.current_user()
    out = Path(out)
    with db.write() as session:
        sequence, previous = next_sequence(session)
        target = out / file_name(summary, sequence) if out.is_dir() else out
        if target.exists():
            raise ExportRefused(
                _("{file} already exists; KBPP never overwrites a package.").format(file=target)
            )
        fields = manifest_fields(
            type,
            package_id,
            summary.issuer,
            summary.audience,
            sequence,
            previous,
            created,
            built.plan_period,
            year,
            quarter,
        )
        try:
            digest = _write(target, key, fields, built, content)
            record_export(
                session,
                "package export",
                package_id=package_id,
                type=type,
                audience=summary.audience,
                sequence=sequence,
                year=year,
                quarter=quarter,
                digest=digest,
                name=target.name,
                key=key,
                user=user,
            )
            session.flush()
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return ExportResult(target, sequence, package_id, digest, summary)


def _write(
    target: Path, key: SigningKey, fields: dict[str, object], built: Built, content: bytes
) -> str:
    try:
        return write_package(target, key, fields, built.members(content))
    except OSError as exc:
        raise KbppError(
            _("{file} cannot be written ({reason}); check the folder or the USB stick.").format(
                file=target, reason=exc.strerror or exc
            )
        ) from None


@dataclass(frozen=True)
class ExportChoices:
    """What the export dialog offers: the package types this role sends, years, directorates."""

    types: tuple[str, ...]
    years: list[int]
    directorates: list[str]


def export_choices(db: Database) -> ExportChoices:
    with db.read() as session:
        years = list(session.scalars(select(ProgramYear.year).order_by(ProgramYear.year)))
        names = list(session.scalars(select(Directorate.name).order_by(Directorate.position)))
    types = ("data",) if db.role == "directorate" else ("reference", "return")
    return ExportChoices(types, years, names)
