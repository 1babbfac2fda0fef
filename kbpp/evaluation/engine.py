"""The year's evaluation that the command line, the GUI and the reports all use.

Plain inputs (YearFacts, filled from the database by loader.py) in, plain results out: the engine
knows nothing of storage or Qt, so every screen and report prints the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kbpp.evaluation.rollup import RollupItem, mean_scores, objective_scores
from kbpp.evaluation.rules import (
    YEAR_KEY,
    achievement_rate,
    band_for,
    effective_aggregation,
    effective_direction,
    note_required,
    printed_rate,
    pro_rata_target,
    projected_year_end,
    year_value,
)
from kbpp.evaluation.settings import Band, EvaluationSettings
from kbpp.evaluation.summary import BandSummary, summarize


@dataclass(frozen=True)
class IndicatorFacts:
    """One indicator of the year, with its card's fields and its values by period."""

    directorate: str
    target_code: str
    objective_code: str
    code: str
    name: str
    kind: str
    type: str | None
    unit: str | None
    direction: str | None
    aggregation: str | None
    weight: Decimal | None
    target: Decimal | None
    quarter_targets: Mapping[int, Decimal] = field(default_factory=dict)
    values: Mapping[str, Decimal | None] = field(default_factory=dict)  # "Q1".."Q4", "Y"


@dataclass(frozen=True)
class PlanShape:
    """The strategic plan's tree, in plan order, for the roll-up."""

    objectives: Sequence[tuple[str, str]]  # (objective code, aim code)
    aims: Sequence[str]
    themes: Sequence[tuple[str, Sequence[str]]]  # (theme name, aim codes)


@dataclass(frozen=True)
class YearFacts:
    """Everything the evaluation of one program year needs."""

    year: int
    settings: EvaluationSettings
    plan: PlanShape
    directorates: Sequence[str]  # in display order
    indicators: Sequence[IndicatorFacts]


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator evaluated for the year or year to date.

    `target` is what `actual` was compared with: the year's target for a full year, the pro-rata
    (or per-quarter) target year to date. `projected` is the straight-line year end (quarters only).
    """

    facts: IndicatorFacts
    aggregation: str
    direction: str
    target: Decimal | None
    actual: Decimal | None
    rate: Decimal | None
    printed_rate: Decimal | None
    band: Band | None
    note_required: bool
    projected: Decimal | None
    year_target: Decimal | None


@dataclass(frozen=True)
class DirectorateResult:
    name: str
    indicators: list[IndicatorResult]
    summary: BandSummary


@dataclass(frozen=True)
class YearResult:
    """The whole evaluation; roll-up dicts are in plan order (themes keyed by name)."""

    year: int
    quarter: int | None
    directorates: list[DirectorateResult]
    municipality: BandSummary
    objectives: dict[str, Decimal | None]
    aims: dict[str, Decimal | None]
    themes: dict[str, Decimal | None]


def evaluate_indicator(
    facts: IndicatorFacts, settings: EvaluationSettings, quarter: int | None = None
) -> IndicatorResult:
    """Rate, band and note for one indicator; quarter None means the full year."""
    aggregation = effective_aggregation(facts.aggregation, facts.unit)
    direction = effective_direction(facts.direction)
    if quarter is None:
        actual = year_value(facts.values, aggregation)
        target = facts.target
        projected = None
    else:
        # Year to date comes from the quarters only: a whole-year value is not a quarter's.
        quarters = {k: v for k, v in facts.values.items() if k != YEAR_KEY}
        actual = year_value(quarters, aggregation, through_quarter=quarter)
        target = pro_rata_target(facts.target, aggregation, quarter, facts.quarter_targets)
        projected = projected_year_end(actual, aggregation, quarter)
    rate = achievement_rate(actual, target, direction)
    printed = printed_rate(rate)
    return IndicatorResult(
        facts=facts,
        aggregation=aggregation,
        direction=direction,
        target=target,
        actual=actual,
        rate=rate,
        printed_rate=printed,
        band=band_for(printed, settings),
        note_required=note_required(printed, settings),
        projected=projected,
        year_target=facts.target,
    )


def _directorate_order(facts: YearFacts) -> list[str]:
    """The display order, then any directorate not in it (never drop an indicator silently)."""
    order = list(dict.fromkeys(facts.directorates))
    known = set(order)
    for ind in facts.indicators:
        if ind.directorate not in known:
            known.add(ind.directorate)
            order.append(ind.directorate)
    return order


def evaluate(facts: YearFacts, quarter: int | None = None) -> YearResult:
    """Evaluate a year (quarter None) or the year to date through `quarter`."""
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise ValueError(f"a quarter is 1 to 4, not {quarter!r}")
    settings = facts.settings
    results = [evaluate_indicator(ind, settings, quarter) for ind in facts.indicators]
    by_directorate: dict[str, list[IndicatorResult]] = {
        name: [] for name in _directorate_order(facts)
    }
    for result in results:
        by_directorate[result.facts.directorate].append(result)
    directorates = [
        DirectorateResult(name, inds, summarize((r.band for r in inds), settings))
        for name, inds in by_directorate.items()
        if inds
    ]
    objectives = objective_scores(
        (RollupItem(r.facts.objective_code, r.printed_rate, r.facts.weight) for r in results),
        [code for code, _aim in facts.plan.objectives],
    )
    aim_children: dict[str, list[str]] = {aim: [] for aim in facts.plan.aims}
    for code, aim in facts.plan.objectives:
        if aim in aim_children:
            aim_children[aim].append(code)
    aims = mean_scores(aim_children, objectives)
    themes = mean_scores({name: list(codes) for name, codes in facts.plan.themes}, aims)
    return YearResult(
        year=facts.year,
        quarter=quarter,
        directorates=directorates,
        municipality=summarize((r.band for r in results), settings),
        objectives=objectives,
        aims=aims,
        themes=themes,
    )


def json_number(value: Decimal | None) -> int | float | None:
    """Integral decimals as int (8, not 8.0), others as float, None as null."""
    if value is None:
        return None
    if value.is_finite() and value == value.to_integral_value():
        return int(value)
    return float(value)


def json_rate(value: Decimal | None) -> float | None:
    """Rates and scores are always floats (100.0), as scripts expect."""
    return None if value is None else float(value)


def _summary_json(summary: BandSummary) -> dict[str, Any]:
    return {"total": summary.total, "undefined": summary.undefined, "bands": dict(summary.counts)}


def result_to_json(result: YearResult, directorate: str | None = None) -> dict[str, Any]:
    """The JSON that `kbpp evaluate --json` prints; `directorate` filters only that list."""
    return {
        "year": result.year,
        "quarter": result.quarter,
        "directorates": [
            {
                "name": d.name,
                **_summary_json(d.summary),
                "indicators": [
                    {
                        "code": r.facts.code,
                        "name": r.facts.name,
                        "target": json_number(r.target),
                        "actual": json_number(r.actual),
                        "rate": json_rate(r.printed_rate),
                        "band": r.band.key if r.band else None,
                    }
                    for r in d.indicators
                ],
            }
            for d in result.directorates
            if directorate is None or d.name == directorate
        ],
        "municipality": _summary_json(result.municipality),
        "objectives": [
            {"code": code, "score": json_rate(score)} for code, score in result.objectives.items()
        ],
        "aims": [{"code": code, "score": json_rate(score)} for code, score in result.aims.items()],
        "themes": [
            {"name": name, "score": json_rate(score)} for name, score in result.themes.items()
        ],
    }
