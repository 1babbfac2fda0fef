"""Child process for the kill test: imports one package and dies on the N-th SQL statement.

Usage: python kill_child.py DB PACKAGE KILL_AT   (KILL_AT -1: never; prints the statement count)
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from sqlalchemy import event

from kbpp.packages.importer import import_package
from kbpp.storage import open_database


def main() -> None:
    db_path, package, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    db = open_database(db_path)
    count = 0

    def step(*_args: object) -> None:
        nonlocal count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(db.engine, "before_cursor_execute", step)
    event.listen(db.engine, "commit", step)
    outcome = import_package(db, package)
    step()  # one point after the commit has returned
    print(outcome.status, count, flush=True)


if __name__ == "__main__":
    main()
