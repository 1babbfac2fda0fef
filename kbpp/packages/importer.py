"""Verify, dry-run and import packages: the one path the command line and the GUI share.

Every check runs before anything is written; trust and replay are checked again inside the
import's own BEGIN IMMEDIATE transaction, which also records the package (id, issuer, sequence,
file hash). A dry run performs the same import in a transaction that is always rolled back, so
what it shows is exactly what the import would change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.errors import NotFoundError, ValidationError
from kbpp.i18n import _, ngettext
from kbpp.models import AuditEntry, KeyRecord, PackageImport
from kbpp.packages import errors as e
from kbpp.packages.apply import apply_data
from kbpp.packages.container import (
    OpenedPackage,
    SignedPackage,
    open_package,
    peek_signer,
    read_signed,
)
from kbpp.packages.content import Content, parse_content
from kbpp.packages.from_office import apply_reference, apply_return
from kbpp.packages.keyring import add_key
from kbpp.packages.keys import fingerprint, matches_fingerprint
from kbpp.packages.manifest import CONTENT, OFFICE, Manifest
from kbpp.planexchange.importer import ImportSummary
from kbpp.storage import Database

IMPORTED = "imported"
ALREADY_IMPORTED = "already imported"
WOULD_IMPORT = "would import"
REJECTED = "rejected"


@dataclass(frozen=True)
class Change:
    """One field a package changes (or would change), as the audit log records it."""

    entity: str
    key: str
    field: str | None
    old: str | None
    new: str | None


@dataclass
class Outcome:
    path: Path
    status: str
    manifest: Manifest | None = None
    fingerprint: str | None = None
    changes: list[Change] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    error: e.PackageRejected | None = None

    @property
    def ok(self) -> bool:
        return self.status != REJECTED


@dataclass(frozen=True)
class Verified:
    opened: OpenedPackage
    content: Content
    already_imported: bool


def _trust(
    session: Session, opened: SignedPackage, role: str | None, own: str | None, trust: str | None
) -> KeyRecord | None:
    """The enrolled key, or None when the user just confirmed the office's new key."""
    m, path, fp = opened.manifest, opened.path, opened.fingerprint
    key = session.get(KeyRecord, opened.key_id)
    if key is None:
        office_known = session.scalar(select(KeyRecord).where(KeyRecord.purpose == "office"))
        if role == "directorate" and m.issuer == OFFICE and office_known is None:
            if trust is not None and matches_fingerprint(opened.public_key, trust):
                return None
            raise e.PackageRejected(
                e.FINGERPRINT_UNCONFIRMED,
                path,
                _(
                    "it is signed by the office key {fp}, which this workspace does not know "
                    "yet; confirm that fingerprint with the strategy office, then import again "
                    "confirming it."
                ).format(fp=fp),
            )
        raise e.PackageRejected(
            e.UNENROLLED_KEY,
            path,
            _(
                "it is signed by the key {fp}, which is not enrolled here; enrol that key "
                "(after confirming its fingerprint) or ask the sender for a correctly signed "
                "package."
            ).format(fp=fp),
        )
    if key.revoked_at is not None:
        raise e.PackageRejected(
            e.REVOKED_KEY,
            path,
            _(
                "it is signed by the key {fp}, which was revoked on {date}; ask the sender to sign "
                "with their new key."
            ).format(fp=fp, date=key.revoked_at.date().isoformat()),
        )
    wanted = "directorate" if m.type == "data" else "office"
    if key.purpose != wanted:
        raise e.PackageRejected(
            e.WRONG_PURPOSE,
            path,
            _(
                "it is a {type} package signed by the key {fp}, which is enrolled for {purpose} "
                "packages; do not import it."
            ).format(type=m.type, fp=fp, purpose=key.purpose),
        )
    if (key.directorate if m.type == "data" else OFFICE) != m.issuer:
        raise e.PackageRejected(
            e.ISSUER_MISMATCH,
            path,
            _(
                "it claims to come from “{issuer}” but is signed by the key {fp} of “{owner}”; "
                "do not import it."
            ).format(issuer=m.issuer, fp=fp, owner=key.directorate or OFFICE),
        )
    return key


