"""The directorate's countdown to a quarter's due date, from the calendar it received."""

from __future__ import annotations

from datetime import date

from kbpp.formatting import format_date, format_number
from kbpp.i18n import _, ngettext
from kbpp.office.calendar import Window, year_calendar
from kbpp.storage import Database


def load_calendar(db: Database, year: int) -> list[Window]:
    """The four windows of the year: the office's dates where it set them, else the default."""
    with db.read() as session:
        return year_calendar(session, year)


def countdown_text(window: Window, today: date) -> str:
    """“Q2 due 31.07.2021 — 12 days left”, “… due today” or “… overdue by 3 days”."""
    due = _("Q{q} due {date}").format(q=window.quarter, date=format_date(window.due_on))
    days = window.days_left(today)
    if today < window.opens_on:
        return _("{due} — entry opens {date}").format(due=due, date=format_date(window.opens_on))
    if days == 0:
        return _("{due} — due today").format(due=due)
    if days > 0:
        left = ngettext("{n} day left", "{n} days left", days).format(n=format_number(days))
        return f"{due} — {left}"
    late = ngettext("overdue by {n} day", "overdue by {n} days", -days).format(
        n=format_number(-days)
    )
    return f"{due} — {late}"


def calendar_text(windows: list[Window]) -> str:
    """The whole calendar, one line per quarter, for a tooltip."""
    lines = [_("Calendar from the strategy office:")]
    for w in windows:
        lines.append(
            _("Q{q}: entry {opens} – due {due}").format(
                q=w.quarter, opens=format_date(w.opens_on), due=format_date(w.due_on)
            )
            + ("" if w.custom else " " + _("(default)"))
        )
    return "\n".join(lines)
