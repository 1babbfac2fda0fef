"""The demo database: the real 2021 plan with invented, plausible quarterly values.

It lets someone try KBPP before their own data exists. Everything is generated from a fixed seed,
so every build is the same; the database is marked demo (`Database.is_demo`) and every value is
entered by the user "demo", so demo figures are never mistaken for real ones.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kbpp import audit, paths
from kbpp.errors import DatabaseError
from kbpp.evaluation.engine import IndicatorFacts, evaluate_indicator
from kbpp.evaluation.rules import (
    QUARTER_KEYS,
    YEAR_KEY,
    effective_aggregation,
    effective_direction,
    turkish_lower,
)
from kbpp.evaluation.settings import EvaluationSettings, settings_from_dict
from kbpp.i18n import _
from kbpp.models import (
    Activity,
    ActivitySpending,
    Indicator,
    PerformanceTarget,
    ProgramYear,
    QuarterStatus,
)
from kbpp.storage import Database, create_database, open_database
from kbpp.values import set_value

DEMO_USER = "demo"
DEMO_YEAR = 2021
SEED = 20210331
MISSING_SHARE = 0.03
PLAN_FILE = Path(__file__).resolve().parent / "data" / "kucukcekmece-2021.plan.json"

# Units counted in whole numbers; every other unit gets one or two decimals.
_COUNT_UNITS = frozenset({"adet", "kişi", "adet/yıl"})
_PERCENT_UNITS = frozenset({"yüzde", "%"})

# (share of indicators, lowest and highest year rate as a fraction of the target): most reach
# their target, some fall short, a few exceed it by far, so every band has members.
_PROFILES: tuple[tuple[float, float, float], ...] = (
    (0.66, 0.92, 1.15),
    (0.09, 1.22, 1.60),
    (0.10, 0.70, 0.84),
    (0.07, 0.55, 0.70),
    (0.04, 0.45, 0.55),
    (0.04, 0.15, 0.45),
)

NOTES_BELOW = (
    "Pandemi kısıtlamaları nedeniyle etkinlikler ertelendi.",
    "İhale sürecinin uzaması nedeniyle çalışmalar planlanan tarihte başlatılamadı.",
    "Personel eksikliği nedeniyle hedeflenen sayıya ulaşılamadı.",
    "Ödeneğin geç aktarılması işlerin gecikmesine neden oldu.",
    "Olumsuz hava koşulları nedeniyle saha çalışmaları yavaşladı.",
    "Başvuru sayısı beklenenin altında kaldı.",
    "Yüklenici firmanın gecikmesi nedeniyle teslimat bir sonraki döneme kaldı.",
    "Mevzuat değişikliği nedeniyle süreç yeniden düzenlendi.",
)
NOTES_ABOVE = (
    "Vatandaş taleplerinin beklenenin üzerinde olması nedeniyle hedef aşıldı.",
    "Pandemi döneminde başvuruların artması nedeniyle hedefin üzerine çıkıldı.",
    "Çevrim içi başvuru imkânı sayesinde işlem sayısı arttı.",
    "Ek ödenek sağlanmasıyla çalışmalar hızlandırıldı.",
    "Hedef belirlenirken bir önceki yılın düşük gerçekleşmesi esas alındı.",
    "Kampanya dönemindeki yoğun katılım nedeniyle hedef aşıldı.",
)


@dataclass(frozen=True)
class _Shape:
    """How an indicator's values look: aggregation, direction, decimals, cap."""

    aggregation: str
    direction: str
    decimals: int
    cap: Decimal | None


def _shape(ind: Indicator, rng: random.Random) -> _Shape:
    unit = turkish_lower((ind.unit or "").strip())
    decimals = 0 if unit in _COUNT_UNITS or unit.startswith("adet") else rng.choice((1, 2))
    return _Shape(
        aggregation=effective_aggregation(ind.aggregation, ind.unit),
        direction=effective_direction(ind.direction),
        decimals=decimals,
        cap=Decimal(100) if unit in _PERCENT_UNITS else None,
    )


def _quantize(x: float, shape: _Shape) -> Decimal:
    value = Decimal(repr(max(x, 0.0))).quantize(
        Decimal(1).scaleb(-shape.decimals), rounding=ROUND_HALF_EVEN
    )
    if shape.cap is not None and value > shape.cap:
        value = shape.cap
    return value


