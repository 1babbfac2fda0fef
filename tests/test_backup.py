"""Backups: verified copies, rotation, restore (with a safety copy), and the automatic ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from kbpp.backup import (
    BackupInfo,
    RetentionPolicy,
    daily_backup_if_due,
    list_backups,
    make_backup,
    restore_backup,
    to_keep,
)
from kbpp.cli.main import main
from kbpp.errors import DatabaseError
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_file
from kbpp.storage import Database, create_database, open_database
from kbpp.storage.dump import logical_dump


def directorate_count(db: Database) -> int:
    with db.read() as s:
        return s.execute(text("SELECT count(*) FROM directorates")).scalar()


def test_backup_is_a_verified_copy_that_restores(db_2021: Database) -> None:
    before = logical_dump(db_2021)
    info = make_backup(db_2021.path, "manual")
    assert info.path.exists() and info.reason == "manual"
    with db_2021.write() as s:
        s.execute(text("DELETE FROM indicator_history"))
    db_2021.close()
    safety = restore_backup(db_2021.path, info.path)
    assert safety.reason == "before-restore"
    restored = open_database(db_2021.path)
    assert logical_dump(restored) == before
    restored.close()


def test_plan_import_takes_a_backup_first(office_db: Database, plan_2021_path: Path) -> None:
    import_plan(office_db, read_plan_file(plan_2021_path))
    backups = list_backups(office_db.path)
    assert [b.reason for b in backups] == ["before-plan-import"]
    db = open_database(backups[0].path)  # the state before the import: no directorates
    assert directorate_count(db) == 0
    db.close()


def test_damaged_or_foreign_backups_are_refused(db_2021: Database, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    db_2021.close()
    before = db_2021.path.read_bytes()
    with pytest.raises(DatabaseError):
        restore_backup(db_2021.path, junk)
    with pytest.raises(DatabaseError, match="no backup file"):
        restore_backup(db_2021.path, tmp_path / "missing.db")
    assert db_2021.path.read_bytes() == before


def test_daily_backup_only_once_a_day(office_db: Database) -> None:
    assert daily_backup_if_due(office_db.path) is not None
    assert daily_backup_if_due(office_db.path) is None


def test_retention_keeps_days_weeks_months() -> None:
    start = datetime(2026, 11, 21, 9, 0)
    backups = [
        BackupInfo(Path(f"b{i}.db"), start - timedelta(hours=12 * i), "daily", 1)
        for i in range(800)  # two a day for more than a year
    ]
    keep = to_keep(backups, RetentionPolicy(daily=7, weekly=4, monthly=12, recent=3))
    kept = sorted((b for b in backups if b.path in keep), key=lambda b: b.created)
    days = {b.created.date() for b in kept}
    months = {(b.created.year, b.created.month) for b in kept}
    assert len(keep) < 30
    assert len(days) >= 7 and len(months) == 12
    assert backups[0].path in keep  # the newest is always kept


def test_backup_command_line(office_db: Database, tmp_path: Path, capsys) -> None:
    stick = tmp_path / "usb"
    assert main(["--db", str(office_db.path), "backup", "now", "--to", str(stick)]) == 0
    assert len(list(stick.glob("*.db"))) == 1
    assert main(["--db", str(office_db.path), "backup", "now"]) == 0
    assert main(["--db", str(office_db.path), "backup", "list"]) == 0
    assert "manual" in capsys.readouterr().out
    backup = list_backups(office_db.path)[0].path
    office_db.close()
    assert main(["--db", str(office_db.path), "backup", "restore", str(backup)]) == 0


def test_backup_of_a_database_in_an_awkward_folder(tmp_path: Path) -> None:
    """The read-only checks open the file by URI; "#" and "%" in a folder must not break them."""
    path = tmp_path / "Strateji #2 50%" / "office.db"
    path.parent.mkdir()
    create_database(path, "office").close()
    info = make_backup(path, "manual")
    assert info.path.exists()
    assert [b.path for b in list_backups(path)] == [info.path]
