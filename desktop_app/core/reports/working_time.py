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

    Each day's office hours are turned once into a pair of POSIX seconds (or none, for a day off),
    and whole days in between are summed from a running total of each day's office seconds, so
    that thousands of return calls cost a few float comparisons each.
    """

    def __init__(self, calendar: WorkingCalendar, org: OrgSettings) -> None:
        self._calendar = calendar
        self._zone = zoneinfo.ZoneInfo(org.timezone)
        self._opens = parse_clock(org.office_start, "office_start")
        self._closes = parse_clock(org.office_end, "office_end")
        self._first: date | None = None
        self._running: list[float] = [0.0]  # office seconds of the days before day i
        self._office: dict[date, tuple[float, float] | None] = {}

    def _office_of(self, day: date) -> tuple[float, float] | None:
        """The POSIX seconds ``day``'s office opens and closes at (None: not a working day)."""
        try:
            return self._office[day]
        except KeyError:
            pass
        found = None
        if self._calendar.is_workday(day):
            opens = datetime.combine(day, self._opens, self._zone).timestamp()
            found = (opens, max(opens, datetime.combine(day, self._closes, self._zone).timestamp()))
        self._office[day] = found
        return found

    def _day_seconds(self, day: date, start: float, end: float) -> float:
        """Office seconds of ``day`` within [start, end) (POSIX seconds)."""
        office = self._office_of(day)
        if office is None:
            return 0.0
        return max(0.0, min(office[1], end) - max(office[0], start))

    def _before(self, day: date) -> float:
        """Office seconds from the first day known up to (not including) ``day``."""
        if self._first is None or day < self._first:
            self._first, self._running = day, [0.0]
        index = (day - self._first).days
        if index > WALK_LIMIT_DAYS * 4:
            raise ValueError("range too long")
        running = self._running
        while len(running) <= index:
            known = self._first + timedelta(days=len(running) - 1)
            office = self._office_of(known)
            running.append(running[-1] + (0.0 if office is None else office[1] - office[0]))
        return running[index]

    def seconds(self, start: datetime, end: datetime) -> float:
        """Working seconds in [start, end); 0 when ``end`` is not after ``start``."""
        if end <= start:
            return 0.0
        first = start.astimezone(self._zone).date()
        last = end.astimezone(self._zone).date()
        begin, finish = start.timestamp(), end.timestamp()
        if first == last:
            return self._day_seconds(first, begin, finish)
        if (last - first).days > WALK_LIMIT_DAYS:
            last = first + timedelta(days=WALK_LIMIT_DAYS)
            finish = datetime.combine(last, self._closes, self._zone).timestamp()
        between = self._before(last) - self._before(first + timedelta(days=1))
        edges = self._day_seconds(first, begin, finish) + self._day_seconds(last, begin, finish)
        return edges + between

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
