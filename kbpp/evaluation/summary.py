"""Band summaries: how many indicators fall in each band, and each band's share in percent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kbpp.evaluation.rules import EXACT, HUNDRED, round2
from kbpp.evaluation.settings import Band, EvaluationSettings

_ZERO_SHARE = Decimal("0.00")


@dataclass(frozen=True)
class BandSummary:
    """Counts and shares per band, in band order; indicators without a rate are counted apart.

    `total` counts every indicator, `undefined` those without a rate. `percents` are shares of the
    indicators that have a rate (total - undefined), two decimals; all zero when none has one.
    """

    total: int
    undefined: int
    counts: dict[str, int]
    percents: dict[str, Decimal]

    @property
    def defined(self) -> int:
        """The indicators that have a rate, the base of the percents."""
        return self.total - self.undefined


def _half_even_shares(counts: dict[str, int], defined: int) -> dict[str, Decimal]:
    """Each cell rounded on its own, as the published tables do (cells may not add to 100)."""
    return {
        key: round2(EXACT.divide(EXACT.multiply(Decimal(n), HUNDRED), Decimal(defined)))
        for key, n in counts.items()
    }


def _largest_remainder_shares(counts: dict[str, int], defined: int) -> dict[str, Decimal]:
    """Hundredths of a percent handed out by largest remainder, so the cells add to 100,00.

    Exact integer arithmetic; equal remainders go to the larger count, then to the higher band.
    """
    whole = {key: n * 10000 // defined for key, n in counts.items()}
    remainder = {key: n * 10000 % defined for key, n in counts.items()}
    left = 10000 - sum(whole.values())
    position = {key: i for i, key in enumerate(counts)}
    ranked = sorted(counts, key=lambda k: (-remainder[k], -counts[k], position[k]))
    for key in ranked[:left]:
        whole[key] += 1
    return {key: Decimal(n).scaleb(-2, context=EXACT) for key, n in whole.items()}


def summarize(bands: Iterable[Band | None], settings: EvaluationSettings) -> BandSummary:
    """Count the bands of a set of indicators (None = rate undefined)."""
    counts = dict.fromkeys(settings.band_keys, 0)
    total = undefined = 0
    for band in bands:
        total += 1
        if band is None:
            undefined += 1
        elif band.key in counts:
            counts[band.key] += 1
        else:
            raise ValueError(f"the band {band.key!r} is not one of this year's bands")
    defined = total - undefined
    if defined == 0:
        percents = dict.fromkeys(counts, _ZERO_SHARE)
    elif settings.share_rounding == "largest_remainder":
        percents = _largest_remainder_shares(counts, defined)
    else:
        percents = _half_even_shares(counts, defined)
    return BandSummary(total=total, undefined=undefined, counts=counts, percents=percents)
