"""The office's overview: for each directorate and quarter, where the data stand.

One row per directorate with goal cards in the year; per quarter its state (not received,
received, accepted, returned, late), the latest data package (when it was sent and imported,
its sequence), who accepted or returned it and why, the lock, and completeness: values entered
of those due (a yearly indicator is due only in Q4, a half-yearly one in Q2 and Q4) and the
deviation notes present of those required. Per directorate, the band counts year to date.

Read with a handful of column queries (as `evaluation/loader.py` does) so that 25 directorates
of a 2021-sized year come back in a few tens of milliseconds; rates and required notes come from
the evaluation engine, as on every other screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kbpp.evaluation.engine import IndicatorFacts, evaluate_indicator
from kbpp.evaluation.loader import load_indicators, program_year
from kbpp.evaluation.rules import QUARTER_KEYS, YEAR_KEY, due_in_quarter
from kbpp.evaluation.settings import Band, EvaluationSettings, settings_from_dict
from kbpp.evaluation.summary import BandSummary, summarize
from kbpp.formatting import format_datetime
from kbpp.i18n import N_, _
from kbpp.locks import quarter_lock
from kbpp.models import Directorate, Indicator, PackageImport, PerformanceTarget, QuarterStatus
from kbpp.office.calendar import QUARTERS, Window, year_calendar
from kbpp.storage import Database

NOT_RECEIVED, RECEIVED, ACCEPTED, RETURNED, LATE = (
    "not_received",
    "received",
    "accepted",
    "returned",
    "late",
)
CELL_STATES = (NOT_RECEIVED, RECEIVED, ACCEPTED, RETURNED, LATE)
STATE_LABELS = {
    NOT_RECEIVED: N_("not received"),
    RECEIVED: N_("received"),
    ACCEPTED: N_("accepted"),
    RETURNED: N_("returned"),
    LATE: N_("late"),
}


def state_label(state: str) -> str:
    """The state as the screens and the workbook name it, in the current language."""
    return _(STATE_LABELS[state])


@dataclass(frozen=True)
class Completeness:
    """Values entered of those due in the quarter; deviation notes present of those required
    (a note is required for an entered value whose rate to date is outside the thresholds)."""

    entered: int = 0
    expected: int = 0
    notes_present: int = 0
    notes_required: int = 0

    @property
    def complete(self) -> bool:
        return self.entered >= self.expected and self.notes_present >= self.notes_required

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(
            self.entered + other.entered,
            self.expected + other.expected,
            self.notes_present + other.notes_present,
            self.notes_required + other.notes_required,
        )


@dataclass(frozen=True)
class QuarterCell:
    """One directorate's quarter as the office sees it.

    `state` is one of CELL_STATES; `stored_state` the workflow state behind it (open,
    submitted, accepted, returned). `late` is set for a quarter not received (or returned and
    not resubmitted) after its due date; `sent_late` for a package sent after the due date.
    `decided_by`/`decided_at`/`reason` say who accepted or returned it, when and why. Times are
    the computer's local time (stored in UTC).
    """

    quarter: int
    state: str
    stored_state: str
    due_on: date
    days_overdue: int
    sent_at: datetime | None
    received_at: datetime | None
    sequence: int | None
    packages: int
    sent_late: bool
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    locked: bool
    lock_reason: str | None
    lock_by: str | None
    completeness: Completeness

    @property
    def received(self) -> bool:
        """A package (or its acceptance) is there to review."""
        return self.stored_state in ("submitted", "accepted")


@dataclass(frozen=True)
class DirectorateStatus:
    name: str
    indicators: int
    cells: tuple[QuarterCell, ...]
    bands: BandSummary

    def cell(self, quarter: int) -> QuarterCell | None:
        return next((c for c in self.cells if c.quarter == quarter), None)


@dataclass(frozen=True)
class YearStatus:
    """The overview of a year; `band_quarter` is the quarter the band counts run through."""

    year: int
    quarters: tuple[int, ...]
    band_quarter: int
    today: date
    windows: tuple[Window, ...]
    settings: EvaluationSettings
    directorates: tuple[DirectorateStatus, ...]

    @property
    def bands(self) -> tuple[Band, ...]:
        return self.settings.bands


def _parse_created(text: str | None) -> datetime | None:
    """The package's own creation time (ISO 8601, UTC), as naive UTC like the stored times."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


@dataclass
class _Packages:
    latest: PackageImport | None = None
    count: int = 0


def _band_quarter(values: list[dict[str, Any]]) -> int:
    """The latest quarter with any value in the year (Q4 for a year value), else Q1."""
    latest = 1
    for periods in values:
        for period, value in periods.items():
            if value is not None:
                latest = max(latest, 4 if period == YEAR_KEY else QUARTER_KEYS.index(period) + 1)
    return latest


