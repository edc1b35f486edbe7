"""Contact-window rules as pure functions: the editor's presets and their expansion into days.

A recurring window is an RFC 5545 RRULE (read by python-dateutil) plus a few fields the rule
language cannot say on the Chinese working calendar: "the first N working days of each period the
rule starts" and "every working day within N months after the drawdown". Nothing here reads the
database: the working calendar is passed in as a function of a day, so expanding a year of a few
hundred windows costs no query per occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

from desktop_app.core.common.i18n import N_

IsWorkday = Callable[[date], bool]

#: The anchor of a rule saved without a first day: a Monday and the first of a quarter, so that
#: weekly and quarterly rules without BYDAY/BYMONTH land on the same days on every desk.
EPOCH = date(2024, 1, 1)
QUARTER_MONTHS = "1,4,7,10"
_QUARTER_STARTS = f"FREQ=MONTHLY;BYMONTH={QUARTER_MONTHS};BYMONTHDAY=1"
MAX_FIRST_WORKING_DAYS = 23
MAX_AFTER_DRAWDOWN_MONTHS = 36
_SHIFT_LIMIT = 40  # days a date may move to reach a working day (the longest holiday is ~9)
_FORBIDDEN = re.compile(r"(^|;)\s*(DTSTART|UNTIL|COUNT)\s*=", re.IGNORECASE)


class WindowPreset(StrEnum):
    """The kinds of rule the editor offers; each is stored as an RRULE plus fields."""

    MONTHLY_ON_DAY = "monthly_day"
    QUARTERLY_ON_DAY = "quarterly_day"
    FIRST_WORKING_DAYS_MONTH = "first_working_days_month"
    FIRST_WORKING_DAYS_QUARTER = "first_working_days_quarter"
    AFTER_DRAWDOWN = "after_drawdown"
    WORKING_DAYS = "working_days"
    CUSTOM = "custom"


PRESET_LABELS: dict[WindowPreset, str] = {
    WindowPreset.MONTHLY_ON_DAY: N_("Monthly, on a day of the month"),
    WindowPreset.QUARTERLY_ON_DAY: N_("Quarterly, on a day of the quarter's first month"),
    WindowPreset.FIRST_WORKING_DAYS_MONTH: N_("The first working days of each month"),
    WindowPreset.FIRST_WORKING_DAYS_QUARTER: N_("The first working days of each quarter"),
    WindowPreset.AFTER_DRAWDOWN: N_("Working days within months after the drawdown"),
    WindowPreset.WORKING_DAYS: N_("Every working day"),
    WindowPreset.CUSTOM: N_("Custom rule (RRULE)"),
}


def preset_rule(preset: WindowPreset, day_of_month: int | None) -> str:
    """The RRULE a preset stands for (CUSTOM has none of its own)."""
    day = day_of_month or 1
    by_day = (
        f"BYMONTHDAY={day}"
        if day <= 28
        else f"BYMONTHDAY={','.join(map(str, range(28, day + 1)))};BYSETPOS=-1"
    )
    return {
        WindowPreset.MONTHLY_ON_DAY: f"FREQ=MONTHLY;{by_day}",
        WindowPreset.QUARTERLY_ON_DAY: f"FREQ=MONTHLY;BYMONTH={QUARTER_MONTHS};{by_day}",
        WindowPreset.FIRST_WORKING_DAYS_MONTH: "FREQ=MONTHLY;BYMONTHDAY=1",
        WindowPreset.FIRST_WORKING_DAYS_QUARTER: _QUARTER_STARTS,
        WindowPreset.AFTER_DRAWDOWN: "FREQ=DAILY",
        WindowPreset.WORKING_DAYS: "FREQ=DAILY",
    }.get(preset, "")


def day_of_month_in(rule: str) -> int | None:
    """The day of the month a monthly or quarterly preset's rule names (the largest listed)."""
    match = re.search(r"BYMONTHDAY=([\d,]+)", rule, re.IGNORECASE)
    if not match:
        return None
    return max(int(part) for part in match.group(1).split(",") if part)


def parse_rule(text: str, first_day: date) -> rrule:
    """A date rule from RRULE text; raises ValueError on anything dateutil refuses.

    The first day comes from the window (its ``valid_from``), never from the text, and the rule
    may not end itself (UNTIL/COUNT): a window ends with ``valid_until``.
    """
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    if not body or "\n" in body or _FORBIDDEN.search(body):
        raise ValueError(body)
    rule = rrulestr(body, dtstart=datetime.combine(first_day, time()), cache=False)
    if not isinstance(rule, rrule):
        raise ValueError(body)
    if re.search(r"BY(HOUR|MINUTE|SECOND)|FREQ=(HOURLY|MINUTELY|SECONDLY)", body, re.IGNORECASE):
        raise ValueError(body)
    return rule


