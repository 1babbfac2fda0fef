"""The quarterly entry sheet: every indicator of a directorate with its values, notes and locks.

The grid (and `kbpp values set`) read the sheet once, recompute rates in memory after each edit
(the engine is pure), and write each accepted edit with `save_entry` in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from kbpp.errors import NotFoundError
from kbpp.evaluation.engine import IndicatorFacts, IndicatorResult, evaluate_indicator
from kbpp.evaluation.loader import indicators_in_scope, load_indicators, program_year
from kbpp.evaluation.rules import (
    YEAR_KEY,
    due_in_quarter,
    effective_aggregation,
    effective_direction,
)
from kbpp.evaluation.settings import EvaluationSettings, settings_from_dict
from kbpp.i18n import _
from kbpp.locks import QuarterLock, quarter_lock
from kbpp.models import Directorate, Indicator, IndicatorValue, PerformanceTarget, QuarterStatus
from kbpp.office.marks import office_entries, review_comments
from kbpp.storage import Database
from kbpp.values import ValueChange, set_value

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
PERCENT_UNITS = ("yüzde", "%", "oran")


@dataclass(frozen=True)
class EntryRow:
    indicator_id: int
    facts: IndicatorFacts
    notes: dict[str, str | None]
    frequency: str | None = None  # quarterly (None), half-yearly or yearly

    def with_entry(self, period: str, value: Decimal | None, note: str | None) -> EntryRow:
        """The row after an edit, without reading the database again."""
        values = dict(self.facts.values)
        values[period] = value
        return EntryRow(
            self.indicator_id,
            replace(self.facts, values=values),
            {**self.notes, period: note},
            self.frequency,
        )


@dataclass(frozen=True)
class EntrySheet:
    year: int
    settings: EvaluationSettings
    directorate: str | None
    rows: list[EntryRow]
    locks: dict[tuple[str, int], QuarterLock]  # (directorate, quarter) → lock
    # (indicator id, quarter) → the office's review comment; (indicator id, period) → why the
    # office entered that value (see kbpp.office.marks)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)
    office_entries: dict[tuple[int, str], str] = field(default_factory=dict)
    # A sheet of only the first rows (the grid shows them while the rest loads) is not
    # complete; it carries the quarter the whole sheet opens on (see `open_quarter`).
    complete: bool = True
    opens_on: int | None = None

    def lock(self, directorate: str, quarter: int) -> QuarterLock:
        return self.locks.get((directorate, quarter), QuarterLock(False))


def load_entry_sheet(
    db: Database, year: int, directorate: str | None = None, first: int | None = None
) -> EntrySheet:
    """All indicators of the year (of one directorate when named), in card order; with
    `first`, a sheet of the first rows only (not `complete` when there are more)."""
    with db.read() as session:
        program = program_year(session, year)
        rows = [
            EntryRow(loaded.indicator_id, loaded.facts, loaded.notes, loaded.frequency)
            # One row more than asked: whether there are more rows than those shown.
            for loaded in load_indicators(
                session, program, directorate, None if first is None else first + 1
            )
        ]
        complete = first is None or len(rows) <= first
        rows = rows[:first]
        directorates = dict(
            session.execute(
                select(Directorate.id, Directorate.name).where(
                    Directorate.name.in_({r.facts.directorate for r in rows})
                )
            ).all()
        )
        # One query for every status row; quarter_lock then finds them in the session.
        statuses = session.scalars(
            select(QuarterStatus).where(QuarterStatus.program_year_id == program.id)
        ).all()
        locks = {
            (directorates[s.directorate_id], s.quarter): quarter_lock(
                session, program.id, s.directorate_id, s.quarter
            )
            for s in statuses
            if s.directorate_id in directorates
        }
        scope = indicators_in_scope(program, directorate)
        ids = scope if complete else [row.indicator_id for row in rows]
        return EntrySheet(
            year,
            settings_from_dict(program.settings),
            directorate,
            rows,
            locks,
            review_comments(session, ids),
            office_entries(session, ids),
            complete=complete,
            opens_on=None if complete else _opens_on(session, program.id, scope),
        )


def _opens_on(session: Session, program_year_id: int, scope: Select) -> int:
    """`open_quarter` of all the indicators of `scope`, read without loading them."""
    periods = session.scalars(
        select(IndicatorValue.period)
        .where(IndicatorValue.indicator_id.in_(scope), IndicatorValue.value.is_not(None))
        .where(IndicatorValue.period.in_(QUARTERS))
        .distinct()
    )
    directorate_ids = session.scalars(
        select(PerformanceTarget.directorate_id)
        .join(Indicator, Indicator.target_id == PerformanceTarget.id)
        .where(Indicator.id.in_(scope))
        .distinct()
    ).all()
    return _opening_quarter(
        {QUARTERS.index(period) + 1 for period in periods},
        lambda q: (
            bool(directorate_ids)
            and all(quarter_lock(session, program_year_id, d, q).locked for d in directorate_ids)
        ),
    )


def _opening_quarter(entered: Iterable[int], all_locked: Callable[[int], bool]) -> int:
    quarter = max(entered, default=1)
    return quarter + 1 if quarter < 4 and all_locked(quarter) else quarter


def directorate_names(db: Database) -> list[str]:
    """Every directorate in display order, for the workspace's directorate selector."""
    with db.read() as session:
        return list(session.scalars(select(Directorate.name).order_by(Directorate.position)))


