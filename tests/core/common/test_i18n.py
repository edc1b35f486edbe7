"""Choosing the language, translating messages, and formatting money, numbers and days by locale."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop_app.core.common.i18n import (
    _,
    current_language,
    format_clock,
    format_day,
    format_moment,
    format_money,
    format_number,
    ngettext,
    normalise_language,
    set_language,
    system_language,
)

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.mark.parametrize(
    ("value", "language"),
    [
        ("zh_CN", "zh_CN"),
        ("zh-TW", "zh_CN"),
        ("zh_Hans_CN.UTF-8", "zh_CN"),
        ("ZH", "zh_CN"),
        ("en", "en"),
        ("en-GB", "en"),
        ("en_US.UTF-8", "en"),
        ("en_US@euro", "en"),
        ("C", "en"),
        ("POSIX", "en"),
        ("fr_FR", None),
        ("de", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_language(value: str | None, language: str | None) -> None:
    assert normalise_language(value) == language


def test_set_language_returns_and_records_the_active_language() -> None:
    assert set_language("zh_CN") == "zh_CN"
    assert current_language() == "zh_CN"
    assert isinstance(_("Enter a phone number."), str)
    assert set_language("en-GB") == "en"
    assert current_language() == "en"
    assert _("Enter a phone number.") == "Enter a phone number."


def test_an_unsupported_language_falls_back_to_chinese() -> None:
    assert set_language("fr_FR") == "zh_CN"


def test_no_language_follows_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert system_language() == "en"
    assert set_language(None) == "en"
    monkeypatch.setenv("LANGUAGE", "fr:zh_CN")
    assert system_language() == "zh_CN"
    assert set_language("") == "zh_CN"


def test_ngettext_picks_the_form_by_count() -> None:
    assert ngettext("{n} call", "{n} calls", 1) == "{n} call"
    assert ngettext("{n} call", "{n} calls", 2) == "{n} calls"


def test_money_in_chinese_and_in_english() -> None:
    amount = Decimal("1234567.5")
    set_language("zh_CN")
    assert format_money(amount, "CNY") == "¥1,234,567.50"
    assert format_money(amount, "USD") == "US$1,234,567.50"
    set_language("en")
    assert format_money(amount, "CNY") == "CN¥1,234,567.50"
    assert format_money(amount, "USD") == "$1,234,567.50"
    assert format_money(None, "CNY") == "—"


def test_days_and_numbers_follow_the_locale() -> None:
    set_language("zh_CN")
    assert format_day(date(2026, 1, 5)) == "2026年1月5日"
    set_language("en")
    assert format_day(date(2026, 1, 5)) == "Jan 5, 2026"
    assert format_number(Decimal("1234567.5")) == "1,234,567.5"
    assert format_day(None) == "—"


def test_moments_are_shown_in_the_zone_asked_for() -> None:
    moment = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    set_language("zh_CN")
    assert format_moment(moment, ZoneInfo("Asia/Shanghai")) == "2026年11月25日 10:00"
    set_language("en")
    assert format_moment(moment, ZoneInfo("Asia/Shanghai")).endswith(", 10:00")
    assert format_moment(None) == "—"


def test_clock_times() -> None:
    assert format_clock(time(9, 5)) == "09:05"
    assert format_clock(None) == "—"
