"""The database file: pragmas, roles, migrations, refusals, the append-only audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kbpp.errors import DatabaseError
from kbpp.models import Base
from kbpp.storage import Database, create_database, open_database


def test_pragmas_are_set_on_every_connection(office_db: Database) -> None:
    with office_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_role_and_directorate_are_recorded(tmp_path: Path) -> None:
    db = create_database(tmp_path / "d.db", "directorate", "Bilgi İşlem Müdürlüğü")
    db.close()
    db = open_database(tmp_path / "d.db")
    assert (db.role, db.directorate_name, db.is_demo) == (
        "directorate",
        "Bilgi İşlem Müdürlüğü",
        False,
    )
    db.close()


def test_migrations_build_exactly_the_models_schema(office_db: Database) -> None:
    with office_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_database_from_a_newer_kbpp_is_refused_unchanged(office_db: Database) -> None:
    with office_db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    office_db.close()
    before = office_db.path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of KBPP"):
        open_database(office_db.path)
    assert office_db.path.read_bytes() == before


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseError, match="not a KBPP database"):
        open_database(junk)
    assert junk.read_bytes() == b"this is not a database at all" * 100


def test_sqlite_file_without_role_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite3.connect(path).close()
    with pytest.raises(DatabaseError, match="no KBPP role"):
        open_database(path)


def test_missing_database_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="kbpp init"):
        open_database(tmp_path / "none.db")


def test_existing_file_is_never_overwritten(office_db: Database) -> None:
    with pytest.raises(DatabaseError, match="already exists"):
        create_database(office_db.path, "office")


def test_directorate_role_needs_a_name(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="--directorate"):
        create_database(tmp_path / "x.db", "directorate")
    assert not (tmp_path / "x.db").exists()


def test_audit_log_is_append_only(office_db: Database) -> None:
    from kbpp import audit

    with office_db.write() as s:
        audit.record(s, "test", "thing", "key", old=1, new=2)
    for statement in ("UPDATE audit_log SET new = '3'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError, match="append-only"), office_db.write() as s:
            s.execute(text(statement))
    with office_db.read() as s:
        assert s.execute(text("SELECT old, new FROM audit_log")).all() == [("1", "2")]


def test_failed_write_leaves_nothing(office_db: Database) -> None:
    from kbpp.models import Directorate

    with pytest.raises(RuntimeError), office_db.write() as s:
        s.add(Directorate(name="Geçici Müdürlük"))
        s.flush()
        raise RuntimeError("boom")
    with office_db.read() as s:
        assert s.execute(text("SELECT count(*) FROM directorates")).scalar() == 0


@pytest.mark.parametrize("folder", ["50% plan", "a?b", "x#y", "İş Planı"])
def test_paths_with_url_characters_open_the_right_file(tmp_path: Path, folder: str) -> None:
    """Windows folders may hold %, #, spaces or Turkish letters; none is URL syntax to us."""
    path = tmp_path / folder / "office.db"
    path.parent.mkdir()
    create_database(path, "office").close()
    db = open_database(path)
    assert db.role == "office"
    db.close()
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".db"] == ["office.db"]


def test_schema_head_is_alembics_head() -> None:
    """Opening skips Alembic when a database is at SCHEMA_HEAD: it must be the real head (bump
    it with every new revision)."""
    from alembic.script import ScriptDirectory

    from kbpp.storage.database import MIGRATIONS_DIR, SCHEMA_HEAD

    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() == SCHEMA_HEAD
