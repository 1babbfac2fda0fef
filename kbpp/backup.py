"""Backups of a database file: made with SQLite's backup API, verified, rotated, restorable.

A lost database in December is a lost year of a directorate's reporting, so a backup is taken
before every import, migration and year rollover, and once a day when KBPP is used.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kbpp.errors import DatabaseError
from kbpp.i18n import _
from kbpp.paths import data_dir

NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class RetentionPolicy:
    """How many backups to keep: the newest of each of the last N days, weeks and months."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    recent: int = 10  # the newest few, whatever their dates (e.g. several imports in one day)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int


def backup_folder(db_path: Path) -> Path:
    """Backups of one database live in the user's data folder, by database name."""
    return data_dir() / "backups" / Path(db_path).stem


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a database file without any chance of writing to it (checks, backups' facts).

    as_uri() escapes what a Windows path may hold and a URI may not ("#", "?", "%", spaces).
    """
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def check_problem(path: Path, pragma: str = "integrity_check") -> str | None:
    """None when SQLite's integrity_check (or quick_check) passes, else what it found."""
    try:
        conn = connect_read_only(path)
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows)
    return None if result == "ok" else result


def integrity_problem(path: Path) -> str | None:
    """None when SQLite's full integrity_check passes, else what it found."""
    return check_problem(path, "integrity_check")


def _is_kbpp_database(path: Path) -> bool:
    try:
        conn = connect_read_only(path)
        try:
            row = conn.execute("SELECT value FROM database_info WHERE key = 'role'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def make_backup(
    db_path: Path, reason: str, folder: Path | None = None, now: datetime | None = None
) -> BackupInfo:
    """Copy the live database (consistent even while in use), verify the copy, name it."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise DatabaseError(_("There is no database at {path} to back up.").format(path=db_path))
    folder = Path(folder) if folder else backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    created = (now or datetime.now()).replace(microsecond=0)
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    target = folder / f"{db_path.stem}-{created.strftime(STAMP)}-{slug}.db"
    partial = target.with_name(target.name + ".part")
    try:
        _copy(db_path, partial)
        problem = integrity_problem(partial)
        if problem:
            raise DatabaseError(
                _(
                    "The backup of {path} failed its integrity check ({problem}); the database "
                    "itself may be damaged. Restore an earlier backup."
                ).format(path=db_path, problem=problem)
            )
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(
            _("The backup could not be written to {folder}: {reason}.").format(
                folder=folder, reason=exc
            )
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(target, created, slug, target.stat().st_size)


def list_backups(db_path: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    folder = Path(folder) if folder else backup_folder(db_path)
    found = []
    for path in folder.glob("*.db") if folder.exists() else []:
        match = NAME_RE.match(path.name)
        if match and match["stem"] == Path(db_path).stem:
            created = datetime.strptime(match["stamp"], STAMP)
            found.append(BackupInfo(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def to_keep(backups: list[BackupInfo], policy: RetentionPolicy) -> set[Path]:
    """Grandfather-father-son: the newest backup of each recent day, week and month."""
    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    keep = {b.path for b in newest_first[: policy.recent]}
    for count, bucket in (
        (policy.daily, lambda d: d.date()),
        (policy.weekly, lambda d: d.isocalendar()[:2]),
        (policy.monthly, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for b in newest_first:
            key = bucket(b.created)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(b.path)
    return keep


def rotate(db_path: Path, policy: RetentionPolicy | None = None) -> list[Path]:
    """Delete the backups the policy no longer keeps; return what was deleted."""
    backups = list_backups(db_path)
    keep = to_keep(backups, policy or RetentionPolicy())
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def backup_before(db_path: Path, reason: str, policy: RetentionPolicy | None = None) -> BackupInfo:
    """The backup taken before a risky step (import, migration, rollover), then rotation."""
    info = make_backup(db_path, reason)
    rotate(db_path, policy)
    return info


def daily_backup_if_due(db_path: Path, policy: RetentionPolicy | None = None) -> BackupInfo | None:
    """Once a day when KBPP is used: only if no backup of this database was made today."""
    today = datetime.now().date()
    if any(b.created.date() == today for b in list_backups(db_path)):
        return None
    return backup_before(db_path, "daily", policy)


def restore_backup(db_path: Path, backup: Path) -> BackupInfo:
    """Replace the database's content by a verified backup; the current state is backed up first.

    Every connection to the database must be closed by the caller.
    """
    backup, db_path = Path(backup), Path(db_path)
    if not backup.exists():
        raise DatabaseError(_("There is no backup file {path}.").format(path=backup))
    problem = integrity_problem(backup)
    if problem:
        raise DatabaseError(
            _("The backup {path} is damaged ({problem}); choose another one.").format(
                path=backup, problem=problem
            )
        )
    if not _is_kbpp_database(backup):
        raise DatabaseError(
            _("{path} is not a KBPP database backup; nothing was restored.").format(path=backup)
        )
    safety = make_backup(db_path, "before-restore") if db_path.exists() else None
    staged = db_path.with_name(db_path.name + ".restoring")
    try:
        shutil.copyfile(backup, staged)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        staged.replace(db_path)
    finally:
        staged.unlink(missing_ok=True)
    return safety or BackupInfo(db_path, datetime.now(), "restored", db_path.stat().st_size)
