"""The activities-and-costs sheet: computed totals, cost and spending edits, locks and audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_cards import DIRECTORATE, audit_rows, card_id, lock_quarter

from kbpp import activity_sheet as sheet_mod
from kbpp import cards
from kbpp.activity_sheet import SheetCard, build_rows, load_activity_sheet
from kbpp.cards import ActivityData
from kbpp.costs import need_by_directorate, total_need
from kbpp.errors import ValidationError
from kbpp.locks import LockedError, QuarterLock
from kbpp.storage import Database

OPEN = QuarterLock(False)


def activity(
    activity_id: int, budget: dict[str, int], off: dict[str, int] | None = None
) -> ActivityData:
    return ActivityData(activity_id, f"A{activity_id}", None, budget, off or {}, {1: 5})


def test_totals_are_sums_of_the_parts() -> None:
    cards_ = [
        SheetCard(
            1,
            "Fen",
            "PH1",
            (activity(1, {"01": 100}), activity(2, {"03": 50}, {"Yurt Dışı": 7})),
            OPEN,
        ),
        SheetCard(2, "Fen", "PH2", (), OPEN),
        SheetCard(3, "Park", "PH3", (activity(3, {"01": 1}),), OPEN),
    ]
    rows = build_rows(cards_)
    assert [(r.kind, r.target_code, r.total) for r in rows] == [
        ("activity", "PH1", 100),
        ("activity", "PH1", 57),
        ("target", "PH1", 157),
        ("target", "PH2", 0),  # a card without activities keeps a place to add one
        ("directorate", "", 157),
        ("activity", "PH3", 1),
        ("target", "PH3", 1),
        ("directorate", "", 1),
        ("total", "", 158),
    ]
    assert rows[2].budget == {"01": 100, "03": 50}
    assert (rows[2].off_budget_total, rows[-1].spent_total) == (7, 15)
    assert rows[4].directorate == "Fen"
    alone = build_rows(cards_[:1], summary=False)
    assert [r.kind for r in alone] == ["activity", "activity", "target"]


def test_the_2021_sheet_reproduces_the_published_totals(db_2021: Database) -> None:
    sheet = load_activity_sheet(db_2021, 2021)
    with db_2021.read() as session:
        published = total_need(session, 2021)
        by_directorate = {d.name: d.kurus for d in need_by_directorate(session, 2021)}
    assert sheet.rows[-1].total == published == 76_500_000_000  # 765.000.000,00 ₺
    assert {r.directorate: r.total for r in sheet.rows if r.kind == "directorate"} == by_directorate
    assert list(sheet.economic_codes) == list(cards.ECONOMIC_CODES)
    assert sheet.economic_codes["03"] == "Mal ve Hizmet Alım Giderleri"
    assert sheet.off_budget_sources == cards.OFF_BUDGET_SOURCES
    one = load_activity_sheet(db_2021, 2021, DIRECTORATE)
    assert {r.directorate for r in one.rows if r.kind != "total"} == {DIRECTORATE}
    assert one.rows[-1].total == by_directorate[DIRECTORATE]


def test_a_cost_edit_is_one_audited_change(db_2021: Database) -> None:
    tid = card_id(db_2021)
    act = cards.load_card(db_2021, tid).activities[0]
    sheet_mod.set_cost(db_2021, act.id, "budget", "04", 123450)
    sheet_mod.set_cost(db_2021, act.id, "off_budget", "Döner Sermaye", 1000)
    sheet_mod.set_cost(db_2021, act.id, "budget", "01", 0)  # 0 removes the part
    after = cards.load_card(db_2021, tid).activities[0]
    assert after.budget["04"] == 123450 and "01" not in after.budget
    assert after.off_budget == {"Döner Sermaye": 1000}
    assert after.total == act.total + 123450 + 1000 - act.budget["01"]
    logged = audit_rows(db_2021, "activity cost")
    assert [(e.old, e.new) for e in logged] == [(None, "123450"), (None, "1000"), ("139233", None)]
    assert logged[0].entity_key.endswith("/budget:04")
    with pytest.raises(ValidationError, match="economic code"):
        sheet_mod.set_cost(db_2021, act.id, "budget", "10", 1)
    with pytest.raises(ValidationError, match="negative"):
        sheet_mod.set_cost(db_2021, act.id, "budget", "03", -1)


def test_spending_follows_its_own_quarter_lock(db_2021: Database) -> None:
    tid = card_id(db_2021)
    act = cards.load_card(db_2021, tid).activities[0]
    lock_quarter(db_2021, tid, 1, "open")  # locked with a reason
    with pytest.raises(LockedError, match="checked and closed"):
        sheet_mod.set_spending(db_2021, act.id, 1, 100)
    sheet_mod.set_spending(db_2021, act.id, 2, 250_00)
    assert cards.load_card(db_2021, tid).activities[0].spent == {2: 250_00}
    # The resource need is the card's plan: frozen once any quarter is locked.
    with pytest.raises(LockedError):
        sheet_mod.set_cost(db_2021, act.id, "budget", "03", 1)
    sheet = load_activity_sheet(db_2021, 2021, target_id=tid)
    card = sheet.card(tid)
    assert card.lock.locked and card.quarter_locks[1].locked and not card.quarter_locks[2].locked
    [entry] = audit_rows(db_2021, "activity spending")
    assert (entry.field, entry.old, entry.new) == ("amount_kurus", None, "25000")
    assert entry.entity_key.endswith("/Q2")


def test_add_rename_move_and_remove_activities(db_2021: Database) -> None:
    tid = card_id(db_2021)
    first = sheet_mod.add_activity(db_2021, tid)
    second = sheet_mod.add_activity(db_2021, tid)
    names = [a.name for a in cards.load_card(db_2021, tid).activities]
    assert names[-2:] == ["New activity", "New activity (2)"]
    added = cards.load_card(db_2021, tid).activities[-1]
    assert added.responsible == DIRECTORATE
    sheet_mod.rename_activity(db_2021, first, "Sızma testi")
    with pytest.raises(ValidationError, match="already has an activity"):
        sheet_mod.rename_activity(db_2021, second, "Sızma testi")
    with pytest.raises(ValidationError, match="needs a name"):
        sheet_mod.rename_activity(db_2021, second, " ")
    assert sheet_mod.move_activity(db_2021, second, -1)
    assert [a.id for a in cards.load_card(db_2021, tid).activities][-2:] == [second, first]
    assert not sheet_mod.move_activity(db_2021, first, 1)
    sheet_mod.set_activity_responsible(db_2021, first, "Destek Hizmetleri Müdürlüğü")
    sheet_mod.set_activity_responsible(db_2021, second, None)
    with pytest.raises(ValidationError, match="no directorate"):
        sheet_mod.set_activity_responsible(db_2021, second, "Nowhere")
    sheet_mod.set_cost(db_2021, first, "budget", "03", 5000)
    sheet_mod.remove_activity(db_2021, first)
    assert first not in [a.id for a in cards.load_card(db_2021, tid).activities]
    logged = [(e.action, e.field, e.old) for e in audit_rows(db_2021, "activity")]
    assert ("remove", "amount_kurus", "5000") in logged
    assert ("edit", "name", "New activity") in logged
    assert ("edit", "responsible", DIRECTORATE) in logged


def test_money_is_exact_to_the_kurus() -> None:
    assert cards.kurus_from_amount(Decimal("1234.50")) == 123450
    assert cards.kurus_from_amount(Decimal("0.01")) == 1
    with pytest.raises(ValidationError):
        cards.kurus_from_amount(Decimal("0.001"))
