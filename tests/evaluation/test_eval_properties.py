"""Properties that must hold for any figures, not just the hand-worked ones."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kbpp.evaluation.rollup import RollupItem, objective_scores
from kbpp.evaluation.rules import achievement_rate, band_for, printed_rate, round2
from kbpp.evaluation.settings import (
    DEFAULT_SETTINGS,
    EvaluationSettings,
    settings_from_dict,
    settings_to_dict,
)
from kbpp.evaluation.summary import summarize

rates = st.decimals(
    min_value=-1000, max_value=100000, places=4, allow_nan=False, allow_infinity=False
)
positive = st.decimals(
    min_value=Decimal("0.0001"), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)
bands_or_none = st.lists(st.sampled_from((*DEFAULT_SETTINGS.bands, None)), max_size=200)
LARGEST = EvaluationSettings(bands=DEFAULT_SETTINGS.bands, share_rounding="largest_remainder")


def band_index(rate: Decimal) -> int:
    band = band_for(printed_rate(rate), DEFAULT_SETTINGS)
    assert band is not None
    return DEFAULT_SETTINGS.bands.index(band)


@given(rates, rates)
def test_band_of_the_printed_rate_is_monotonic(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert band_index(high) <= band_index(low)


@given(rates)
def test_round2_is_close_and_idempotent(x: Decimal) -> None:
    r = round2(x)
    assert abs(r - x) <= Decimal("0.005")
    assert round2(r) == r
    assert r.as_tuple().exponent == -2


@given(positive, positive)
def test_directions_are_reciprocal(actual: Decimal, target: Decimal) -> None:
    up = achievement_rate(actual, target, "increasing")
    down = achievement_rate(actual, target, "decreasing")
    assert up is not None and down is not None
    assert abs(up * down - 10000) < Decimal("1e-20")


@given(positive)
def test_meeting_the_target_is_100(value: Decimal) -> None:
    for direction in ("increasing", "decreasing"):
        assert printed_rate(achievement_rate(value, value, direction)) == Decimal("100.00")


@given(bands_or_none)
def test_summary_counts_add_up_to_the_total(bands: list) -> None:
    for settings in (DEFAULT_SETTINGS, LARGEST):
        s = summarize(bands, settings)
        assert s.total == len(bands)
        assert s.undefined == bands.count(None)
        assert sum(s.counts.values()) + s.undefined == s.total


@given(bands_or_none)
def test_largest_remainder_adds_to_100_and_stays_near_half_even(bands: list) -> None:
    exact = summarize(bands, DEFAULT_SETTINGS)
    largest = summarize(bands, LARGEST)
    if exact.defined == 0:
        assert sum(largest.percents.values()) == 0
        return
    assert sum(largest.percents.values()) == Decimal(100)
    for key in exact.percents:
        assert abs(largest.percents[key] - exact.percents[key]) <= Decimal("0.01")
    assert abs(sum(exact.percents.values()) - 100) <= Decimal("0.005") * len(exact.percents)


@given(st.integers(min_value=1, max_value=40))
def test_equal_shares_at_100_stay_within_rounding_of_100(n: int) -> None:
    items = [RollupItem("H", Decimal(100), None)] * n
    score = objective_scores(items, ["H"])["H"]
    assert score is not None
    assert abs(score - 100) <= Decimal("0.005") * n


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), rates),
            st.decimals(min_value=1, max_value=100, places=2, allow_nan=False),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_objective_score_is_a_rounded_weighted_mean_of_capped_rates(
    pairs: list[tuple[Decimal | None, Decimal]],
) -> None:
    items = [RollupItem("H", None if r is None else round2(r), w) for r, w in pairs]
    score = objective_scores(items, ["H"])["H"]
    defined = [(min(round2(r), Decimal(100)), w) for r, w in pairs if r is not None]
    if not defined:
        assert score is None
        return
    assert score is not None
    exact = sum(r * w for r, w in defined) / sum(w for _r, w in defined)
    assert abs(score - exact) <= Decimal("0.005") * len(defined) + Decimal("1e-20")
    assert score <= 100 + Decimal("0.005") * len(defined)


@given(
    st.decimals(min_value=0, max_value=200, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=200, places=2, allow_nan=False),
)
def test_settings_survive_a_round_trip(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    s = EvaluationSettings(bands=DEFAULT_SETTINGS.bands, note_below=low, note_above=high)
    assert settings_from_dict(settings_to_dict(s)) == s
