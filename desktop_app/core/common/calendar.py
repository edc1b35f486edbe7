"""The working calendar: Chinese public holidays and make-up workdays (调休), company overrides.

The official schedule comes from the ``chinese_calendar`` package, which knows a year only once the
State Council has published it; for a later year the calendar says so (``is_known`` is False and
the answer falls back to plain weekdays) instead of guessing silently. Company overrides, editable
in the app, win over both, so an admin can enter next year's schedule before any package update.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import select

from desktop_app.core.common import audit
from desktop_app.core.common.abroad import is_china_zone, place_calendar, weekday_only
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.models import CalendarOverride
from desktop_app.core.storage.store import Store

T = TypeVar("T")
#: How many values derived from the calendar (see ``WorkingCalendar.derived``) are kept at most.
DERIVED_LIMIT = 4096

# The official holidays as the chinese_calendar package names them, marked for translation.
HOLIDAY_NAMES = (
    N_("New Year's Day"),
    N_("Spring Festival"),
    N_("Tomb-sweeping Day"),
    N_("Labour Day"),
    N_("Dragon Boat Festival"),
    N_("National Day"),
    N_("Mid-autumn Festival"),
    N_("Anti-Fascist 70th Day"),
)


# Holidays on fixed dates of the Gregorian calendar by the national holiday rules (全国年节及纪念日
# 放假办法, as amended for 2025): certain even before a year's schedule is published. The lunar
# holidays and the make-up workdays of that year stay unknown until then.
FIXED_HOLIDAYS = {
    (1, 1): "New Year's Day",
    (5, 1): "Labour Day",
    (5, 2): "Labour Day",
    (10, 1): "National Day",
    (10, 2): "National Day",
    (10, 3): "National Day",
}


@dataclass(frozen=True)
class DayInfo:
    """What kind of day ``day`` is, and how sure we are."""

    day: date
    is_workday: bool
    reason: str  # "workday", "weekend", "holiday", "makeup_workday", "override", "unknown_year"
    holiday_name: str = ""
    known: bool = True


@lru_cache(maxsize=4096)
def _official(day: date) -> DayInfo | None:
    """The official schedule's word on ``day`` (cached: the package's data does not change while
    the app runs, and routing a call asks about the same day for each person on the list)."""
    import chinese_calendar

    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    weekend = day.weekday() >= 5
    if on_holiday and not weekend:
        return DayInfo(day, False, "holiday", str(name or ""))
    if on_holiday:
        return DayInfo(day, False, "holiday" if name else "weekend", str(name or ""))
    if weekend:
        return DayInfo(day, True, "makeup_workday", str(name or ""))
    return DayInfo(day, True, "workday")


class WorkingCalendar:
    """Answers whether a day is a working day, reading the company's overrides from the database."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._overrides: dict[date, CalendarOverride] | None = None
        self._derived: dict[Hashable, Any] = {}

    def _load(self) -> dict[date, CalendarOverride]:
        overrides = self._overrides  # read once: a forget() may come from another thread
        if overrides is None:
            with self._store.read() as session:
                rows = session.scalars(select(CalendarOverride)).all()
                overrides = self._overrides = {row.day: row for row in rows}
        return overrides

    def forget(self) -> None:
        """Drop cached overrides (another desk changed them) and what was derived from them."""
        self._overrides = None
        self._derived = {}

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered under ``key`` until the calendar changes: for values that
        depend on nothing but their key and the working days (a window rule's days in a range).
        At most :data:`DERIVED_LIMIT` are kept; safe to call from several threads."""
        memo = self._derived  # a forget() meanwhile replaces it: the result then goes nowhere
        if key in memo:
            return memo[key]  # type: ignore[no-any-return]
        value = compute()
        if len(memo) >= DERIVED_LIMIT:
            memo.clear()
        memo[key] = value
        return value

    def day(self, day: date) -> DayInfo:
        override = self._load().get(day)
        if override is not None:
            return DayInfo(day, override.is_workday, "override", override.note)
        official = _official(day)
        if official is not None:
            return official
        fixed = FIXED_HOLIDAYS.get((day.month, day.day))
        if fixed is not None:
            return DayInfo(day, False, "holiday", fixed, known=False)
        return DayInfo(day, day.weekday() < 5, "unknown_year", known=False)

    def is_workday(self, day: date) -> bool:
        return self.day(day).is_workday

    def workday_test(self, zone: str | None) -> Callable[[date], bool]:
        """Whether a day is a working day for a bank in ``zone``: the company's calendar for
        mainland China (or no zone); that place's weekends and public holidays abroad (Hong
        Kong, London, …, see :mod:`.abroad`); weekdays for a foreign zone of no known place."""
        if is_china_zone(zone):
            return self.is_workday
        place = place_calendar(zone)
        return place.is_workday if place is not None else weekday_only

    def overrides(self, year: int | None = None) -> list[DayInfo]:
        """The company's own entries, by day (all years, or one)."""
        return [
            DayInfo(row.day, row.is_workday, "override", row.note)
            for day, row in sorted(self._load().items())
            if year is None or day.year == year
        ]

    def official_is_published(self, year: int) -> bool:
        """Whether the installed package knows the State Council's schedule for ``year``."""
        return _official(date(year, 6, 1)) is not None

    def year_is_known(self, year: int) -> bool:
        """Whether the official schedule (or a company entry for the year) is available."""
        if _official(date(year, 6, 1)) is not None:
            return True
        return any(day.year == year for day in self._load())

    def unpublished_years(self, *days: date) -> tuple[int, ...]:
        """The years from the first to the last of ``days`` whose official schedule is not
        published: where an answer relying on working days is an assumption, to be said."""
        if not days:
            return ()
        first, last = min(days).year, max(days).year
        return tuple(y for y in range(first, last + 1) if not self.official_is_published(y))

    def unpublished_note(self, year: int, tr: Callable[[str], str] = _) -> str:
        """What to tell the reader about ``year`` when its official schedule is not published:
        the company's own entries for it are used when there are any; other weekdays count as
        working days. In the active language unless ``tr`` says otherwise."""
        if any(day.year == year for day in self._load()):
            message = N_(
                "The official holiday schedule for {year} is not published yet: the company's "
                "own calendar entries for {year} are used, and other weekdays count as working "
                "days."
            )
        else:
            message = N_(
                "The official holiday schedule for {year} is not published yet: weekdays count "
                "as working days until an administrator enters {year}'s holidays in Settings."
            )
        return tr(message).format(year=year)

    def set_override(
        self, actor: Actor, day: date, is_workday: bool | None, note: str = ""
    ) -> Outcome[DayInfo]:
        """Declare ``day`` a working day or not; ``None`` removes the company's override."""
        actor.require(Permission.EDIT_SETTINGS)
        if len(note) > 200:
            raise ValidationError.single("note", N_("Keep the note under 200 characters."))
        with self._store.write() as session:
            row = session.get(CalendarOverride, day)
            before = audit.snapshot(row) if row else None
            if is_workday is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(CalendarOverride(day=day, is_workday=is_workday, note=note))
            else:
                row.is_workday, row.note = is_workday, note
            after = {"day": day.isoformat(), "is_workday": is_workday, "note": note}
            audit.record(session, self._store, actor, "update", "calendar", None, before, after)
        self.forget()
        return Outcome(self.day(day), Changes.of(Area.CALENDAR))