def _year_ratio(rng: random.Random) -> float:
    """actual ÷ target for the year, drawn from the profiles."""
    pick = rng.random()
    for share, low, high in _PROFILES:
        if pick < share:
            return rng.uniform(low, high)
        pick -= share
    return rng.uniform(*_PROFILES[0][1:])


def _split(total: Decimal, weights: list[float], shape: _Shape) -> list[Decimal]:
    """Split a year total over quarters so that the parts add up to it exactly."""
    step = Decimal(1).scaleb(-shape.decimals)
    units = int(total / step)
    scale = sum(weights)
    raw = [units * w / scale for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: units - sum(parts)]:
        parts[i] += 1
    return [p * step for p in parts]


def _quarter_values(ind: Indicator, shape: _Shape, rng: random.Random) -> list[Decimal]:
    """Four quarters whose aggregation lands near the drawn year rate."""
    target = float(ind.target or 0)
    ratio = _year_ratio(rng)
    # Lower is better: a rate of `ratio` means an actual of target ÷ ratio.
    level = target * ratio if shape.direction == "increasing" else target / ratio
    if shape.aggregation == "sum":
        weights = [rng.uniform(0.8, 1.2) for _q in QUARTER_KEYS]
        return _split(_quantize(level, shape), weights, shape)
    if shape.aggregation == "last":
        steps = (0.8, 0.88, 0.95, 1.0)
        return [_quantize(level * s * rng.uniform(0.98, 1.02), shape) for s in steps]
    return [_quantize(level * rng.uniform(0.95, 1.05), shape) for _q in QUARTER_KEYS]


def _periods(ind: Indicator) -> tuple[str, ...]:
    if ind.frequency == "yearly":
        return (YEAR_KEY,)
    if ind.frequency == "half-yearly":
        return ("Q2", "Q4")
    return QUARTER_KEYS


def _note(result_rate: Decimal | None, settings: EvaluationSettings, rng: random.Random) -> str:
    above = result_rate is not None and result_rate > settings.note_above
    return rng.choice(NOTES_ABOVE if above else NOTES_BELOW)


def _facts(ind: Indicator, values: dict[str, Decimal]) -> IndicatorFacts:
    return IndicatorFacts(
        directorate="",
        target_code="",
        objective_code="",
        code=ind.code,
        name=ind.name,
        kind=ind.kind,
        type=ind.type,
        unit=ind.unit,
        direction=ind.direction,
        aggregation=ind.aggregation,
        weight=ind.weight,
        target=ind.target,
        quarter_targets={q.quarter: q.value for q in ind.quarter_targets},
        values=values,
    )


def _notes_for(
    ind: Indicator, values: dict[str, Decimal], settings: EvaluationSettings, rng: random.Random
) -> dict[str, str]:
    """A note on every quarter whose year-to-date rate needs one, and on the last value entered
    when the year's rate needs one (as KBPP requires before a quarter is submitted)."""
    facts = _facts(ind, values)
    notes: dict[str, str] = {}
    for q, key in enumerate(QUARTER_KEYS, start=1):
        if key in values:
            result = evaluate_indicator(facts, settings, q)
            if result.note_required:
                notes[key] = _note(result.printed_rate, settings, rng)
    year = evaluate_indicator(facts, settings)
    last = next((p for p in (YEAR_KEY, *reversed(QUARTER_KEYS)) if p in values), None)
    if year.note_required and last is not None and last not in notes:
        notes[last] = _note(year.printed_rate, settings, rng)
    return notes


def _fill_indicator(
    session: Session, ind: Indicator, settings: EvaluationSettings, rng: random.Random
) -> None:
    shape = _shape(ind, rng)
    quarters = _quarter_values(ind, shape, rng)
    values: dict[str, Decimal] = {}
    for period in _periods(ind):
        if rng.random() < MISSING_SHARE:
            continue
        if period == YEAR_KEY:
            values[period] = (
                quarters[3] if shape.aggregation != "sum" else sum(quarters, Decimal(0))
            )
        else:
            values[period] = quarters[QUARTER_KEYS.index(period)]
    notes = _notes_for(ind, values, settings, rng)
    for period, value in values.items():
        set_value(session, ind, period, value, notes.get(period), user=DEMO_USER)


