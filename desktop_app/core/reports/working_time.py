"""Time in working hours: office hours on the working days of the working calendar.

A return call asked for on Friday at 17:00 and made on Monday at 10:00, with office hours
09:00–18:00, took two working hours — the weekend (or a public holiday, or not a make-up workday)
does not count. This is the measure the deadline of a return call is set in
(``front_desk.follow_ups.due_after_working_hours``), so the report's times compare with it.
"""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Sequence
from datetime import datetime, timedelta

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.common.parsing import parse_clock

#: Beyond this many days, an interval is counted as if its days were all working days (a return
#: call open for years is counted, not walked day by day).
WALK_LIMIT_DAYS = 800


class WorkingHours:
    """Counts the working seconds between two moments."""

    def __init__(self, calendar: WorkingCalendar, org: OrgSettings) -> None:
        self._calendar = calendar
        self._zone = zoneinfo.ZoneInfo(org.timezone)
        self._opens = parse_clock(org.office_start, "office_start")
        self._closes = parse_clock(org.office_end, "office_end")

    def seconds(self, start: datetime, end: datetime) -> float:
        """Working seconds in [start, end); 0 when ``end`` is not after ``start``."""
        if end <= start:
            return 0.0
        local_start, local_end = start.astimezone(self._zone), end.astimezone(self._zone)
        day, last = local_start.date(), local_end.date()
        total = 0.0
        for _n in range(WALK_LIMIT_DAYS):
            if day > last:
                break
            if self._calendar.is_workday(day):
                opens = datetime.combine(day, self._opens, self._zone)
                closes = datetime.combine(day, self._closes, self._zone)
                begin, finish = max(opens, local_start), min(closes, local_end)
                if finish > begin:
                    total += (finish - begin).total_seconds()
            day += timedelta(days=1)
        return total

    def hours(self, start: datetime, end: datetime) -> float:
        return self.seconds(start, end) / 3600


def percentile(values: Sequence[float], share: float) -> float | None:
    """The ``share`` percentile (0.5 = median) by nearest rank; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    if share == 0.5 and len(ordered) % 2 == 0:
        middle = len(ordered) // 2
        return (ordered[middle - 1] + ordered[middle]) / 2
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]
