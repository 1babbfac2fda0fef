"""Numbers, money, rates and dates as the municipality prints them (and in English)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from kbpp.formatting import (
    EMPTY,
    format_date,
    format_datetime,
    format_money,
    format_money_kurus,
    format_number,
    format_plain_rate,
    format_rate,
)
from kbpp.i18n import set_language

TR = "tr_TR"
EN = "en_GB"
D = Decimal


def test_empty_mark_is_an_en_dash() -> None:
    assert EMPTY == "\u2013"
    for formatter in (format_number, format_money_kurus, format_money, format_rate):
        assert formatter(None) == EMPTY
    assert format_plain_rate(None) == EMPTY


@pytest.mark.parametrize(
    ("value", "decimals", "turkish", "english"),
    [
        (D("1234567.89"), None, "1.234.567,89", "1,234,567.89"),
        (D("1234567.89"), 2, "1.234.567,89", "1,234,567.89"),
        (D("1234567"), None, "1.234.567", "1,234,567"),
        (1234, None, "1.234", "1,234"),
        (123, None, "123", "123"),
        (0, None, "0", "0"),
        (D("0.00"), None, "0", "0"),
        (0, 2, "0,00", "0.00"),
        (D("-1234.5"), None, "-1.234,5", "-1,234.5"),
        (D("-1234.5"), 2, "-1.234,50", "-1,234.50"),
        (D("12.50"), None, "12,5", "12.5"),
        (D("0.1234567"), None, "0,123457", "0.123457"),  # at most six decimals
        (D("0.0000004"), None, "0", "0"),
        (D("-0.0000004"), None, "0", "0"),  # no "-0"
        (D("-0.004"), 2, "0,00", "0.00"),
        (D("2.5"), 0, "2", "2"),  # half to even
        (D("3.5"), 0, "4", "4"),
        (D("0.125"), 2, "0,12", "0.12"),
        (D("0.135"), 2, "0,14", "0.14"),
        (D("1E+3"), None, "1.000", "1,000"),
        (10**17, None, "100.000.000.000.000.000", "100,000,000,000,000,000"),
        (D("999999999999999999.99"), 2, "999.999.999.999.999.999,99", "999,999,999,999,999,999.99"),
    ],
)
def test_format_number(
    value: Decimal | int, decimals: int | None, turkish: str, english: str
) -> None:
    assert format_number(value, decimals, locale=TR) == turkish
    assert format_number(value, decimals, locale=EN) == english


def test_big_values_keep_every_digit() -> None:
    assert format_number(D("123456789012345678.123456"), locale=TR) == (
        "123.456.789.012.345.678,123456"
    )


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        format_number(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_money_kurus(150.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_rate(True)  # type: ignore[arg-type]


def test_non_finite_and_negative_decimals_are_refused() -> None:
    with pytest.raises(ValueError):
        format_number(D("NaN"))
    with pytest.raises(ValueError):
        format_rate(D("Infinity"))
    with pytest.raises(ValueError):
        format_number(1, decimals=-1)


def test_default_locale_follows_the_language() -> None:
    set_language("tr")
    assert format_number(D("1234.5")) == "1.234,5"
    assert format_money_kurus(123456) == "1.234,56 ₺"
    assert format_rate(D("85.5")) == "%85,5"
    assert format_date(date(2021, 3, 4)) == "04.03.2021"
    set_language("en")
    assert format_number(D("1234.5")) == "1,234.5"
    assert format_money_kurus(123456) == "₺1,234.56"
    assert format_rate(D("85.5")) == "85.5%"
    assert format_date(date(2021, 3, 4)) == "04/03/2021"


@pytest.mark.parametrize(
    ("kurus", "turkish", "english"),
    [
        (123456789, "1.234.567,89 ₺", "₺1,234,567.89"),
        (1, "0,01 ₺", "₺0.01"),
        (10, "0,10 ₺", "₺0.10"),
        (99, "0,99 ₺", "₺0.99"),
        (100, "1,00 ₺", "₺1.00"),
        (0, "0,00 ₺", "₺0.00"),
        (-1, "-0,01 ₺", "-₺0.01"),
        (-150050, "-1.500,50 ₺", "-₺1,500.50"),
        (9_223_372_036_854_775_807, "92.233.720.368.547.758,07 ₺", "₺92,233,720,368,547,758.07"),
    ],
)
def test_format_money_kurus(kurus: int, turkish: str, english: str) -> None:
    assert format_money_kurus(kurus, locale=TR) == turkish
    assert format_money_kurus(kurus, locale=EN) == english


def test_money_symbol_follows_the_amount_after_a_plain_space() -> None:
    assert format_money_kurus(500, locale=TR).endswith("5,00 ₺")
    assert format_money_kurus(500, locale="tr") == "5,00 ₺"


@pytest.mark.parametrize(
    ("amount", "turkish"),
    [
        (D("1234567.89"), "1.234.567,89 ₺"),
        (D("12"), "12,00 ₺"),
        (12, "12,00 ₺"),
        (D("0.125"), "0,12 ₺"),  # half to even
        (D("0.135"), "0,14 ₺"),
        (D("-0.001"), "0,00 ₺"),
    ],
)
def test_format_money(amount: Decimal | int, turkish: str) -> None:
    assert format_money(amount, locale=TR) == turkish


@pytest.mark.parametrize(
    ("rate", "turkish", "english", "plain_tr"),
    [
        (D("85.5"), "%85,5", "85.5%", "85,5"),
        (D("85.50"), "%85,5", "85.5%", "85,5"),
        (D("467.025"), "%467,02", "467.02%", "467,02"),  # half to even, as published
        (D("467.035"), "%467,04", "467.04%", "467,04"),
        (D("467.0251"), "%467,03", "467.03%", "467,03"),
        (D("100"), "%100", "100%", "100"),
        (100, "%100", "100%", "100"),
        (D("100.004"), "%100", "100%", "100"),
        (D("955"), "%955", "955%", "955"),
        (D("0"), "%0", "0%", "0"),
        (D("0.004"), "%0", "0%", "0"),
        (D("1234.5"), "%1.234,5", "1,234.5%", "1.234,5"),
        (D("-5.555"), "-%5,56", "-5.56%", "-5,56"),
        (D("66.666666666"), "%66,67", "66.67%", "66,67"),
    ],
)
def test_format_rate(rate: Decimal | int, turkish: str, english: str, plain_tr: str) -> None:
    assert format_rate(rate, locale=TR) == turkish
    assert format_rate(rate, locale=EN) == english
    assert format_plain_rate(rate, locale=TR) == plain_tr


def test_rounding_does_not_depend_on_the_decimal_context() -> None:
    import decimal

    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        ctx.prec = 5
        assert format_rate(D("467.025"), locale=TR) == "%467,02"
        assert format_number(D("123456789.125"), 2, locale=TR) == "123.456.789,12"


def test_format_date() -> None:
    assert format_date(date(2021, 3, 4), locale=TR) == "04.03.2021"
    assert format_date(date(2021, 12, 31), locale=TR) == "31.12.2021"
    assert format_date(date(2021, 3, 4), locale=EN) == "04/03/2021"
    assert format_date(datetime(2021, 3, 4, 23, 59), locale=TR) == "04.03.2021"
    assert format_date(None) == EMPTY


def test_format_datetime() -> None:
    assert format_datetime(datetime(2021, 3, 4, 14, 5, 59), locale=TR) == "04.03.2021 14:05"
    assert format_datetime(datetime(2021, 3, 4, 9, 5), locale=EN) == "04/03/2021 09:05"
    assert format_datetime(None) == EMPTY


def test_aware_datetimes_are_shown_in_local_time() -> None:
    moment = datetime(2021, 3, 4, 11, 5, tzinfo=UTC)
    local = moment.astimezone()
    assert format_datetime(moment, locale=TR) == local.strftime("%d.%m.%Y %H:%M")
    istanbul = datetime(2021, 3, 4, 14, 5, tzinfo=timezone(timedelta(hours=3)))
    assert format_datetime(istanbul, locale=TR) == format_datetime(moment, locale=TR)
