"""Reading amounts, days and times of day the way people and spreadsheets write them."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.parsing import clean, parse_clock, parse_day, parse_money


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,234,567.89", Decimal("1234567.89")),
        ("1 234 567.89", Decimal("1234567.89")),
        ("１，２３４．５", Decimal("1234.5")),
        ("500万", Decimal("5000000")),
        ("500万元", Decimal("5000000")),
        ("1.5亿", Decimal("150000000")),
        ("3亿元", Decimal("300000000")),
        ("1000元", Decimal("1000")),
        ("¥1,000", Decimal("1000")),
        ("￥ 1000.50", Decimal("1000.50")),
        ("RMB 1000", Decimal("1000")),
        ("12.3456", Decimal("12.3456")),
        ("0", Decimal("0")),
        (12, Decimal("12")),
        (1.5, Decimal("1.5")),
        (Decimal("12345678901.2345"), Decimal("12345678901.2345")),
    ],
)
def test_amounts(typed: object, amount: Decimal) -> None:
    parsed = parse_money(typed, "principal")
    assert isinstance(parsed, Decimal)
    assert parsed == amount


def test_an_amount_keeps_its_exact_digits() -> None:
    assert str(parse_money("12,345,678,901.2345", "principal")) == "12345678901.2345"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "An amount cannot be negative."),
        ("-1,000", "An amount cannot be negative."),
        (Decimal("-0.01"), "An amount cannot be negative."),
        ("12.34567", "An amount has at most four decimal places."),
        (Decimal("0.00001"), "An amount has at most four decimal places."),
        ("abc", "“abc” is not an amount."),
        ("12.3.4", "“12.3.4” is not an amount."),
        ("NaN", "“NaN” is not an amount."),
        ("Infinity", "“Infinity” is not an amount."),
        ("", "Enter an amount."),
        (None, "Enter an amount."),
        (True, "“True” is not an amount."),
    ],
)
def test_refused_amounts_name_the_field(typed: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(typed, "principal")
    assert caught.value.field == "principal"
    assert caught.value.text() == message


@pytest.mark.parametrize(
    "typed",
    [
        "2026-01-05",
        "2026/1/5",
        "2026/01/05",
        "2026.1.5",
        "2026年1月5日",
        "2026年1月5",
        "20260105",
        " 2026-01-05 ",
        "２０２６－０１－０５",
        46027,
        46027.0,
        46027.75,
        "46027",
        "46027.0",
        date(2026, 1, 5),
        datetime(2026, 1, 5, 23, 59),
    ],
)
def test_days(typed: object) -> None:
    assert parse_day(typed, "start_date") == date(2026, 1, 5)


def test_excel_serials_count_from_1899_12_30() -> None:
    assert parse_day(1, "start_date") == date(1899, 12, 31)
    assert parse_day(45658, "start_date") == date(2025, 1, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "2026-02-30",
        "2026-13-01",
        "2026/1/32",
        "yesterday",
        "5.1",
        "2026-1",
        0,
        -3,
        3_000_000,
        "1234567",
        True,
    ],
)
def test_bad_days_are_refused_naming_the_field(typed: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_day(typed, "maturity_date")
    assert caught.value.field == "maturity_date"
    assert caught.value.text() == f"“{clean(typed)}” is not a date."


def test_an_empty_day_is_refused_only_when_required() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_day("", "start_date")
    assert caught.value.text() == "Enter a date."
    assert parse_day("", "drawdown_date", required=False) is None
    assert parse_day(None, "drawdown_date", required=False) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("９：３０", time(9, 30)),
        ("18:00:00", time(18, 0)),
        (" 0:05 ", time(0, 5)),
        ("23:59", time(23, 59)),
        (time(7, 15), time(7, 15)),
    ],
)
def test_clock_times(typed: object, expected: time) -> None:
    assert parse_clock(typed, "office_start") == expected


@pytest.mark.parametrize("typed", ["24:00", "12:60", "9.30", "930", "9", "", "noon", "-1:00"])
def test_bad_clock_times_name_the_field(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_clock(typed, "office_end")
    assert caught.value.field == "office_end"
    assert caught.value.text() == f"“{typed.strip()}” is not a time of day."