def _completeness(
    facts: IndicatorFacts,
    frequency: str | None,
    notes: dict[str, str | None],
    quarter: int,
    settings: EvaluationSettings,
) -> Completeness:
    period = QUARTER_KEYS[quarter - 1]
    due = due_in_quarter(frequency, quarter)
    has_value = facts.values.get(period) is not None or (
        quarter == 4 and facts.values.get(YEAR_KEY) is not None
    )
    # A note explains an entered value; a missing value is counted as missing, not its note.
    required = has_value and evaluate_indicator(facts, settings, quarter).note_required
    noted = bool(notes.get(period)) or (quarter == 4 and bool(notes.get(YEAR_KEY)))
    return Completeness(
        entered=int(due and has_value),
        expected=int(due),
        notes_present=int(required and noted),
        notes_required=int(required),
    )


def year_status(
    db: Database, year: int, quarter: int | None = None, today: date | None = None
) -> YearStatus:
    """The overview of `year`: every quarter, or only `quarter` (band counts run through it).

    Without a quarter the band counts run through the latest quarter that has any value. Q4
    counts the whole year, so that yearly indicators (one value for the year) have a rate.
    """
    today = today or date.today()
    quarters = tuple(QUARTERS) if quarter is None else (quarter,)
    with db.read() as session:
        program = program_year(session, year)
        settings = settings_from_dict(program.settings)
        windows = tuple(year_calendar(session, year))
        loaded = load_indicators(session, program)
        frequencies = dict(
            session.execute(
                select(Indicator.id, Indicator.frequency)
                .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
                .where(PerformanceTarget.program_year_id == program.id)
            ).all()
        )
        directorates = list(
            session.execute(
                select(Directorate.id, Directorate.name)
                .where(
                    Directorate.id.in_(
                        select(PerformanceTarget.directorate_id).where(
                            PerformanceTarget.program_year_id == program.id
                        )
                    )
                )
                .order_by(Directorate.position, Directorate.id)
            ).all()
        )
        # One query for the statuses; quarter_lock then finds each in the session's identity map.
        statuses = {
            (s.directorate_id, s.quarter): s
            for s in session.scalars(
                select(QuarterStatus).where(QuarterStatus.program_year_id == program.id)
            )
        }
        locks = {key: quarter_lock(session, program.id, key[0], key[1]) for key in statuses}
        packages: dict[tuple[str, int], _Packages] = defaultdict(_Packages)
        for package in session.scalars(
            select(PackageImport)
            .where(
                PackageImport.year == year,
                PackageImport.type == "data",
                PackageImport.quarter.is_not(None),
            )
            .order_by(PackageImport.id)
        ):
            entry = packages[(package.issuer, package.quarter or 0)]
            entry.latest, entry.count = package, entry.count + 1
        session.expunge_all()
    band_quarter = quarter or _band_quarter([li.facts.values for li in loaded])
    by_directorate: dict[str, list[int]] = defaultdict(list)
    for n, li in enumerate(loaded):
        by_directorate[li.facts.directorate].append(n)
    rows = []
    for directorate_id, name in directorates:
        mine = [loaded[n] for n in by_directorate.get(name, [])]
        bands = summarize(
            (
                evaluate_indicator(
                    li.facts, settings, None if band_quarter == 4 else band_quarter
                ).band
                for li in mine
            ),
            settings,
        )
        cells = []
        for q in quarters:
            done = sum(
                (
                    _completeness(li.facts, frequencies.get(li.indicator_id), li.notes, q, settings)
                    for li in mine
                ),
                Completeness(),
            )
            cells.append(
                _cell(
                    q,
                    windows[q - 1],
                    today,
                    statuses.get((directorate_id, q)),
                    locks.get((directorate_id, q)),
                    packages.get((name, q)),
                    done,
                )
            )
        rows.append(DirectorateStatus(name, len(mine), tuple(cells), bands))
    return YearStatus(year, quarters, band_quarter, today, windows, settings, tuple(rows))


def _cell(
    quarter: int,
    window: Window,
    today: date,
    status: QuarterStatus | None,
    lock: Any,
    package: _Packages | None,
    done: Completeness,
) -> QuarterCell:
    stored = status.state if status is not None else "open"
    latest = package.latest if package else None
    sent_at = _local(_parse_created(latest.created)) if latest else None
    received_at = _local(latest.imported_at) if latest else None
    if stored == "accepted":
        state = ACCEPTED
    elif stored == "submitted":
        state = RECEIVED
    elif stored == "returned":
        state = RETURNED
    else:
        state = RECEIVED if latest is not None else NOT_RECEIVED
    late = state in (NOT_RECEIVED, RETURNED) and window.is_late(today)
    sent_on = (sent_at or received_at).date() if (sent_at or received_at) else None
    decided = stored in ("accepted", "returned")
    return QuarterCell(
        quarter=quarter,
        state=LATE if late else state,
        stored_state=stored,
        due_on=window.due_on,
        days_overdue=max(0, (today - window.due_on).days) if late else 0,
        sent_at=sent_at,
        received_at=received_at,
        sequence=latest.sequence if latest else None,
        packages=package.count if package else 0,
        sent_late=sent_on is not None and sent_on > window.due_on,
        decided_by=status.changed_by if status is not None and decided else None,
        decided_at=_local(status.changed_at) if status is not None and decided else None,
        reason=status.reason if status is not None else None,
        locked=bool(lock and lock.locked),
        lock_reason=lock.reason if lock and lock.locked else None,
        lock_by=lock.by if lock and lock.locked else None,
        completeness=done,
    )