def _fill_spending(activity: Activity, rng: random.Random) -> None:
    """Some spending each quarter, always below the activity's resource need."""
    need = activity.total_kurus()
    if need <= 0:
        return
    spent = int(need * rng.uniform(0.45, 0.97))
    weights = [rng.uniform(0.6, 1.4) for _q in QUARTER_KEYS]
    scale = sum(weights)
    amounts = [int(spent * w / scale) for w in weights]
    activity.spending = [
        ActivitySpending(quarter=q, amount_kurus=a) for q, a in enumerate(amounts, start=1) if a
    ]


def _open_quarters(
    session: Session, program: ProgramYear, targets: list[PerformanceTarget]
) -> list[QuarterStatus]:
    """Explicit "open" status rows for every directorate's quarters.

    They mean what no row means (open, unlocked), but set_value's lock check then finds them in
    the session instead of asking the database once per value, which saves a third of the build.
    The caller must keep the returned list: the session only holds clean rows weakly.
    """
    rows = []
    for directorate_id in sorted({t.directorate_id for t in targets}):
        for quarter in range(1, 5):
            row = session.get(QuarterStatus, (program.id, directorate_id, quarter))
            if row is None:
                row = QuarterStatus(
                    program_year_id=program.id,
                    directorate_id=directorate_id,
                    quarter=quarter,
                    state="open",
                    locked=False,
                )
                session.add(row)
            rows.append(row)
    session.flush()
    return rows


def _generate(session: Session, year: int) -> None:
    program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
    if program is None:
        raise DatabaseError(_("The demo plan has no program year {year}.").format(year=year))
    settings = settings_from_dict(program.settings)
    targets = session.scalars(
        select(PerformanceTarget)
        .where(PerformanceTarget.program_year_id == program.id)
        .order_by(PerformanceTarget.position)
        .options(
            selectinload(PerformanceTarget.program_year),
            selectinload(PerformanceTarget.directorate),
            selectinload(PerformanceTarget.indicators).selectinload(Indicator.values),
            selectinload(PerformanceTarget.indicators).selectinload(Indicator.quarter_targets),
            selectinload(PerformanceTarget.activities).selectinload(Activity.costs),
            selectinload(PerformanceTarget.activities).selectinload(Activity.spending),
        )
    ).all()
    statuses = _open_quarters(session, program, list(targets))
    rng = random.Random(SEED)
    # One flush at commit instead of one per value: set_value's lock look-up would otherwise
    # flush every pending row first, which makes the build several times slower.
    with session.no_autoflush:
        for target in targets:
            for ind in target.indicators:
                _fill_indicator(session, ind, settings, rng)
            for activity in target.activities:
                _fill_spending(activity, rng)
    del statuses
    audit.record(
        session,
        "demo",
        "program year",
        str(year),
        new="generated demo values",
        user=DEMO_USER,
    )


def build_demo_database(path: Path) -> Database:
    """Create a demo office database at `path` (which must not exist) and fill it."""
    # Imported here: opening an existing demo must not load the importer (pydantic), which
    # costs the start-up a good part of a second.
    from kbpp.planexchange.importer import import_plan
    from kbpp.planexchange.reader import read_plan_file

    db = create_database(Path(path), "office", demo=True)
    try:
        import_plan(db, read_plan_file(PLAN_FILE), user=DEMO_USER)
        with db.write() as session:
            _generate(session, DEMO_YEAR)
    except BaseException:
        db.close()
        raise
    return db


def open_or_build_demo() -> Database:
    """The demo database in the data folder, built on first use.

    It is built beside its final name and moved into place only when complete, so that an
    interrupted build never leaves a half-filled demo behind.
    """
    path = paths.demo_db_path()
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        db = build_demo_database(partial)
        with db.engine.connect() as conn:  # everything into the main file before it moves
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        os.replace(partial, path)
        for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    db = open_database(path)
    if not db.is_demo:
        db.close()
        raise DatabaseError(
            _(
                "{path} is not a KBPP demo database; move it away to let KBPP build the demo."
            ).format(path=path)
        )
    return db
