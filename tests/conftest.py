"""Shared fixtures: fresh databases, and the 2021 plan imported once and copied per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KBPP_USER", "test-user")

from kbpp.i18n import set_language
from kbpp.storage import Database, create_database, open_database

ROOT = Path(__file__).resolve().parent.parent
SHARED_PLAN = ROOT.parent / "shared" / "data" / "kucukcekmece-2021.plan.json"
BUNDLED_PLAN = ROOT / "kbpp" / "data" / "kucukcekmece-2021.plan.json"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the real per-user data folder. Tests read messages in the source
    language (English) unless they switch to Turkish to check the translation."""
    monkeypatch.setenv("KBPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KBPP_DB", raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def plan_2021_path() -> Path:
    """The real 2021 data from ../shared (CI has it beside the project); else the bundled copy."""
    return SHARED_PLAN if SHARED_PLAN.exists() else BUNDLED_PLAN


@pytest.fixture
def office_db(tmp_path: Path) -> Iterator[Database]:
    db = create_database(tmp_path / "office.db", "office")
    yield db
    db.close()


@pytest.fixture(scope="session")
def _imported_2021_template(tmp_path_factory: pytest.TempPathFactory, plan_2021_path: Path) -> Path:
    from kbpp.planexchange.importer import import_plan
    from kbpp.planexchange.reader import read_plan_file

    path = tmp_path_factory.mktemp("template") / "imported-2021.db"
    db = create_database(path, "office")
    import_plan(db, read_plan_file(plan_2021_path))
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_2021(tmp_path: Path, _imported_2021_template: Path) -> Iterator[Database]:
    """An office database with the 2021 plan imported (a private copy for this test)."""
    path = tmp_path / "db-2021.db"
    shutil.copyfile(_imported_2021_template, path)
    db = open_database(path)
    yield db
    db.close()
