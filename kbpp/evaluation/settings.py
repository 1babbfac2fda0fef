"""The evaluation settings a program year is judged by: bands, note thresholds, share rounding.

They are stored with the program year (as the dict of `settings_to_dict`) so that an old year's
report always prints as it did, even after the municipality changes its thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

SHARE_ROUNDINGS: tuple[str, ...] = ("half_even", "largest_remainder")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Band:
    """One achievement band: rates (as printed) at or above `lower` fall in it.

    `key` is the official Turkish name, printed as is in reports.
    """

    key: str
    lower: Decimal
    color: str


def _validate_bands(bands: tuple[Band, ...]) -> None:
    if not bands:
        raise ValueError("at least one band is needed")
    keys: set[str] = set()
    for band in bands:
        if not isinstance(band, Band):
            raise ValueError("every band must be a Band")
        if not isinstance(band.key, str) or not band.key.strip():
            raise ValueError("every band needs a name")
        if band.key in keys:
            raise ValueError(f"the band name {band.key!r} is used twice")
        keys.add(band.key)
        if not isinstance(band.lower, Decimal) or band.lower.is_nan():
            raise ValueError(f"the lower limit of band {band.key!r} is not a number")
        if not isinstance(band.color, str) or not _COLOR.match(band.color):
            raise ValueError(f"the colour of band {band.key!r} must look like #2e7d32")
    for upper, lower in pairwise(bands):
        if not lower.lower < upper.lower:
            raise ValueError(
                f"bands must be listed from the highest lower limit down: "
                f"{lower.key!r} ({lower.lower}) comes after {upper.key!r} ({upper.lower})"
            )


@dataclass(frozen=True)
class EvaluationSettings:
    """Everything that decides how a year's rates are judged and printed.

    `bands` run from the highest lower limit down; the last band also takes every rate below its
    own lower limit, so that a defined rate always has a band. A deviation note is required for a
    printed rate below `note_below` or above `note_above`. `share_rounding` says how band shares
    are rounded: "half_even" per cell, as published, or "largest_remainder" (cells add to 100).
    """

    bands: tuple[Band, ...]
    note_below: Decimal = Decimal(85)
    note_above: Decimal = Decimal(120)
    share_rounding: str = "half_even"

    def __post_init__(self) -> None:
        bands = tuple(self.bands)
        object.__setattr__(self, "bands", bands)
        _validate_bands(bands)
        for name in ("note_below", "note_above"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise ValueError(f"{name} must be a finite number")
        if self.note_below > self.note_above:
            raise ValueError("note_below must not be greater than note_above")
        if self.share_rounding not in SHARE_ROUNDINGS:
            raise ValueError(
                f"share_rounding must be one of {', '.join(SHARE_ROUNDINGS)}, "
                f"not {self.share_rounding!r}"
            )

    @property
    def band_keys(self) -> tuple[str, ...]:
        """The band names in band order (highest first)."""
        return tuple(b.key for b in self.bands)


DEFAULT_SETTINGS = EvaluationSettings(
    bands=(
        Band("Hedef ve Üstü", Decimal(85), "#2e7d32"),
        Band("Başarılı", Decimal(70), "#7cb342"),
        Band("İyi", Decimal(55), "#fbc02d"),
        Band("İlerlemede", Decimal(45), "#ef6c00"),
        Band("Geliştirilmeli", Decimal("-Infinity"), "#c62828"),
    )
)
BAND_KEYS: tuple[str, ...] = DEFAULT_SETTINGS.band_keys


def settings_to_dict(settings: EvaluationSettings) -> dict[str, Any]:
    """A JSON-safe dict; decimals are strings so that nothing passes through a float."""
    return {
        "bands": [{"key": b.key, "lower": str(b.lower), "color": b.color} for b in settings.bands],
        "note_below": str(settings.note_below),
        "note_above": str(settings.note_above),
        "share_rounding": settings.share_rounding,
    }


def _decimal(value: object, what: str) -> Decimal:
    """Strings, ints and Decimals as given; floats through their shortest repr (0.1 → 0.1)."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{what} must be a number, not {value!r}") from None
    else:
        raise ValueError(f"{what} must be a number")
    if result.is_nan():
        raise ValueError(f"{what} must be a number")
    return result


_KNOWN_KEYS = frozenset({"bands", "note_below", "note_above", "share_rounding"})


def settings_from_dict(data: Mapping[str, Any]) -> EvaluationSettings:
    """Read and validate settings; missing keys take the defaults, unknown keys are refused.

    Raises ValueError with a message fit to show a user.
    """
    if not isinstance(data, Mapping):
        raise ValueError("the settings must be an object")
    unknown = sorted(str(k) for k in data if k not in _KNOWN_KEYS)
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(unknown)}")
    bands = DEFAULT_SETTINGS.bands
    if "bands" in data:
        raw = data["bands"]
        if not isinstance(raw, list | tuple):
            raise ValueError("bands must be a list")
        parsed = []
        for i, item in enumerate(raw, start=1):
            if not isinstance(item, Mapping):
                raise ValueError(f"band {i} must be an object")
            missing = [k for k in ("key", "lower", "color") if k not in item]
            if missing:
                raise ValueError(f"band {i} lacks {', '.join(missing)}")
            extra = sorted(str(k) for k in item if k not in ("key", "lower", "color"))
            if extra:
                raise ValueError(f"band {i} has unknown fields: {', '.join(extra)}")
            parsed.append(
                Band(item["key"], _decimal(item["lower"], f"band {i} lower"), item["color"])
            )
        bands = tuple(parsed)
    return EvaluationSettings(
        bands=bands,
        note_below=_decimal(data.get("note_below", DEFAULT_SETTINGS.note_below), "note_below"),
        note_above=_decimal(data.get("note_above", DEFAULT_SETTINGS.note_above), "note_above"),
        share_rounding=data.get("share_rounding", DEFAULT_SETTINGS.share_rounding),
    )
