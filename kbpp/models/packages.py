"""Signed packages: enrolled keys, the import and export logs, review comments and evidence."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kbpp.models.base import Base

KEY_PURPOSES = ("office", "directorate")
PACKAGE_TYPES = ("data", "reference", "return")


class KeyRecord(Base):
    """A public key this database trusts: a directorate's (at the office) or the office's.

    Revoked keys stay, so that a package signed by one is named as revoked, not as unknown.
    """

    __tablename__ = "keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the key, hex
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    purpose: Mapped[str] = mapped_column(String(12))
    directorate: Mapped[str | None] = mapped_column(String(200))
    enrolled_at: Mapped[datetime]
    enrolled_by: Mapped[str] = mapped_column(String(120))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(120))
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("purpose IN ('office', 'directorate')", name="purpose"),
        CheckConstraint("purpose = 'office' OR directorate IS NOT NULL", name="directorate"),
    )


class PackageImport(Base):
    """One accepted package, written in the same transaction as the changes it made."""

    __tablename__ = "package_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(12))
    issuer: Mapped[str] = mapped_column(String(200), index=True)
    sequence: Mapped[int]
    year: Mapped[int]
    quarter: Mapped[int | None]
    file_sha256: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    created: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[datetime]
    imported_by: Mapped[str] = mapped_column(String(120))
    changes: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("type IN ('data', 'reference', 'return')", name="type"),)


class PackageExport(Base):
    """A package this database issued: its sequence continues across key rotations."""

    __tablename__ = "package_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(12))
    audience: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(unique=True)
    year: Mapped[int]
    quarter: Mapped[int | None]
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(120))


class ReviewComment(Base):
    """The office's comment on one indicator's quarter, carried back in return packages."""

    __tablename__ = "review_comments"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    quarter: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str | None] = mapped_column(String(120))
    at: Mapped[datetime | None]

    __table_args__ = (CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),)


class EvidenceFile(Base):
    """A file that proves a value (e.g. a drill report), kept in the database by its SHA-256."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(2))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (UniqueConstraint("indicator_id", "period", "sha256"),)
