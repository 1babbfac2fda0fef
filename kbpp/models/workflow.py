"""The state of each directorate's quarter: where it is in the cycle and whether it is locked."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kbpp.models.base import Base
from kbpp.models.plan import Directorate
from kbpp.models.program import ProgramYear

QUARTER_STATES = ("open", "submitted", "accepted", "returned")


class QuarterStatus(Base):
    """One directorate's quarter of a program year. No row means open and unlocked.

    A lock always carries its reason and who set it, so every screen can say why a cell is
    read-only and who may reopen it.
    """

    __tablename__ = "quarter_status"

    program_year_id: Mapped[int] = mapped_column(
        ForeignKey("program_years.id", ondelete="CASCADE"), primary_key=True
    )
    directorate_id: Mapped[int] = mapped_column(
        ForeignKey("directorates.id", ondelete="CASCADE"), primary_key=True
    )
    quarter: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="open")
    locked: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str | None] = mapped_column(String(120))
    changed_at: Mapped[datetime | None]

    program_year: Mapped[ProgramYear] = relationship()
    directorate: Mapped[Directorate] = relationship()

    __table_args__ = (
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
        CheckConstraint("state IN ('open', 'submitted', 'accepted', 'returned')", name="state"),
        CheckConstraint("NOT locked OR reason IS NOT NULL", name="lock_reason"),
    )


class QuarterWindow(Base):
    """The entry window and due date of one quarter of a program year, set by the office.

    No row means the default: entry opens the day after the quarter ends and the data are due
    on the last day of the following month (see kbpp.office.calendar).
    """

    __tablename__ = "quarter_windows"

    program_year_id: Mapped[int] = mapped_column(
        ForeignKey("program_years.id", ondelete="CASCADE"), primary_key=True
    )
    quarter: Mapped[int] = mapped_column(primary_key=True)
    opens_on: Mapped[date]
    due_on: Mapped[date]
    changed_by: Mapped[str | None] = mapped_column(String(120))
    changed_at: Mapped[datetime | None]

    program_year: Mapped[ProgramYear] = relationship()

    __table_args__ = (
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
        CheckConstraint("opens_on <= due_on", name="window_order"),
    )
