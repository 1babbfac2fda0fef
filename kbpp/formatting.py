"""The one place where numbers, money, rates and dates become text for screens and reports.

Every function takes an optional Babel ``locale`` and otherwise uses the current language's
(``kbpp.i18n.current_locale()``); a locale is always passed to Babel, never left to the
process environment. Turkish output: 1.234.567,89 · 1.234.567,89 ₺ · %85,5 · 04.03.2021.

Values are ``Decimal`` or ``int`` and never go through ``float`` (a float is refused): amounts
and published rates must print exactly. Rounding is half to even, as the municipality's
published tables do (467,025 → 467,02); it is done here explicitly with ``ROUND_HALF_EVEN``
rather than relying on the thread's decimal context, which Babel would otherwise use.
A missing value (None) prints as ``EMPTY`` (an en dash), never as 0.
"""

from __future__ import annotations

import decimal
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import NumberPattern, get_minus_sign_symbol, parse_pattern

from kbpp.i18n import current_locale

__all__ = [
    "CURRENCY_SYMBOL",
    "EMPTY",
    "MAX_AUTO_DECIMALS",
    "RATE_DECIMALS",
    "format_date",
    "format_datetime",
    "format_money",
    "format_money_kurus",
    "format_number",
    "format_plain_rate",
    "format_rate",
]

EMPTY = "–"
"""The mark for a missing value (en dash): a blank cell would look like a forgotten entry."""

CURRENCY_SYMBOL = "₺"
MAX_AUTO_DECIMALS = 6
RATE_DECIMALS = 2
_KURUS_PER_LIRA = 2  # decimal places of an amount in lira

# Babel's Turkish pattern puts the symbol first (₺1.234,56); the municipality writes 1.234,56 ₺.
# A plain space, as typed in the published documents. Other languages use Babel's pattern.
_MONEY_PATTERNS = {"tr": "#,##0.00 " + CURRENCY_SYMBOL}
# Day-first everywhere; Babel's short Turkish date drops the leading zero of the day.
_DATE_PATTERNS = {"tr": "dd.MM.yyyy", "en": "dd/MM/yyyy"}
_TIME_PATTERN = "HH:mm"

# Wide enough for any amount we store (kuruş in 64 bits) plus the decimals we print.
_CONTEXT = decimal.Context(prec=60, rounding=ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])

Number = Decimal | int


def _resolve(locale: str | None) -> str:
    return locale or current_locale()


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


def _to_decimal(value: Number) -> Decimal:
    """Accept Decimal and int only: a float has already lost the exact value we must print."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected Decimal or int, got {type(value).__name__}: {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format {number}: not a finite number")
    return number


def _round(value: Decimal, decimals: int) -> Decimal:
    """Round half to even to ``decimals`` places; a rounded zero loses its minus sign."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), context=_CONTEXT)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _number_pattern(
    min_decimals: int, max_decimals: int, prefix: str = "", suffix: str = ""
) -> str:
    fraction = "0" * min_decimals + "#" * (max_decimals - min_decimals)
    return f"{prefix}#,##0{'.' + fraction if fraction else ''}{suffix}"


@lru_cache(maxsize=64)
def _parsed_locale(locale: str) -> Locale:
    return Locale.parse(locale)


@lru_cache(maxsize=64)
def _parsed_pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _format(value: Decimal, pattern: str, locale: str) -> str:
    """Babel with our pattern; the value is already rounded, so Babel's own rounding is exact.

    Locales and patterns are parsed once: table views format every visible cell on each repaint.
    """
    with decimal.localcontext(_CONTEXT):
        return _parsed_pattern(pattern).apply(
            value, _parsed_locale(locale), decimal_quantization=True
        )


def format_number(
    value: Number | None, decimals: int | None = None, locale: str | None = None
) -> str:
    """A number with thousands separators: Turkish 1.234.567,89.

    ``decimals`` fixes the number of decimals (half-even rounding, zeros kept: 12,50);
    None prints as many as the value has, up to six, without trailing zeros (12,5).
    """
    if value is None:
        return EMPTY
    if decimals is not None and decimals < 0:
        raise ValueError(f"decimals must be 0 or more, got {decimals}")
    number = _to_decimal(value)
    places = MAX_AUTO_DECIMALS if decimals is None else decimals
    pattern = _number_pattern(0 if decimals is None else decimals, places)
    return _format(_round(number, places), pattern, _resolve(locale))


