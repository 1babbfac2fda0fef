"""Generate a synthetic `kbpp-plan` file N times the size of the real 2021 program.

    python benchmarks/make_synthetic_plan.py --scale 10 --out FILE [--seed N] [--with-values]

Each of the 25 real directorates of kucukcekmece-2021.plan.json is cloned `scale` times: copy 1
keeps the real name, copies 2…N are named "<name> (2)" … "<name> (N)". Their performance target
cards, indicators and activities are copied as they are, so scale 10 gives 250 directorates,
1,000 performance targets, 4,760 indicators and 1,760 activities under the same
themes/aims/objectives skeleton (cards of different directorates may share codes, as the format
allows). `--with-values` adds Q1–Q4 actuals around each indicator's target (some quarters left
null, some indicators without values, deviation notes on some of those far from target), drawn
from a random generator seeded with `--seed`: the same arguments always give the same file.

The file is written with kbpp's exact-decimal writer and checked with kbpp's reader before it is
written. `make_synthetic(scale, seed, with_values)` returns the document for other benchmarks.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from kbpp.evaluation.rules import effective_aggregation
from kbpp.planexchange.exporter import dumps_exact
from kbpp.planexchange.reader import parse_json, read_plan_bytes

ROOT = Path(__file__).resolve().parent.parent
SHARED_PLAN = ROOT.parent / "shared" / "data" / "kucukcekmece-2021.plan.json"
BUNDLED_PLAN = ROOT / "kbpp" / "data" / "kucukcekmece-2021.plan.json"

CENT = Decimal("0.01")
ONE = Decimal(1)
NOTES = (
    "Planlanan ihale süreci bir sonraki döneme sarktı.",
    "Talep beklenenin üzerinde gerçekleşti.",
    "Personel eksikliği nedeniyle hedefin gerisinde kalındı.",
    "Pandemi kısıtlamaları nedeniyle faaliyetler ertelendi.",
    "Başvuru sayısı öngörülenden az oldu.",
    "Ek ödenek ile kapsam genişletildi.",
)


def source_plan_path() -> Path:
    """The real 2021 file from ../shared when it is there, else the copy bundled with kbpp."""
    return SHARED_PLAN if SHARED_PLAN.exists() else BUNDLED_PLAN


def load_source() -> dict[str, Any]:
    """The 2021 document as plain JSON with exact decimals."""
    return parse_json(source_plan_path().read_bytes())


def clone_name(name: str, copy_no: int) -> str:
    return name if copy_no == 1 else f"{name} ({copy_no})"


def _quantize(value: Decimal, integral: bool) -> Decimal:
    if integral:
        return value.quantize(ONE, rounding=ROUND_HALF_EVEN)
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _achievement_ratio(rng: random.Random) -> float:
    """Mostly near target; some behind, a few far ahead or far behind (they need notes)."""
    roll = rng.random()
    if roll < 0.60:
        return rng.uniform(0.90, 1.15)
    if roll < 0.85:
        return rng.uniform(0.50, 0.90)
    if roll < 0.95:
        return rng.uniform(1.15, 2.00)
    return rng.uniform(0.00, 0.50)


def make_values(indicator: dict[str, Any], year: int, rng: random.Random) -> list[dict[str, Any]]:
    """Q1–Q4 actuals whose aggregate lands near the target times a random achievement ratio."""
    if rng.random() < 0.04:  # not reported at all
        return []
    target = indicator.get("target")
    target = Decimal(10) if target is None else Decimal(target)  # JSON integers come as int
    aggregation = effective_aggregation(indicator.get("aggregation"), indicator.get("unit"))
    ratio = _achievement_ratio(rng)
    integral = target == target.to_integral_value() and aggregation == "sum"
    if aggregation == "sum":
        weights = [rng.uniform(0.6, 1.4) for _ in range(4)]
        total = sum(weights)
        raw = [float(target) * ratio * w / total for w in weights]
    else:  # average or last: each quarter is a level, not a share of the year
        raw = [float(target) * ratio * rng.uniform(0.95, 1.05) for _ in range(4)]
    missing = rng.randrange(4) if rng.random() < 0.06 else None
    values: list[dict[str, Any]] = []
    for q, amount in enumerate(raw, start=1):
        value = None if q - 1 == missing else _quantize(Decimal(repr(max(amount, 0.0))), integral)
        values.append({"period": f"{year}-Q{q}", "value": value, "note": None})
    if (ratio < 0.85 or ratio > 1.2) and rng.random() < 0.8:
        values[-1]["note"] = rng.choice(NOTES)
    return values


def make_synthetic(scale: int, seed: int = 0, with_values: bool = False) -> dict[str, Any]:
    """The 2021 document with every directorate cloned `scale` times (see the module doc)."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rng = random.Random(seed)
    src = load_source()
    doc: dict[str, Any] = {k: v for k, v in src.items() if k not in ("directorates", "programs")}
    doc["source"] = (
        f"Synthetic benchmark data: {source_plan_path().name} with every directorate cloned "
        f"{scale}×" + (f", quarterly values drawn with seed {seed}" if with_values else "")
    )
    doc["directorates"] = [
        {"name": clone_name(d["name"], k)} for k in range(1, scale + 1) for d in src["directorates"]
    ]
    doc["programs"] = []
    for program in src["programs"]:
        year = program["year"]
        out_dirs = []
        for k in range(1, scale + 1):
            for pdir in program["directorates"]:
                clone = copy.deepcopy(pdir)
                clone["name"] = clone_name(pdir["name"], k)
                for target in clone["performance_targets"]:
                    for ind in target.get("indicators", []):
                        if ind.get("partners"):
                            ind["partners"] = [clone_name(n, k) for n in ind["partners"]]
                        if with_values:
                            ind["values"] = make_values(ind, year, rng)
                    for act in target.get("activities", []):
                        if act.get("responsible"):
                            act["responsible"] = clone_name(act["responsible"], k)
                out_dirs.append(clone)
        doc["programs"].append(
            {k: v for k, v in program.items() if k != "directorates"} | {"directorates": out_dirs}
        )
    return doc


