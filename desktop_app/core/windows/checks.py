"""Judging a stretch of time rather than a moment: office hours, working days, a person's whole
availability over a contact window, and the next better slot to propose to the bank (inside our
office hours and, for a bank abroad, inside reasonable hours in the bank's time zone too).

Built on :func:`availability.availability` (one moment) by asking it at every moment where the
answer can change inside the window: its start, each absence's start, each office-hours boundary,
each midnight, and just before its end.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.common.parsing import parse_clock
from desktop_app.core.register.availability import Status, availability
from desktop_app.core.register.people import PersonView

_JUST_BEFORE = timedelta(microseconds=1)
#: How far ahead a better slot is looked for.
SLOT_SEARCH_DAYS = 42
#: Reasonable hours to propose to a bank abroad, in its own time zone, on its weekdays.
BANK_HOURS = (time(8), time(20))
NOT_WORKING_OVERRIDE = N_("Not a working day (company calendar)")
UNKNOWN_YEAR = N_("The official holiday schedule for {year} is not published yet")


@dataclass(frozen=True)
class DayFlags:
    """How a window sits in the company's week, with the warnings to show."""

    outside_office_hours: bool
    non_working_day: bool
    warnings: tuple[str, ...]


def office_hours(org: OrgSettings) -> tuple[time, time]:
    return _office_clocks(org.office_start, org.office_end)


@lru_cache(maxsize=8)
def _office_clocks(start: str, end: str) -> tuple[time, time]:
    """The settings' clock texts read once (a coverage check asks for them thousands of times)."""
    return parse_clock(start, "office_start"), parse_clock(end, "office_end")


def _local_days(start: datetime, end: datetime, zone: zoneinfo.ZoneInfo) -> list[date]:
    first = start.astimezone(zone).date()
    last = (end - _JUST_BEFORE).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def day_flags(
    starts_at: datetime, ends_at: datetime, org: OrgSettings, calendar: WorkingCalendar
) -> DayFlags:
    """Whether a window falls outside office hours or on a non-working day, in the company's
    time zone (a bank abroad may call at a time that is evening here)."""
    zone = zoneinfo.ZoneInfo(org.timezone)
    opens, closes = office_hours(org)
    days = _local_days(starts_at, ends_at, zone)
    local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    outside = (
        len(days) > 1 or local_start.time() < opens or (local_end - _JUST_BEFORE).time() >= closes
    )
    warnings: list[str] = []
    non_working = False
    for day in days:
        info = calendar.day(day)
        if not info.known:
            warnings.append(_(UNKNOWN_YEAR).format(year=day.year))
        if info.is_workday:
            continue
        non_working = True
        if info.holiday_name:
            warnings.append(Status(False, "holiday", (("name", info.holiday_name),)).text())
        elif day.weekday() >= 5:
            warnings.append(Status(False, "weekend").text())
        else:
            warnings.append(_(NOT_WORKING_OVERRIDE))
    if outside:
        hours = f"{opens:%H:%M}–{closes:%H:%M}"
        warnings.append(Status(False, "outside_hours", (("hours", hours),)).text())
    return DayFlags(outside, non_working, tuple(dict.fromkeys(warnings)))


def _check_points(
    person: PersonView, start: datetime, end: datetime, org: OrgSettings
) -> list[datetime]:
    zone = zoneinfo.ZoneInfo(org.timezone)
    opens, closes = office_hours(org)
    clocks = {time(0), opens, closes}
    for span in person.office_hours:
        clocks.update((span.starts, span.ends))
    points = {start, end - _JUST_BEFORE}
    points.update(a.starts_at for a in person.absences if start < a.starts_at < end)
    for day in _local_days(start, end, zone):
        for clock in clocks:
            moment = datetime.combine(day, clock, zone)
            if start < moment < end:
                points.add(moment)
    return sorted(points)


def available_throughout(
    person: PersonView,
    start: datetime,
    end: datetime,
    calendar: WorkingCalendar,
    org: OrgSettings,
) -> Status:
    """Whether ``person`` can answer at every moment of [start, end); else the first reason."""
    for moment in _check_points(person, start, end, org):
        status = availability(
            active=person.active,
            hours=person.office_hours,
            absences=person.absences,
            at=moment,
            calendar=calendar,
            org=org,
        )
        if not status.available:
            return status
    return Status(True, "available")


def _bank_day_spans(
    start: datetime, end: datetime, zone: zoneinfo.ZoneInfo, works: Callable[[date], bool]
) -> list[tuple[datetime, datetime]]:
    """The parts of [start, end) (UTC) within reasonable hours on a working day in the bank's
    zone (``works``: that place's weekends and public holidays)."""
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    spans = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if not works(day):
            continue
        opens = datetime.combine(day, BANK_HOURS[0], zone).astimezone(UTC)
        closes = datetime.combine(day, BANK_HOURS[1], zone).astimezone(UTC)
        if max(start, opens) < min(end, closes):
            spans.append((max(start, opens), min(end, closes)))
    return spans


def next_office_slot(
    starts_at: datetime,
    ends_at: datetime,
    org: OrgSettings,
    calendar: WorkingCalendar,
    bank_zone: str = "",
) -> tuple[datetime, datetime] | None:
    """The earliest slot of the same length, at or after ``starts_at``, inside the company's
    office hours on a working day — and, for a bank in another time zone (``bank_zone``), also
    within :data:`BANK_HOURS` on a working day there (its public holidays too), so that the
    letter never proposes 01:00 to a bank in London. ``None`` when no such slot begins within
    :data:`SLOT_SEARCH_DAYS`, or the window is longer than a working day."""
    zone = zoneinfo.ZoneInfo(org.timezone)
    abroad = zoneinfo.ZoneInfo(bank_zone) if bank_zone and bank_zone != org.timezone else None
    there = calendar.workday_test(bank_zone)
    opens, closes = office_hours(org)
    length = ends_at - starts_at
    if length <= timedelta(0):
        return None
    earliest = starts_at.astimezone(UTC)
    first = starts_at.astimezone(zone).date()
    for offset in range(SLOT_SEARCH_DAYS):
        day = first + timedelta(days=offset)
        office = (
            datetime.combine(day, opens, zone).astimezone(UTC),
            datetime.combine(day, closes, zone).astimezone(UTC),
        )
        if office[1] - office[0] < length:
            return None
        if not calendar.is_workday(day):
            continue
        spans = [office] if abroad is None else _bank_day_spans(*office, abroad, there)
        for low, high in spans:
            begin = max(low, earliest)
            if begin + length <= high:
                return begin.astimezone(starts_at.tzinfo), (begin + length).astimezone(
                    starts_at.tzinfo
                )
    return None
