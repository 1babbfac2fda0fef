"""KBPP killed mid-work loses nothing it confirmed: the database passes integrity_check, holds
every edit whose save had returned (what the grid shows as accepted), and the next start is not
locked out by the dead instance's lock.

The editing child is the real application (offscreen) writing values through
`quarter_entry.save_entry`, the grid's path, from its event loop; it prints each edit once the
save has returned and is SIGKILLed from outside after a random number of them. The import child
dies at chosen SQL statements: inside the transaction, at the COMMIT, and just after it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kbpp.quarter_entry import load_entry_sheet
from kbpp.storage import Database, open_database

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
TIMEOUT_S = 60

EDITING_CHILD = """
import sys
from decimal import Decimal
from PySide6.QtCore import QTimer
from kbpp.errors import KbppError
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.ui import app

start = int(sys.argv[2])
timers = []

def edit(window):
    sheet = load_entry_sheet(window.database, 2021)
    rows = iter(enumerate(sheet.rows))
    def next_edit():
        i, row = next(rows)
        value = Decimal(start + i)
        try:
            save_entry(window.database, row.indicator_id, "Q1", value, None)
        except KbppError:
            return
        print("confirmed", row.indicator_id, value, flush=True)
    timer = QTimer()
    timer.timeout.connect(next_edit)
    timer.start(0)
    timers.append(timer)
    print("ready", flush=True)

def refuse(message):
    print("refused", message, flush=True)
    sys.exit(3)

app.place_window = edit
app.show_error = refuse
sys.exit(app.main(["--db", sys.argv[1], "--language", "en"]))
"""

IMPORT_CHILD = """
import os, signal, sys
from pathlib import Path
from sqlalchemy import event
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_file
from kbpp.storage import open_database

db = open_database(Path(sys.argv[1]))
plan = read_plan_file(Path(sys.argv[2]))
kill_at, count = int(sys.argv[3]), 0

def step(*_args):
    global count
    count += 1
    if count == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

event.listen(db.engine, "before_cursor_execute", step)
event.listen(db.engine, "commit", step)
import_plan(db, plan)
print("imported", flush=True)
step()
print(count, flush=True)
"""


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def kill_while_editing(db_path: Path, start: int, after: int) -> dict[int, Decimal]:
    """Run the app editing from value `start`; SIGKILL it after `after` confirmed edits."""
    child = subprocess.Popen(
        [sys.executable, "-c", EDITING_CHILD, str(db_path), str(start)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    confirmed: dict[int, Decimal] = {}
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first.strip() == "ready", first
        while len(confirmed) < after:
            line = child.stdout.readline().split()
            assert line and line[0] == "confirmed", line
            confirmed[int(line[1])] = Decimal(line[2])
        child.send_signal(signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(TIMEOUT_S)
    assert child.returncode == -signal.SIGKILL
    return confirmed


def q1_values(db: Database) -> dict[int, Decimal | None]:
    return {row.indicator_id: row.facts.values.get("Q1") for row in load_entry_sheet(db, 2021).rows}


def test_killed_while_editing_keeps_every_confirmed_edit(db_2021: Database) -> None:
    path = db_2021.path
    db_2021.close()
    rng = random.Random(7)
    confirmed: dict[int, Decimal] = {}
    for round_ in range(2):  # the restart must get past the lock the killed one left behind
        confirmed.update(kill_while_editing(path, 1000 * (round_ + 1), rng.randint(3, 40)))
        assert integrity(path) == "ok"
    db = open_database(path)
    try:
        values = q1_values(db)
    finally:
        db.close()
    assert confirmed and all(values[i] == v for i, v in confirmed.items())


def count_statements(db_path: Path, plan: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_CHILD, str(db_path), str(plan), "-1"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=True,
    )
    return int(done.stdout.split()[-1])


def programs(path: Path) -> int:
    db = open_database(path)
    try:
        with db.read() as session:
            return session.execute(text("SELECT count(*) FROM program_years")).scalar_one()
    finally:
        db.close()


def test_killed_during_a_plan_import_keeps_before_or_after(
    office_db: Database, plan_2021_path: Path, tmp_path: Path
) -> None:
    office_db.close()
    total = count_statements(shutil.copy(office_db.path, tmp_path / "count.db"), plan_2021_path)
    # `total` counts every statement, the COMMIT event and one step after the import returned.
    for kill_at in (total // 2, total - 1, total):
        path = Path(shutil.copy(office_db.path, tmp_path / f"kill-{kill_at}.db"))
        child = subprocess.run(
            [sys.executable, "-c", IMPORT_CHILD, str(path), str(plan_2021_path), str(kill_at)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        assert child.returncode == -signal.SIGKILL, child.stderr
        assert integrity(path) == "ok"
        confirmed = "imported" in child.stdout
        assert confirmed == (kill_at == total)
        assert programs(path) == (1 if confirmed else 0)  # all of the plan or none of it
