"""The strategic-plan roll-up, rounded at every level as published."""

from __future__ import annotations

from decimal import Decimal

from kbpp.evaluation.rollup import RollupItem, mean_scores, objective_scores

D = Decimal


def items(objective: str, *pairs: tuple[str | None, str | None]) -> list[RollupItem]:
    return [
        RollupItem(objective, None if r is None else D(r), None if w is None else D(w))
        for r, w in pairs
    ]


def test_six_indicators_at_100_make_the_published_100_02() -> None:
    scores = objective_scores(items("H1.1", *[("100", None)] * 6), ["H1.1"])
    assert scores == {"H1.1": D("100.02")}  # 16.67 × 6
    assert str(scores["H1.1"]) == "100.02"


def test_equal_shares_and_the_cap_at_100() -> None:
    # 150 counts as 100: 100/2 + 50/2 = 75.
    assert objective_scores(items("H", ("150", None), ("50", None)), ["H"]) == {"H": D(75)}
    assert objective_scores(items("H", ("955", None)), ["H"]) == {"H": D(100)}


def test_each_contribution_is_rounded_before_the_sum() -> None:
    # 60.25/2 = 30.125 → 30.12 twice: 60.24, not the unrounded 60.25.
    assert objective_scores(items("H", ("60.25", None), ("60.25", None)), ["H"]) == {
        "H": D("60.24")
    }
    # 60.35/2 = 30.175 → 30.18.
    assert objective_scores(items("H", ("60.25", None), ("60.35", None)), ["H"]) == {
        "H": D("60.30")
    }


def test_weights_are_shares() -> None:
    # 80 × 60 % + 100 × 40 % = 48 + 40.
    assert objective_scores(items("H", ("80", "60"), ("100", "40")), ["H"]) == {"H": D(88)}


def test_weights_need_not_add_to_100() -> None:
    # Weights 3 and 1: 80 × 3/4 + 40 × 1/4 = 60 + 10.
    assert objective_scores(items("H", ("80", "3"), ("40", "1")), ["H"]) == {"H": D(70)}


def test_weights_renormalise_over_the_indicators_with_a_rate() -> None:
    # Weights 50, 30, 20; the 30 has no rate, so shares are 50/70 and 20/70:
    # 80 × 50/70 = 57.142… → 57.14; 100 × 20/70 = 28.571… → 28.57.
    scores = objective_scores(items("H", ("80", "50"), (None, "30"), ("100", "20")), ["H"])
    assert scores == {"H": D("85.71")}


def test_a_missing_weight_means_equal_shares() -> None:
    assert objective_scores(items("H", ("80", "60"), ("100", None)), ["H"]) == {"H": D(90)}


def test_a_missing_weight_on_an_undefined_indicator_does_not_matter() -> None:
    scores = objective_scores(items("H", ("80", "60"), ("100", "40"), (None, None)), ["H"])
    assert scores == {"H": D(88)}


def test_zero_weights_mean_equal_shares() -> None:
    assert objective_scores(items("H", ("80", "0"), ("100", "0")), ["H"]) == {"H": D(90)}


def test_a_zero_weight_among_others_contributes_nothing() -> None:
    assert objective_scores(items("H", ("80", "0"), ("100", "100")), ["H"]) == {"H": D(100)}


def test_objectives_without_a_rate_are_none_and_order_is_kept() -> None:
    given = items("H2", ("90", None)) + items("H3", (None, None))
    scores = objective_scores(given, ["H3", "H1", "H2"])
    assert list(scores) == ["H3", "H1", "H2"]
    assert scores == {"H3": None, "H1": None, "H2": D(90)}


def test_items_of_objectives_not_listed_are_ignored() -> None:
    assert objective_scores(items("X", ("50", None)), ["H"]) == {"H": None}


def test_objectives_are_scored_separately() -> None:
    given = items("A", ("100", None), ("50", None)) + items("B", ("70", None))
    assert objective_scores(given, ["A", "B"]) == {"A": D(75), "B": D(70)}


def test_mean_of_children_rounded_half_to_even() -> None:
    children = {"A1": ["H1", "H2"], "A2": ["H3", "H4"], "A3": ["H5", "H6"]}
    scores = {
        "H1": D("100.01"),
        "H2": D("100.02"),  # 100.015 → 100.02
        "H3": D("100.03"),
        "H4": D("100.02"),  # 100.025 → 100.02
        "H5": D("100.02"),
        "H6": D("97.50"),  # 98.76
    }
    assert mean_scores(children, scores) == {
        "A1": D("100.02"),
        "A2": D("100.02"),
        "A3": D("98.76"),
    }


def test_mean_skips_undefined_children() -> None:
    children = {"A1": ["H1", "H2", "H3"]}
    assert mean_scores(children, {"H1": D(80), "H2": None}) == {"A1": D(80)}


def test_mean_of_nothing_defined_is_none() -> None:
    assert mean_scores({"A1": ["H1"], "A2": []}, {"H1": None}) == {"A1": None, "A2": None}


def test_themes_from_aims_with_thirds() -> None:
    aims = {"A1": D(100), "A2": D(100), "A3": D("50.01")}
    themes = mean_scores({"Tema": ["A1", "A2", "A3"]}, aims)
    assert themes == {"Tema": D("83.34")}  # 250.01 / 3 = 83.3366…