def open_quarter(sheet: EntrySheet) -> int:
    """The quarter the grid opens for editing.

    The latest quarter that already has a value (Q1 before any value); when that quarter is
    locked or accepted for every directorate of the sheet, the one after it (the clerk has moved
    on). The same "latest quarter with a value" rule gives the goal tree its counts.
    """
    if sheet.opens_on is not None:
        return sheet.opens_on
    entered = (
        i + 1
        for row in sheet.rows
        for i, q in enumerate(QUARTERS)
        if row.facts.values.get(q) is not None
    )
    names = {row.facts.directorate for row in sheet.rows}
    return _opening_quarter(
        entered, lambda q: bool(names) and all(sheet.lock(n, q).locked for n in names)
    )


def earlier_notes(row: EntryRow, quarter: int) -> list[str]:
    """The notes of the earlier quarters of one indicator, latest first, for reuse."""
    notes = [row.notes.get(q) for q in reversed(QUARTERS[: quarter - 1])]
    return list(dict.fromkeys(n for n in notes if n))


def evaluate_row(sheet: EntrySheet, row: EntryRow, quarter: int) -> IndicatorResult:
    """Year-to-date figures through `quarter`, as the grid shows them."""
    return evaluate_indicator(row.facts, sheet.settings, quarter)


def plausibility_warnings(facts: IndicatorFacts, period: str, value: Decimal | None) -> list[str]:
    """Warnings that never block: values that look like typing mistakes."""
    if value is None or period not in QUARTERS:
        return []
    warnings: list[str] = []
    unit = (facts.unit or "").strip().lower()
    if any(u in unit for u in PERCENT_UNITS) and not 0 <= value <= 100:
        warnings.append(_("A percentage should be between 0 and 100."))
    quarter = QUARTERS.index(period)
    earlier = [facts.values.get(q) for q in QUARTERS[:quarter]]
    earlier_values = [v for v in earlier if v is not None]
    if earlier_values:
        average = sum(earlier_values) / len(earlier_values)
        if average > 0 and value > 3 * average:
            warnings.append(_("More than three times the average of the earlier quarters."))
        elif average > 0 and value * 3 < average:
            warnings.append(_("Less than a third of the average of the earlier quarters."))
    aggregation = effective_aggregation(facts.aggregation, facts.unit)
    if (
        aggregation == "last"
        and effective_direction(facts.direction) == "increasing"
        and earlier_values
        and value < earlier_values[-1]
    ):
        warnings.append(
            _("Lower than the previous quarter, but this cumulative indicator should only grow.")
        )
    return warnings


@dataclass(frozen=True)
class Missing:
    row: EntryRow
    value_missing: bool
    note_missing: bool


def missing_for_quarter(sheet: EntrySheet, quarter: int) -> list[Missing]:
    """What stops the quarter from being submitted: empty values of indicators due in the
    quarter (a yearly one only in Q4, where its year value also counts) and absent required
    notes."""
    period = QUARTERS[quarter - 1]
    out = []
    for row in sheet.rows:
        values = row.facts.values
        has_value = values.get(period) is not None or (
            quarter == 4 and values.get(YEAR_KEY) is not None
        )
        value_missing = due_in_quarter(row.frequency, quarter) and not has_value
        note_missing = evaluate_row(sheet, row, quarter).note_required and not row.notes.get(period)
        if value_missing or note_missing:
            out.append(Missing(row, value_missing, note_missing))
    return out


def save_entry(
    db: Database, indicator_id: int, period: str, value: Decimal | None, note: str | None
) -> ValueChange:
    """One accepted edit = one transaction (with its audit entries)."""
    with db.write() as session:
        indicator = session.get(Indicator, indicator_id)
        if indicator is None:
            raise NotFoundError(_("The indicator no longer exists; reload the sheet."))
        return set_value(session, indicator, period, value, note)


@dataclass(frozen=True)
class Entry:
    """One cell to write: the value and note of an indicator's period."""

    indicator_id: int
    period: str
    value: Decimal | None
    note: str | None


def _indicators_to_save(session: Session, ids: set[int]) -> dict[int, Indicator]:
    """Everything set_value touches, in one statement (the grid saves on every keystroke)."""
    query = (
        select(Indicator)
        .where(Indicator.id.in_(ids))
        .options(
            selectinload(Indicator.values),
            joinedload(Indicator.performance_target).options(
                joinedload(PerformanceTarget.program_year),
                joinedload(PerformanceTarget.directorate),
            ),
        )
    )
    return {i.id: i for i in session.scalars(query).unique()}


def prepare_saves(db: Database, sheet: EntrySheet) -> None:
    """Read what a save from `sheet` reads first, writing nothing: SQLAlchemy compiles each
    statement once per database, and the first save after opening would otherwise pay for
    the largest (≈15-30 ms). For the loading thread."""
    if sheet.rows:
        with db.read() as session:
            _indicators_to_save(session, {sheet.rows[0].indicator_id})


def save_entries(
    db: Database, entries: Sequence[Entry], *, on_behalf: bool = False, reason: str | None = None
) -> list[ValueChange]:
    """Several edits (a pasted block, or its undo) in one transaction: all or none are saved.
    The office saves a directorate's values `on_behalf`, with its reason."""
    with db.write() as session:
        indicators = _indicators_to_save(session, {e.indicator_id for e in entries})
        changes = []
        for entry in entries:
            indicator = indicators.get(entry.indicator_id)
            if indicator is None:
                raise NotFoundError(_("The indicator no longer exists; reload the sheet."))
            changes.append(
                set_value(
                    session,
                    indicator,
                    entry.period,
                    entry.value,
                    entry.note,
                    on_behalf=on_behalf,
                    reason=reason,
                )
            )
        return changes
