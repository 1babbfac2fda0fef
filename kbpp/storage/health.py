"""Is a database file safe to write to? And if not, bring back the newest good backup.

The app asks before it opens the database: writing into a damaged SQLite file can spread the
damage, so a file that fails `PRAGMA quick_check` is not opened at all.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kbpp.backup import (
    BackupInfo,
    backup_folder,
    check_problem,
    integrity_problem,
    list_backups,
    restore_backup,
)
from kbpp.errors import DatabaseError
from kbpp.i18n import _

SIDE_FILES = ("-wal", "-shm")


def quick_check_problem(path: Path) -> str | None:
    """None when SQLite's quick_check passes (fast: no index cross-checks), else what it found."""
    return check_problem(path, "quick_check")


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup of this database that passes the full integrity_check."""
    for backup in list_backups(db_path):
        if integrity_problem(backup.path) is None:
            return backup
    return None


def set_aside(db_path: Path, now: datetime | None = None) -> Path:
    """Move a damaged database (and its WAL) beside the backups, so IT can still look at it."""
    db_path = Path(db_path)
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-damaged-{stamp}{db_path.suffix}"
    db_path.replace(target)
    for suffix in SIDE_FILES:
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            side.replace(Path(f"{target}{suffix}"))
    return target


def restore_newest_good(db_path: Path) -> tuple[BackupInfo, Path]:
    """Replace a damaged database by its newest good backup; returns the backup and where the
    damaged file was put. The damaged file cannot itself be backed up (the copy fails its check),
    so it is moved aside instead."""
    backup = newest_good_backup(db_path)
    if backup is None:
        raise DatabaseError(
            _("There is no undamaged backup of {path}; nothing was restored.").format(path=db_path)
        )
    damaged = set_aside(db_path)
    restore_backup(db_path, backup.path)
    return backup, damaged
