"""Each published evaluation rule, against figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from kbpp.evaluation.rules import (
    achievement_rate,
    band_for,
    due_in_quarter,
    effective_aggregation,
    effective_direction,
    note_required,
    printed_rate,
    pro_rata_target,
    projected_year_end,
    round2,
    turkish_lower,
    year_value,
)
from kbpp.evaluation.settings import DEFAULT_SETTINGS, Band, EvaluationSettings

D = Decimal


# --- round2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("467.025", "467.02"),
        ("467.035", "467.04"),
        ("0.005", "0.00"),
        ("0.015", "0.02"),
        ("1.005", "1.00"),
        ("84.995", "85.00"),
        ("84.985", "84.98"),
        ("100", "100.00"),
        ("955", "955.00"),
        ("-12.345", "-12.34"),
    ],
)
def test_round2_is_half_to_even_to_two_places(value: str, expected: str) -> None:
    result = round2(D(value))
    assert result == D(expected)
    assert str(result) == expected


def test_round2_never_prints_minus_zero() -> None:
    assert str(round2(D("-0.001"))) == "0.00"


def test_round2_ignores_the_callers_decimal_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 3
        assert round2(D("12345.675")) == D("12345.68")


# --- direction and aggregation -----------------------------------------------------------------


def test_direction_defaults_to_increasing() -> None:
    assert effective_direction(None) == "increasing"
    assert effective_direction("increasing") == "increasing"
    assert effective_direction("decreasing") == "decreasing"
    with pytest.raises(ValueError):
        effective_direction("down")


@pytest.mark.parametrize(
    ("aggregation", "unit", "expected"),
    [
        ("sum", "Yüzde", "sum"),
        ("last", None, "last"),
        ("average", "Adet", "average"),
        (None, "Yüzde", "average"),
        (None, "YÜZDE", "average"),
        (None, " yüzde ", "average"),
        (None, "%", "average"),
        (None, "Oran", "average"),
        (None, "ORAN", "average"),
        (None, "oran", "average"),
        (None, "Binde", "average"),
        (None, "Adet", "sum"),
        (None, "Kişi", "sum"),
        (None, "Gün", "sum"),
        (None, "Adet/Yıl", "sum"),
        (None, None, "sum"),
        (None, "", "sum"),
    ],
)
def test_effective_aggregation(aggregation: str | None, unit: str | None, expected: str) -> None:
    assert effective_aggregation(aggregation, unit) == expected


def test_unknown_aggregation_is_refused() -> None:
    with pytest.raises(ValueError):
        effective_aggregation("median", None)


def test_turkish_lower_handles_dotted_and_dotless_i() -> None:
    assert turkish_lower("İSTANBUL IŞIK") == "istanbul ışık"


# --- year_value --------------------------------------------------------------------------------

FULL = {"Q1": D(2), "Q2": D(3), "Q3": D(4), "Q4": D(5)}
GAPPY = {"Q1": D(1), "Q2": D(2), "Q3": None, "Q4": D(4)}


def test_sum_of_all_quarters() -> None:
    assert year_value(FULL, "sum") == D(14)


def test_sum_skips_missing_quarters() -> None:
    assert year_value(GAPPY, "sum") == D(7)
    assert year_value({"Q2": D(5)}, "sum") == D(5)


def test_average_is_the_mean_of_the_entered_quarters() -> None:
    assert year_value(FULL, "average") == D("3.5")
    assert round2(year_value(GAPPY, "average")) == D("2.33")  # type: ignore[arg-type]
    assert year_value({"Q1": D(60), "Q2": D(70), "Q4": D(80)}, "average") == D(70)


def test_last_is_the_latest_entered_quarter() -> None:
    assert year_value(FULL, "last") == D(5)
    assert year_value({"Q1": D(10), "Q2": D(20), "Q3": None, "Q4": None}, "last") == D(20)


def test_through_quarter_limits_the_quarters() -> None:
    assert year_value(FULL, "sum", through_quarter=2) == D(5)
    assert year_value(FULL, "average", through_quarter=3) == D(3)
    assert year_value(FULL, "last", through_quarter=1) == D(2)
    assert year_value(GAPPY, "last", through_quarter=3) == D(2)


def test_no_quarter_entered_is_none() -> None:
    assert year_value({}, "sum") is None
    assert year_value({"Q1": None, "Q2": None}, "average") is None
    assert year_value({"Q3": D(1)}, "sum", through_quarter=2) is None


def test_a_whole_year_value_wins_for_the_full_year() -> None:
    values = {"Q1": D(1), "Y": D(40)}
    assert year_value(values, "sum") == D(40)
    assert year_value(values, "average") == D(40)
    assert year_value({"Y": D(7)}, "last") == D(7)


def test_a_whole_year_value_is_not_used_year_to_date() -> None:
    assert year_value({"Q1": D(1), "Y": D(40)}, "sum", through_quarter=3) == D(1)
    assert year_value({"Y": D(40)}, "sum", through_quarter=3) is None


def test_an_empty_whole_year_value_falls_back_to_the_quarters() -> None:
    assert year_value({"Q1": D(1), "Q2": D(2), "Y": None}, "sum") == D(3)


def test_zero_is_a_value_not_a_gap() -> None:
    assert year_value({"Q1": D(0), "Q2": D(4)}, "average") == D(2)
    assert year_value({"Q1": D(4), "Q2": D(0)}, "last") == D(0)


@pytest.mark.parametrize("quarter", [0, 5])
def test_year_value_refuses_a_bad_quarter(quarter: int) -> None:
    with pytest.raises(ValueError):
        year_value(FULL, "sum", through_quarter=quarter)


def test_year_value_refuses_a_bad_aggregation() -> None:
    with pytest.raises(ValueError):
        year_value(FULL, "median")


# --- achievement_rate and printing -------------------------------------------------------------


def test_rate_increasing() -> None:
    assert achievement_rate(D(8), D(8), "increasing") == D(100)
    assert achievement_rate(D(9), D(10), "increasing") == D(90)
    assert achievement_rate(D(0), D(10), "increasing") == D(0)


def test_rate_is_not_capped() -> None:
    assert achievement_rate(D(191), D(20), "increasing") == D(955)
    assert printed_rate(achievement_rate(D(191), D(20), "increasing")) == D("955.00")


def test_rate_decreasing_is_target_over_actual() -> None:
    assert achievement_rate(D(40), D(50), "decreasing") == D(125)
    assert printed_rate(achievement_rate(D(120), D(100), "decreasing")) == D("83.33")


def test_direction_none_counts_as_increasing() -> None:
    assert achievement_rate(D(40), D(50), None) == D(80)  # type: ignore[arg-type]


def test_rate_is_unrounded() -> None:
    rate = achievement_rate(D(1), D(3), "increasing")
    assert rate is not None
    assert rate != round2(rate)
    assert str(rate).startswith("33.33333333333333333333")
    assert printed_rate(rate) == D("33.33")


def test_an_exact_tie_stays_exact_and_prints_half_to_even() -> None:
    assert achievement_rate(D("467.025"), D(100), "increasing") == D("467.025")
    assert printed_rate(achievement_rate(D("467.025"), D(100), "increasing")) == D("467.02")
    assert printed_rate(achievement_rate(D("934.07"), D(200), "increasing")) == D("467.04")


@pytest.mark.parametrize("direction", ["increasing", "decreasing"])
def test_target_zero_is_undefined(direction: str) -> None:
    assert achievement_rate(D(5), D(0), direction) is None
    assert achievement_rate(D(0), D(0), direction) is None


@pytest.mark.parametrize("direction", ["increasing", "decreasing"])
def test_missing_values_are_undefined(direction: str) -> None:
    assert achievement_rate(None, D(10), direction) is None
    assert achievement_rate(D(10), None, direction) is None
    assert achievement_rate(None, None, direction) is None


def test_decreasing_with_actual_zero_is_undefined() -> None:
    assert achievement_rate(D(0), D(10), "decreasing") is None


def test_printed_rate_of_none_is_none() -> None:
    assert printed_rate(None) is None


# --- bands ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "band"),
    [
        ("955", "Hedef ve Üstü"),
        ("100", "Hedef ve Üstü"),
        ("85", "Hedef ve Üstü"),
        ("84.99", "Başarılı"),
        ("70", "Başarılı"),
        ("69.99", "İyi"),
        ("55", "İyi"),
        ("54.99", "İlerlemede"),
        ("45", "İlerlemede"),
        ("44.99", "Geliştirilmeli"),
        ("0", "Geliştirilmeli"),
        ("-20", "Geliştirilmeli"),
    ],
)
def test_band_edges(printed: str, band: str) -> None:
    result = band_for(D(printed), DEFAULT_SETTINGS)
    assert result is not None
    assert result.key == band


@pytest.mark.parametrize(
    ("rate", "band"),
    [
        ("69.996", "Başarılı"),
        ("69.994", "İyi"),
        ("69.995", "Başarılı"),  # 69.995 → 70.00 (half to even)
        ("84.995", "Hedef ve Üstü"),
        ("84.985", "Başarılı"),
        ("44.995", "İlerlemede"),
    ],
)
def test_bands_apply_to_the_printed_rate(rate: str, band: str) -> None:
    via_print = band_for(printed_rate(D(rate)), DEFAULT_SETTINGS)
    direct = band_for(D(rate), DEFAULT_SETTINGS)
    assert via_print is not None and via_print.key == band
    assert direct == via_print


def test_band_of_undefined_is_none() -> None:
    assert band_for(None, DEFAULT_SETTINGS) is None


def test_band_carries_its_colour() -> None:
    band = band_for(D(90), DEFAULT_SETTINGS)
    assert band is not None and band.color == "#2e7d32"


def test_last_band_takes_rates_below_its_own_lower_limit() -> None:
    settings = EvaluationSettings(
        bands=(Band("Üst", D(50), "#000000"), Band("Alt", D(10), "#ffffff"))
    )
    low = band_for(D(5), settings)
    assert low is not None and low.key == "Alt"
    high = band_for(D(50), settings)
    assert high is not None and high.key == "Üst"


# --- deviation note ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "required"),
    [
        ("84.99", True),
        ("85", False),
        ("100", False),
        ("120", False),
        ("120.01", True),
        ("955", True),
        ("0", True),
        ("84.995", False),  # prints 85.00
        ("120.004", False),  # prints 120.00
        ("120.005", False),  # prints 120.00 (half to even)
        ("120.015", True),  # prints 120.02
    ],
)
def test_note_thresholds(printed: str, required: bool) -> None:
    assert note_required(D(printed), DEFAULT_SETTINGS) is required


def test_no_note_for_an_undefined_rate() -> None:
    assert note_required(None, DEFAULT_SETTINGS) is False


def test_note_thresholds_are_settings() -> None:
    settings = EvaluationSettings(bands=DEFAULT_SETTINGS.bands, note_below=D(90), note_above=D(110))
    assert note_required(D("89.99"), settings)
    assert not note_required(D(90), settings)
    assert not note_required(D(110), settings)
    assert note_required(D("110.01"), settings)


# --- year-to-date targets and projections ---------------------------------------------------


@pytest.mark.parametrize(("quarter", "expected"), [(1, "25"), (2, "50"), (3, "75"), (4, "100")])
def test_sum_target_pro_rata(quarter: int, expected: str) -> None:
    assert pro_rata_target(D(100), "sum", quarter, {}) == D(expected)


def test_pro_rata_is_exact() -> None:
    assert pro_rata_target(D(9), "sum", 1, {}) == D("2.25")
    assert pro_rata_target(D(9), "sum", 3, {}) == D("6.75")


@pytest.mark.parametrize("aggregation", ["average", "last"])
def test_average_and_last_targets_apply_directly(aggregation: str) -> None:
    assert pro_rata_target(D(90), aggregation, 1, {}) == D(90)
    assert pro_rata_target(D(90), aggregation, 3, {}) == D(90)


def test_per_quarter_targets_win_when_every_quarter_so_far_has_one() -> None:
    quarters = {1: D(10), 2: D(20), 3: D(30), 4: D(40)}
    assert pro_rata_target(D(1000), "sum", 2, quarters) == D(30)
    assert pro_rata_target(D(1000), "sum", 4, quarters) == D(100)
    assert pro_rata_target(D(1000), "average", 2, quarters) == D(15)
    assert pro_rata_target(D(1000), "average", 3, quarters) == D(20)
    assert pro_rata_target(D(1000), "last", 3, quarters) == D(30)


def test_incomplete_per_quarter_targets_fall_back_to_pro_rata() -> None:
    assert pro_rata_target(D(100), "sum", 2, {1: D(10)}) == D(50)
    assert pro_rata_target(D(100), "sum", 2, {2: D(10)}) == D(50)
    assert pro_rata_target(D(100), "sum", 1, {1: D(10)}) == D(10)
    assert pro_rata_target(D(100), "last", 3, {1: D(10), 2: D(20)}) == D(100)


def test_no_target_is_none_unless_quarter_targets_cover() -> None:
    assert pro_rata_target(None, "sum", 2, {}) is None
    assert pro_rata_target(None, "average", 2, {}) is None
    assert pro_rata_target(None, "sum", 2, {1: D(5), 2: D(6)}) == D(11)


def test_projection_of_a_sum_is_straight_line() -> None:
    assert projected_year_end(D(30), "sum", 2) == D(60)
    assert projected_year_end(D(30), "sum", 1) == D(120)
    assert projected_year_end(D(30), "sum", 4) == D(30)
    assert round2(projected_year_end(D(10), "sum", 3)) == D("13.33")  # type: ignore[arg-type]


@pytest.mark.parametrize("aggregation", ["average", "last"])
def test_projection_of_average_and_last_is_the_value(aggregation: str) -> None:
    assert projected_year_end(D(65), aggregation, 2) == D(65)


def test_projection_of_nothing_is_none() -> None:
    assert projected_year_end(None, "sum", 2) is None


def test_year_to_date_functions_refuse_a_bad_quarter() -> None:
    with pytest.raises(ValueError):
        pro_rata_target(D(1), "sum", 0, {})
    with pytest.raises(ValueError):
        projected_year_end(D(1), "sum", 5)


# --- due_in_quarter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "due"),
    [
        ("quarterly", (True, True, True, True)),
        (None, (True, True, True, True)),
        ("half-yearly", (False, True, False, True)),
        ("yearly", (False, False, False, True)),
    ],
)
def test_due_in_quarter_follows_the_frequency(frequency: str | None, due: tuple[bool, ...]) -> None:
    assert tuple(due_in_quarter(frequency, q) for q in (1, 2, 3, 4)) == due