def _destination(opened: SignedPackage, role: str | None, own: str | None) -> None:
    m = opened.manifest
    if role == "office":
        fits = m.type == "data" and m.audience == OFFICE
    else:
        fits = m.type in ("reference", "return") and m.audience == own
    if not fits:
        raise e.PackageRejected(
            e.WRONG_DESTINATION,
            opened.path,
            _(
                "it is a {type} package for “{audience}”, which this database ({role}) cannot "
                "import; import it where it belongs."
            ).format(type=m.type, audience=m.audience, role=own or role),
        )


def _replay(session: Session, opened: OpenedPackage) -> bool:
    """True when this very file was imported before; a replay or a reused id is refused."""
    m = opened.manifest
    seen = session.scalar(select(PackageImport).where(PackageImport.package_id == m.package_id))
    if seen is not None:
        if seen.file_sha256 == opened.file_sha256:
            return True
        raise e.PackageRejected(
            e.PACKAGE_ID_REUSED,
            opened.path,
            _(
                "its package id was already imported with other content (on {date}); someone "
                "altered or re-signed it; do not import it and tell the sender."
            ).format(date=seen.imported_at.date().isoformat()),
        )
    last = session.scalar(
        select(func.max(PackageImport.sequence)).where(PackageImport.issuer == m.issuer)
    )
    if last is not None and m.sequence <= last:
        raise e.PackageRejected(
            e.REPLAY,
            opened.path,
            _(
                "its sequence number {seq} is not newer than the last one imported from “{issuer}” "
                "({last}): it is an old package sent again; ask for a new export."
            ).format(seq=m.sequence, issuer=m.issuer, last=last),
        )
    return False


def verify(db: Database, path: Path, trust_office: str | None = None) -> Verified:
    """Every check except applying, cheapest first: the signed header and manifest, the
    destination and the signer's trust; only then every member's hash, replay and content, so
    an untrusted signer's file is never hashed or parsed beyond its manifest."""
    signed = read_signed(path)
    role, own = db.role, db.directorate_name
    with db.read() as session:
        _destination(signed, role, own)
        _trust(session, signed, role, own, trust_office)
    opened = open_package(path)
    if (opened.public_key, opened.manifest) != (signed.public_key, signed.manifest):
        raise e.PackageRejected(
            e.MEMBER_MISMATCH, path, _("the file changed while it was being checked; retry.")
        )
    with db.read() as session:
        already = _replay(session, opened)
    content = parse_content(opened.documents[CONTENT], opened.manifest, opened.path)
    return Verified(opened, content, already)


def _stamp_package(session: Session, package_id: str) -> None:
    """Every audit entry the import writes carries the package id (set before each flush)."""

    def stamp(sess: Session, _ctx: object, _instances: object) -> None:
        for obj in sess.new:
            if isinstance(obj, AuditEntry) and obj.package_id is None:
                obj.package_id = package_id

    event.listen(session, "before_flush", stamp)


APPLIERS: dict[str, Callable[[Session, OpenedPackage, Content, str, ImportSummary], list[str]]] = {
    "data": apply_data,
    "reference": apply_reference,
    "return": apply_return,
}


