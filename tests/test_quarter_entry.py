"""The entry sheet behind the quarterly grid: rows, in-memory updates, warnings, what is missing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from kbpp.evaluation.engine import IndicatorFacts
from kbpp.models.audit import AuditEntry
from kbpp.office.review import lock_quarter
from kbpp.quarter_entry import (
    load_entry_sheet,
    missing_for_quarter,
    open_quarter,
    plausibility_warnings,
    prepare_saves,
    save_entry,
)
from kbpp.storage import Database

BILGI = "Bilgi İşlem Müdürlüğü"


def facts(unit: str = "Adet", aggregation: str | None = None, **values: str) -> IndicatorFacts:
    return IndicatorFacts(
        directorate="D",
        target_code="PH1",
        objective_code="H1",
        code="PG1",
        name="n",
        kind="performance",
        type=None,
        unit=unit,
        direction=None,
        aggregation=aggregation,
        weight=None,
        target=Decimal(100),
        values={k: Decimal(v) for k, v in values.items()},
    )


def test_sheet_of_one_directorate(db_2021: Database) -> None:
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    assert len(sheet.rows) == 31
    assert {r.facts.directorate for r in sheet.rows} == {BILGI}
    assert not sheet.lock(BILGI, 1).locked
    assert len(load_entry_sheet(db_2021, 2021).rows) == 476


def test_saved_entry_reloads_and_updates_in_memory(db_2021: Database) -> None:
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    row = sheet.rows[0]  # PG9.62.1.1, target 9
    change = save_entry(db_2021, row.indicator_id, "Q1", Decimal(1), None)
    assert change.changed and change.new_value == 1
    reloaded = load_entry_sheet(db_2021, 2021, BILGI).rows[0]
    assert reloaded.facts.values["Q1"] == 1
    assert row.with_entry("Q1", Decimal(1), None).facts.values == reloaded.facts.values


def test_missing_lists_values_and_required_notes(db_2021: Database) -> None:
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    assert len(missing_for_quarter(sheet, 1)) == 31
    row = sheet.rows[0]  # target 9: pro rata 2,25 for Q1; 1 → 44 % → a note is required
    save_entry(db_2021, row.indicator_id, "Q1", Decimal(1), None)
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    first = next(m for m in missing_for_quarter(sheet, 1) if m.row.indicator_id == row.indicator_id)
    assert (first.value_missing, first.note_missing) == (False, True)
    save_entry(db_2021, row.indicator_id, "Q1", Decimal(1), "Eğitim takvimi kaydı.")
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    assert row.indicator_id not in {m.row.indicator_id for m in missing_for_quarter(sheet, 1)}


def test_plausibility_warnings() -> None:
    assert plausibility_warnings(facts(unit="Yüzde"), "Q1", Decimal(101))
    assert plausibility_warnings(facts(unit="Yüzde"), "Q1", Decimal(-1))
    assert not plausibility_warnings(facts(unit="Yüzde"), "Q1", Decimal(100))
    assert plausibility_warnings(facts(Q1="10", Q2="20"), "Q3", Decimal(46))  # > 3 × 15
    assert not plausibility_warnings(facts(Q1="10", Q2="20"), "Q3", Decimal(45))
    assert plausibility_warnings(facts(Q1="30"), "Q2", Decimal("9.9"))  # < ⅓ of 30
    assert not plausibility_warnings(facts(Q1="30"), "Q2", Decimal(10))
    cumulative = facts(aggregation="last", Q1="40")
    assert plausibility_warnings(cumulative, "Q2", Decimal(35))
    assert not plausibility_warnings(cumulative, "Q2", Decimal(45))
    assert not plausibility_warnings(facts(), "Q1", None)


def test_a_yearly_indicator_is_missing_only_in_q4(db_2021: Database) -> None:
    from kbpp.models import Indicator

    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    row = sheet.rows[0]
    with db_2021.write() as session:
        session.get(Indicator, row.indicator_id).frequency = "yearly"
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    for quarter in (1, 2, 3):
        missing = {m.row.indicator_id for m in missing_for_quarter(sheet, quarter)}
        assert row.indicator_id not in missing and len(missing) == 30
    assert row.indicator_id in {m.row.indicator_id for m in missing_for_quarter(sheet, 4)}
    save_entry(db_2021, row.indicator_id, "Y", Decimal(9), None)  # the year value counts in Q4
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    q4 = [m for m in missing_for_quarter(sheet, 4) if m.row.indicator_id == row.indicator_id]
    assert not q4 or not q4[0].value_missing


def test_the_first_rows_of_a_sheet_are_those_of_the_whole(db_2021: Database) -> None:
    whole = load_entry_sheet(db_2021, 2021)
    first = load_entry_sheet(db_2021, 2021, first=10)
    assert whole.complete and not first.complete
    assert [r.indicator_id for r in first.rows] == [r.indicator_id for r in whole.rows[:10]]
    assert [r.facts for r in first.rows] == [r.facts for r in whole.rows[:10]]
    # Exactly as many rows as asked for, or fewer: the sheet is whole.
    assert load_entry_sheet(db_2021, 2021, BILGI, first=31).complete
    assert not load_entry_sheet(db_2021, 2021, BILGI, first=30).complete


def test_the_first_rows_open_on_the_quarter_of_the_whole_sheet(db_2021: Database) -> None:
    """The open quarter is the latest with a value anywhere in the sheet (then the next one
    when it is locked for every directorate), also when only the first rows are read."""
    last = load_entry_sheet(db_2021, 2021).rows[-1]
    save_entry(db_2021, last.indicator_id, "Q2", Decimal(5), "Not")
    first = load_entry_sheet(db_2021, 2021, first=10)
    assert all(not r.facts.values for r in first.rows)
    assert open_quarter(first) == open_quarter(load_entry_sheet(db_2021, 2021)) == 2
    one = load_entry_sheet(db_2021, 2021, last.facts.directorate, first=1)
    others = {r.facts.directorate for r in load_entry_sheet(db_2021, 2021).rows}
    others.discard(last.facts.directorate)
    for name in others:
        lock_quarter(db_2021, 2021, 2, name, "Kapandı", "test")
    # Still open for the last directorate, whose rows are not among the first ten.
    assert open_quarter(load_entry_sheet(db_2021, 2021, first=10)) == 2
    lock_quarter(db_2021, 2021, 2, last.facts.directorate, "Kapandı", "test")
    assert open_quarter(load_entry_sheet(db_2021, 2021, first=10)) == 3
    assert open_quarter(load_entry_sheet(db_2021, 2021)) == 3
    assert open_quarter(one) == 2  # read before the locks
    assert open_quarter(load_entry_sheet(db_2021, 2021, last.facts.directorate, first=1)) == 3


def test_preparing_saves_writes_nothing(db_2021: Database) -> None:
    """The loading thread reads what a first save reads; the database is unchanged."""
    sheet = load_entry_sheet(db_2021, 2021, BILGI)
    before = _audit_count(db_2021), stored_q1(db_2021, sheet.rows[0].indicator_id)
    prepare_saves(db_2021, sheet)
    prepare_saves(db_2021, load_entry_sheet(db_2021, 2021, BILGI, first=0))  # no rows
    assert (_audit_count(db_2021), stored_q1(db_2021, sheet.rows[0].indicator_id)) == before
    save_entry(db_2021, sheet.rows[0].indicator_id, "Q1", Decimal(3), None)  # a save is seen
    assert _audit_count(db_2021) > before[0]


def stored_q1(db: Database, indicator_id: int) -> Decimal | None:
    row = next(r for r in load_entry_sheet(db, 2021).rows if r.indicator_id == indicator_id)
    return row.facts.values.get("Q1")


def _audit_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
