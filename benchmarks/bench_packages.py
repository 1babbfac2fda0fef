"""Signed packages: export, verify + import of the 25 directorates, and a 50 MB package.

    .venv/bin/python benchmarks/bench_packages.py [--runs 3] [--strict]

Goals (issue #4), on the 2021 data with every indicator given four quarters and notes:
  - exporting one directorate's package (its Q4 package, the largest)      < 0.3 s
  - verifying and importing all 25 directorates' packages, in total          < 3 s
  - verifying a 50 MB package (with attachments)                             < 2 s,
    never holding it in memory more than twice (Python allocations, tracemalloc)

Everything happens in a temporary folder (KBPP_DATA_DIR, KBPP_USER=bench). Figures are the
median of --runs runs, each on fresh copies of the databases; a gc.collect() runs before each.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select, text

from kbpp.models import Directorate, Indicator, PerformanceTarget
from kbpp.packages.container import open_package
from kbpp.packages.evidence import attach_evidence
from kbpp.packages.export import export_package
from kbpp.packages.importer import IMPORTED, import_packages
from kbpp.packages.keyring import add_key
from kbpp.packages.keys import SigningKey, signing_key_from_seed
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_file
from kbpp.storage import create_database, open_database

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT.parent / "shared" / "data" / "kucukcekmece-2021.plan.json"
if not PLAN.exists():
    PLAN = ROOT / "kbpp" / "data" / "kucukcekmece-2021.plan.json"
MB = 1024 * 1024
T = TypeVar("T")


def key_for(name: str) -> SigningKey:
    return signing_key_from_seed(hashlib.sha256(f"bench/{name}".encode()).digest(), name)


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def prepare(tmp: Path) -> tuple[Path, Path, list[str]]:
    """(office with the plan and the 25 keys, the same with every value and note, names)."""
    office = tmp / "office.db"
    db = create_database(office, "office")
    import_plan(db, read_plan_file(PLAN))
    with db.read() as s:
        names = list(s.scalars(select(Directorate.name).order_by(Directorate.position)))
    with db.write() as s:
        for name in names:
            add_key(s, key_for(name).public_key, "directorate", name, "bench")
    db.close()
    full = tmp / "full.db"
    shutil.copyfile(office, full)
    db = open_database(full)
    with db.write() as s:
        rows = s.execute(select(Indicator.id, Indicator.target)).all()
        s.execute(
            text(
                "INSERT INTO indicator_values (indicator_id, period, value, note, "
                "entered_by_office) VALUES (:i, :p, :v, :n, 0)"
            ),
            [
                {"i": i, "p": f"Q{q}", "v": str((target or 4) / 4 * q), "n": f"Not {i}/{q}"}
                for i, target in rows
                for q in range(1, 5)
            ],
        )
    db.close()
    return office, full, names


def workspace(full: Path, tmp: Path, name: str, n: int) -> Path:
    path = tmp / f"ws{n}.db"
    shutil.copyfile(full, path)
    db = open_database(path)
    with db.write() as s:
        s.execute(text("UPDATE database_info SET value = 'directorate' WHERE key = 'role'"))
        s.execute(
            text("INSERT INTO database_info (key, value) VALUES ('directorate', :n)"), {"n": name}
        )
    db.close()
    return path


def run_once(tmp: Path, office: Path, full: Path, names: list[str]) -> dict[str, float]:
    out = tmp / "out"
    out.mkdir()
    exports = []
    paths = []
    for n, name in enumerate(names):
        db = open_database(workspace(full, tmp, name, n))
        result, seconds = timed(
            lambda db=db, name=name: export_package(db, key_for(name), out, "data", 2021, 4)
        )
        db.close()
        exports.append(seconds)
        paths.append(result.path)
    target = tmp / "office-run.db"
    shutil.copyfile(office, target)
    db = open_database(target)
    outcomes, import_all = timed(lambda: import_packages(db, paths))
    db.close()
    assert all(o.status == IMPORTED for o in outcomes), [o.error for o in outcomes]
    _, verify_all = timed(lambda: [open_package(p) for p in paths])
    return {
        "export max": max(exports),
        "export median": statistics.median(exports),
        "verify + import 25": import_all,
        "verify 25": verify_all,
        "package KB (median)": statistics.median(p.stat().st_size for p in paths) / 1024,
    }


def big_package(tmp: Path, full: Path, name: str, size_mb: int) -> Path:
    db = open_database(workspace(full, tmp, name, 99))
    with db.read() as s:
        ids = s.scalars(
            select(Indicator.id)
            .join(PerformanceTarget)
            .join(Directorate)
            .where(Directorate.name == name)
        ).all()
    chunk = size_mb // 5
    for n in range(5):
        evidence = tmp / f"rapor-{n}.bin"
        evidence.write_bytes(os.urandom(chunk * MB))
        attach_evidence(db, ids[n % len(ids)], "Q4", evidence)
        evidence.unlink()
    path = export_package(db, key_for(name), tmp, "data", 2021, 4).path
    db.close()
    return path


def measure_big(tmp: Path, office: Path, path: Path) -> dict[str, float]:
    size = path.stat().st_size
    tracemalloc.start()
    _, verify = timed(lambda: open_package(path))
    verify_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    target = tmp / "office-big.db"
    shutil.copyfile(office, target)
    db = open_database(target)
    tracemalloc.start()
    outcomes, imported = timed(lambda: import_packages(db, [path]))
    import_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    db.close()
    target.unlink()
    assert outcomes[0].status == IMPORTED, outcomes[0].error
    return {
        "50 MB: size MB": size / MB,
        "50 MB: verify": verify,
        "50 MB: verify peak / size": verify_peak / size,
        "50 MB: verify + import": imported,
        "50 MB: import peak / size": import_peak / size,
    }


GOALS = {
    "export max": 0.3,
    "verify + import 25": 3.0,
    "50 MB: verify": 2.0,
    "50 MB: verify peak / size": 2.0,
    "50 MB: import peak / size": 2.0,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["KBPP_DATA_DIR"] = str(tmp / "data")
        os.environ["KBPP_USER"] = "bench"
        office, full, names = prepare(tmp)
        runs = []
        for n in range(args.runs):
            run_dir = tmp / f"run{n}"
            run_dir.mkdir()
            runs.append(run_once(run_dir, office, full, names))
            shutil.rmtree(run_dir)
        big = [measure_big(tmp, office, big_package(tmp, full, names[0], 50))]
    figures = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    figures.update(big[0])
    print(f"{len(names)} directorates, {args.runs} run(s), Python {sys.version.split()[0]}")
    missed = False
    for label, value in figures.items():
        goal = GOALS.get(label)
        verdict = "" if goal is None else ("ok" if value < goal else "MISSED")
        missed |= verdict == "MISSED"
        unit = "" if "/" in label or "KB" in label or ("MB:" in label and "size" in label) else " s"
        goal_text = f"(goal < {goal})" if goal else ""
        print(f"  {label:<28} {value:10.3f}{unit:<3} {goal_text:<16} {verdict}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
