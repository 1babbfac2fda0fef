"""The strategic-plan roll-up, as published: indicator → objective → aim → theme.

Every level is rounded half to even to two decimals before the next level uses it (each
contribution before the sum, each mean); that is how published objective scores reach 100,02.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kbpp.evaluation.rules import EXACT, HUNDRED, exact_sum, round2


@dataclass(frozen=True)
class RollupItem:
    """One indicator as the roll-up sees it: its printed rate and its "hedefe etkisi" weight."""

    objective_code: str
    printed_rate: Decimal | None
    weight: Decimal | None


def _usable_weights(items: Sequence[RollupItem]) -> list[Decimal] | None:
    """The weights, if every item has one, none is negative and they do not add up to zero."""
    weights = [item.weight for item in items]
    present = [w for w in weights if w is not None]
    if len(present) != len(weights) or any(w < 0 for w in present):
        return None
    return None if exact_sum(present).is_zero() else present


def _objective_score(rates: Sequence[Decimal], weights: Sequence[Decimal] | None) -> Decimal:
    """Sum of round2(min(rate, 100) × share); without weights every share is 1/n."""
    numerators = weights if weights is not None else [Decimal(1)] * len(rates)
    denominator = exact_sum(numerators)
    # Multiply before dividing, so that an exact tie stays exact and rounds half to even.
    return exact_sum(
        round2(EXACT.divide(EXACT.multiply(min(rate, HUNDRED), numerator), denominator))
        for rate, numerator in zip(rates, numerators, strict=True)
    )


def objective_scores(
    items: Iterable[RollupItem], objective_codes: Sequence[str]
) -> dict[str, Decimal | None]:
    """Each objective's score, in the order given; None where no indicator has a rate.

    Indicators whose rate is undefined do not take part (their weight goes to the others), and
    items of objectives not listed are ignored: the plan's list is what gets printed.
    """
    grouped: dict[str, list[RollupItem]] = {code: [] for code in objective_codes}
    for item in items:
        if item.printed_rate is not None and item.objective_code in grouped:
            grouped[item.objective_code].append(item)
    return {
        code: _objective_score(
            [m.printed_rate for m in members if m.printed_rate is not None],
            _usable_weights(members),
        )
        if members
        else None
        for code, members in grouped.items()
    }


def mean_scores(
    children: Mapping[str, Sequence[str]], child_scores: Mapping[str, Decimal | None]
) -> dict[str, Decimal | None]:
    """Each parent's score: the rounded mean of its children's defined scores, else None.

    Used for aims (children = objectives) and themes (children = aims).
    """
    result: dict[str, Decimal | None] = {}
    for parent, codes in children.items():
        defined = [s for code in codes if (s := child_scores.get(code)) is not None]
        result[parent] = (
            round2(EXACT.divide(exact_sum(defined), Decimal(len(defined)))) if defined else None
        )
    return result
