"""Foundation benchmark: plan import, evaluation, re-import and export at 1× and 10× scale.

    .venv/bin/python benchmarks/bench_foundation.py [--runs N] [--scale 10] [--seed 0]

Every figure is the median of N runs (default 3); each run uses fresh temporary databases, so
each import is a first import unless it says re-import. Database creation (migrations) is never
timed. Everything is written under one temporary folder (KBPP_DATA_DIR points into it too),
removed at the end. See benchmarks/README.md for what each line measures and the goals.
"""

# ruff: noqa: E402  (no .pyc files: the benchmark writes nothing outside temporary folders)
from __future__ import annotations

import sys

sys.dont_write_bytecode = True

import argparse
import gc
import os
import platform
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy
from make_synthetic_plan import counts, make_synthetic, render, source_plan_path
from sqlalchemy import func, select

from kbpp.evaluation.engine import evaluate
from kbpp.evaluation.loader import evaluate_year, load_year_facts
from kbpp.models import Indicator, IndicatorValue
from kbpp.planexchange.exporter import dumps_exact, export_plan
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_file
from kbpp.storage import Database
from kbpp.storage.database import create_database

YEAR = 2021
T = TypeVar("T")


@dataclass
class Figure:
    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    goal: float | None = None

    @property
    def heading(self) -> bool:
        return self.label.startswith("#")


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


@dataclass
class Bench:
    scale: int
    figures: dict[str, Figure] = field(default_factory=dict)
    rss: list[tuple[str, float]] = field(default_factory=list)

    def record(self, key: str, timing: Timing) -> None:
        self.figures[key].wall.append(timing[0])
        self.figures[key].cpu.append(timing[1])

    def define(self, key: str, label: str, goal: float | None = None) -> None:
        self.figures[key] = Figure(label, goal=goal)


def timed(fn: Callable[[], T]) -> tuple[T, Timing]:
    """Run fn once after a full collection, so one stage's garbage is not charged to the next.

    CPU time is shown beside wall time: on a shared machine it is the steadier figure.
    """
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def new_db(folder: Path, name: str) -> Database:
    return create_database(folder / f"{name}.db", "office")


def indicator_and_value_counts(db: Database) -> tuple[int, int]:
    with db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Indicator)) or 0,
            session.scalar(select(func.count()).select_from(IndicatorValue)) or 0,
        )


