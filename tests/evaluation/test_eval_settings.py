"""Evaluation settings: the published defaults, and reading them back from a program year."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from kbpp.evaluation.settings import (
    BAND_KEYS,
    DEFAULT_SETTINGS,
    Band,
    EvaluationSettings,
    settings_from_dict,
    settings_to_dict,
)


def test_default_bands_are_the_published_ones_in_order() -> None:
    assert BAND_KEYS == ("Hedef ve Üstü", "Başarılı", "İyi", "İlerlemede", "Geliştirilmeli")
    assert DEFAULT_SETTINGS.band_keys == BAND_KEYS
    lowers = [b.lower for b in DEFAULT_SETTINGS.bands]
    assert lowers[:4] == [Decimal(85), Decimal(70), Decimal(55), Decimal(45)]
    assert lowers[4] == Decimal("-Infinity")
    assert [b.color for b in DEFAULT_SETTINGS.bands] == [
        "#2e7d32",
        "#7cb342",
        "#fbc02d",
        "#ef6c00",
        "#c62828",
    ]
    assert DEFAULT_SETTINGS.note_below == Decimal(85)
    assert DEFAULT_SETTINGS.note_above == Decimal(120)
    assert DEFAULT_SETTINGS.share_rounding == "half_even"


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_SETTINGS.note_below = Decimal(80)  # type: ignore[misc]


def test_bands_given_as_a_list_become_a_tuple() -> None:
    s = EvaluationSettings(bands=[Band("A", Decimal(50), "#000000")])  # type: ignore[arg-type]
    assert s.bands == (Band("A", Decimal(50), "#000000"),)


def test_to_dict_is_json_safe_with_decimals_as_strings() -> None:
    d = settings_to_dict(DEFAULT_SETTINGS)
    assert d["note_below"] == "85"
    assert d["note_above"] == "120"
    assert d["share_rounding"] == "half_even"
    assert d["bands"][0] == {"key": "Hedef ve Üstü", "lower": "85", "color": "#2e7d32"}
    assert d["bands"][-1]["lower"] == "-Infinity"
    assert json.loads(json.dumps(d)) == d


def test_round_trip_through_json() -> None:
    custom = EvaluationSettings(
        bands=(Band("Yüksek", Decimal("90.5"), "#112233"), Band("Düşük", Decimal(0), "#445566")),
        note_below=Decimal("80.25"),
        note_above=Decimal(150),
        share_rounding="largest_remainder",
    )
    for s in (DEFAULT_SETTINGS, custom):
        assert settings_from_dict(json.loads(json.dumps(settings_to_dict(s)))) == s


def test_missing_keys_take_the_defaults() -> None:
    assert settings_from_dict({}) == DEFAULT_SETTINGS
    s = settings_from_dict({"note_below": "80"})
    assert s.note_below == Decimal(80)
    assert s.bands == DEFAULT_SETTINGS.bands


def test_numbers_are_accepted_and_floats_read_by_their_shortest_form() -> None:
    s = settings_from_dict(
        {
            "bands": [{"key": "A", "lower": 84.5, "color": "#000000"}],
            "note_below": 80,
            "note_above": 120.1,
        }
    )
    assert s.bands[0].lower == Decimal("84.5")
    assert s.note_below == Decimal(80)
    assert s.note_above == Decimal("120.1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bands": []}, "at least one band"),
        ({"bands": "x"}, "must be a list"),
        (
            {
                "bands": [
                    {"key": "A", "lower": "50", "color": "#000000"},
                    {"key": "B", "lower": "70", "color": "#000000"},
                ]
            },
            "highest lower limit down",
        ),
        (
            {
                "bands": [
                    {"key": "A", "lower": "70", "color": "#000000"},
                    {"key": "B", "lower": "70", "color": "#000000"},
                ]
            },
            "highest lower limit down",
        ),
        (
            {
                "bands": [
                    {"key": "A", "lower": "70", "color": "#000000"},
                    {"key": "A", "lower": "50", "color": "#000000"},
                ]
            },
            "used twice",
        ),
        ({"bands": [{"key": "", "lower": "70", "color": "#000000"}]}, "needs a name"),
        ({"bands": [{"key": "A", "lower": "abc", "color": "#000000"}]}, "must be a number"),
        ({"bands": [{"key": "A", "lower": "NaN", "color": "#000000"}]}, "must be a number"),
        ({"bands": [{"key": "A", "lower": True, "color": "#000000"}]}, "must be a number"),
        ({"bands": [{"key": "A", "lower": "70", "color": "green"}]}, "colour"),
        ({"bands": [{"key": "A", "lower": "70"}]}, "lacks color"),
        ({"bands": [{"key": "A", "lower": "70", "color": "#000000", "x": 1}]}, "unknown"),
        ({"bands": ["A"]}, "must be an object"),
        ({"note_below": "130"}, "note_below must not be greater"),
        ({"note_above": "Infinity"}, "finite"),
        ({"share_rounding": "up"}, "share_rounding"),
        ({"colour": "red"}, "unknown settings: colour"),
    ],
)
def test_invalid_settings_are_refused_with_a_plain_message(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        settings_from_dict(data)


def test_a_non_mapping_is_refused() -> None:
    with pytest.raises(ValueError, match="must be an object"):
        settings_from_dict(["bands"])  # type: ignore[arg-type]
