"""Whether a person can answer the bank at a given moment, and if not, why.

Inactive, absent (leave, business trip), a non-working day on the Chinese calendar (public holiday,
weekend that is not a make-up workday), or outside their office hours. On a make-up workday a
person works their usual weekday hours.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache

from desktop_app.core.common import formats
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import N_, _, current_language
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.common.parsing import parse_clock

REASONS = {
    "available": N_("Available"),
    "inactive": N_("No longer active"),
    "absent": N_("Absent ({kind}) until {until}"),
    "holiday": N_("Public holiday: {name}"),
    "weekend": N_("Weekend"),
    "outside_hours": N_("Outside office hours ({hours})"),
    "no_hours": N_("No office hours on this day"),
}

ABSENCE_KINDS = {
    "leave": N_("leave"),
    "business_trip": N_("business trip"),
    "sick": N_("sick leave"),
    "other": N_("other"),
}


@dataclass(frozen=True)
class Status:
    """A person's availability at one moment: a code, its parameters and a readable reason."""

    available: bool
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        params = dict(self.params)
        if "until" in params:
            params["until"] = formats.naive_date_time_text(datetime.fromisoformat(params["until"]))
        if "kind" in params:
            params["kind"] = _(ABSENCE_KINDS.get(params["kind"], params["kind"]))
        if params.get("name"):
            params["name"] = _(params["name"])  # an official holiday's name, or a company note
        return _(REASONS[self.code]).format(**params)


@dataclass(frozen=True)
class Span:
    """A span of office hours on one weekday (0 = Monday)."""

    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class AbsenceSpan:
    kind: str
    starts_at: datetime
    ends_at: datetime


def availability(
    *,
    active: bool,
    hours: tuple[Span, ...],
    absences: tuple[AbsenceSpan, ...],
    at: datetime,
    calendar: WorkingCalendar,
    org: OrgSettings,
) -> Status:
    """Decide whether someone with these hours and absences can answer at ``at``."""
    if not active:
        return Status(False, "inactive")
    zone = zoneinfo.ZoneInfo(org.timezone)
    for absence in absences:
        if absence.starts_at <= at < absence.ends_at:
            until = absence.ends_at.astimezone(zone).replace(tzinfo=None).isoformat()
            return Status(False, "absent", (("kind", absence.kind), ("until", until)))
    local = at.astimezone(zone)
    day = calendar.day(local.date())
    if not day.is_workday:
        if day.reason == "holiday" or (day.reason == "override" and day.holiday_name):
            return Status(False, "holiday", (("name", day.holiday_name),))
        return Status(False, "weekend")
    weekday = local.weekday()
    if weekday >= 5:  # a make-up workday: usual weekday hours
        weekday = min((span.weekday for span in hours if span.weekday < 5), default=0)
    todays = [span for span in hours if span.weekday == weekday]
    if not todays and not hours:
        todays = [
            Span(
                weekday,
                parse_clock(org.office_start, "office_start"),
                parse_clock(org.office_end, "office_end"),
            )
        ]
    if not todays:
        return Status(False, "no_hours")
    now = local.time()
    for span in todays:
        if span.starts <= now < span.ends:
            return Status(True, "available")
    spans = tuple((s.starts, s.ends) for s in todays)
    return Status(False, "outside_hours", (("hours", _hours_text(spans, current_language())),))


@lru_cache(maxsize=256)
def _hours_text(spans: tuple[tuple[time, time], ...], language: str) -> str:
    """Office hours in words, in ``language`` (put into words once: a report's coverage asks
    about the same hours thousands of times)."""
    return _(", ").join(formats.time_range_text(starts, ends) for starts, ends in spans)