# --- JSON ------------------------------------------------------------------------------------
def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def cell_to_json(cell: QuarterCell) -> dict[str, Any]:
    c = cell.completeness
    return {
        "quarter": cell.quarter,
        "state": cell.state,
        "stored_state": cell.stored_state,
        "due_on": _iso(cell.due_on),
        "days_overdue": cell.days_overdue,
        "sent_at": _iso(cell.sent_at),
        "received_at": _iso(cell.received_at),
        "sequence": cell.sequence,
        "packages": cell.packages,
        "sent_late": cell.sent_late,
        "decided_by": cell.decided_by,
        "decided_at": _iso(cell.decided_at),
        "reason": cell.reason,
        "locked": cell.locked,
        "lock_reason": cell.lock_reason,
        "lock_by": cell.lock_by,
        "values_entered": c.entered,
        "values_expected": c.expected,
        "notes_present": c.notes_present,
        "notes_required": c.notes_required,
    }


def status_to_json(status: YearStatus) -> dict[str, Any]:
    """The JSON that `kbpp status --json` prints; keys are stable for scripts."""
    return {
        "year": status.year,
        "today": status.today.isoformat(),
        "band_quarter": status.band_quarter,
        "quarters": [
            {"quarter": w.quarter, "opens_on": _iso(w.opens_on), "due_on": _iso(w.due_on)}
            for w in status.windows
            if w.quarter in status.quarters
        ],
        "bands": [{"key": b.key, "color": b.color} for b in status.bands],
        "directorates": [
            {
                "name": d.name,
                "indicators": d.indicators,
                "bands": dict(d.bands.counts),
                "no_rate": d.bands.undefined,
                "cells": [cell_to_json(c) for c in d.cells],
            }
            for d in status.directorates
        ],
    }


# --- text and workbook -------------------------------------------------------------------------
def state_text(cell: QuarterCell) -> str:
    """The state with what qualifies it: how late, returned and not resent, sent after the due."""
    if cell.state == LATE:
        if cell.stored_state == "returned":
            return _("late: returned, not resent ({days} days)").format(days=cell.days_overdue)
        return _("late ({days} days)").format(days=cell.days_overdue)
    if cell.sent_late and cell.state in (RECEIVED, ACCEPTED):
        return _("{state} (sent late)").format(state=state_label(cell.state))
    return state_label(cell.state)


def fraction(part: int, whole: int) -> str:
    """ "42/50", as the overview shows completeness; a dash when nothing is expected."""
    return f"{part}/{whole}" if whole else "–"


def write_status_xlsx(status: YearStatus, path: Path) -> Path:
    """The matrix as a workbook: a row per directorate, the quarters' columns side by side."""
    from kbpp.office.xlsx import (
        write_table,
    )  # openpyxl only when exporting: the overview opens first

    headers = [_("Directorate"), _("Indicators")]
    for q in status.quarters:
        headers += [
            _("Q{q} state").format(q=q),
            _("Q{q} sent").format(q=q),
            _("Q{q} received").format(q=q),
            _("Q{q} sequence").format(q=q),
            _("Q{q} values").format(q=q),
            _("Q{q} notes").format(q=q),
            _("Q{q} accepted/returned").format(q=q),
            _("Q{q} lock").format(q=q),
        ]
    headers += [b.key for b in status.bands]
    headers.append(_("No rate"))
    rows: list[list[Any]] = []
    for d in status.directorates:
        row: list[Any] = [d.name, d.indicators]
        for c in d.cells:
            decision = None
            if c.decided_by or c.decided_at:
                decision = " · ".join(
                    p
                    for p in (
                        c.decided_by,
                        format_datetime(c.decided_at) if c.decided_at else None,
                        c.reason,
                    )
                    if p
                )
            row += [
                state_text(c),
                (c.sent_at or c.received_at).date() if (c.sent_at or c.received_at) else None,
                c.received_at,
                c.sequence,
                fraction(c.completeness.entered, c.completeness.expected),
                fraction(c.completeness.notes_present, c.completeness.notes_required),
                decision,
                f"{c.lock_reason} ({c.lock_by})" if c.locked and c.lock_by else c.lock_reason,
            ]
        row += [d.bands.counts[b.key] for b in status.bands]
        row.append(d.bands.undefined)
        rows.append(row)
    first_band = len(headers) - len(status.bands) - 1
    fills = {(-1, first_band + i): b.color for i, b in enumerate(status.bands)}
    return write_table(path, _("Overview {year}").format(year=status.year), headers, rows, fills)


def _local(at: datetime | None) -> datetime | None:
    """A stored (naive UTC) time in the computer's time zone, naive, as every screen shows it."""
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None) if at else None
