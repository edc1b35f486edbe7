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
from datetime import date, datetime, timedelta

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.common.parsing import parse_clock

#: Beyond this many days, an interval is counted as if its days were all working days (a return
#: call open for years is counted, not walked day by day).
WALK_LIMIT_DAYS = 800


class WorkingHours:
    """Counts the working seconds between two moments.

    Whole days in between are summed from a running total of each day's office seconds, built
    once for the days asked about, so that thousands of return calls cost a few lookups each.
    """

    def __init__(self, calendar: WorkingCalendar, org: OrgSettings) -> None:
        self._calendar = calendar
        self._zone = zoneinfo.ZoneInfo(org.timezone)
        self._opens = parse_clock(org.office_start, "office_start")
        self._closes = parse_clock(org.office_end, "office_end")
        self._first: date | None = None
        self._running: list[float] = [0.0]  # office seconds of the days before day i

    def _day_seconds(
        self, day: date, start: datetime | None = None, end: datetime | None = None
    ) -> float:
        """Office seconds of ``day`` within [start, end) (the whole day when not given)."""
        if not self._calendar.is_workday(day):
            return 0.0
        opens = datetime.combine(day, self._opens, self._zone)
        closes = datetime.combine(day, self._closes, self._zone)
        begin = opens if start is None else max(opens, start)
        finish = closes if end is None else min(closes, end)
        return max(0.0, (finish - begin).total_seconds())

    def _before(self, day: date) -> float:
        """Office seconds from the first day known up to (not including) ``day``."""
        if self._first is None or day < self._first:
            self._first, self._running = day, [0.0]
        index = (day - self._first).days
        if index > WALK_LIMIT_DAYS * 4:
            raise ValueError("range too long")
        while len(self._running) <= index:
            known = self._first + timedelta(days=len(self._running) - 1)
            whole = (
                datetime.min.replace(tzinfo=self._zone),
                datetime.max.replace(tzinfo=self._zone),
            )
            self._running.append(self._running[-1] + self._day_seconds(known, *whole))
        return self._running[index]

    def seconds(self, start: datetime, end: datetime) -> float:
        """Working seconds in [start, end); 0 when ``end`` is not after ``start``."""
        if end <= start:
            return 0.0
        local_start, local_end = start.astimezone(self._zone), end.astimezone(self._zone)
        first, last = local_start.date(), local_end.date()
        if first == last:
            return self._day_seconds(first, local_start, local_end)
        if (last - first).days > WALK_LIMIT_DAYS:
            last = first + timedelta(days=WALK_LIMIT_DAYS)
            local_end = datetime.combine(last, self._closes, self._zone)
        between = self._before(last) - self._before(first + timedelta(days=1))
        return (
            self._day_seconds(first, local_start, local_end)
            + between
            + self._day_seconds(last, local_start, local_end)
        )

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
