"""The office console: the overview of a full year and the review of one directorate's quarter.

    .venv/bin/python benchmarks/bench_office.py [--runs 5] [--strict]

Goals (issue #6), with 25 directorates × 4 quarters of the 2021-sized data received:
  - the overview opens in < 1 s: `year_status` for the year and the overview page's model fill
  - the review of one directorate's quarter in < 0.5 s (`kbpp.office.review.review_quarter`,
    timed when that module is installed)

The data are filled directly, not through packages (importing 100 signed packages is timed by
bench_packages.py): the real 2021 plan, every indicator given a value and a note for Q1–Q4,
then per directorate and quarter a `package_imports` row (as an import writes it) and the
quarter's status: Q1–Q2 accepted and locked, Q3 submitted, Q4 submitted for most, returned for
a few, so every kind of cell is drawn. Everything happens in a temporary folder
(KBPP_DATA_DIR, KBPP_USER=bench); figures are the median of --runs runs after a warm-up.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import select, text

from kbpp.models import Directorate, Indicator, ProgramYear
from kbpp.office.status import year_status
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_file
from kbpp.storage import Database, create_database

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT.parent / "shared" / "data" / "kucukcekmece-2021.plan.json"
if not PLAN.exists():
    PLAN = ROOT / "kbpp" / "data" / "kucukcekmece-2021.plan.json"
YEAR = 2021
GOALS = {"overview: year_status": 1.0, "overview: page load": 1.0, "review_quarter": 0.5}


def prepare(path: Path) -> Database:
    db = create_database(path, "office")
    import_plan(db, read_plan_file(PLAN))
    with db.write() as s:
        program_id = s.scalar(select(ProgramYear.id).where(ProgramYear.year == YEAR))
        directorates = s.execute(
            select(Directorate.id, Directorate.name).order_by(Directorate.position)
        ).all()
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
        packages, statuses = [], []
        for n, (d_id, name) in enumerate(directorates):
            for q in range(1, 5):
                packages.append(
                    {
                        "pid": f"bench-{n}-{q}",
                        "issuer": name,
                        "seq": q,
                        "q": q,
                        "created": f"{YEAR + (q == 4)}-{(q * 3) % 12 + 1:02d}-15T09:00:00Z",
                        "at": datetime(YEAR + (q == 4), (q * 3) % 12 + 1, 16, 9),
                    }
                )
                state = (
                    "accepted" if q <= 2 else ("returned" if q == 4 and n % 7 == 0 else "submitted")
                )
                statuses.append(
                    {
                        "y": program_id,
                        "d": d_id,
                        "q": q,
                        "state": state,
                        "locked": state == "accepted",
                        "reason": {"accepted": "Kabul edildi", "returned": "Eksik"}.get(state),
                    }
                )
        s.execute(
            text(
                "INSERT INTO package_imports (package_id, type, issuer, sequence, year, quarter, "
                "file_sha256, key_id, file_name, created, imported_at, imported_by, changes) "
                "VALUES (:pid, 'data', :issuer, :seq, 2021, :q, '', '', 'bench.kbpp', :created, "
                ":at, 'bench', 0)"
            ),
            packages,
        )
        s.execute(
            text(
                "INSERT INTO quarter_status (program_year_id, directorate_id, quarter, state, "
                "locked, reason, changed_by, changed_at) VALUES (:y, :d, :q, :state, :locked, "
                ":reason, 'bench', '2022-02-10 10:00:00')"
            ),
            statuses,
        )
    return db


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up: imports, SQLite's page cache
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def page_loader(db: Database) -> Callable[[], object]:
    """The overview page as the office opens it: year_status off-thread (inline here) and the
    model filled, the columns sized, the chart laid out."""
    from PySide6.QtWidgets import QApplication

    from kbpp.ui import workers
    from kbpp.ui.office_overview import OverviewPage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    workers.Job.inline = True
    page = OverviewPage(db)
    page.resize(1060, 640)
    page.show()

    def load() -> None:
        page.show_year(YEAR)
        app.processEvents()
        assert page.model.rowCount() == 25, page.model.rowCount()

    return load


def review_timer(db: Database, name: str) -> Callable[[], object] | None:
    """The colleague's review of one quarter, when kbpp.office.review is installed."""
    if importlib.util.find_spec("kbpp.office.review") is None:
        return None
    from kbpp.office import review

    review_quarter = getattr(review, "review_quarter", None)
    if review_quarter is None:
        return None
    rows = len(review_quarter(db, YEAR, 4, name).rows)
    assert rows > 0, "the review found no indicators"
    return lambda: review_quarter(db, YEAR, 4, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["KBPP_DATA_DIR"] = str(tmp / "data")
        os.environ["KBPP_USER"] = "bench"
        started = time.perf_counter()
        db = prepare(tmp / "office.db")
        status = year_status(db, YEAR)
        cells = [c for d in status.directorates for c in d.cells]
        print(
            f"KBPP office benchmark: Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); "
            f"{len(status.directorates)} directorates × 4 quarters, "
            f"{sum(d.indicators for d in status.directorates)} indicators, "
            f"{sum(c.completeness.entered for c in cells)} values; "
            f"prepared in {time.perf_counter() - started:.1f} s"
        )
        biggest = max(status.directorates, key=lambda d: d.indicators).name
        figures: dict[str, list[float]] = {
            "overview: year_status": timed(lambda: year_status(db, YEAR), args.runs),
            "overview: year_status, one quarter": timed(
                lambda: year_status(db, YEAR, 4), args.runs
            ),
            "overview: page load": timed(page_loader(db), args.runs),
        }
        review = review_timer(db, biggest)
        if review is not None:
            figures["review_quarter"] = timed(review, args.runs)
        db.close()
    missed = False
    print(f"\nmedian of {args.runs} run(s) (min – max)")
    for label, times in figures.items():
        median = statistics.median(times)
        goal = GOALS.get(label)
        verdict = "" if goal is None else ("PASS" if median < goal else "MISS")
        missed |= verdict == "MISS"
        goal_text = f"goal < {goal:g} s" if goal else ""
        span = f"{min(times) * 1000:,.0f} – {max(times) * 1000:,.0f} ms"
        print(f"  {label:<38} {median * 1000:8,.0f} ms  ({span:<17}) {goal_text:<14} {verdict}")
    if review is None:
        print("  review_quarter                         not timed: kbpp.office.review is not there")
    else:
        print(f"  (review_quarter timed on Q4 of {biggest}, the directorate with most indicators)")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
