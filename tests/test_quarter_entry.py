"""The entry sheet behind the quarterly grid: rows, in-memory updates, warnings, what is missing."""

from __future__ import annotations

from decimal import Decimal

from kbpp.evaluation.engine import IndicatorFacts
from kbpp.quarter_entry import (
    load_entry_sheet,
    missing_for_quarter,
    plausibility_warnings,
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
