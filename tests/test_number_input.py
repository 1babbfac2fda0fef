"""What a clerk types becomes the exact Decimal meant, or a sentence saying what to type."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbpp.formatting import format_money_kurus, format_number, format_rate
from kbpp.i18n import set_language
from kbpp.number_input import MAX_DIGITS, NumberInputError, parse_number, parse_number_plain

TR = "tr_TR"
EN = "en_GB"
D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234,5", D("1234.5")),
        ("1.234,5", D("1234.5")),
        ("1.234.567,89", D("1234567.89")),
        ("1.234", D("1234")),
        ("1.234.567", D("1234567")),
        ("12", D("12")),
        ("-12", D("-12")),
        ("+12", D("12")),
        ("\u221212", D("-12")),  # the minus sign −
        ("- 12", D("-12")),
        ("0", D("0")),
        ("-0", D("0")),
        ("0,00", D("0.00")),
        (",5", D("0.5")),
        ("-,5", D("-0.5")),
        ("007", D("7")),
        ("1,50", D("1.50")),
        ("12,345", D("12.345")),  # a comma is always the decimal separator
        ("%85", D("85")),
        ("85%", D("85")),
        ("85 %", D("85")),
        ("%85,5", D("85.5")),
        ("-%5", D("-5")),
        ("%-5", D("-5")),
        ("1 234 567,89", D("1234567.89")),
        ("1\u00a0234\u00a0567,89", D("1234567.89")),
        ("1\u202f234", D("1234")),
        ("1.234 567,8", D("1234567.8")),
        ("1.234,50 ₺", D("1234.50")),
        ("1.234,50₺", D("1234.50")),
        ("₺1.234,50", D("1234.50")),
        ("1.234 TL", D("1234")),
        ("1234,5 tl", D("1234.5")),
        ("  42  ", D("42")),
        ("123456789012345678", D("123456789012345678")),
        ("0,123456789012345678", D("0.123456789012345678")),
        ("100000000000000000,000", D("100000000000000000.000")),  # trailing zeros do not count
    ],
)
def test_turkish_entries(text: str, expected: Decimal) -> None:
    result = parse_number(text, locale=TR)
    assert result == expected
    assert str(result) == str(expected)  # the decimals typed are kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", D("1234.5")),
        ("1,234.5", D("1234.5")),
        ("1,234,567.89", D("1234567.89")),
        ("1,234", D("1234")),
        ("1.5", D("1.5")),
        ("1.234", D("1.234")),
        ("-12", D("-12")),
        ("85.5%", D("85.5")),
        ("-₺1,234.56", D("-1234.56")),
        ("1 234.5", D("1234.5")),
    ],
)
def test_english_entries(text: str, expected: Decimal) -> None:
    assert parse_number(text, locale=EN) == expected


@pytest.mark.parametrize(
    ("text", "decimal", "whole"),
    [
        ("1.5", "1,5", "15"),
        ("12.34", "12,34", "1234"),
        ("1.2345", "1,2345", "12345"),
        ("1234.567", "1234,567", "1234567"),
        ("0.5", "0,5", "5"),
        ("0.500", "0,500", "500"),
        ("-1.5", "-1,5", "-15"),
        ("%1.5", "1,5", "15"),
    ],
)
def test_a_dot_that_is_not_a_thousands_grouping_is_refused(
    text: str, decimal: str, whole: str
) -> None:
    set_language("en")
    with pytest.raises(NumberInputError) as caught:
        parse_number(text, locale=TR)
    message = str(caught.value)
    assert message == (
        f"“{text}” is ambiguous: in Turkish the decimal separator is a comma. "
        f"Type {decimal} (with decimals) or {whole} (a whole number)."
    )
    assert caught.value.text == text


def test_the_ambiguity_message_in_turkish() -> None:
    set_language("tr")
    with pytest.raises(NumberInputError) as caught:
        parse_number("1.5")
    assert str(caught.value) == (
        "“1.5” belirsiz: Türkçede ondalık ayırıcı virgüldür. "
        "1,5 (ondalıklı) ya da 15 (tam sayı) yazın."
    )


def test_english_refuses_an_ambiguous_comma() -> None:
    set_language("en")
    with pytest.raises(NumberInputError, match=r"decimal separator is a dot\. Type 1\.5 .* or 15"):
        parse_number("1,5", locale=EN)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("12a", "“12a” is not a number."),
        ("abc", "“abc” is not a number."),
        ("1e5", "“1e5” is not a number."),
        ("NaN", "“NaN” is not a number."),
        ("nan", "“nan” is not a number."),
        ("Infinity", "“Infinity” is not a number."),
        ("-inf", "“-inf” is not a number."),
        ("∞", "“∞” is not a number."),
        ("–", "“–” is not a number."),  # the empty-value mark itself
        ("-", "“-” is not a number."),
        ("%", "“%” is not a number."),
        ("TL", "“TL” is not a number."),
        ("%85 TL", "“%85 TL” is not a number."),
        ("12-", "“12-” is not a number."),
        ("1/2", "“1/2” is not a number."),
        ("١٢", "“١٢” is not a number."),  # Arabic-Indic digits
        ("", "Nothing was typed."),
        ("   ", "Nothing was typed."),
        ("1,2,3", "more than one decimal separator"),
        ("1,234.5", "a thousands separator follows the decimal separator"),
        ("1,5 5", "a thousands separator follows the decimal separator"),
        ("5,", "ends with the decimal separator"),
        ("1.23.456", "the thousands separators are misplaced"),
        ("1.2345.678", "the thousands separators are misplaced"),
        ("12 34", "the thousands separators are misplaced"),
        ("1.23,5", "the thousands separators are misplaced"),
        ("0.123.456", "the thousands separators are misplaced"),
        ("1234567890123456789", "has 19 digits; at most 18 are allowed"),
        ("1000000000000000000", "has 19 digits"),
        ("0,1234567890123456789", "has 19 digits; at most 18 are allowed"),
        ("1.234.567.890.123.456.789", "has 19 digits"),
    ],
)
def test_refused_entries_say_what_is_wrong(text: str, fragment: str) -> None:
    set_language("en")
    with pytest.raises(NumberInputError) as caught:
        parse_number(text, locale=TR)
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_refusals_say_what_to_type_instead() -> None:
    set_language("en")
    cases = {
        "12a": "Type digits only, for example 1.234,5.",
        "": "Type a number, for example 1.234,5.",
        "5,": "leave it out: 5.",
        "1.23.456": "If you meant 123.456, type that or 123456.",
        "1.23,5": "If you meant 123,5, type it so.",
    }
    for text, advice in cases.items():
        with pytest.raises(NumberInputError) as caught:
            parse_number(text, locale=TR)
        assert str(caught.value).endswith(advice), str(caught.value)


def test_messages_follow_the_language() -> None:
    set_language("tr")
    with pytest.raises(NumberInputError) as caught:
        parse_number("12a")
    assert str(caught.value) == "“12a” bir sayı değil. Yalnızca rakam yazın, örneğin 1.234,5."
    set_language("en")
    with pytest.raises(NumberInputError) as caught:
        parse_number("12a")
    assert str(caught.value) == "“12a” is not a number. Type digits only, for example 1,234.5."


def test_long_pastes_are_quoted_short() -> None:
    set_language("en")
    with pytest.raises(NumberInputError) as caught:
        parse_number("x" * 500, locale=TR)
    assert len(str(caught.value)) < 150


def test_default_locale_follows_the_language() -> None:
    set_language("tr")
    assert parse_number("1.234,5") == D("1234.5")
    set_language("en")
    assert parse_number("1,234.5") == D("1234.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", D("1.5")),
        ("-1234.5", D("-1234.5")),
        ("+3", D("3")),
        ("0", D("0")),
        ("-0.0", D("0.0")),
        (".5", D("0.5")),
        ("5.", D("5")),
        (" 42 ", D("42")),
        ("123456789012345678", D("123456789012345678")),
    ],
)
def test_plain_numbers_for_scripts(text: str, expected: Decimal) -> None:
    assert parse_number_plain(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1,5",
        "1.234,5",
        "1 000",
        "1e5",
        "NaN",
        "inf",
        "",
        ".",
        "-",
        "%85",
        "12a",
        "1234567890123456789",
    ],
)
def test_plain_refuses_anything_but_machine_notation(text: str) -> None:
    with pytest.raises(NumberInputError):
        parse_number_plain(text)


# --- round trips: what KBPP prints, KBPP reads back ------------------------------------------

two_decimals = st.decimals(
    min_value=D("-9999999999999999.99"),
    max_value=D("9999999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(value=two_decimals, locale=st.sampled_from([TR, EN]))
def test_format_then_parse_gives_the_same_number(value: Decimal, locale: str) -> None:
    assert parse_number(format_number(value, 2, locale=locale), locale=locale) == value
    assert parse_number(format_number(value, locale=locale), locale=locale) == value


@given(
    kurus=st.integers(min_value=-(10**17) + 1, max_value=10**17 - 1),
    locale=st.sampled_from([TR, EN]),
)
def test_money_reads_back_to_the_same_kurus(kurus: int, locale: str) -> None:
    text = format_money_kurus(kurus, locale=locale)
    assert parse_number(text, locale=locale) == D(kurus).scaleb(-2)


@given(value=two_decimals, locale=st.sampled_from([TR, EN]))
def test_rates_read_back(value: Decimal, locale: str) -> None:
    assert parse_number(format_rate(value, locale=locale), locale=locale) == value


def test_max_digits_is_eighteen() -> None:
    assert MAX_DIGITS == 18
