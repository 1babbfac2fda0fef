"""Locks always carry a reason; the office's values for a directorate carry one too and are
marked as the office's in the grid, the reference package and the audit log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from package_world import SMALL, YEAR, World, imported
from sqlalchemy import select

from kbpp.errors import ValidationError
from kbpp.locks import LockedError
from kbpp.models import AuditEntry, IndicatorValue
from kbpp.office.on_behalf import enter_on_behalf
from kbpp.office.review import (
    ReviewRefused,
    accept_quarter,
    lock_quarter,
    review_quarter,
    unlock_quarter,
)
from kbpp.packages.importer import import_package
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import Database


def codes(db: Database, name: str = SMALL) -> list[str]:
    return [r.facts.code for r in load_entry_sheet(db, YEAR, name).rows]


def audit_rows(db: Database, entity: str) -> list[tuple]:
    with db.read() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(AuditEntry.field, AuditEntry.old, AuditEntry.new, AuditEntry.reason,
                       AuditEntry.on_behalf)
                .where(AuditEntry.entity == entity)
                .order_by(AuditEntry.id)
            )
        ]  # fmt: skip


def test_a_lock_needs_a_reason_and_says_it(db_2021: Database) -> None:
    name = "Zabıta Müdürlüğü"
    with pytest.raises(ReviewRefused, match="A lock needs a reason"):
        lock_quarter(db_2021, YEAR, 2, name, "   ")
    lock_quarter(db_2021, YEAR, 2, name, "Denetim sürüyor")
    with pytest.raises(ReviewRefused, match="already locked: Denetim sürüyor"):
        lock_quarter(db_2021, YEAR, 2, name, "Yine")
    sheet = load_entry_sheet(db_2021, YEAR, name)
    assert sheet.lock(name, 2).reason == "Denetim sürüyor"
    with pytest.raises(LockedError, match="Denetim sürüyor"):
        save_entry(db_2021, sheet.rows[0].indicator_id, "Q2", Decimal(3), None)
    with pytest.raises(ReviewRefused, match="Lifting a lock needs a reason"):
        unlock_quarter(db_2021, YEAR, 2, name, "")
    message = unlock_quarter(db_2021, YEAR, 2, name, "Denetim bitti")
    assert "unlocked and open for entry" in message
    with pytest.raises(ReviewRefused, match="not locked"):
        unlock_quarter(db_2021, YEAR, 2, name, "Tekrar")
    save_entry(db_2021, sheet.rows[0].indicator_id, "Q2", Decimal(3), None)
    assert audit_rows(db_2021, "quarter") == [
        ("locked", "False", "True", "Denetim sürüyor", False),
        ("locked", "True", "False", "Denetim bitti", False),
    ]


def test_unlocking_an_accepted_quarter_returns_it_to_submitted(world: World) -> None:
    assert imported(world.office_import(world.export_data(SMALL)))
    accept_quarter(world.office, YEAR, 1, SMALL)
    message = unlock_quarter(world.office, YEAR, 1, SMALL, "Düzeltme istendi")
    assert "waits for review again, as received" in message
    review = review_quarter(world.office, YEAR, 1, SMALL)
    assert (review.state, review.locked) == ("submitted", False)
    accept_quarter(world.office, YEAR, 1, SMALL)  # and can be accepted again


def test_on_behalf_needs_a_reason_and_is_audited(db_2021: Database) -> None:
    name = "Zabıta Müdürlüğü"
    code = codes(db_2021, name)[0]
    with pytest.raises(ValidationError, match="needs a reason"):
        enter_on_behalf(db_2021, YEAR, name, code, "Q1", Decimal(4), None, " ")
    change = enter_on_behalf(
        db_2021, YEAR, name, code, "Q1", Decimal(4), None, "Tutanaktan girildi"
    )
    assert change.new_value == Decimal(4)
    with db_2021.read() as s:
        row = s.execute(
            select(IndicatorValue.entered_by_office, IndicatorValue.office_reason).where(
                IndicatorValue.value == Decimal(4)
            )
        ).one()
    assert tuple(row) == (True, "Tutanaktan girildi")
    assert ("value", None, "4", "Tutanaktan girildi", True) in audit_rows(
        db_2021, "indicator value"
    )
    sheet = load_entry_sheet(db_2021, YEAR, name)
    assert sheet.office_entries[(sheet.rows[0].indicator_id, "Q1")] == "Tutanaktan girildi"
    # a locked quarter is corrected only deliberately, and still audited
    lock_quarter(db_2021, YEAR, 1, name, "Kabul edildi")
    with pytest.raises(LockedError, match=r"Kabul edildi.*correct it anyway"):
        enter_on_behalf(db_2021, YEAR, name, code, "Q1", Decimal(5), None, "Yazım hatası")
    enter_on_behalf(
        db_2021, YEAR, name, code, "Q1", Decimal(5), None, "Yazım hatası", override_lock=True
    )
    assert ("value", "4", "5", "Yazım hatası", True) in audit_rows(db_2021, "indicator value")


def test_the_reference_package_carries_the_office_mark(world: World) -> None:
    office, ws = world.office, world.workspaces[SMALL]
    assert imported(world.office_import(world.export_data(SMALL)))
    accept_quarter(office, YEAR, 1, SMALL)
    first, second = codes(office)[:2]
    enter_on_behalf(
        office, YEAR, SMALL, first, "Q1", Decimal("12.5"), "Düzeltildi", "Yazım hatası",
        override_lock=True,
    )  # fmt: skip
    enter_on_behalf(office, YEAR, SMALL, second, "Q2", Decimal(7), None, "Telefonla bildirildi")
    save_entry(ws, load_entry_sheet(ws, YEAR, SMALL).rows[1].indicator_id, "Q2", Decimal(8), None)
    assert imported(import_package(ws, world.export_office("reference", SMALL)))
    sheet = load_entry_sheet(ws, YEAR, SMALL)
    rows = {r.facts.code: r for r in sheet.rows}
    # the accepted quarter takes the office's correction, marked with its reason
    assert rows[first].facts.values["Q1"] == Decimal("12.5")
    assert sheet.office_entries[(rows[first].indicator_id, "Q1")] == "Yazım hatası"
    # in an open quarter, what the directorate typed itself stays and is not the office's
    assert rows[second].facts.values["Q2"] == Decimal(8)
    assert (rows[second].indicator_id, "Q2") not in sheet.office_entries


def test_reports_mark_the_office_entries(db_2021: Database) -> None:
    from kbpp.reports.monitoring import indicator_table, load

    name = "Zabıta Müdürlüğü"
    enter_on_behalf(
        db_2021, YEAR, name, codes(db_2021, name)[0], "Q1", Decimal(4), "Not", "Tutanaktan"
    )
    with db_2021.read() as session:
        data = load(session, YEAR, 1, name)
    section = next(d for d in data.result.directorates if d.name == name)
    note = indicator_table(data, section).rows[0][-1].value
    assert note == "Not\n* Q1: Entered by the strategy office: Tutanaktan"


def test_reports_mark_values_the_office_entered(db_2021: Database, tmp_path) -> None:
    from pypdf import PdfReader

    from kbpp.reports.build import ReportRequest, make_report

    name = "Zabıta Müdürlüğü"
    code = codes(db_2021, name)[0]
    enter_on_behalf(db_2021, YEAR, name, code, "Q2", Decimal(4), None, "Tutanaktan girildi")
    for kind, quarter in (("results", None), ("monitoring", 2)):
        out = tmp_path / f"{kind}.pdf"
        make_report(db_2021, ReportRequest(kind, YEAR, out, quarter, name))
        text = " ".join(page.extract_text() for page in PdfReader(out).pages)
        assert "Tutanaktan girildi" in " ".join(text.split()), kind
