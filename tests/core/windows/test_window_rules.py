"""Contact-window rules expanded on the Chinese working calendar (2026 as published)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from desktop_app.core.windows.rules import (
    RuleSpec,
    WindowPreset,
    aligned_start,
    day_of_month_in,
    expand_days,
    parse_rule,
    preset_rule,
)


def is_workday(day: date) -> bool:
    return bool(chinese_calendar.is_workday(day))


def spec(preset: WindowPreset, **values: object) -> RuleSpec:
    day = values.pop("day_of_month", None)
    return RuleSpec(
        rule=str(values.pop("rule", preset_rule(preset, day))),  # type: ignore[arg-type]
        first_day=values.pop("first_day", None),  # type: ignore[arg-type]
        last_day=values.pop("last_day", None),  # type: ignore[arg-type]
        working_days_only=bool(values.pop("working_days_only", True)),
        **values,  # type: ignore[arg-type]
    )


def test_the_calendar_data_the_tests_rely_on() -> None:
    # National Day Golden Week 2026: 1–7 October off, Sunday 20 September and Saturday
    # 10 October are make-up workdays; Mid-autumn Festival 25–27 September.
    assert not any(is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert is_workday(date(2026, 9, 20)) and is_workday(date(2026, 10, 10))
    assert not is_workday(date(2026, 9, 25))
    assert chinese_calendar.get_holiday_detail(date(2026, 10, 1)) == (True, "National Day")


def test_first_ten_working_days_of_the_fourth_quarter_skip_golden_week() -> None:
    rule = spec(WindowPreset.FIRST_WORKING_DAYS_QUARTER, first_working_days=10)
    days = expand_days(rule, date(2026, 9, 1), date(2026, 12, 31), is_workday)
    assert days == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),  # the make-up Saturday counts
        date(2026, 10, 12),
        date(2026, 10, 13),
        date(2026, 10, 14),
        date(2026, 10, 15),
        date(2026, 10, 16),
        date(2026, 10, 19),
        date(2026, 10, 20),
    ]


def test_a_range_starting_inside_a_period_keeps_the_rest_of_it() -> None:
    rule = spec(WindowPreset.FIRST_WORKING_DAYS_QUARTER, first_working_days=10)
    days = expand_days(rule, date(2026, 10, 14), date(2026, 12, 31), is_workday)
    assert days == [date(2026, 10, d) for d in (14, 15, 16, 19, 20)]


def test_first_working_days_of_january_start_on_the_make_up_sunday() -> None:
    rule = spec(WindowPreset.FIRST_WORKING_DAYS_MONTH, first_working_days=3)
    days = expand_days(rule, date(2026, 1, 1), date(2026, 1, 31), is_workday)
    assert days == [date(2026, 1, 4), date(2026, 1, 5), date(2026, 1, 6)]


def test_a_monthly_day_on_a_holiday_moves_to_the_next_working_day() -> None:
    moved = spec(WindowPreset.MONTHLY_ON_DAY, day_of_month=1)
    assert expand_days(moved, date(2026, 10, 1), date(2026, 11, 30), is_workday) == [
        date(2026, 10, 8),
        date(2026, 11, 2),  # 1 November 2026 is a Sunday
    ]
    kept = spec(WindowPreset.MONTHLY_ON_DAY, day_of_month=1, working_days_only=False)
    assert expand_days(kept, date(2026, 10, 1), date(2026, 11, 30), is_workday) == [
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]


def test_a_moved_day_from_before_the_range_still_counts() -> None:
    moved = spec(WindowPreset.MONTHLY_ON_DAY, day_of_month=1)
    assert expand_days(moved, date(2026, 10, 5), date(2026, 10, 31), is_workday) == [
        date(2026, 10, 8)
    ]


def test_day_31_falls_on_the_last_day_of_shorter_months() -> None:
    rule = spec(WindowPreset.MONTHLY_ON_DAY, day_of_month=31, working_days_only=False)
    days = expand_days(rule, date(2026, 2, 1), date(2026, 4, 30), is_workday)
    assert days == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert day_of_month_in(preset_rule(WindowPreset.MONTHLY_ON_DAY, 31)) == 31


def test_every_working_day_follows_holidays_and_make_up_days() -> None:
    rule = spec(WindowPreset.WORKING_DAYS)
    days = expand_days(rule, date(2026, 9, 18), date(2026, 10, 12), is_workday)
    assert date(2026, 9, 20) in days  # make-up Sunday
    assert date(2026, 10, 10) in days  # make-up Saturday
    assert not {date(2026, 9, 25), date(2026, 10, 1), date(2026, 10, 7)} & set(days)
    assert days[-1] == date(2026, 10, 12)
    assert len(days) == len(set(days))


def test_working_days_within_months_after_the_drawdown() -> None:
    rule = spec(WindowPreset.AFTER_DRAWDOWN, after_drawdown_months=1, drawdown=date(2026, 9, 15))
    days = expand_days(rule, date(2026, 1, 1), date(2026, 12, 31), is_workday)
    expected = [
        date(2026, 9, 15) + timedelta(days=n)
        for n in range(30)
        if is_workday(date(2026, 9, 15) + timedelta(days=n))
    ]
    assert days == expected
    assert days[0] == date(2026, 9, 15) and days[-1] == date(2026, 10, 14)
    assert date(2026, 9, 20) in days and date(2026, 10, 1) not in days
    no_drawdown = spec(WindowPreset.AFTER_DRAWDOWN, after_drawdown_months=1)
    assert expand_days(no_drawdown, date(2026, 1, 1), date(2026, 12, 31), is_workday) == []


def test_first_and_last_day_bound_the_rule() -> None:
    rule = spec(
        WindowPreset.MONTHLY_ON_DAY,
        day_of_month=15,
        first_day=date(2026, 3, 1),
        last_day=date(2026, 5, 15),
    )
    days = expand_days(rule, date(2026, 1, 1), date(2026, 12, 31), is_workday)
    assert days == [date(2026, 3, 16), date(2026, 4, 15), date(2026, 5, 15)]


def test_a_custom_weekly_rule() -> None:
    rule = spec(WindowPreset.CUSTOM, rule="FREQ=WEEKLY;BYDAY=TH", working_days_only=False)
    days = expand_days(rule, date(2026, 10, 1), date(2026, 10, 31), is_workday)
    assert days == [date(2026, 10, d) for d in (1, 8, 15, 22, 29)]


@pytest.mark.parametrize(
    "text",
    ["", "FREQ=SOMETIMES", "FREQ=DAILY;COUNT=3", "FREQ=DAILY;UNTIL=20261231", "FREQ=HOURLY"],
)
def test_rules_the_calendar_cannot_use_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rule(text, date(2026, 1, 1))


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=WEEKLY;INTERVAL=2",
        "FREQ=WEEKLY;BYDAY=MO,TH",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=MONTHLY;INTERVAL=5",
        "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
        "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1",
        "FREQ=YEARLY;INTERVAL=2",
        "FREQ=MONTHLY;BYDAY=-1FR",
    ],
)
@pytest.mark.parametrize("first", [date(2019, 3, 31), date(2021, 7, 14), date(2024, 1, 1)])
def test_aligned_start_gives_the_same_dates_as_walking_from_the_first_day(
    rule: str, first: date
) -> None:
    since = date(2026, 11, 1)
    aligned = aligned_start(rule, first, since)
    assert first <= aligned < since
    walked = parse_rule(rule, first).between(datetime(2026, 9, 1), datetime(2028, 1, 1), inc=True)
    jumped = parse_rule(rule, aligned).between(datetime(2026, 9, 1), datetime(2028, 1, 1), inc=True)
    assert walked == jumped
    assert walked  # every rule here has dates in the range


def test_a_rule_that_never_matches_is_not_walked_to_the_year_9999() -> None:
    spec = RuleSpec("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", None, None, False)
    assert expand_days(spec, date(2026, 11, 1), date(2027, 2, 28), lambda _day: True) == []
    monthly = RuleSpec("FREQ=MONTHLY;BYMONTHDAY=30;BYMONTH=2", None, None, False)
    assert expand_days(monthly, date(2026, 11, 1), date(2027, 2, 28), lambda _day: True) == []