def _apply(
    session: Session,
    v: Verified,
    dry_run: bool,
    trust_office: str | None,
    role: str | None,
    own: str | None,
    user: str,
) -> Outcome:
    opened, m = v.opened, v.opened.manifest
    _destination(opened, role, own)
    key = _trust(session, opened, role, own, trust_office)
    outcome = Outcome(opened.path, WOULD_IMPORT if dry_run else IMPORTED, m, opened.fingerprint)
    if _replay(session, opened):
        outcome.status = ALREADY_IMPORTED
        return outcome
    _stamp_package(session, m.package_id)
    before = session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0)))
    if key is None:
        add_key(session, opened.public_key, "office", None, user)
    summary = ImportSummary()
    outcome.conflicts = APPLIERS[m.type](session, opened, v.content, user, summary)
    outcome.created = summary.created
    if outcome.conflicts and not dry_run:
        raise e.PackageRejected(
            e.LOCKED_QUARTER,
            opened.path,
            ngettext(
                "it would change {n} thing in a quarter or cards the office has accepted or "
                "locked; ask the office to reopen the quarter, or leave it as it is.",
                "it would change {n} things in a quarter or cards the office has accepted or "
                "locked; ask the office to reopen the quarter, or leave it as it is.",
                len(outcome.conflicts),
            ).format(n=len(outcome.conflicts)),
            outcome.conflicts[:50],
        )
    session.flush()
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.id > before).order_by(AuditEntry.id)
    ).all()
    outcome.changes = [Change(r.entity, r.entity_key, r.field, r.old, r.new) for r in rows]
    session.add(
        PackageImport(
            package_id=m.package_id,
            type=m.type,
            issuer=m.issuer,
            sequence=m.sequence,
            year=m.year,
            quarter=m.quarter,
            file_sha256=opened.file_sha256,
            key_id=opened.key_id,
            file_name=opened.path.name,
            created=m.created,
            imported_at=audit.now(),
            imported_by=user,
            changes=len(outcome.changes),
        )
    )
    audit.record(
        session,
        "package import",
        "package",
        m.package_id,
        new=opened.path.name,
        reason=f"{m.issuer} #{m.sequence} {opened.file_sha256}",
        user=user,
    )
    return outcome


def import_package(
    db: Database, path: Path, dry_run: bool = False, trust_office: str | None = None
) -> Outcome:
    """Verify then import (or dry-run) one file, in one transaction; never raises for a bad
    package: the outcome carries the typed rejection."""
    path = Path(path)
    user = audit.current_user()
    try:
        v = verify(db, path, trust_office)
        role, own = db.role, db.directorate_name
        transaction = db.read() if dry_run else db.write()
        with transaction as session:
            return _apply(session, v, dry_run, trust_office, role, own, user)
    except e.PackageRejected as exc:
        return Outcome(path, REJECTED, error=exc)
    except NotFoundError as exc:
        reason = _("{what} Import the plan or a newer reference package first.").format(what=exc)
        return Outcome(path, REJECTED, error=e.PackageRejected(e.UNKNOWN_ROWS, path, reason))
    except (ValidationError, IntegrityError) as exc:
        reason = _("its content cannot be stored ({what}); nothing was imported.").format(
            what=getattr(exc, "orig", exc)
        )
        return Outcome(path, REJECTED, error=e.PackageRejected(e.BAD_CONTENT, path, reason))


def import_packages(
    db: Database,
    paths: Iterable[Path],
    dry_run: bool = False,
    trust_office: str | None = None,
    progress: Callable[[int, Path], None] | None = None,
) -> list[Outcome]:
    """Each file on its own (one transaction each), in sequence order, so that a directorate's
    Q1 and Q2 packages dropped together never make the older one look like a replay."""
    outcomes = []
    for i, path in enumerate(sorted(paths, key=_sequence_order)):
        if progress is not None:
            progress(i, Path(path))
        outcomes.append(import_package(db, path, dry_run, trust_office))
    return outcomes


def _sequence_order(path: Path) -> tuple[int, str, int]:
    try:
        m = read_signed(path).manifest
    except e.PackageRejected:
        return (1, "", 0)  # refused anyway; reported after the good ones
    return (0, m.issuer, m.sequence)


def signer_fingerprint(path: Path) -> str:
    """The fingerprint of the key that signed a package, before anything is trusted."""
    return fingerprint(peek_signer(path))
