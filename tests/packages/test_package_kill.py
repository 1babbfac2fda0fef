"""An import killed at any moment leaves the database as it was before or after, intact, and
running the import again completes it.

Deterministic kill points come from a forked child that SIGKILLs itself before its N-th SQL
statement (every stretch of the transaction, the COMMIT, and just after it); a few more come from
real subprocesses killed from outside after random delays.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from package_world import BILGI, World
from sqlalchemy import event

from kbpp.packages.importer import ALREADY_IMPORTED, IMPORTED, import_package
from kbpp.storage import open_database
from kbpp.storage.dump import logical_dump

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
CHILD = Path(__file__).with_name("kill_child.py")
TIME = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?$")


def normalised(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The logical dump with timestamps blanked: two runs of one import differ only there."""
    db = open_database(path)
    try:
        dump = logical_dump(db)
    finally:
        db.close()
    return {
        table: sorted(
            (
                tuple("<t>" if isinstance(v, str) and TIME.match(v) else v for v in row)
                for row in rows
            ),
            key=repr,
        )
        for table, rows in dump.items()
    }


def integrity(path: Path) -> str:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def import_and_die_at(db_path: Path, package: Path, kill_at: int) -> int:
    """Fork; the child imports and kills itself before statement `kill_at`; returns the signal."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            db = open_database(db_path)
            count = 0

            def step(*_args: object) -> None:
                nonlocal count
                count += 1
                if count == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

            event.listen(db.engine, "before_cursor_execute", step)
            event.listen(db.engine, "commit", step)
            import_package(db, package)
            step()
        finally:
            os._exit(0)
    deadline = time.monotonic() + 60
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        if time.monotonic() > deadline:  # a child stuck on a lock inherited through fork
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked import did not finish within 60 s")
        time.sleep(0.005)


def check_and_finish(db_path: Path, package: Path, before: dict, after: dict) -> str:
    assert integrity(db_path) == "ok"
    state = normalised(db_path)
    assert state in (before, after)
    db = open_database(db_path)
    try:
        outcome = import_package(db, package)
    finally:
        db.close()
    assert outcome.status == (IMPORTED if state == before else ALREADY_IMPORTED)
    assert normalised(db_path) == after
    return "before" if state == before else "after"


@pytest.fixture
def prepared(world: World, tmp_path: Path) -> tuple[Path, Path, dict, dict, int]:
    """A clean copy of the office, the package, the states before and after, and how many
    kill points the import has."""
    package = world.export_data(BILGI)
    world.office.close()
    clean = tmp_path / "clean.db"
    shutil.copyfile(world.root / "office.db", clean)
    reference = tmp_path / "reference.db"
    shutil.copyfile(clean, reference)
    before = normalised(clean)
    db = open_database(reference)
    count = 0

    def step(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", step)
    event.listen(db.engine, "commit", step)
    assert import_package(db, package).status == IMPORTED
    db.close()
    world.office = open_database(world.root / "office.db")  # for the fixture's teardown
    return clean, package, before, normalised(reference), count + 1


def test_an_import_killed_at_any_statement_is_before_or_after(
    prepared: tuple[Path, Path, dict, dict, int], tmp_path: Path
) -> None:
    clean, package, before, after, points = prepared
    assert points > 40
    rng = random.Random(7)
    chosen = sorted({1, 2, 3, points - 2, points - 1, points, *rng.sample(range(4, points), 20)})
    seen = set()
    for kill_at in chosen:
        db_path = tmp_path / f"k{kill_at}.db"
        shutil.copyfile(clean, db_path)
        assert import_and_die_at(db_path, package, kill_at) == signal.SIGKILL
        seen.add(check_and_finish(db_path, package, before, after))
    assert len(chosen) >= 20 and seen == {"before", "after"}


def test_a_subprocess_killed_after_random_delays(
    prepared: tuple[Path, Path, dict, dict, int], tmp_path: Path
) -> None:
    clean, package, before, after, _ = prepared
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    children = []
    for n in range(4):
        db_path = tmp_path / f"r{n}.db"
        shutil.copyfile(clean, db_path)
        args = [sys.executable, str(CHILD), str(db_path), str(package), "-1"]
        children.append((db_path, subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)))
    started = time.monotonic()
    for db_path, child in children:
        time.sleep(max(0.0, started + rng.uniform(0.3, 2.5) - time.monotonic()))
        child.send_signal(signal.SIGKILL)
        child.wait()
        check_and_finish(db_path, package, before, after)
