"""Goal cards: reading a card, every edit with its validation, the lock rule and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select

from kbpp import cards
from kbpp.errors import NotFoundError, ValidationError
from kbpp.i18n import set_language
from kbpp.locks import LockedError
from kbpp.models import AuditEntry, Indicator, PerformanceTarget, QuarterStatus
from kbpp.storage import Database
from kbpp.values import set_value

DIRECTORATE = "Bilgi İşlem Müdürlüğü"


def card_id(db: Database, code: str = "PH9.62.1") -> int:
    return next(c.id for c in cards.list_cards(db, 2021, DIRECTORATE) if c.code == code)


@dataclass(frozen=True)
class Logged:
    action: str
    entity_key: str
    field: str | None
    old: str | None
    new: str | None
    user: str


def audit_rows(db: Database, entity: str) -> list[Logged]:
    """The audit entries of one kind of thing, oldest first."""
    with db.read() as session:
        return [
            Logged(e.action, e.entity_key, e.field, e.old, e.new, e.user)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        ]


def lock_quarter(db: Database, target_id: int, quarter: int, state: str = "open") -> None:
    with db.write() as session:
        target = session.get(PerformanceTarget, target_id)
        session.add(
            QuarterStatus(
                program_year_id=target.program_year_id,
                directorate_id=target.directorate_id,
                quarter=quarter,
                state=state,
                locked=state != "accepted",
                reason="checked and closed",
                changed_by="office",
            )
        )


def test_list_and_load_a_card(db_2021: Database) -> None:
    listed = cards.list_cards(db_2021, 2021, DIRECTORATE)
    assert [c.code for c in listed][:2] == ["PH9.62.1", "PH9.70.1"]
    assert len(cards.list_cards(db_2021, 2021)) == 100
    card = cards.load_card(db_2021, listed[0].id)
    assert (card.aim_code, card.objective_code, card.directorate) == ("A9", "H9.62", DIRECTORATE)
    assert card.history_periods == ("2019", "2020-H1")
    first = card.indicators[0]
    assert (first.code, first.type, first.unit, first.target) == (
        "PG9.62.1.1",
        "Kalite",
        "Adet",
        Decimal(9),
    )
    assert first.history == {"2019": Decimal(9), "2020-H1": Decimal(4)}
    assert card.activities[0].budget["03"] == 722618  # 7.226,18 ₺ in kuruş
    assert card.activities[0].total == sum(card.activities[0].budget.values())
    assert card.editable
    with pytest.raises(NotFoundError):
        cards.load_card(db_2021, 999_999)
    with pytest.raises(NotFoundError):
        cards.list_cards(db_2021, 1999)


def test_target_text_is_saved_and_audited(db_2021: Database) -> None:
    tid = card_id(db_2021)
    old = cards.load_card(db_2021, tid).text
    cards.set_target_text(db_2021, tid, "  Bilgi güvenliğini sağlamak  ")
    assert cards.load_card(db_2021, tid).text == "Bilgi güvenliğini sağlamak"
    [entry] = audit_rows(db_2021, "performance target")[-1:]
    assert (entry.action, entry.field, entry.old, entry.new, entry.user) == (
        "edit",
        "text",
        old,
        "Bilgi güvenliğini sağlamak",
        "test-user",
    )
    assert entry.entity_key == f"2021/{DIRECTORATE}/PH9.62.1"
    with pytest.raises(ValidationError, match="needs its text"):
        cards.set_target_text(db_2021, tid, "   ")


def test_indicator_fields_are_saved_and_audited(db_2021: Database) -> None:
    card = cards.load_card(db_2021, card_id(db_2021))
    ind = card.indicators[0]
    cards.set_indicator_field(db_2021, ind.id, "unit", "Kişi")
    cards.set_indicator_field(db_2021, ind.id, "direction", "decreasing")
    cards.set_indicator_field(db_2021, ind.id, "aggregation", "average")
    cards.set_indicator_field(db_2021, ind.id, "frequency", "half-yearly")
    cards.set_indicator_field(db_2021, ind.id, "kind", "monitoring")
    cards.set_indicator_field(db_2021, ind.id, "type", "Sonuç")
    cards.set_indicator_field(db_2021, ind.id, "target", Decimal("12.5"))
    cards.set_indicator_field(db_2021, ind.id, "baseline", Decimal(7))
    cards.set_indicator_field(db_2021, ind.id, "weight", Decimal(40))
    cards.set_indicator_field(db_2021, ind.id, "evidence", "Tatbikat raporları")
    cards.set_indicator_field(db_2021, ind.id, "name", "Tatbikat sayısı")
    cards.set_indicator_field(db_2021, ind.id, "code", "PG9.62.1.10")
    cards.set_history(db_2021, ind.id, "2019", Decimal(11))
    cards.set_history(db_2021, ind.id, "2020-H1", None)
    cards.set_quarter_target(db_2021, ind.id, 2, Decimal(3))
    cards.set_partners(db_2021, ind.id, ["Destek Hizmetleri Müdürlüğü", DIRECTORATE])
    after = cards.load_card(db_2021, card.id).indicator(ind.id)
    assert (after.unit, after.direction, after.aggregation, after.frequency) == (
        "Kişi",
        "decreasing",
        "average",
        "half-yearly",
    )
    assert (after.kind, after.type, after.target, after.baseline, after.weight) == (
        "monitoring",
        "Sonuç",
        Decimal("12.5"),
        Decimal(7),
        Decimal(40),
    )
    assert (after.evidence, after.name, after.code) == (
        "Tatbikat raporları",
        "Tatbikat sayısı",
        "PG9.62.1.10",
    )
    assert after.history == {"2019": Decimal(11)}
    assert after.quarter_targets == {2: Decimal(3)}
    assert after.partners == (DIRECTORATE, "Destek Hizmetleri Müdürlüğü")
    entries = {(e.field, e.old, e.new) for e in audit_rows(db_2021, "indicator")}
    assert ("unit", "Adet", "Kişi") in entries
    assert ("target", "9", "12.5") in entries
    assert ("history 2019", "9", "11") in entries
    assert ("history 2020-H1", "4", None) in entries
    assert ("target Q2", None, "3") in entries
    assert ("code", "PG9.62.1.1", "PG9.62.1.10") in entries


def test_an_unchanged_value_writes_no_audit_entry(db_2021: Database) -> None:
    ind = cards.load_card(db_2021, card_id(db_2021)).indicators[0]
    before = len(audit_rows(db_2021, "indicator"))
    cards.set_indicator_field(db_2021, ind.id, "unit", "Adet")
    cards.set_history(db_2021, ind.id, "2019", Decimal(9))
    assert len(audit_rows(db_2021, "indicator")) == before


def test_codes_are_unique_within_a_card(db_2021: Database) -> None:
    card = cards.load_card(db_2021, card_id(db_2021))
    first, second = card.indicators[:2]
    with pytest.raises(ValidationError, match=r"already has the code PG9\.62\.1\.2"):
        cards.set_indicator_field(db_2021, first.id, "code", " PG9.62.1.2 ")
    with pytest.raises(ValidationError, match="needs a code"):
        cards.set_indicator_field(db_2021, first.id, "code", "  ")
    # The same code on another card is fine: codes are the card's own.
    other = cards.load_card(db_2021, card_id(db_2021, "PH9.70.1"))
    cards.set_indicator_field(db_2021, other.indicators[0].id, "code", second.code)
    assert cards.check_code("PG1", ["PG2"], "PH1") == "PG1"


def test_refused_indicator_values(db_2021: Database) -> None:
    ind = cards.load_card(db_2021, card_id(db_2021)).indicators[0]
    with pytest.raises(ValidationError, match="0 to 100"):
        cards.set_indicator_field(db_2021, ind.id, "weight", Decimal(120))
    with pytest.raises(ValidationError, match="0 to 100"):
        cards.set_indicator_field(db_2021, ind.id, "weight", Decimal(-1))
    with pytest.raises(ValidationError, match="is not one of"):
        cards.set_indicator_field(db_2021, ind.id, "direction", "sideways")
    with pytest.raises(ValidationError, match="is not one of Girdi, Çıktı"):
        cards.set_indicator_field(db_2021, ind.id, "type", "Kalitesiz")
    with pytest.raises(ValidationError, match="either performance or monitoring"):
        cards.set_indicator_field(db_2021, ind.id, "kind", None)
    with pytest.raises(ValidationError, match="needs a name"):
        cards.set_indicator_field(db_2021, ind.id, "name", "")
    with pytest.raises(ValidationError, match="no directorate"):
        cards.set_partners(db_2021, ind.id, ["Nowhere"])
    with pytest.raises(ValidationError, match="is not a number"):
        cards.parse_optional_number("12a")


def test_typed_numbers_and_amounts_in_turkish() -> None:
    set_language("tr")
    assert cards.parse_money("1.234,50") == 123450
    assert cards.parse_money("") is None
    assert cards.parse_optional_number("%85,5") == Decimal("85.5")
    set_language("en")
    assert cards.parse_money("1,234.50") == 123450
    with pytest.raises(ValidationError, match="cannot be negative"):
        cards.parse_money("-5")
    with pytest.raises(ValidationError, match="at most 2 decimals"):
        cards.parse_money("1.005")
    with pytest.raises(ValidationError):
        cards.parse_money("abc")


def test_partners_are_typed_as_parts_of_names(db_2021: Database) -> None:
    names = cards.directorate_names(db_2021)
    assert cards.parse_partners("bilgi işlem; destek hiz", names) == [
        DIRECTORATE,
        "Destek Hizmetleri Müdürlüğü",
    ]
    assert cards.parse_partners("", names) == []
    with pytest.raises(NotFoundError):
        cards.parse_partners("Nowhere", names)


def test_add_move_and_remove_indicators(db_2021: Database) -> None:
    tid = card_id(db_2021)
    new = cards.add_indicator(db_2021, tid)
    mon = cards.add_indicator(db_2021, tid, "monitoring")
    card = cards.load_card(db_2021, tid)
    assert [i.code for i in card.indicators][-2:] == ["PG9.62.1.6", "İG9.62.1.7"]
    assert card.indicator(mon).kind == "monitoring"
    assert cards.move_indicator(db_2021, new, -1)
    codes = [i.code for i in cards.load_card(db_2021, tid).indicators]
    assert codes[-3:] == ["PG9.62.1.6", "PG9.62.1.5", "İG9.62.1.7"]
    first = cards.load_card(db_2021, tid).indicators[0].id
    assert not cards.move_indicator(db_2021, first, -1)
    cards.remove_indicator(db_2021, new)
    assert new not in [i.id for i in cards.load_card(db_2021, tid).indicators]
    actions = [(e.action, e.field) for e in audit_rows(db_2021, "indicator")]
    assert ("add", None) in actions and ("move", "position") in actions
    assert ("remove", None) in actions


def test_an_indicator_with_values_cannot_be_removed(db_2021: Database) -> None:
    ind = cards.load_card(db_2021, card_id(db_2021)).indicators[0]
    with db_2021.write() as session:
        set_value(session, session.get(Indicator, ind.id), "Q1", Decimal(2))
    with pytest.raises(ValidationError, match="already has quarterly values"):
        cards.remove_indicator(db_2021, ind.id)


def test_weights_of_an_objective_must_make_100(db_2021: Database) -> None:
    card = cards.load_card(db_2021, card_id(db_2021))
    assert card.weights.problem() is None  # no weights: equal shares, nothing to report
    ids = list(card.weights.weights)
    assert len(ids) == len(card.indicators) == 5  # H9.62 has this one card in 2021
    cards.set_indicator_field(db_2021, ids[0], "weight", Decimal(40))
    problem = cards.load_card(db_2021, card.id).weights.problem()
    assert problem is not None and "4 of the 5 indicators of objective H9.62" in problem
    for i in ids[1:]:
        cards.set_indicator_field(db_2021, i, "weight", Decimal(10))
    check = cards.load_card(db_2021, card.id).weights
    assert check.problem() == (
        "The weights of objective H9.62's indicators add up to 80 %; they must add up to 100 %."
    )
    assert check.problem({ids[0]: Decimal(60)}) is None  # while typing 60 in the first
    cards.set_indicator_field(db_2021, ids[0], "weight", Decimal(60))
    assert cards.load_card(db_2021, card.id).weights.problem() is None


def test_a_card_is_read_only_once_a_quarter_is_locked_or_accepted(db_2021: Database) -> None:
    tid = card_id(db_2021)
    ind = cards.load_card(db_2021, tid).indicators[0]
    lock_quarter(db_2021, tid, 2, "accepted")
    card = cards.load_card(db_2021, tid)
    assert not card.editable
    assert "checked and closed" in card.lock.message()
    for write in (
        lambda: cards.set_target_text(db_2021, tid, "x"),
        lambda: cards.set_indicator_field(db_2021, ind.id, "unit", "Kişi"),
        lambda: cards.set_history(db_2021, ind.id, "2019", Decimal(1)),
        lambda: cards.set_quarter_target(db_2021, ind.id, 1, Decimal(1)),
        lambda: cards.add_indicator(db_2021, tid),
        lambda: cards.move_indicator(db_2021, ind.id, 1),
        lambda: cards.remove_indicator(db_2021, ind.id),
    ):
        with pytest.raises(LockedError, match="Only the strategy office can reopen it"):
            write()
    # Another directorate's cards stay editable.
    other = next(c for c in cards.list_cards(db_2021, 2021) if c.directorate != DIRECTORATE)
    assert cards.load_card(db_2021, other.id).editable
