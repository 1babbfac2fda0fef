"""Reading numbers as clerks type them (grid editor, ``kbpp values set``) into exact Decimals.

A wrong value in a signed quarterly package is worse than a refused keystroke, so the parser
never guesses: what could mean two things is refused with a sentence that says what to type.

Turkish rules (``tr_TR``; the English locale swaps comma and dot):

- The comma is the decimal separator: ``1234,5``, ``1.234,5``, ``1.234.567,89``, ``,5``.
- A dot groups thousands, and only where it groups exactly three digits after a first group of
  one to three digits that does not start with 0: ``1.234`` = 1234, ``1.234.567`` = 1234567.
- An entry with one dot that is not such a grouping (``1.5``, ``12.34``, ``0.5``) is refused as
  ambiguous ("type 1,5 or 15"); other misplaced separators (``1.23.456``) are refused too.
- Spaces, non-breaking and thin spaces also group thousands, by the same rule: ``1 234 567,89``.
- A leading ``-`` / ``+`` (or the minus sign −) gives the sign: ``-12``, ``-%5``.
- One percent sign or currency mark before or after the number is ignored: ``%85``, ``85 %``,
  ``1.234,50 ₺``, ``1.234 TL``.
- Refused: empty text, letters (``12a``), exponents (``1e5``), NaN and infinity, a comma at
  the end (``5,``), more than one comma, and more than 18 digits (not counting leading zeros of
  the whole part or trailing zeros of the decimals): beyond that a value cannot be kept exactly.

``parse_number_plain`` is for scripts: machine notation only, ``-1234.5``, whatever the language.
The result keeps the decimals as typed (``1,50`` → Decimal("1.50")); -0 becomes 0.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol

from kbpp.formatting import format_number
from kbpp.i18n import _, current_locale

__all__ = ["MAX_DIGITS", "NumberInputError", "parse_number", "parse_number_plain"]

MAX_DIGITS = 18
_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \t\u00a0\u202f\u2009\u2007")
_SIGNS = {"-": "-", "\u2212": "-", "+": ""}
_PERCENT_MARKS = ("%",)
_CURRENCY_MARKS = ("₺", "TL")
_MAX_SHOWN = 40
_PLAIN = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?")
_EXAMPLE = Decimal("1234.5")


class NumberInputError(ValueError):
    """A typed text that is not a number; ``str()`` says, translated, what to type instead."""

    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text


def _shown(text: str) -> str:
    """The entry as quoted back to the user, cut short if someone pasted a paragraph."""
    text = text.strip()
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _take_sign(body: str) -> tuple[str | None, str]:
    if body and body[0] in _SIGNS:
        return _SIGNS[body[0]], body[1:].lstrip("".join(_SPACES))
    return None, body


def _take_mark(body: str) -> str:
    """Drop one percent sign or currency mark before or after the number."""
    folded = body.casefold()
    for mark in (*_PERCENT_MARKS, *_CURRENCY_MARKS):
        low = mark.casefold()
        if folded.endswith(low):
            return body[: -len(mark)]
        if folded.startswith(low):
            return body[len(mark) :]
    return body


def _check_digits(shown: str, whole: str, fraction: str) -> None:
    count = len(whole.lstrip("0")) + len(fraction.rstrip("0"))
    if count > MAX_DIGITS:
        raise NumberInputError(
            _("“{text}” has {count} digits; at most {limit} are allowed. Check the number.").format(
                text=shown, count=count, limit=MAX_DIGITS
            ),
            shown,
        )


def _build(sign: str, whole: str, fraction: str) -> Decimal:
    value = Decimal(f"{sign}{whole or '0'}.{fraction}" if fraction else f"{sign}{whole or '0'}")
    return value.copy_abs() if value.is_zero() else value


def _is_thousands_grouping(groups: list[str]) -> bool:
    first, rest = groups[0], groups[1:]
    return (
        1 <= len(first) <= 3
        and not (first.startswith("0") and rest)
        and all(len(group) == 3 for group in rest)
    )


@lru_cache(maxsize=16)
def _separators(locale: str) -> tuple[str, str]:
    """The locale's decimal and group symbols (parsed once: the grid parses on every edit)."""
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _example(locale: str) -> str:
    """A number written the locale's way, shown in the advice: 1.234,5."""
    return format_number(_EXAMPLE, locale=locale)


