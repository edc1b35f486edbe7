"""Time sources: the system clock for the app and a movable clock for tests and simulations.

Everything that asks "what time is it" takes a Clock, so tests move time instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


def local_now(clock: Clock, zone: tzinfo) -> datetime:
    """The clock's moment as a wall time in ``zone`` (the company's), never the computer's."""
    return clock.now().astimezone(zone)


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day ``moment`` (aware) falls on in ``zone``."""
    if moment.tzinfo is None:
        raise ValueError("local_day needs an aware datetime")
    return moment.astimezone(zone).date()


def local_today(clock: Clock, zone: tzinfo) -> date:
    """Today in ``zone`` by ``clock``: what every default and printed date starts from."""
    return local_day(clock.now(), zone)


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that stands still until moved; for tests and benchmarks."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)