@lru_cache(maxsize=64)
def _money_pattern(locale: str) -> str:
    pattern = _MONEY_PATTERNS.get(_language(locale))
    if pattern is None:
        standard = _parsed_locale(locale).currency_formats["standard"].pattern
        pattern = standard.replace("¤", CURRENCY_SYMBOL)  # Babel's English symbol is "TRY"
    return pattern


def format_money(amount: Number | None, locale: str | None = None) -> str:
    """An amount in lira, always with two decimals: "1.234.567,89 ₺" (English "₺1,234,567.89")."""
    if amount is None:
        return EMPTY
    resolved = _resolve(locale)
    number = _round(_to_decimal(amount), _KURUS_PER_LIRA)
    return _format(number, _money_pattern(resolved), resolved)


def format_money_kurus(kurus: int | None, locale: str | None = None) -> str:
    """An amount stored as whole kuruş (the exact form in the database): 1 → "0,01 ₺"."""
    if kurus is None:
        return EMPTY
    if isinstance(kurus, bool) or not isinstance(kurus, int):
        raise TypeError(f"kuruş must be an int, got {type(kurus).__name__}: {kurus!r}")
    return format_money(Decimal(kurus).scaleb(-_KURUS_PER_LIRA), locale)


@lru_cache(maxsize=64)
def _rate_affixes(locale: str) -> tuple[str, str]:
    """Where the locale writes the percent sign: Turkish before the number, English after."""
    parsed = _parsed_locale(locale)
    pattern = parsed.percent_formats[None].pattern.split(";")[0]
    start = pattern.find("#") if "#" in pattern else pattern.find("0")
    end = pattern.rfind("0") + 1
    symbol = parsed.number_symbols["latn"].get("percentSign", "%")
    return pattern[:start].replace("%", symbol), pattern[end:].replace("%", symbol)


def format_plain_rate(value: Number | None, locale: str | None = None) -> str:
    """An achievement rate (already in percent) without the sign, for table cells: "85,5"."""
    if value is None:
        return EMPTY
    number = _round(_to_decimal(value), RATE_DECIMALS)
    return _format(number, _number_pattern(0, RATE_DECIMALS), _resolve(locale))


def format_rate(value: Number | None, locale: str | None = None) -> str:
    """An achievement rate in percent, at most two decimals: "%85,5", "%467,02", "%100".

    The value is already a percentage (85.5 means 85,5 %); nothing is multiplied by 100.
    """
    if value is None:
        return EMPTY
    resolved = _resolve(locale)
    prefix, suffix = _rate_affixes(resolved)
    number = _round(_to_decimal(value), RATE_DECIMALS)
    # The sign is placed by hand: any % in a Babel pattern, even quoted, multiplies by 100.
    digits = _format(number.copy_abs(), _number_pattern(0, RATE_DECIMALS), resolved)
    minus = get_minus_sign_symbol(_parsed_locale(resolved)) if number < 0 else ""
    return f"{minus}{prefix}{digits}{suffix}"


def _date_pattern(locale: str) -> str | None:
    return _DATE_PATTERNS.get(_language(locale))


def format_date(d: date | datetime | None, locale: str | None = None) -> str:
    """A calendar date, day first: Turkish 04.03.2021, English 04/03/2021."""
    if d is None:
        return EMPTY
    resolved = _resolve(locale)
    day = _local(d).date() if isinstance(d, datetime) else d
    return babel_format_date(day, format=_date_pattern(resolved) or "short", locale=resolved)


def format_datetime(dt: datetime | None, locale: str | None = None) -> str:
    """A date and time to the minute, 24-hour clock: Turkish 04.03.2021 14:05.

    A time-zone-aware value (e.g. an audit time kept in UTC) is shown in the computer's local
    time, as the clerk lived it; a naive value is shown as it is.
    """
    if dt is None:
        return EMPTY
    resolved = _resolve(locale)
    date_pattern = _date_pattern(resolved)
    if date_pattern is None:
        return babel_format_datetime(_local(dt), format="short", locale=resolved)
    pattern = f"{date_pattern} {_TIME_PATTERN}"
    return babel_format_datetime(_local(dt), format=pattern, locale=resolved)


def _local(dt: datetime) -> datetime:
    """Aware → naive local time, so that Babel does not shift it to UTC."""
    return dt.astimezone().replace(tzinfo=None) if dt.tzinfo is not None else dt
