"""Office benchmark: the 2021 year rollover and publishing reference packages to every directorate.

    .venv/bin/python benchmarks/bench_office_publish.py [--runs 3] [--strict]

Inputs are built in a temporary folder (KBPP_DATA_DIR points into it; removed at the end): an
office database with the real 2021 plan (25 directorates, 100 cards, 476 indicators) with a
value and a note for every indicator in Q1-Q3 (Q4 is left empty). Each run works on a fresh
copy of that database.

- rollover 2021 → 2022: `kbpp.rollover.roll_over`, backup included (what `kbpp year rollover`
  does). Goal < 2 s.
- publish, all directorates: `kbpp.office.publish.publish_with_key` (25 reference packages built,
  signed, written to a staging folder and renamed into place, one transaction); the key is
  already unlocked (scrypt is timed apart, it is the same for one package or 25).
- unlock the key: `load_signing_key` with the default scrypt cost (N = 2^17).
- reminder letters, all directorates: `collect` + `write_letters` for Q4, nothing entered yet
  (25 letters, all 476 indicators listed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("KBPP_USER", "bench")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "kucukcekmece-2021.plan.json"
PLAN = SHARED if SHARED.exists() else ROOT / "kbpp" / "data" / "kucukcekmece-2021.plan.json"
GOALS = {"rollover": 2.0}


def build(folder: Path) -> Path:
    from kbpp.planexchange.importer import import_plan
    from kbpp.planexchange.reader import read_plan_file
    from kbpp.quarter_entry import Entry, load_entry_sheet, save_entries
    from kbpp.storage import create_database

    path = folder / "office.db"
    db = create_database(path, "office")
    import_plan(db, read_plan_file(PLAN))
    sheet = load_entry_sheet(db, 2021)
    entries = [
        Entry(r.indicator_id, f"Q{q}", Decimal(q + n % 7), "Not")
        for n, r in enumerate(sheet.rows)
        for q in range(1, 4)
    ]
    save_entries(db, entries)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def timed(runs: int, template: Path, work: Callable[[object, Path], object]) -> list[float]:
    from kbpp.storage import open_database

    times = []
    for i in range(runs):
        run_dir = template.parent / f"run-{time.monotonic_ns()}-{i}"
        run_dir.mkdir()
        shutil.copyfile(template, run_dir / "office.db")
        db = open_database(run_dir / "office.db")
        try:
            start = time.perf_counter()
            work(db, run_dir)
            times.append(time.perf_counter() - start)
        finally:
            db.close()
            shutil.rmtree(run_dir, ignore_errors=True)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kbpp-bench-office-") as tmp:
        os.environ["KBPP_DATA_DIR"] = str(Path(tmp) / "data")
        from kbpp.office.publish import publish_with_key
        from kbpp.packages.keys import load_signing_key, new_key_files, signing_key_from_seed
        from kbpp.reports.letters import collect, write_letters
        from kbpp.rollover import roll_over

        template = build(Path(tmp))
        key = signing_key_from_seed(b"\x01" * 32, "office")
        new_key_files(Path(tmp) / "office.key", "office", "bench-passphrase")
        rows: list[tuple[str, list[float], str]] = []

        def rollover(db: object, _folder: Path) -> object:
            return roll_over(db, 2021)

        def publish_all(db: object, folder: Path) -> object:
            return publish_with_key(db, 2021, key, folder / "out")

        def letters(db: object, folder: Path) -> object:
            return write_letters(collect(db, 2021, 4), folder / "letters.pdf")

        rows.append(
            ("rollover 2021 → 2022 (backup included)", timed(args.runs, template, rollover),
             "rollover")
        )  # fmt: skip
        rows.append(
            ("publish, all 25 directorates (key unlocked)",
             timed(args.runs, template, publish_all), "")
        )  # fmt: skip
        unlock = []
        for _ in range(args.runs):
            start = time.perf_counter()
            load_signing_key(Path(tmp) / "office.key", "bench-passphrase")
            unlock.append(time.perf_counter() - start)
        rows.append(("unlock the office key (scrypt N = 2^17)", unlock, ""))
        rows.append(
            ("reminder letters Q4, all directorates (nothing entered)",
             timed(args.runs, template, letters), "")
        )  # fmt: skip
    failed = False
    print(f"| figure | median of {args.runs} | min – max | goal |")
    print("|---|---:|---:|---|")
    for label, times, goal in rows:
        median = statistics.median(times)
        verdict = ""
        if goal:
            ok = median < GOALS[goal]
            failed |= not ok
            verdict = f"{'PASS' if ok else 'MISS'} (< {GOALS[goal]:g} s)"
        print(
            f"| {label} | {median * 1000:,.0f} ms | {min(times) * 1000:,.0f} ms – "
            f"{max(times) * 1000:,.0f} ms | {verdict} |"
        )
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
