"""One KBPP per database: the lock, its release after a crash, and handing files over."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kbpp.storage import create_database
from kbpp.ui.single_instance import SingleInstance, instance_key, lock_path

# A child that takes the lock and then waits to be killed, as a crashed KBPP would leave it.
HOLDER = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from kbpp.ui.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(Path(sys.argv[1]))
print("locked" if instance.acquire() else "refused", flush=True)
time.sleep(120)
"""
TIMEOUT_S = 60


def test_the_key_ignores_how_the_path_is_written(tmp_path: Path) -> None:
    assert instance_key(tmp_path / "a.db") == instance_key(tmp_path / "x" / ".." / "a.db")
    assert instance_key(tmp_path / "a.db") != instance_key(tmp_path / "b.db")
    assert lock_path(tmp_path / "a.db").parent.name == "locks"


def test_one_holder_at_a_time(qapp: object, tmp_path: Path) -> None:
    first, second = SingleInstance(tmp_path / "a.db"), SingleInstance(tmp_path / "a.db")
    other = SingleInstance(tmp_path / "b.db")
    assert first.acquire()
    assert not second.acquire()
    assert other.acquire()
    first.release()
    assert second.acquire()
    second.release()
    other.release()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_holder_never_locks_the_user_out(qapp: object, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        assert not SingleInstance(db).acquire()  # alive: refused
    finally:
        holder.kill()
        holder.wait(TIMEOUT_S)
    assert lock_path(db).exists()  # the crash left its lock file behind
    after = SingleInstance(db)
    assert after.acquire()
    after.release()


def test_a_later_start_hands_its_package_to_the_running_one(qtbot: QtBot, tmp_path: Path) -> None:
    """The real second program (`--open-package`, as Explorer starts it) finds this one."""
    db = tmp_path / "office.db"
    create_database(db, "office").close()
    package = tmp_path / "Fen İşleri 2021-Q1.kbpp"
    package.write_bytes(b"package")
    running = SingleInstance(db)
    assert running.acquire()
    received: list[list[Path]] = []
    running.listen(received.append)
    later = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from kbpp.ui.app import main; sys.exit(main(sys.argv[1:]))",
            "--db",
            str(db),
            "--open-package",
            str(package),
        ]
    )
    try:
        qtbot.waitUntil(lambda: bool(received), timeout=TIMEOUT_S * 1000)
        qtbot.waitUntil(lambda: later.poll() is not None, timeout=TIMEOUT_S * 1000)
    finally:
        if later.poll() is None:
            later.kill()
        running.release()
    assert received == [[package.resolve()]]
    assert later.returncode == 0
