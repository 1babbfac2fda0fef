"""The SQLite database: pragmas, migrations from code, and one transaction per write.

Every write runs in `Database.write()`, which starts with BEGIN IMMEDIATE so that the whole
change (an import, a value typed in the grid) is one transaction that either lands or not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kbpp.errors import DatabaseError
from kbpp.i18n import _
from kbpp.models import DatabaseInfo

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
ROLES = ("office", "directorate")
BUSY_TIMEOUT_MS = 10_000


# The newest schema revision this KBPP knows (tests/test_storage.py checks it is Alembic's
# head). A database already there opens without loading Alembic at all, which is most of a
# second of the clerk's start-up; Alembic is imported only to migrate or to refuse.
SCHEMA_HEAD = "0005"


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _stored_revision(engine: Engine) -> str | None:
    """The database's schema revision, read without Alembic; None when it has none."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if has_table is None:
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _make_engine(path: Path) -> Engine:
    # URL.create, not an f-string: a folder named "50%" or "a?b" must not be read as URL syntax.
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below start transactions, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("kbpp_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Database:
    """An open KBPP database file."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._write_engine = engine.execution_options(kbpp_write=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT); rolled back on any error."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; nothing it does is committed."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    def info(self, key: str, default: str | None = None) -> str | None:
        with self.read() as session:
            row = session.get(DatabaseInfo, key)
            return row.value if row else default

    @property
    def role(self) -> str | None:
        return self.info("role")

    @property
    def directorate_name(self) -> str | None:
        return self.info("directorate")

    @property
    def is_demo(self) -> bool:
        return self.info("demo") == "1"

    def close(self) -> None:
        self.engine.dispose()


def _check_and_migrate(engine: Engine, path: Path) -> None:
    current = _stored_revision(engine)
    if current == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    if current is not None:
        try:
            script.get_revision(current)
        except CommandError:
            raise DatabaseError(
                _(
                    "The database {path} was made by a newer version of KBPP (schema {rev}). "
                    "Install the newer KBPP to open it; this version will not change it."
                ).format(path=path, rev=current)
            ) from None
    if current == script.get_current_head():
        return
    if current is not None:
        from kbpp.backup import backup_before  # imported late: backup needs no engine

        backup_before(path, f"before-migration-{current}")
    with engine.execution_options(kbpp_write=True).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _open_engine(path: Path) -> Engine:
    engine = _make_engine(path)
    try:
        _check_and_migrate(engine, path)
    except (SADatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DatabaseError(
            _("{path} is not a KBPP database or is damaged ({reason}).").format(
                path=path, reason=getattr(exc, "orig", exc)
            )
        ) from None
    except DatabaseError:
        engine.dispose()
        raise
    return engine


def open_database(path: Path) -> Database:
    """Open an existing database, applying pending migrations; refuse newer or foreign files."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(
            _(
                "There is no database at {path}. Create one with "
                "“kbpp init --role office” or “kbpp init --role directorate --directorate NAME”."
            ).format(path=path)
        )
    db = Database(path, _open_engine(path))
    if db.role is None:
        db.close()
        raise DatabaseError(
            _("{path} has no KBPP role; it was not created by “kbpp init”.").format(path=path)
        )
    return db


def create_database(
    path: Path, role: str, directorate: str | None = None, demo: bool = False
) -> Database:
    """Create a new database file with its role (office or one directorate's workspace)."""
    path = Path(path)
    if role not in ROLES:
        raise DatabaseError(_("The role must be “office” or “directorate”."))
    if role == "directorate" and not directorate:
        raise DatabaseError(_("A directorate workspace needs its directorate: --directorate NAME."))
    if path.exists():
        raise DatabaseError(
            _("{path} already exists; KBPP will not overwrite a database.").format(path=path)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = _open_engine(path)
    except DatabaseError:
        path.unlink(missing_ok=True)
        raise
    db = Database(path, engine)
    with db.write() as session:
        session.add(DatabaseInfo(key="role", value=role))
        if directorate:
            session.add(DatabaseInfo(key="directorate", value=directorate))
        if demo:
            session.add(DatabaseInfo(key="demo", value="1"))
        from kbpp import __version__

        session.add(DatabaseInfo(key="created_by", value=__version__))
    return db


def info_keys(session: Session) -> dict[str, str]:
    """Every DatabaseInfo row, for dumps and diagnostics."""
    return {row.key: row.value for row in session.scalars(select(DatabaseInfo))}
