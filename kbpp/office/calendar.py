"""Quarter entry windows and due dates: the office's calendar, with a sensible default.

The default follows the monitoring practice under Law 5018: a quarter's values can be entered
from the day after the quarter ends and are due by the end of the following month (Q1 data by
30 April, Q4 data by 31 January of the next year). The office may move any date; a directorate
receives the calendar in its reference package.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp import audit
from kbpp.errors import ValidationError
from kbpp.i18n import _
from kbpp.models import ProgramYear, QuarterWindow

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Window:
    """When one quarter can be entered and when it is due; ``custom`` if the office set it."""

    year: int
    quarter: int
    opens_on: date
    due_on: date
    custom: bool = False

    def days_left(self, today: date) -> int:
        """Days until the due date (0 on the day itself, negative once it has passed)."""
        return (self.due_on - today).days

    def is_late(self, today: date) -> bool:
        return today > self.due_on


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def default_window(year: int, quarter: int) -> Window:
    """Opens the day after the quarter ends; due at the end of the month after it."""
    if quarter not in QUARTERS:
        raise ValidationError(_("A quarter is 1, 2, 3 or 4, not {q}.").format(q=quarter))
    end_month = quarter * 3
    quarter_end = _month_end(year, end_month)
    opens = date.fromordinal(quarter_end.toordinal() + 1)
    due = _month_end(opens.year, opens.month)
    return Window(year, quarter, opens, due)


def _program(session: Session, year: int) -> ProgramYear:
    program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
    if program is None:
        raise ValidationError(_("There is no program year {year}.").format(year=year))
    return program


def year_calendar(session: Session, year: int) -> list[Window]:
    """The four windows of a program year: the office's dates where set, else the default."""
    program = _program(session, year)
    rows = {
        row.quarter: row
        for row in session.scalars(
            select(QuarterWindow).where(QuarterWindow.program_year_id == program.id)
        )
    }
    windows = []
    for quarter in QUARTERS:
        row = rows.get(quarter)
        if row is None:
            windows.append(default_window(year, quarter))
        else:
            windows.append(Window(year, quarter, row.opens_on, row.due_on, custom=True))
    return windows


def quarter_window(session: Session, year: int, quarter: int) -> Window:
    """The window of one quarter (see year_calendar)."""
    if quarter not in QUARTERS:
        raise ValidationError(_("A quarter is 1, 2, 3 or 4, not {q}.").format(q=quarter))
    return year_calendar(session, year)[quarter - 1]


def set_window(session: Session, year: int, quarter: int, opens_on: date, due_on: date) -> Window:
    """Set one quarter's dates inside the caller's write transaction; audited."""
    if opens_on > due_on:
        raise ValidationError(
            _(
                "The due date {due} is before the day entry opens ({opens}); move one of them."
            ).format(due=due_on.isoformat(), opens=opens_on.isoformat())
        )
    old = quarter_window(session, year, quarter)
    program = _program(session, year)
    row = session.get(QuarterWindow, (program.id, quarter))
    if row is None:
        row = QuarterWindow(program_year_id=program.id, quarter=quarter)
        session.add(row)
    row.opens_on, row.due_on = opens_on, due_on
    row.changed_by, row.changed_at = audit.current_user(), audit.now()
    audit.record(
        session,
        "calendar",
        "quarter_window",
        f"{year}/Q{quarter}",
        old=f"{old.opens_on.isoformat()}..{old.due_on.isoformat()}",
        new=f"{opens_on.isoformat()}..{due_on.isoformat()}",
    )
    return Window(year, quarter, opens_on, due_on, custom=True)