@dataclass(frozen=True)
class RuleSpec:
    """What expanding a recurring window needs, in plain values."""

    rule: str
    first_day: date | None  # valid_from
    last_day: date | None  # valid_until (inclusive)
    working_days_only: bool
    first_working_days: int | None = None
    after_drawdown_months: int | None = None
    drawdown: date | None = None  # the contract's drawdown date


def _next_workday(day: date, is_workday: IsWorkday, limit: date) -> date | None:
    for _step in range(_SHIFT_LIMIT):
        if day >= limit:
            return None
        if is_workday(day):
            return day
        day += timedelta(days=1)
    return None


def _first_workdays(start: date, stop: date, count: int, is_workday: IsWorkday) -> Iterable[date]:
    day, found = start, 0
    while day < stop and found < count:
        if is_workday(day):
            found += 1
            yield day
        day += timedelta(days=1)


def expand_days(spec: RuleSpec, since: date, until: date, is_workday: IsWorkday) -> list[date]:
    """The days in [since, until] a recurring window falls on, in order, without repeats."""
    first = spec.first_day or EPOCH
    if spec.after_drawdown_months:
        if spec.drawdown is None:
            return []
        stop = min(
            spec.drawdown + relativedelta(months=spec.after_drawdown_months),
            until + timedelta(days=1),
        )
        begin = max(spec.drawdown, since)
        days: Iterable[date] = (begin + timedelta(days=n) for n in range((stop - begin).days))
        if spec.working_days_only:
            days = (day for day in days if is_workday(day))
    else:
        # Bounded a little over a year past ``until``: the period after the last one asked for.
        rule = bounded(
            parse_rule(spec.rule, aligned_start(spec.rule, first, since)),
            until + timedelta(days=400),
        )
        if spec.first_working_days:
            days = _period_days(rule, spec.first_working_days, since, until, is_workday)
        else:
            lookback = datetime.combine(since - timedelta(days=_SHIFT_LIMIT), time())
            anchors = (a.date() for a in rule.between(lookback, _midnight(until), inc=True))
            if spec.working_days_only:
                limit = until + timedelta(days=1)
                days = (d for d in (_next_workday(a, is_workday, limit) for a in anchors) if d)
            else:
                days = anchors
    low = max(since, spec.first_day or since)
    high = min(until, spec.last_day or until)
    return sorted({day for day in days if low <= day <= high})


_FREQ = re.compile(r"FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)", re.IGNORECASE)
_INTERVAL = re.compile(r"INTERVAL=(\d+)", re.IGNORECASE)
_BY_DAY_OF = re.compile(r"BY(MONTHDAY|DAY|YEARDAY|WEEKNO)=", re.IGNORECASE)


def aligned_start(rule: str, first: date, since: date) -> date:
    """A first day for ``rule`` shortly before ``since`` that yields the same dates as ``first``.

    dateutil walks a rule from its first day; a daily rule from two years ago steps through seven
    hundred dates before reaching this week. Moving the first day forward by whole periods
    (``INTERVAL`` days, weeks, months or years) keeps every date the rule gives from there on,
    so only the period before ``since`` (and the holiday look-back before it) is walked.
    """
    freq_match, interval_match = _FREQ.search(rule), _INTERVAL.search(rule)
    if freq_match is None:
        return first
    freq = freq_match.group(1).upper()
    interval = max(1, int(interval_match.group(1))) if interval_match else 1
    look_back = since - timedelta(days=2 * _SHIFT_LIMIT)  # holidays a date may move across
    if freq in ("DAILY", "WEEKLY"):
        step = interval * (7 if freq == "WEEKLY" else 1)
        target = look_back - timedelta(days=step)  # and the whole period before
        if target <= first:
            return first
        return first + timedelta(days=(target - first).days // step * step)
    unit = interval * (12 if freq == "YEARLY" else 1)
    target = look_back - relativedelta(months=unit)
    if target <= first or (first.day > 28 and not _BY_DAY_OF.search(rule)):
        return first  # (a rule repeating the first day's date, which shorter months would clip)
    months = (target.year - first.year) * 12 + target.month - first.month
    return first + relativedelta(months=months // unit * unit)


def bounded(rule: rrule, last: date) -> rrule:
    """``rule`` ending on ``last``: dateutil walks a rule that never matches (30 February) up to
    the year 9999 before it gives up, seconds of work; a bound stops it at ``last``."""
    return rule.replace(until=_midnight(last))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _period_days(
    rule: rrule, count: int, since: date, until: date, is_workday: IsWorkday
) -> Iterable[date]:
    """The first ``count`` working days of each period, a period running from one of the rule's
    days to the next (the rule is walked once from its first day)."""
    previous: date | None = None
    for moment in rule:
        anchor = moment.date()
        if previous is not None and anchor > since:
            yield from _first_workdays(previous, anchor, count, is_workday)
        if anchor > until:
            return
        previous = anchor
    if previous is not None:  # a rule that ends: its last period runs for a year at most
        yield from _first_workdays(previous, previous + timedelta(days=366), count, is_workday)
