"""Entering values: validation, audit, and locked quarters that say why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from kbpp.errors import ValidationError
from kbpp.locks import LockedError
from kbpp.models import AuditEntry, Indicator, IndicatorValue, QuarterStatus
from kbpp.storage import Database
from kbpp.values import set_value

CODE = "PG9.62.1.1"  # Bilgi İşlem, target 9


def indicator(session) -> Indicator:
    return session.scalar(select(Indicator).where(Indicator.code == CODE))


def test_value_and_note_are_stored_and_audited(db_2021: Database) -> None:
    with db_2021.write() as s:
        change = set_value(s, indicator(s), "Q1", Decimal("2"), "  Eğitim ertelendi. ")
    assert change.changed
    with db_2021.write() as s:
        set_value(s, indicator(s), "Q1", Decimal("3"), "Eğitim ertelendi.")
    with db_2021.read() as s:
        row = s.scalar(select(IndicatorValue))
        assert (row.period, row.value, row.note, row.entered_by) == (
            "Q1",
            Decimal("3"),
            "Eğitim ertelendi.",
            "test-user",
        )
        log = s.execute(
            select(AuditEntry.field, AuditEntry.old, AuditEntry.new)
            .where(AuditEntry.action == "value")
            .order_by(AuditEntry.id)
        ).all()
    assert log == [
        ("value", None, "2"),
        ("note", None, "Eğitim ertelendi."),
        ("value", "2", "3"),
    ]


def test_unchanged_value_writes_no_audit(db_2021: Database) -> None:
    for _ in range(2):
        with db_2021.write() as s:
            set_value(s, indicator(s), "Q2", Decimal("1"))
    with db_2021.read() as s:
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "value")).all()) == 1


@pytest.mark.parametrize("period", ["Q5", "H1", "2021-Q1", ""])
def test_unknown_period_is_refused(db_2021: Database, period: str) -> None:
    with pytest.raises(ValidationError, match="is not a period"), db_2021.write() as s:
        set_value(s, indicator(s), period, Decimal(1))


def test_locked_quarter_refuses_with_reason_and_changes_nothing(db_2021: Database) -> None:
    with db_2021.write() as s:
        ind = indicator(s)
        t = ind.performance_target
        s.add(
            QuarterStatus(
                program_year_id=t.program_year_id,
                directorate_id=t.directorate_id,
                quarter=1,
                state="accepted",
                locked=True,
                reason="Q1 accepted on 15.04.2021",
                changed_by="strateji",
            )
        )
    with pytest.raises(LockedError) as info, db_2021.write() as s:
        set_value(s, indicator(s), "Q1", Decimal(5))
    assert "Q1 accepted on 15.04.2021" in str(info.value)
    assert "strategy office" in str(info.value)
    with db_2021.read() as s:
        assert s.scalars(select(IndicatorValue)).all() == []
    with db_2021.write() as s:  # other quarters stay open
        set_value(s, indicator(s), "Q2", Decimal(5))
    with db_2021.write() as s:  # the office's own correction may pass, with a reason
        set_value(
            s, indicator(s), "Q1", Decimal(4), on_behalf=True, reason="typo", override_lock=True
        )
    with db_2021.read() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.on_behalf.is_(True)))
        assert (entry.reason, entry.new) == ("typo", "4")
