"""Reviewing a received quarter at the office: accept, return, resubmit, what changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from package_world import BILGI, SMALL, YEAR, World, imported
from sqlalchemy import select

from kbpp.locks import LockedError
from kbpp.models import AuditEntry, ReviewedValue
from kbpp.office.review import (
    CHANGED,
    NO_BASELINE,
    UNCHANGED,
    ReviewRefused,
    accept_quarter,
    return_quarter,
    review_quarter,
)
from kbpp.packages.importer import import_package
from kbpp.quarter_entry import load_entry_sheet, save_entry


def send(world: World, name: str, quarter: int = 1) -> None:
    assert imported(world.office_import(world.export_data(name, quarter)))


def test_review_shows_the_received_quarter(world: World) -> None:
    send(world, SMALL)
    review = review_quarter(world.office, YEAR, 1, SMALL)
    assert review.state == "submitted" and not review.locked
    assert review.received is not None and review.received.sequence >= 1
    assert len(review.rows) == 3
    row = review.rows[0]
    assert row.value is not None and row.note and row.rate is not None and row.band
    assert row.year_to_date == row.value
    assert {r.change.kind for r in review.rows} == {NO_BASELINE}
    assert review.baseline is None


def test_nothing_received_is_refused_with_what_to_do(world: World) -> None:
    with pytest.raises(ReviewRefused, match="Only the strategy office"):
        accept_quarter(world.workspaces[SMALL], YEAR, 1, SMALL)
    with pytest.raises(ReviewRefused, match="Nothing has been received for Q1"):
        accept_quarter(world.office, YEAR, 1, BILGI)
    with pytest.raises(ReviewRefused, match="import its data package first"):
        return_quarter(world.office, YEAR, 1, BILGI, {}, "Eksik", world.office_key, world.root)


def test_accept_locks_with_who_and_when(world: World) -> None:
    send(world, SMALL)
    reason = accept_quarter(world.office, YEAR, 1, SMALL)
    assert reason.startswith("Accepted by test-user on ")
    review = review_quarter(world.office, YEAR, 1, SMALL)
    assert (review.state, review.locked, review.reason) == ("accepted", True, reason)
    assert review.baseline == "accepted"
    assert {r.change.kind for r in review.rows} == {UNCHANGED}
    with pytest.raises(ReviewRefused, match="already accepted"):
        accept_quarter(world.office, YEAR, 1, SMALL)
    # the office's own grid refuses a plain edit, naming the lock's reason
    sheet = load_entry_sheet(world.office, YEAR, SMALL)
    with pytest.raises(LockedError, match="Accepted by test-user"):
        save_entry(world.office, sheet.rows[0].indicator_id, "Q1", Decimal(1), "x")
    with world.office.read() as s:
        logged = s.execute(
            select(AuditEntry.reason, AuditEntry.user).where(
                AuditEntry.entity == "quarter", AuditEntry.new == "accepted"
            )
        ).one()
    assert tuple(logged) == (reason, "test-user")
    # the directorate learns of it with its next reference package, and is refused too
    ws = world.workspaces[SMALL]
    assert imported(import_package(ws, world.export_office("reference", SMALL)))
    row = load_entry_sheet(ws, YEAR, SMALL).rows[0]
    with pytest.raises(LockedError, match="Accepted by test-user"):
        save_entry(ws, row.indicator_id, "Q1", Decimal(5), "Düzeltme")


def test_return_resubmit_review_accept(world: World) -> None:
    send(world, SMALL)
    office = world.office
    first = review_quarter(office, YEAR, 1, SMALL)
    code = first.rows[1].code
    out = world.root / "returns"
    out.mkdir()
    with pytest.raises(ReviewRefused, match="needs a reason"):
        return_quarter(office, YEAR, 1, SMALL, {code: "?"}, "  ", world.office_key, out)
    path = return_quarter(
        office, YEAR, 1, SMALL, {code: "Kanıt belgesini ekleyin."}, "Değerler tutarsız",
        world.office_key, out,
    )  # fmt: skip
    assert path.parent == out and path.name.endswith(".kbpp") and "return" in path.name
    review = review_quarter(office, YEAR, 1, SMALL)
    assert review.state == "returned" and review.reason == "Değerler tutarsız"
    assert review.rows[1].comment == "Kanıt belgesini ekleyin."
    with pytest.raises(ReviewRefused, match="nothing has been received since"):
        accept_quarter(office, YEAR, 1, SMALL)

    # the directorate imports it: the comment beside the value, the quarter open again
    ws = world.workspaces[SMALL]
    assert imported(import_package(ws, path))
    sheet = load_entry_sheet(ws, YEAR, SMALL)
    row = sheet.rows[1]
    assert sheet.comments[(row.indicator_id, 1)] == "Kanıt belgesini ekleyin."
    assert not sheet.lock(SMALL, 1).locked
    old = row.facts.values["Q1"]
    save_entry(ws, row.indicator_id, "Q1", old + 7, "Kanıt eklendi; değer düzeltildi.")
    send(world, SMALL)

    review = review_quarter(office, YEAR, 1, SMALL)
    assert review.state == "submitted" and review.baseline == "returned"
    kinds = {r.code: r.change for r in review.rows}
    assert kinds[code].kind == CHANGED and kinds[code].old_value == old
    assert review.rows[1].value == old + 7
    assert [r.code for r in review.changed_rows] == [code]
    accept_quarter(office, YEAR, 1, SMALL)
    assert review_quarter(office, YEAR, 1, SMALL).state == "accepted"
    with office.read() as s:
        decisions = set(s.scalars(select(ReviewedValue.decision)))
    assert decisions == {"accepted"}
    assert {r.change.kind for r in review_quarter(office, YEAR, 1, SMALL).rows} == {UNCHANGED}
