"""The office's overview: states, packages, completeness and bands per directorate and quarter,
on an office that received real signed packages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from status_world import (
    BILGI,
    RETURN_REASON,
    SMALL,
    YEAR,
    ZABITA,
    World,
    build_received,
    open_world,
)

from kbpp.evaluation.loader import evaluate_year
from kbpp.models import (
    Directorate,
    Indicator,
    PackageImport,
    PerformanceTarget,
    ProgramYear,
    QuarterStatus,
)
from kbpp.office.calendar import set_window
from kbpp.office.status import (
    ACCEPTED,
    LATE,
    NOT_RECEIVED,
    RECEIVED,
    RETURNED,
    status_to_json,
    write_status_xlsx,
    year_status,
)
from kbpp.quarter_entry import load_entry_sheet, missing_for_quarter, save_entry

BEFORE_DUE = date(2021, 4, 20)  # Q1 is due on 30 April 2021
AFTER_DUE = date(2021, 5, 5)


@pytest.fixture(scope="module")
def _received_template(
    tmp_path_factory: pytest.TempPathFactory, _imported_2021_template: Path
) -> Path:
    root = tmp_path_factory.mktemp("received") / "world"
    build_received(root, _imported_2021_template).close()
    return root


@pytest.fixture
def world(tmp_path: Path, _received_template: Path) -> Iterator[World]:
    w = open_world(_received_template, tmp_path / "world")
    yield w
    w.close()


def row(status, name):
    return next(d for d in status.directorates if d.name == name)


def test_one_row_per_directorate_with_cards_in_plan_order(world: World) -> None:
    status = year_status(world.office, YEAR, today=BEFORE_DUE)
    with world.office.read() as s:
        names = list(s.scalars(select(Directorate.name).order_by(Directorate.position)))
    assert [d.name for d in status.directorates] == names and len(names) == 25
    assert row(status, SMALL).indicators == 3
    assert status.quarters == (1, 2, 3, 4)
    assert status.windows[0].due_on == date(2021, 4, 30)


def test_received_returned_and_not_received_before_the_due_date(world: World) -> None:
    status = year_status(world.office, YEAR, today=BEFORE_DUE)
    small = row(status, SMALL).cell(1)
    with world.office.read() as s:
        sequence, imported_at = s.execute(
            select(PackageImport.sequence, PackageImport.imported_at).where(
                PackageImport.issuer == SMALL
            )
        ).one()
    assert small.state == RECEIVED and small.received
    assert small.sequence == sequence and small.packages == 1
    local = imported_at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    assert small.received_at == local and small.sent_at is not None
    assert small.completeness.entered == small.completeness.expected == 3
    bilgi = row(status, BILGI).cell(1)
    assert bilgi.state == RETURNED and bilgi.reason == RETURN_REASON
    assert bilgi.decided_by == "test-user" and bilgi.decided_at is not None
    assert not bilgi.locked
    zabita = row(status, ZABITA).cell(1)
    assert zabita.state == NOT_RECEIVED and zabita.sequence is None and zabita.days_overdue == 0
    assert row(status, SMALL).cell(2).state == NOT_RECEIVED


def test_after_the_due_date_missing_and_returned_quarters_are_late(world: World) -> None:
    status = year_status(world.office, YEAR, today=AFTER_DUE)
    assert row(status, ZABITA).cell(1).state == LATE
    assert row(status, ZABITA).cell(1).days_overdue == 5
    bilgi = row(status, BILGI).cell(1)
    assert bilgi.state == LATE and bilgi.stored_state == "returned"
    assert row(status, SMALL).cell(1).state == RECEIVED  # sent: not late
    assert row(status, ZABITA).cell(2).state == NOT_RECEIVED  # Q2 is not due yet


def test_a_package_sent_after_the_due_date_is_marked(world: World) -> None:
    # The packages were made today, years after 30 April 2021.
    assert row(year_status(world.office, YEAR), SMALL).cell(1).sent_late
    with world.office.write() as s:
        set_window(s, YEAR, 1, date(2021, 4, 1), date(2099, 12, 31))
    cell = row(year_status(world.office, YEAR), SMALL).cell(1)
    assert not cell.sent_late and cell.due_on == date(2099, 12, 31)


def test_a_resubmission_after_a_return_is_received_again(world: World) -> None:
    assert world.office_import(world.export_data(BILGI, 1)).status == "imported"
    cell = row(year_status(world.office, YEAR, today=AFTER_DUE), BILGI).cell(1)
    assert cell.state == RECEIVED and cell.packages == 2


def test_an_accepted_quarter_shows_who_and_the_lock(world: World) -> None:
    with world.office.write() as s:
        program = s.scalar(select(ProgramYear))
        d = s.scalar(select(Directorate).where(Directorate.name == SMALL))
        status = s.get(QuarterStatus, (program.id, d.id, 1))
        status.state, status.locked, status.reason = "accepted", True, "Kabul edildi"
        status.changed_by = "strateji"
    cell = row(year_status(world.office, YEAR, today=AFTER_DUE), SMALL).cell(1)
    assert cell.state == ACCEPTED and cell.decided_by == "strateji"
    assert cell.locked and cell.lock_reason == "Kabul edildi" and cell.lock_by == "strateji"


def test_completeness_follows_the_entry_sheet_and_the_frequency(world: World) -> None:
    office = world.office
    sheet = load_entry_sheet(office, YEAR, BILGI)
    first = sheet.rows[0]
    save_entry(office, first.indicator_id, "Q1", first.facts.values["Q1"], None)  # note removed
    sheet = load_entry_sheet(office, YEAR, BILGI)
    missing = missing_for_quarter(sheet, 1)
    cell = row(year_status(office, YEAR, 1), BILGI).cell(1)
    c = cell.completeness
    assert c.expected == len(sheet.rows) == 31
    assert c.expected - c.entered == sum(m.value_missing for m in missing) == 0
    assert c.notes_required - c.notes_present == sum(m.note_missing for m in missing)
    # A yearly indicator owes nothing in Q1, and its year value counts in Q4.
    with office.write() as s:
        s.get(Indicator, first.indicator_id).frequency = "yearly"
    save_entry(office, first.indicator_id, "Y", first.facts.values["Q1"], "Yıllık not")
    status = year_status(office, YEAR)
    assert row(status, BILGI).cell(1).completeness.expected == 30
    q4 = row(status, BILGI).cell(4).completeness
    assert (q4.entered, q4.expected) == (1, 31)


def test_band_counts_match_the_evaluation(world: World) -> None:
    for quarter in (1, 2):
        status = year_status(world.office, YEAR, quarter)
        assert status.band_quarter == quarter and status.quarters == (quarter,)
        result = evaluate_year(world.office, YEAR, quarter)
        expected = {d.name: (d.summary.counts, d.summary.undefined) for d in result.directorates}
        for d in status.directorates:
            assert (d.bands.counts, d.bands.undefined) == expected[d.name]
    assert year_status(world.office, YEAR).band_quarter == 1  # the latest quarter with values


def test_a_directorate_without_cards_in_the_year_has_no_row(world: World) -> None:
    with world.office.write() as s:
        s.add(Directorate(name="Yeni Müdürlük", position=99))
    assert "Yeni Müdürlük" not in {d.name for d in year_status(world.office, YEAR).directorates}
    with world.office.read() as s:
        assert s.scalar(select(PerformanceTarget).limit(1)) is not None


def test_json_has_stable_keys(world: World) -> None:
    doc = json.loads(json.dumps(status_to_json(year_status(world.office, YEAR, today=AFTER_DUE))))
    assert set(doc) == {"year", "today", "band_quarter", "quarters", "bands", "directorates"}
    assert doc["quarters"][0] == {"quarter": 1, "opens_on": "2021-04-01", "due_on": "2021-04-30"}
    small = next(d for d in doc["directorates"] if d["name"] == SMALL)
    assert set(small) == {"name", "indicators", "bands", "no_rate", "cells"}
    cell = small["cells"][0]
    assert cell["state"] == "received" and cell["values_entered"] == 3
    assert set(cell) >= {"due_on", "sequence", "sent_at", "received_at", "locked", "reason"}


def test_the_matrix_as_a_workbook(world: World, tmp_path: Path) -> None:
    path = write_status_xlsx(year_status(world.office, YEAR, today=AFTER_DUE), tmp_path / "m.xlsx")
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Directorate", "Indicators", "Q1 state"]
    assert "Hedef ve Üstü" in header and header[-1] == "No rate"
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.max_row == 26
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows[ZABITA][2].value.startswith("late")
    assert rows[SMALL][4].value.year >= 2021 and rows[SMALL][6].value == "3/3"
    assert ws.column_dimensions["A"].width > 20
