"""A logical dump of every table: what tests compare to prove that nothing changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from kbpp.models import Base
from kbpp.storage.database import Database


def logical_dump(db: Database, exclude: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every KBPP table (plus the schema version), sorted, as plain tuples."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in exclude:
                continue
            rows = conn.execute(text(f'SELECT * FROM "{table.name}"')).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
        out["alembic_version"] = [
            tuple(r) for r in conn.execute(text("SELECT version_num FROM alembic_version"))
        ]
    return out
