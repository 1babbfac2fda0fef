"""Band summaries: counts per band, undefined counted apart, shares rounded both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kbpp.evaluation.settings import DEFAULT_SETTINGS, Band, EvaluationSettings
from kbpp.evaluation.summary import summarize

HEDEF, BASARILI, IYI, ILERLEMEDE, GELISTIRILMELI = DEFAULT_SETTINGS.bands
LARGEST = EvaluationSettings(bands=DEFAULT_SETTINGS.bands, share_rounding="largest_remainder")
D = Decimal


def percents(*values: str) -> dict[str, Decimal]:
    return dict(zip(DEFAULT_SETTINGS.band_keys, (D(v) for v in values), strict=True))


def test_counts_have_every_band_in_band_order() -> None:
    s = summarize([IYI, HEDEF, HEDEF], DEFAULT_SETTINGS)
    assert list(s.counts) == list(DEFAULT_SETTINGS.band_keys)
    assert list(s.percents) == list(DEFAULT_SETTINGS.band_keys)
    assert s.counts == {
        "Hedef ve Üstü": 2,
        "Başarılı": 0,
        "İyi": 1,
        "İlerlemede": 0,
        "Geliştirilmeli": 0,
    }
    assert (s.total, s.undefined, s.defined) == (3, 0, 3)


def test_undefined_is_counted_apart_and_not_in_the_shares() -> None:
    s = summarize([HEDEF, None, GELISTIRILMELI, None], DEFAULT_SETTINGS)
    assert (s.total, s.undefined) == (4, 2)
    assert sum(s.counts.values()) == 2
    assert s.percents == percents("50.00", "0", "0", "0", "50.00")


def test_half_even_rounds_each_cell_so_thirds_add_to_99_99() -> None:
    s = summarize([HEDEF, BASARILI, IYI], DEFAULT_SETTINGS)
    assert s.percents == percents("33.33", "33.33", "33.33", "0", "0")
    assert sum(s.percents.values()) == D("99.99")
    assert all(str(p) in ("33.33", "0.00") for p in s.percents.values())


def test_largest_remainder_makes_thirds_add_to_100() -> None:
    s = summarize([HEDEF, BASARILI, IYI], LARGEST)
    assert s.percents == percents("33.34", "33.33", "33.33", "0", "0")
    assert sum(s.percents.values()) == D("100.00")


def test_two_thirds() -> None:
    for settings in (DEFAULT_SETTINGS, LARGEST):
        s = summarize([HEDEF, HEDEF, ILERLEMEDE], settings)
        assert s.percents == percents("66.67", "0", "0", "33.33", "0")


def test_half_even_cell_ties() -> None:
    # 1/8000 = 0.0125 % → 0.01 and 3/8000 = 0.0375 % → 0.04 (half to even); 7996/8000 = 99.95 %.
    s = summarize([HEDEF] + [BASARILI] * 3 + [IYI] * 7996, DEFAULT_SETTINGS)
    assert s.percents == percents("0.01", "0.04", "99.95", "0", "0")


def test_largest_remainder_ties_go_to_the_larger_count_then_the_higher_band() -> None:
    # 1, 4, 1 of 6: 16.666…, 66.666…, 16.666… all leave the same remainder; two hundredths to give.
    s = summarize([HEDEF] + [BASARILI] * 4 + [IYI], LARGEST)
    assert s.percents == percents("16.67", "66.67", "16.66", "0", "0")
    assert sum(s.percents.values()) == D(100)


def test_largest_remainder_of_sevenths() -> None:
    s = summarize([HEDEF] + [BASARILI] * 2 + [IYI] * 4, LARGEST)
    assert s.percents == percents("14.29", "28.57", "57.14", "0", "0")


def test_a_single_band_is_100() -> None:
    for settings in (DEFAULT_SETTINGS, LARGEST):
        s = summarize([IYI, IYI, None], settings)
        assert s.percents["İyi"] == D(100)
        assert str(s.percents["İyi"]) == "100.00"


@pytest.mark.parametrize("settings", [DEFAULT_SETTINGS, LARGEST])
def test_nothing_defined_gives_zero_shares(settings: EvaluationSettings) -> None:
    s = summarize([None, None], settings)
    assert (s.total, s.undefined) == (2, 2)
    assert set(s.counts.values()) == {0}
    assert set(s.percents.values()) == {D(0)}


def test_nothing_at_all() -> None:
    s = summarize([], DEFAULT_SETTINGS)
    assert (s.total, s.undefined) == (0, 0)
    assert set(s.percents.values()) == {D(0)}


def test_accepts_any_iterable() -> None:
    s = summarize((b for b in [HEDEF, None]), DEFAULT_SETTINGS)
    assert (s.total, s.undefined, s.counts["Hedef ve Üstü"]) == (2, 1, 1)


def test_a_band_of_other_settings_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of"):
        summarize([Band("Başka", D(0), "#000000")], DEFAULT_SETTINGS)
