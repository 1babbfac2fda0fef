"""What the office last decided on: each cell of a quarter as it stood when accepted or returned.

The review of a later package compares with these rows, so the office sees exactly what changed
since its last decision (old → new) without replaying the audit log.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbpp.models.base import Base, ExactDecimal

DECISIONS = ("accepted", "returned")


class ReviewedValue(Base):
    """One indicator's value and note for a period when its quarter was last accepted or
    returned. Every indicator of the quarter gets a row (empty ones with a null value), so a
    quarter with rows has a baseline and an indicator without one was added after it."""

    __tablename__ = "reviewed_values"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(2), primary_key=True)
    quarter: Mapped[int]
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    note: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(12))
    decided_by: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[datetime]

    __table_args__ = (
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
        CheckConstraint("period IN ('Q1', 'Q2', 'Q3', 'Q4', 'Y')", name="period"),
        CheckConstraint("decision IN ('accepted', 'returned')", name="decision"),
    )
