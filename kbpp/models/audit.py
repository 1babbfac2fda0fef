"""The append-only audit log and the database's own identity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbpp.models.base import Base


class AuditEntry(Base):
    """Who changed what, when, from which value to which. Never updated or deleted.

    SQLite triggers (created by the migration) refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    package_id: Mapped[str | None] = mapped_column(String(64))
    on_behalf: Mapped[bool] = mapped_column(default=False)


class DatabaseInfo(Base):
    """Key/value facts about this database: its role, its directorate, whether it is a demo."""

    __tablename__ = "database_info"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
