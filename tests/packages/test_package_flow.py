"""Export, dry run and import between the office and the directorates, as the year runs."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from package_world import BILGI, SMALL, YEAR, World, fill_quarter, key_for
from sqlalchemy import select

from kbpp.locks import LockedError
from kbpp.models import (
    AuditEntry,
    Directorate,
    EvidenceFile,
    Indicator,
    IndicatorValue,
    PackageImport,
    PerformanceTarget,
    ProgramYear,
    QuarterStatus,
    ReviewComment,
)
from kbpp.packages import errors as e
from kbpp.packages.errors import PackageRejected
from kbpp.packages.evidence import attach_evidence
from kbpp.packages.export import ExportRefused, export_summary
from kbpp.packages.importer import (
    ALREADY_IMPORTED,
    IMPORTED,
    REJECTED,
    WOULD_IMPORT,
    import_package,
)
from kbpp.packages.keyring import add_key, revoke_key
from kbpp.packages.review import return_quarter
from kbpp.packages.workspace import create_workspace
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import Database, open_database


def values_of(db: Database, directorate: str, period: str = "Q1") -> dict[str, tuple]:
    with db.read() as s:
        rows = s.execute(
            select(Indicator.code, IndicatorValue.value, IndicatorValue.note)
            .join(IndicatorValue.indicator)
            .join(Indicator.performance_target)
            .join(Directorate, Directorate.id == PerformanceTarget.directorate_id)
            .where(Directorate.name == directorate, IndicatorValue.period == period)
        ).all()
    return {code: (value, note) for code, value, note in rows if value is not None or note}


def set_status(db: Database, name: str, quarter: int, state: str, locked: bool) -> None:
    with db.write() as s:
        year = s.scalar(select(ProgramYear).where(ProgramYear.year == YEAR))
        d = s.scalar(select(Directorate).where(Directorate.name == name))
        row = s.get(QuarterStatus, (year.id, d.id, quarter)) or QuarterStatus(
            program_year_id=year.id, directorate_id=d.id, quarter=quarter
        )
        row.state, row.locked, row.reason, row.changed_by = state, locked, "kabul edildi", "ofis"
        s.add(row)


def test_a_quarter_travels_to_the_office_with_its_record(world: World) -> None:
    path = world.export_data(SMALL)
    assert path.name == "Teftiş-Kurulu-Müdürlüğü-2021-Q1-1.kbpp"
    outcome = world.office_import(path)
    assert outcome.status == IMPORTED, outcome.error
    sent = values_of(world.workspaces[SMALL], SMALL)
    assert len(sent) == 3 and values_of(world.office, SMALL) == sent
    with world.office.read() as s:
        record = s.scalar(select(PackageImport))
        assert (record.issuer, record.sequence, record.type, record.quarter) == (
            SMALL,
            1,
            "data",
            1,
        )
        assert record.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert record.package_id == outcome.manifest.package_id
        stamped = s.scalars(select(AuditEntry.package_id).where(AuditEntry.action == "value"))
        assert set(stamped) == {record.package_id}
        status = s.scalar(select(QuarterStatus))
        assert status.state == "submitted"


def test_dry_run_shows_exactly_what_the_import_does_and_changes_nothing(world: World) -> None:
    path = world.export_data(BILGI)
    before = world.dump()
    dry = world.office_import(path, dry_run=True)
    assert dry.status == WOULD_IMPORT and world.dump() == before
    real = world.office_import(path)
    assert real.status == IMPORTED
    assert [(c.key, c.field, c.old, c.new) for c in dry.changes] == [
        (c.key, c.field, c.old, c.new) for c in real.changes
    ]
    assert any(c.field == "value" and c.old is None for c in real.changes)


def test_the_same_file_twice_is_already_imported_and_changes_nothing(world: World) -> None:
    path = world.export_data(SMALL)
    assert world.office_import(path).status == IMPORTED
    before = world.dump()
    again = world.office_import(path)
    assert again.status == ALREADY_IMPORTED and again.changes == []
    assert world.dump() == before


def test_a_later_package_supersedes_the_earlier_one(world: World) -> None:
    ws = world.workspaces[SMALL]
    first = world.export_data(SMALL)
    sheet = load_entry_sheet(ws, YEAR, SMALL)
    save_entry(ws, sheet.rows[0].indicator_id, "Q1", Decimal("99"), "Düzeltildi.")
    save_entry(ws, sheet.rows[1].indicator_id, "Q1", None, None)
    second = world.export_data(SMALL)
    assert second.name.endswith("-Q1-2.kbpp")
    assert world.office_import(first).status == IMPORTED
    assert world.office_import(second).status == IMPORTED
    assert values_of(world.office, SMALL) == values_of(ws, SMALL)
    assert len(values_of(world.office, SMALL)) == 2


def test_an_older_package_after_a_newer_one_is_a_replay(world: World) -> None:
    first = world.export_data(SMALL)
    second = world.export_data(SMALL)
    assert world.office_import(second).status == IMPORTED
    before = world.dump()
    outcome = world.office_import(first)
    assert outcome.status == REJECTED and outcome.error.code == e.REPLAY
    assert "sequence number 1 is not newer" in str(outcome.error)
    assert world.dump() == before


def test_export_summary_and_missing_required_notes(world: World) -> None:
    ws = world.workspaces[SMALL]
    sheet = load_entry_sheet(ws, YEAR, SMALL)
    summary = export_summary(ws, "data", YEAR, 2)
    assert (summary.values, summary.indicators, len(summary.missing_values)) == (0, 3, 3)
    save_entry(ws, sheet.rows[0].indicator_id, "Q2", Decimal("0"), None)  # rate 0 → note needed
    with pytest.raises(ExportRefused, match="need a deviation note") as info:
        world.export_data(SMALL, quarter=2)
    code = f"{sheet.rows[0].facts.target_code}/{sheet.rows[0].facts.code}"
    assert code in info.value.problems


def test_an_accepted_quarter_is_never_overwritten(world: World) -> None:
    assert world.office_import(world.export_data(SMALL)).status == IMPORTED
    set_status(world.office, SMALL, 1, "accepted", True)
    ws = world.workspaces[SMALL]
    save_entry(ws, load_entry_sheet(ws, YEAR, SMALL).rows[0].indicator_id, "Q1", Decimal(7), "x")
    path = world.export_data(SMALL)
    before = world.dump()
    dry = world.office_import(path, dry_run=True)
    assert dry.status == WOULD_IMPORT and len(dry.conflicts) == 1
    assert "locked" in dry.conflicts[0]
    outcome = world.office_import(path)
    assert outcome.status == REJECTED and outcome.error.code == e.LOCKED_QUARTER
    assert world.dump() == before


def test_reference_update_carries_locks_and_keeps_the_directorates_values(world: World) -> None:
    ws = world.workspaces[SMALL]
    assert world.office_import(world.export_data(SMALL)).status == IMPORTED
    set_status(world.office, SMALL, 1, "accepted", True)
    typed = values_of(ws, SMALL)
    outcome = import_package(ws, world.export_office("reference", SMALL))
    assert outcome.status == IMPORTED, outcome.error
    assert values_of(ws, SMALL) == typed
    row = load_entry_sheet(ws, YEAR, SMALL).rows[0]
    with pytest.raises(LockedError, match="kabul edildi"):
        save_entry(ws, row.indicator_id, "Q1", Decimal(1), "x")


def test_a_returned_quarter_brings_the_offices_comments(world: World) -> None:
    assert world.office_import(world.export_data(SMALL)).status == IMPORTED
    code = load_entry_sheet(world.workspaces[SMALL], YEAR, SMALL).rows[0].facts.code
    return_quarter(world.office, YEAR, SMALL, 1, "Kanıt eksik.", {code: "Raporu ekleyin."})
    path = world.export_office("return", SMALL, 1)
    assert path.name.endswith("-2021-Q1-return-4.kbpp")  # three references went first
    outcome = import_package(world.workspaces[SMALL], path)
    assert outcome.status == IMPORTED, outcome.error
    with world.workspaces[SMALL].read() as s:
        status = s.scalar(select(QuarterStatus))
        assert (status.state, status.locked, status.reason) == ("returned", False, "Kanıt eksik.")
        assert s.scalar(select(ReviewComment.text)) == "Raporu ekleyin."


def test_return_package_needs_a_returned_quarter(world: World) -> None:
    with pytest.raises(Exception, match="has not been returned"):
        world.export_office("return", SMALL, 1)


def test_draft_cards_change_only_the_issuers_own_card(world: World) -> None:
    ws = world.workspaces[SMALL]
    with ws.write() as s:
        ind = s.scalars(select(Indicator).order_by(Indicator.id)).first()
        ind.target, code = Decimal("123.5"), ind.code
    path = world.export_data(SMALL, quarter=None)
    assert path.name.endswith("-2021-cards-1.kbpp")
    before = world.dump()
    outcome = world.office_import(path)
    assert outcome.status == IMPORTED, outcome.error
    assert [(c.entity, c.field, c.new) for c in outcome.changes if c.entity == "indicator"] == [
        ("indicator", "target", "123.5")
    ]
    after = world.dump()
    changed = {t for t in after if after[t] != before[t]}
    assert changed == {"indicators", "audit_log", "package_imports"}
    with world.office.read() as s:
        assert s.scalar(select(Indicator.target).where(Indicator.code == code)) == Decimal("123.5")


def test_evidence_travels_with_its_quarter(world: World, tmp_path: Path) -> None:
    ws = world.workspaces[SMALL]
    report = tmp_path / "tatbikat raporu.pdf"
    report.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    row = load_entry_sheet(ws, YEAR, SMALL).rows[0]
    attach_evidence(ws, row.indicator_id, "Q1", report)
    outcome = world.office_import(world.export_data(SMALL))
    assert outcome.status == IMPORTED, outcome.error
    with world.office.read() as s:
        stored = s.scalar(select(EvidenceFile))
        assert (stored.filename, stored.data) == (report.name, report.read_bytes())


def test_key_rotation_keeps_the_sequence_and_revocation_wins(world: World) -> None:
    assert world.office_import(world.export_data(SMALL)).status == IMPORTED
    with world.office.write() as s:
        add_key(s, key_for(SMALL, 1).public_key, "directorate", SMALL, "test-user")
    revoke_key(world.office, key_for(SMALL).fingerprint, "laptop lost")
    old = world.export_data(SMALL)
    new = world.export_data(SMALL, key=key_for(SMALL, 1))
    assert new.name.endswith("-Q1-3.kbpp")
    rejected = world.office_import(old)
    assert rejected.error.code == e.REVOKED_KEY
    assert key_for(SMALL).fingerprint in str(rejected.error)
    assert world.office_import(new).status == IMPORTED


def test_a_recreated_workspace_continues_above_the_acknowledged_sequence(
    world: World, tmp_path: Path
) -> None:
    for _ in range(3):
        assert world.office_import(world.export_data(SMALL)).status == IMPORTED
    ref = world.export_office("reference", SMALL)
    create_workspace(tmp_path / "new.db", ref, world.office_key.fingerprint)
    world.workspaces[SMALL].close()
    world.workspaces[SMALL] = open_database(tmp_path / "new.db")
    fill_quarter(world.workspaces[SMALL], SMALL, 1, "2")
    path = world.export_data(SMALL)
    assert path.name.endswith("-Q1-4.kbpp")
    assert world.office_import(path).status == IMPORTED


def test_a_workspace_is_created_only_with_the_confirmed_office_key(
    world: World, tmp_path: Path
) -> None:
    ref = world.export_office("reference", SMALL)
    with pytest.raises(PackageRejected) as info:
        create_workspace(tmp_path / "x.db", ref, key_for(SMALL).fingerprint)
    assert info.value.code == e.FINGERPRINT_UNCONFIRMED
    assert world.office_key.fingerprint in str(info.value)
    assert not (tmp_path / "x.db").exists()
    data = world.export_data(SMALL)
    with pytest.raises(PackageRejected) as info:
        create_workspace(tmp_path / "y.db", data, world.office_key.fingerprint)
    assert info.value.code == e.WRONG_DESTINATION
    assert not (tmp_path / "y.db").exists()


def test_a_data_import_touches_only_the_issuers_rows(world: World) -> None:
    before = world.dump()
    assert world.office_import(world.export_data(SMALL)).status == IMPORTED
    after = world.dump()
    changed = {t for t in after if after[t] != before[t]}
    assert changed == {"indicator_values", "audit_log", "package_imports", "quarter_status"}
    with world.office.read() as s:
        own = set(
            s.scalars(
                select(Indicator.id)
                .join(PerformanceTarget)
                .join(Directorate, Directorate.id == PerformanceTarget.directorate_id)
                .where(Directorate.name == SMALL)
            )
        )
        touched = set(s.scalars(select(IndicatorValue.indicator_id)))
        d_id = s.scalar(select(Directorate.id).where(Directorate.name == SMALL))
        assert {q.directorate_id for q in s.scalars(select(QuarterStatus))} == {d_id}
    assert touched and touched <= own
