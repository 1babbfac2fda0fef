"""Time the official reports and check the goals of issue #5.

    .venv/bin/python benchmarks/bench_reports.py [--skip-10x]

Goals: the full 2021 Performance Program book in under 15 s with peak memory under 500 MB, the
annual results report in under 5 s, and a 10× synthetic year's book in under 2.5 minutes. Each
report runs in a fresh process, so its peak resident memory (ru_maxrss) is its own. The data is
the 2021 plan with quarterly values drawn by make_synthetic_plan (seed 0) at scale 1 and 10.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_synthetic_plan import make_synthetic

from kbpp.i18n import set_language
from kbpp.planexchange.exporter import dumps_exact
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_bytes
from kbpp.storage import create_database, open_database

GOALS = {  # (scale, kind, suffix) → (seconds, MB)
    (1, "program", ".pdf"): (15.0, 500.0),
    (1, "results", ".pdf"): (5.0, 500.0),
    (10, "program", ".pdf"): (150.0, None),
}
CASES = [
    (1, "program", ".pdf", None),
    (1, "program", ".xlsx", None),
    (1, "results", ".pdf", None),
    (1, "results", ".xlsx", None),
    (1, "monitoring", ".pdf", 2),
    (1, "monitoring", ".xlsx", 2),
    (10, "program", ".pdf", None),
    (10, "results", ".pdf", None),
]


def build_database(folder: Path, scale: int) -> Path:
    path = folder / f"plan-{scale}x.db"
    db = create_database(path, "office")
    document = make_synthetic(scale, seed=0, with_values=True)
    import_plan(db, read_plan_bytes(dumps_exact(document).encode("utf-8")), user="bench")
    db.close()
    return path


def run_one(db_path: Path, kind: str, out: Path, quarter: int | None) -> tuple[float, int, float]:
    """In a fresh process: make one report; (seconds, pages or sheets, peak RSS in MB)."""
    from kbpp.reports.build import ReportRequest, make_report

    set_language("tr")
    db = open_database(db_path)
    start = time.perf_counter()
    outcome = make_report(db, ReportRequest(kind, 2021, out, quarter))
    seconds = time.perf_counter() - start
    db.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, outcome.pages or outcome.sheets or 0, peak_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-10x", action="store_true", help="only the 2021-sized reports")
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scales = [1] if args.skip_10x else [1, 10]
        databases = {scale: build_database(folder, scale) for scale in scales}
        print(f"{'scale':>5} {'report':<11} {'file':<5} {'s':>7} {'pages':>6} {'MB':>7} {'out':>7}")
        for scale, kind, suffix, quarter in CASES:
            if scale not in databases:
                continue
            out = folder / f"{kind}-{scale}x{suffix}"
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                seconds, count, peak = pool.submit(
                    run_one, databases[scale], kind, out, quarter
                ).result()
            size = out.stat().st_size / 1e6
            verdict = ""
            goal = GOALS.get((scale, kind, suffix))
            if goal:
                ok = seconds < goal[0] and (goal[1] is None or peak < goal[1])
                failed |= not ok
                verdict = "ok" if ok else "MISSED"
                verdict += f" (goal < {goal[0]:g} s" + (f", < {goal[1]:g} MB)" if goal[1] else ")")
            print(
                f"{scale:>4}× {kind:<11} {suffix[1:]:<5} {seconds:7.2f} {count:6d} {peak:7.1f}"
                f" {size:6.2f}M {verdict}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
