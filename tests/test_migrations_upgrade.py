"""A database made by every earlier schema version opens in this KBPP without losing anything,
and a verified backup of the old file is taken before it is upgraded.

The fixtures in tests/fixtures/ are made by tools/make_migration_fixtures.py: one file per
Alembic revision, upgraded to exactly that revision and filled through plain SQL.
"""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kbpp.backup import integrity_problem, list_backups
from kbpp.quarter_entry import load_entry_sheet
from kbpp.storage import open_database
from kbpp.storage.database import MIGRATIONS_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCRIPT = ScriptDirectory(str(MIGRATIONS_DIR))
HEAD = SCRIPT.get_current_head()
REVISIONS = [r.revision for r in reversed(list(SCRIPT.walk_revisions()))]


def row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_revision() -> None:
    assert sorted(p.name for p in FIXTURES.glob("schema-*.db")) == [
        f"schema-{rev}.db" for rev in REVISIONS
    ]


@pytest.mark.parametrize("revision", REVISIONS)
def test_an_old_database_upgrades_without_loss(revision: str, tmp_path: Path) -> None:
    path = Path(shutil.copy(FIXTURES / f"schema-{revision}.db", tmp_path / "kbpp.db"))
    assert revision_of(path) == revision
    before = row_counts(path)
    assert all(before.values()), "every table of the fixture has representative rows"

    db = open_database(path)
    try:
        sheet = load_entry_sheet(db, 2021)
        rows = {row.facts.code: row for row in sheet.rows}
        locked = sheet.lock("Bilgi İşlem Müdürlüğü", 1).locked
        role = db.role
    finally:
        db.close()

    assert revision_of(path) == HEAD
    assert integrity_problem(path) is None
    after = row_counts(path)
    assert {t: after[t] for t in before} == before  # nothing lost, table by table
    assert role == "office"
    assert rows["PG9.62.1.1"].facts.values["Q1"] == Decimal("3")
    assert rows["PG9.62.1.2"].facts.values["Q1"] == Decimal("97.125")
    assert rows["PG9.62.1.2"].notes["Q1"] == "Yaz döneminde kesinti yaşandı; düzeltildi."
    assert rows["PG4.12.1.1"].facts.target == Decimal("120000.75")
    assert locked == (revision >= "0002")  # the accepted quarter of the fixture stays locked

    backups = list_backups(path)
    if revision == HEAD:
        assert backups == []  # nothing to migrate, nothing to back up
        return
    (backup,) = backups
    assert backup.reason == f"before-migration-{revision}"
    assert revision_of(backup.path) == revision  # the file as it was, before the upgrade
    assert row_counts(backup.path) == before
    assert integrity_problem(backup.path) is None