def parse_number(text: str, locale: str | None = None) -> Decimal:
    """What a clerk typed, in the conventions of ``locale`` (default: the current language).

    Raises NumberInputError with a translated sentence; see the module docstring for the rules.
    """
    loc = locale or current_locale()
    decimal_sep, group_sep = _separators(loc)
    shown = _shown(text)
    spaces = "".join(_SPACES)

    body = text.strip(spaces + "\r\n")
    if not body:
        raise NumberInputError(
            _("Nothing was typed. Type a number, for example {example}.").format(
                example=_example(loc)
            ),
            shown,
        )
    sign, body = _take_sign(body)
    body = _take_mark(body).strip(spaces)
    if sign is None:
        sign, body = _take_sign(body)
    sign = sign or ""

    separators = set(_SPACES) | {decimal_sep, group_sep}
    if (
        not body
        or any(ch not in _DIGITS and ch not in separators for ch in body)
        or not any(ch in _DIGITS for ch in body)
    ):
        raise NumberInputError(
            _("“{text}” is not a number. Type digits only, for example {example}.").format(
                text=shown, example=_example(loc)
            ),
            shown,
        )
    # Every kind of space groups thousands, like the locale's own group separator.
    body = re.sub(f"[{re.escape(spaces)}]+", " ", body)
    if group_sep in _SPACES:
        group_sep = " "
    group_seps = {group_sep, " "}

    if body.count(decimal_sep) > 1:
        raise NumberInputError(
            _(
                "“{text}” has more than one decimal separator ({separator}). "
                "Type at most one, for example {example}."
            ).format(text=shown, separator=decimal_sep, example=_example(loc)),
            shown,
        )
    whole, has_decimals, fraction = body.partition(decimal_sep)
    if any(ch in group_seps for ch in fraction):
        raise NumberInputError(
            _(
                "In “{text}” a thousands separator follows the decimal separator ({separator}). "
                "Type the decimals last, for example {example}."
            ).format(text=shown, separator=decimal_sep, example=_example(loc)),
            shown,
        )
    if has_decimals and not fraction:
        raise NumberInputError(
            _(
                "“{text}” ends with the decimal separator. "
                "Type the decimals after it, or leave it out: {whole}."
            ).format(text=shown, whole=f"{sign}{whole or '0'}"),
            shown,
        )

    groups = re.split("|".join(re.escape(s) for s in group_seps), whole)
    digits = "".join(groups)
    if len(groups) > 1 and not _is_thousands_grouping(groups):
        if not has_decimals and len(groups) == 2 and " " not in whole:
            _check_digits(shown, digits, "")
            raise NumberInputError(
                _ambiguous(decimal_sep).format(
                    text=shown,
                    decimal=sign + whole.replace(group_sep, decimal_sep),
                    whole=sign + (digits.lstrip("0") or "0"),
                ),
                shown,
            )
        _check_digits(shown, digits, fraction)
        raise NumberInputError(_misgrouped(shown, sign, digits, fraction, decimal_sep, loc), shown)
    _check_digits(shown, digits, fraction)
    return _build(sign, digits, fraction)


def _misgrouped(
    shown: str, sign: str, digits: str, fraction: str, decimal_sep: str, locale: str
) -> str:
    """Offer the number grouped correctly and, when that differs, without any grouping."""
    grouped = format_number(_build(sign, digits, fraction), locale=locale)
    plain = sign + (digits.lstrip("0") or "0") + (decimal_sep + fraction if fraction else "")
    if grouped == plain:
        return _(
            "In “{text}” the thousands separators are misplaced: each must be followed by "
            "exactly three digits. If you meant {grouped}, type it so."
        ).format(text=shown, grouped=grouped)
    return _(
        "In “{text}” the thousands separators are misplaced: each must be followed by "
        "exactly three digits. If you meant {grouped}, type that or {plain}."
    ).format(text=shown, grouped=grouped, plain=plain)


def _ambiguous(decimal_sep: str) -> str:
    """The ambiguity sentence names the convention the clerk is working in."""
    if decimal_sep == ",":
        return _(
            "“{text}” is ambiguous: in Turkish the decimal separator is a comma. "
            "Type {decimal} (with decimals) or {whole} (a whole number)."
        )
    return _(
        "“{text}” is ambiguous: in English the decimal separator is a dot. "
        "Type {decimal} (with decimals) or {whole} (a whole number)."
    )


def parse_number_plain(text: str) -> Decimal:
    """Machine notation for scripts and files: ``-1234.5``; no grouping, no comma, no exponent."""
    shown = _shown(text)
    match = _PLAIN.fullmatch(text.strip())
    if match is None or not (match.group(2) or match.group(3)):
        raise NumberInputError(
            _(
                "“{text}” is not a plain number. Scripts must use digits, an optional minus sign "
                "and a dot before the decimals, without thousands separators, for example -1234.5."
            ).format(text=shown),
            shown,
        )
    sign, whole, fraction = match.group(1), match.group(2), match.group(3) or ""
    _check_digits(shown, whole, fraction)
    return _build("-" if sign == "-" else "", whole, fraction)