def one_run(
    bench: Bench,
    files: dict[str, Path],
    expected: dict[str, dict[str, int]],
    folder: Path,
    first: bool,
) -> None:
    def rss(stage: str) -> None:
        if first:
            bench.rss.append((stage, peak_rss_mb()))

    def read_and_import(db: Database, path: Path, key: str) -> None:
        gc.collect()
        wall0, cpu0 = time.perf_counter(), time.process_time()
        read = read_plan_file(path)
        wall1, cpu1 = time.perf_counter(), time.process_time()
        import_plan(db, read, user="bench")
        wall2, cpu2 = time.perf_counter(), time.process_time()
        bench.record(f"{key}.total", (wall2 - wall0, cpu2 - cpu0))
        bench.record(f"{key}.import", (wall2 - wall1, cpu2 - cpu1))

    # (a) the real 2021 file
    db = new_db(folder, "a-2021")
    read_and_import(db, files["2021"], "a")
    db.close()
    rss("(a) 2021 import")

    # (b) the 10× plan, cards only (the 2021 file's shape, ten times over)
    db = new_db(folder, "b-10x")
    read_and_import(db, files["10x"], "b")
    assert indicator_and_value_counts(db) == (expected["10x"]["indicators"], 0)
    db.close()
    rss(f"(b) {bench.scale}× import")

    # (b') the 10× plan with Q1–Q4 values: the database the next stages use
    db10 = new_db(folder, "b-10x-values")
    read_and_import(db10, files["10x+v"], "bv")
    assert indicator_and_value_counts(db10) == (
        expected["10x+v"]["indicators"],
        expected["10x+v"]["values"],
    )
    rss(f"(b') {bench.scale}× import with values")

    # (c) evaluation of the year, 2021 with values and 10× with values
    db1 = new_db(folder, "c-2021-values")
    import_plan(db1, read_plan_file(files["2021+v"]), user="bench")
    for key, db_ in (("c1", db1), ("c10", db10)):
        result, seconds = timed(lambda db_=db_: evaluate_year(db_, YEAR))
        n = sum(len(d.indicators) for d in result.directorates)
        assert n == expected["2021+v" if key == "c1" else "10x+v"]["indicators"], n
        bench.record(f"{key}.year", seconds)

        def load(db_: Database = db_) -> Any:
            with db_.read() as session:
                return load_year_facts(session, YEAR)

        facts, seconds = timed(load)
        bench.record(f"{key}.load", seconds)
        _, seconds = timed(lambda facts=facts: evaluate(facts))
        bench.record(f"{key}.pure", seconds)
        _, seconds = timed(lambda facts=facts: evaluate(facts, 2))
        bench.record(f"{key}.q2", seconds)
        del facts, result
    db1.close()
    rss("(c) evaluation")

    # (d) re-import of the same 10× file: update in place, nothing changes
    read_and_import(db10, files["10x+v"], "d")
    assert indicator_and_value_counts(db10) == (
        expected["10x+v"]["indicators"],
        expected["10x+v"]["values"],
    )
    rss(f"(d) {bench.scale}× re-import")

    # (e) plan export of the 10× year: database → document, document → exact JSON text, file
    document, seconds = timed(lambda: export_plan(db10, YEAR))
    bench.record("e.export", seconds)
    text, seconds = timed(lambda doc=document: dumps_exact(doc))
    bench.record("e.dumps", seconds)
    out = folder / "export.plan.json"
    _, seconds = timed(lambda text=text: out.write_text(text + "\n", encoding="utf-8"))
    bench.record("e.write", seconds)
    parts = [bench.figures[k] for k in ("e.export", "e.dumps", "e.write")]
    bench.record("e.total", (sum(f.wall[-1] for f in parts), sum(f.cpu[-1] for f in parts)))
    db10.close()
    rss(f"(e) {bench.scale}× export")


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def report(bench: Bench, runs: int) -> int:
    """A Markdown table (it reads as plain text too); returns the number of goals missed."""
    rows = [("figure", f"median of {runs}", "CPU", "min – max", "goal")]
    missed = 0
    for fig in bench.figures.values():
        if fig.heading:
            rows.append((f"**{fig.label[1:].strip()}**", "", "", "", ""))
            continue
        med = statistics.median(fig.wall)
        goal = ""
        if fig.goal is not None:
            ok = med < fig.goal
            missed += not ok
            goal = f"{'PASS' if ok else 'MISS'} (< {fig.goal:g} s)"
        rows.append(
            (
                fig.label.strip(),
                fmt(med),
                fmt(statistics.median(fig.cpu)),
                f"{fmt(min(fig.wall))} – {fmt(max(fig.wall))}",
                goal,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    print(f"\nWall time, median of {runs} run(s), each in fresh temporary databases\n")
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i in (0, 4) else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("| " + " | ".join(cells) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("\nPeak RSS of the process (high-water mark after each stage of run 1)\n")
    for stage, mb in bench.rss:
        print(f"  {stage:<40} {mb:6.0f} MB")
    goals = sum(f.goal is not None for f in bench.figures.values())
    print(f"\nGoals: {goals - missed} PASS, {missed} MISS")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median; default 3)")
    parser.add_argument("--scale", type=int, default=10, help="size of the big plan (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic values")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.scale < 1:
        parser.error("--runs and --scale must be at least 1")
    s = args.scale

    with tempfile.TemporaryDirectory(prefix="kbpp-bench-") as tmp:
        root = Path(tmp)
        os.environ["KBPP_DATA_DIR"] = str(root / "data")
        os.environ.pop("KBPP_DB", None)
        os.environ["KBPP_USER"] = "bench"

        print(
            f"KBPP foundation benchmark: Python {platform.python_version()}, "
            f"SQLAlchemy {sqlalchemy.__version__}, SQLite {sqlite3.sqlite_version}, "
            f"{os.cpu_count()} CPU(s), {platform.machine()}"
        )
        started = time.perf_counter()
        files = {"2021": source_plan_path()}
        expected: dict[str, dict[str, int]] = {}
        for key, scale, values in (("2021+v", 1, True), ("10x", s, False), ("10x+v", s, True)):
            doc = make_synthetic(scale, args.seed, values)
            expected[key] = counts(doc)
            files[key] = root / f"plan-{key.replace('+', '-')}.json"
            files[key].write_bytes(render(doc))
        del doc
        big = expected["10x+v"]
        print(
            f"Inputs: {files['2021'].name} ({files['2021'].stat().st_size / 1e6:.1f} MB); "
            f"{s}× plan: {big['directorates']} directorates, {big['performance targets']} "
            f"targets, {big['indicators']} indicators, {big['activities']} activities "
            f"({files['10x'].stat().st_size / 1e6:.1f} MB); with values: {big['values']} values, "
            f"{big['notes']} notes ({files['10x+v'].stat().st_size / 1e6:.1f} MB); "
            f"made in {time.perf_counter() - started:.1f} s"
        )

        bench = Bench(s)
        bench.rss.append(("imports done, inputs generated", peak_rss_mb()))
        d = bench.define
        d("#a", "# (a) import of the 2021 plan (476 indicators, no values)")
        d("a.total", "  read + validate + import", 1.0)
        d("a.import", "  import alone")
        d("#b", f"# (b) import of the {s}× plan ({expected['10x']['indicators']} indicators)")
        d("b.total", "  cards only: read + validate + import", 5.0)
        d("b.import", "  cards only: import alone")
        d("bv.total", f"  with {big['values']} values: read + validate + import", 5.0)
        d("bv.import", "  with values: import alone")
        d("#c", "# (c) evaluation of the full year, with values")
        d("c1.year", "  2021: evaluate_year (load + evaluate)")
        d("c1.load", "  2021: load_year_facts alone")
        d("c1.pure", "  2021: evaluate() on preloaded YearFacts")
        d("c1.q2", "  2021: evaluate(quarter=2) on preloaded YearFacts")
        d("c10.year", f"  {s}×: evaluate_year (load + evaluate)", 0.5)
        d("c10.load", f"  {s}×: load_year_facts alone")
        d("c10.pure", f"  {s}×: evaluate() on preloaded YearFacts")
        d("c10.q2", f"  {s}×: evaluate(quarter=2) on preloaded YearFacts")
        d("#d", f"# (d) re-import of the same {s}× file with values (update in place, no change)")
        d("d.total", "  read + validate + import")
        d("d.import", "  import alone")
        d("#e", f"# (e) plan export of the {s}× year with values")
        d("e.export", "  export_plan (database → document)")
        d("e.dumps", "  dumps_exact (document → JSON text)")
        d("e.write", "  write the file")
        d("e.total", "  total")

        for run in range(args.runs):
            folder = root / f"run{run + 1}"
            folder.mkdir()
            t0 = time.perf_counter()
            one_run(bench, files, expected, folder, first=run == 0)
            print(f"run {run + 1}/{args.runs}: {time.perf_counter() - t0:.1f} s", flush=True)
            for path in folder.iterdir():  # keep the temporary folder small between runs
                path.unlink()

        missed = report(bench, args.runs)
        print(f"Total wall time {time.perf_counter() - started:.0f} s")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