def counts(doc: dict[str, Any]) -> dict[str, int]:
    targets = [
        t for p in doc["programs"] for d in p["directorates"] for t in d["performance_targets"]
    ]
    indicators = [i for t in targets for i in t.get("indicators", [])]
    return {
        "directorates": len(doc["directorates"]),
        "performance targets": len(targets),
        "indicators": len(indicators),
        "activities": sum(len(t.get("activities", [])) for t in targets),
        "values": sum(len(i.get("values", [])) for i in indicators),
        "notes": sum(1 for i in indicators for v in i.get("values", []) if v.get("note")),
    }


def render(doc: dict[str, Any]) -> bytes:
    """The file's bytes, exactly as kbpp's exporter writes plan files."""
    return (dumps_exact(doc) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="copies of each directorate")
    parser.add_argument("--out", type=Path, required=True, help="the plan file to write")
    parser.add_argument("--seed", type=int, default=0, help="seed of the values (default 0)")
    parser.add_argument("--with-values", action="store_true", help="add Q1–Q4 values and notes")
    args = parser.parse_args(argv)
    try:
        doc = make_synthetic(args.scale, args.seed, args.with_values)
    except ValueError as exc:
        parser.error(str(exc))
    data = render(doc)
    result = read_plan_bytes(data)  # raises kbpp's ValidationError, listing problems, if invalid
    if result.warnings:
        print(f"warning: the reader reported {len(result.warnings)} warning(s)", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(args.out)
    summary = ", ".join(f"{n} {what}" for what, n in counts(doc).items())
    print(f"{args.out}: {len(data) / 1e6:.1f} MB, valid; {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
