"""Whether a person can answer at a moment: absences, the Chinese calendar, office hours."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.availability import AbsenceSpan, Span, Status, availability
from desktop_app.core.services import Services

BEIJING = ZoneInfo("Asia/Shanghai")
WEEKDAYS = tuple(Span(day, time(9, 0), time(18, 0)) for day in range(5))


def beijing(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def status(
    services: Services,
    at: datetime,
    hours: tuple[Span, ...] = WEEKDAYS,
    absences: tuple[AbsenceSpan, ...] = (),
    active: bool = True,
) -> Status:
    return availability(
        active=active,
        hours=hours,
        absences=absences,
        at=at,
        calendar=services.calendar,
        org=services.org.get(),
    )


def test_available_on_a_working_day_within_hours(services: Services) -> None:
    assert status(services, beijing(2026, 11, 25, 10)) == Status(True, "available")
    assert status(services, beijing(2026, 11, 25, 9)).available
    assert status(services, beijing(2026, 11, 25, 10)).text() == "Available"


@pytest.mark.parametrize(("hour", "minute"), [(8, 59), (18, 0), (22, 30)])
def test_outside_office_hours(services: Services, hour: int, minute: int) -> None:
    result = status(services, beijing(2026, 11, 25, hour, minute))
    assert result == Status(False, "outside_hours", (("hours", "09:00–18:00"),))
    assert result.text() == "Outside office hours (09:00–18:00)"


def test_absent_until_the_end_of_the_absence(services: Services) -> None:
    trip = AbsenceSpan("business_trip", beijing(2026, 11, 24, 9), beijing(2026, 11, 27, 18))
    result = status(services, beijing(2026, 11, 25, 10), absences=(trip,))
    assert result == Status(
        False, "absent", (("kind", "business_trip"), ("until", "2026-11-27T18:00:00"))
    )
    assert result.text() == "Absent (business trip) until Nov 27, 2026, 18:00"
    assert status(services, beijing(2026, 11, 27, 18), absences=(trip,)).available is False
    assert status(services, beijing(2026, 11, 30, 10), absences=(trip,)).available


def test_an_absence_ends_at_its_end(services: Services) -> None:
    leave = AbsenceSpan("leave", beijing(2026, 11, 25, 9), beijing(2026, 11, 25, 12))
    assert status(services, beijing(2026, 11, 25, 11, 59), absences=(leave,)).code == "absent"
    assert status(services, beijing(2026, 11, 25, 12), absences=(leave,)).code == "available"


def test_public_holiday(services: Services) -> None:
    result = status(services, beijing(2026, 10, 1, 10))
    assert result == Status(False, "holiday", (("name", "National Day"),))
    assert result.text() == "Public holiday: National Day"


def test_weekend(services: Services) -> None:
    assert status(services, beijing(2026, 11, 28, 10)) == Status(False, "weekend")


def test_a_make_up_saturday_is_worked_in_weekday_hours(services: Services) -> None:
    assert status(services, beijing(2026, 10, 10, 10)) == Status(True, "available")
    assert status(services, beijing(2026, 10, 10, 19)).code == "outside_hours"


def test_a_make_up_day_uses_the_first_weekday_with_hours(services: Services) -> None:
    late_week = (Span(3, time(13, 0), time(17, 0)), Span(4, time(13, 0), time(17, 0)))
    assert status(services, beijing(2026, 10, 10, 10), hours=late_week).code == "outside_hours"
    assert status(services, beijing(2026, 10, 10, 14), hours=late_week).available


def test_no_hours_on_this_weekday(services: Services) -> None:
    mondays = (Span(0, time(9, 0), time(18, 0)),)
    assert status(services, beijing(2026, 11, 25, 10), hours=mondays) == Status(False, "no_hours")


def test_without_office_hours_the_company_hours_apply(services: Services, admin: Actor) -> None:
    assert status(services, beijing(2026, 11, 25, 10), hours=()).available
    assert status(services, beijing(2026, 11, 25, 8), hours=()).code == "outside_hours"
    services.org.update(admin, office_start="07:30", office_end="16:00")
    assert status(services, beijing(2026, 11, 25, 8), hours=()).available
    assert status(services, beijing(2026, 11, 25, 17), hours=()).code == "outside_hours"


def test_an_inactive_person_never_answers(services: Services) -> None:
    assert status(services, beijing(2026, 11, 25, 10), active=False) == Status(False, "inactive")


def test_company_overrides_win(services: Services, admin: Actor) -> None:
    services.calendar.set_override(admin, beijing(2026, 11, 25, 0).date(), False, "年会")
    services.calendar.set_override(admin, beijing(2026, 11, 28, 0).date(), True)
    assert status(services, beijing(2026, 11, 25, 10)) == Status(
        False, "holiday", (("name", "年会"),)
    )
    assert status(services, beijing(2026, 11, 28, 10)).available
