"""The start-up check: a damaged database is recognised, set aside, and its newest good backup
brought back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kbpp.backup import integrity_problem, list_backups, make_backup
from kbpp.errors import DatabaseError
from kbpp.storage import Database, create_database, open_database
from kbpp.storage.health import (
    newest_good_backup,
    quick_check_problem,
    restore_newest_good,
    set_aside,
)


def damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk or a cut write would."""
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page, "the database is too small to damage a middle page"
    for offset in range(2 * page, len(data) - page, page):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def checkpointed(db: Database) -> Path:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return db.path


def test_a_healthy_database_passes(db_2021: Database) -> None:
    assert quick_check_problem(db_2021.path) is None


def test_a_damaged_database_fails_and_a_foreign_file_too(db_2021: Database, tmp_path: Path) -> None:
    damage(checkpointed(db_2021))
    assert quick_check_problem(db_2021.path)
    text = tmp_path / "notes.db"
    text.write_text("not a database at all " * 300)
    assert quick_check_problem(text)


def test_restore_brings_back_the_newest_good_backup(db_2021: Database) -> None:
    older = make_backup(db_2021.path, "manual", now=datetime.now() - timedelta(days=2))
    newer = make_backup(db_2021.path, "daily")
    damage(newer.path)  # the newest backup is itself damaged: it must be skipped
    path = checkpointed(db_2021)
    damage(path)
    assert newest_good_backup(path) == older
    restored, damaged = restore_newest_good(path)
    assert restored == older
    assert quick_check_problem(path) is None and integrity_problem(path) is None
    assert damaged.exists() and damaged.parent == older.path.parent and "damaged" in damaged.name
    assert damaged not in [b.path for b in list_backups(path)]  # never offered as a backup
    open_database(path).close()


def test_without_a_good_backup_nothing_is_touched(tmp_path: Path) -> None:
    db = create_database(tmp_path / "lonely.db", "office")
    path = checkpointed(db)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="no undamaged backup"):
        restore_newest_good(path)
    assert path.read_bytes() == before


def test_set_aside_moves_the_wal_too(tmp_path: Path) -> None:
    path = checkpointed(create_database(tmp_path / "x.db", "office"))
    Path(f"{path}-wal").write_bytes(b"wal of a crashed session")
    target = set_aside(path)
    assert not path.exists() and not Path(f"{path}-wal").exists()
    assert target.exists() and Path(f"{target}-wal").read_bytes() == b"wal of a crashed session"


def test_awkward_file_names_are_checked_too(tmp_path: Path) -> None:
    path = checkpointed(create_database(tmp_path / "Fen İşleri #2.db", "office"))
    assert quick_check_problem(path) is None
    damage_target = checkpointed(create_database(tmp_path / "Bozuk #1.db", "office"))
    damage_target.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert quick_check_problem(damage_target)
