"""The published evaluation rules, as pure functions on Decimals (never floats).

Every division runs in one fixed decimal context (`EXACT`), multiplying before dividing, so that a
quotient that is exactly a tie (467,025) stays exact and rounds half to even as published, and no
caller's global decimal context can change a printed figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

from kbpp.evaluation.settings import Band, EvaluationSettings

EXACT = Context(
    prec=50, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

AGGREGATIONS: tuple[str, ...] = ("sum", "average", "last")
DIRECTIONS: tuple[str, ...] = ("increasing", "decreasing")
QUARTER_KEYS: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4")
YEAR_KEY = "Y"

# Units whose values are rates measured each quarter: their quarters are averaged, not added.
# "Binde" (per mille) is a rate like "Yüzde"; the 2021 program uses it.
_RATE_UNITS = frozenset({"yüzde", "%", "oran", "binde", "‰"})


def round2(x: Decimal) -> Decimal:
    """Two decimals, half to even, as the reports print (467,025 → 467,02); never -0.00."""
    result = x.quantize(CENT, rounding=ROUND_HALF_EVEN, context=EXACT)
    return result.copy_abs() if result.is_zero() else result


def turkish_lower(text: str) -> str:
    """Lower case by Turkish rules (I → ı, İ → i), which str.lower() gets wrong."""
    return text.replace("I", "ı").replace("İ", "i").lower()


def effective_direction(direction: str | None) -> str:
    """The source often does not say; such indicators count as higher-is-better until set."""
    if direction is None:
        return "increasing"
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    return direction


def effective_aggregation(aggregation: str | None, unit: str | None) -> str:
    """The aggregation given, else the default proposed from the unit (Yüzde → average)."""
    if aggregation is not None:
        if aggregation not in AGGREGATIONS:
            raise ValueError(f"unknown aggregation {aggregation!r}")
        return aggregation
    if unit is not None and turkish_lower(unit.strip()) in _RATE_UNITS:
        return "average"
    return "sum"


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"a quarter is 1 to 4, not {quarter!r}")


def due_in_quarter(frequency: str | None, quarter: int) -> bool:
    """Whether an indicator owes a value for the quarter: quarterly ones every quarter,
    half-yearly ones in Q2 and Q4, yearly ones in Q4 (their year value counts there).

    One rule for the overview, the monitoring report and the goal tree, so that they never
    disagree about what is missing.
    """
    if frequency == "yearly":
        return quarter == 4
    if frequency == "half-yearly":
        return quarter in (2, 4)
    return True


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """A sum in the EXACT context (the built-in sum() would use the caller's context)."""
    total = Decimal(0)
    for value in values:
        total = EXACT.add(total, value)
    return total


def _combine(values: list[Decimal], aggregation: str) -> Decimal:
    if aggregation == "sum":
        return exact_sum(values)
    if aggregation == "average":
        return EXACT.divide(exact_sum(values), Decimal(len(values)))
    if aggregation == "last":
        return values[-1]
    raise ValueError(f"unknown aggregation {aggregation!r}")


def year_value(
    values: Mapping[str, Decimal | None], aggregation: str, through_quarter: int = 4
) -> Decimal | None:
    """The year's (or year-to-date) value from the quarters entered.

    A whole-year value ("Y", for yearly-measured indicators) wins for the full year. Missing
    quarters are skipped: `average` is the mean of the entered quarters, `last` the latest one.
    """
    _check_quarter(through_quarter)
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    if through_quarter == 4 and values.get(YEAR_KEY) is not None:
        return values[YEAR_KEY]
    entered = [v for k in QUARTER_KEYS[:through_quarter] if (v := values.get(k)) is not None]
    if not entered:
        return None
    return _combine(entered, aggregation)


def achievement_rate(
    actual: Decimal | None, target: Decimal | None, direction: str
) -> Decimal | None:
    """Gerçekleşme oranı in percent, unrounded and not capped (955 % is printed as such).

    actual ÷ target × 100, or target ÷ actual × 100 where lower is better. The rate is undefined
    (None) when either value is missing or the target is zero, in either direction; where lower is
    better an actual of zero is undefined too, since the rate cannot be printed. Undefined rates are
    counted apart, never as 0 or 100.
    """
    if actual is None or target is None or target.is_zero():
        return None
    if effective_direction(direction) == "decreasing":
        if actual.is_zero():
            return None
        return EXACT.divide(EXACT.multiply(target, HUNDRED), actual)
    return EXACT.divide(EXACT.multiply(actual, HUNDRED), target)


def printed_rate(rate: Decimal | None) -> Decimal | None:
    """The rate as the reports print it: two decimals, half to even."""
    return None if rate is None else round2(rate)


def band_for(printed: Decimal | None, settings: EvaluationSettings) -> Band | None:
    """The band of a printed rate (it is rounded again here, harmlessly, in case it was not).

    69,996 prints as 70,00 and so is Başarılı. Below every lower limit means the last band.
    """
    if printed is None:
        return None
    shown = round2(printed)
    for band in settings.bands:
        if shown >= band.lower:
            return band
    return settings.bands[-1]


def note_required(printed: Decimal | None, settings: EvaluationSettings) -> bool:
    """Whether a deviation note (sapma nedeni) is required: printed rate outside the thresholds."""
    if printed is None:
        return False
    shown = round2(printed)
    return shown < settings.note_below or shown > settings.note_above


def pro_rata_target(
    target: Decimal | None,
    aggregation: str,
    through_quarter: int,
    quarter_targets: Mapping[int, Decimal],
) -> Decimal | None:
    """The target to compare a year-to-date value with.

    Per-quarter targets, when every quarter so far has one, combine like the values do. Otherwise
    a `sum` target is taken pro rata (target × quarters ÷ 4); `average` and `last` targets apply
    as they are, since a rate or a stock is not spread over the year.
    """
    _check_quarter(through_quarter)
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    quarters = range(1, through_quarter + 1)
    if all(quarter_targets.get(q) is not None for q in quarters):
        return _combine([quarter_targets[q] for q in quarters], aggregation)
    if target is None:
        return None
    if aggregation == "sum":
        return EXACT.divide(EXACT.multiply(target, Decimal(through_quarter)), Decimal(4))
    return target


def projected_year_end(
    ytd: Decimal | None, aggregation: str, through_quarter: int
) -> Decimal | None:
    """A straight-line projection of the year-to-date value to the end of the year (unrounded)."""
    _check_quarter(through_quarter)
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    if ytd is None:
        return None
    if aggregation == "sum":
        return EXACT.divide(EXACT.multiply(ytd, Decimal(4)), Decimal(through_quarter))
    return ytd
