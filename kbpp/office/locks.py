"""The calendar dialog's data: every directorate's quarter states and locks, and saving the
year's windows in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from kbpp.evaluation.loader import program_year
from kbpp.models import Directorate, QuarterStatus
from kbpp.office.calendar import Window, default_window, set_window, year_calendar
from kbpp.storage import Database


@dataclass(frozen=True)
class QuarterCell:
    state: str
    locked: bool
    reason: str | None
    by: str | None
    at: datetime | None


def lock_grid(db: Database, year: int) -> tuple[list[str], dict[tuple[str, int], QuarterCell]]:
    """(directorates in display order, (directorate, quarter) → its state); absent = open."""
    with db.read() as session:
        program = program_year(session, year)
        names = dict(
            session.execute(
                select(Directorate.id, Directorate.name).order_by(Directorate.position)
            ).all()
        )
        cells = {
            (names[d], q): QuarterCell(state, locked, reason, by, at)
            for d, q, state, locked, reason, by, at in session.execute(
                select(
                    QuarterStatus.directorate_id,
                    QuarterStatus.quarter,
                    QuarterStatus.state,
                    QuarterStatus.locked,
                    QuarterStatus.reason,
                    QuarterStatus.changed_by,
                    QuarterStatus.changed_at,
                ).where(QuarterStatus.program_year_id == program.id)
            )
        }
    return list(names.values()), cells


def save_calendar(db: Database, year: int, dates: dict[int, tuple[date, date]]) -> list[Window]:
    """Store the windows that differ from what is stored (or from the default), all in one
    transaction: a wrong date refuses the whole calendar."""
    with db.write() as session:
        current = {w.quarter: w for w in year_calendar(session, year)}
        for quarter, (opens, due) in sorted(dates.items()):
            w = current[quarter]
            if (w.opens_on, w.due_on) == (opens, due):
                continue
            set_window(session, year, quarter, opens, due)
        return year_calendar(session, year)


def is_default(window: Window) -> bool:
    d = default_window(window.year, window.quarter)
    return (window.opens_on, window.due_on) == (d.opens_on, d.due_on)
