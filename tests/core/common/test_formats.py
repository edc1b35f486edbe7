"""The one format policy: each kind of date and time has one shape per language."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import set_display_zone, set_language

BEIJING = ZoneInfo("Asia/Shanghai")
MOMENT = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)  # 08:30 in Beijing, a Monday
SHAPES = {
    "zh_CN": {
        "date": "2026年12月7日",
        "long": "2026年12月7日",
        "weekday": "2026年12月7日周一",
        "time": "08:30",
        "date_time": "2026年12月7日 08:30",
        "range": "08:30–11:00",
        "moment_range": "2026年12月7日周一 08:30–11:00",
        "relative": "15分钟后",
        "ago": "2小时前",
        "month": "2026年12月",
        "duration": "1天",
    },
    "en": {
        "date": "Dec 7, 2026",
        "long": "December 7, 2026",
        "weekday": "Mon, Dec 7, 2026",
        "time": "08:30",
        "date_time": "Dec 7, 2026, 08:30",
        "range": "08:30–11:00",
        "moment_range": "Mon, Dec 7, 2026 08:30–11:00",
        "relative": "in 15 minutes",
        "ago": "2 hours ago",
        "month": "Dec 2026",
        "duration": "1 day",
    },
}


def _shapes(language: str) -> dict[str, str]:
    return {
        "date": formats.date_text(date(2026, 12, 7)),
        "long": formats.long_date_text(date(2026, 12, 7)),
        "weekday": formats.weekday_date_text(date(2026, 12, 7)),
        "time": formats.time_text(time(8, 30)),
        "date_time": formats.date_time_text(MOMENT, BEIJING),
        "range": formats.time_range_text(time(8, 30), time(11, 0)),
        "moment_range": formats.moment_range_text(MOMENT, MOMENT + timedelta(hours=2.5), BEIJING),
        "relative": formats.relative_text(timedelta(minutes=15)),
        "ago": formats.relative_text(timedelta(hours=-2)),
        "month": formats.month_text(date(2026, 12, 1)),
        "duration": formats.duration_text(1440),
    }


def _loose(text: str) -> str:
    """CLDR's narrow and thin spaces vary between Babel releases; compare them as spaces."""
    return text.replace("\u202f", " ").replace("\u2009", " ")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_each_kind_has_one_shape_per_language(language: str) -> None:
    set_language(language)
    found = {k: _loose(v) for k, v in _shapes(language).items()}
    assert found == {k: _loose(v) for k, v in SHAPES[language].items()}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_an_explicit_language_wins_over_the_active_one(language: str) -> None:
    set_language("en" if language == "zh_CN" else "zh_CN")
    assert formats.date_text(date(2026, 12, 7), language) == SHAPES[language]["date"]
    assert _loose(formats.date_time_text(MOMENT, BEIJING, language)) == _loose(
        SHAPES[language]["date_time"]
    )


def test_moments_are_shown_in_the_display_zone() -> None:
    set_language("zh_CN")
    set_display_zone(ZoneInfo("Europe/London"))
    try:
        assert formats.date_time_text(MOMENT) == "2026年12月7日 00:30"
    finally:
        set_display_zone(None)


def test_a_span_over_midnight_names_both_days() -> None:
    set_language("zh_CN")
    start = datetime(2026, 12, 7, 22, 0, tzinfo=BEIJING)
    text = formats.moment_range_text(start, start + timedelta(hours=4), BEIJING)
    assert text == "2026年12月7日 22:00 – 2026年12月8日 02:00"


def test_a_letter_writes_the_day_in_full() -> None:
    start = datetime(2026, 12, 7, 10, 0, tzinfo=BEIJING)
    end = start + timedelta(hours=2)
    set_language("en")
    assert formats.moment_range_text(start, end, BEIJING, written=True) == (
        "Monday, December 7, 2026 10:00–12:00"
    )
    assert formats.moment_range_text(start, end, BEIJING, "zh_CN", written=True) == (
        "2026年12月7日星期一 10:00–12:00"
    )


def test_a_window_to_midnight_keeps_its_order() -> None:
    set_language("zh_CN")
    assert formats.time_range_text(time(22, 0), time(0, 0)) == "22:00–00:00"


def test_durations_use_the_largest_whole_unit() -> None:
    set_language("zh_CN")
    assert formats.duration_text(120) == "2小时"
    assert formats.duration_text(90) == "90分钟"
    set_language("en")
    assert formats.duration_text(2880) == "2 days"


def test_nothing_is_a_dash() -> None:
    assert formats.date_text(None) == "—"
    assert formats.date_time_text(None) == "—"
    assert formats.time_text(None) == "—"
