"""The working calendar: Chinese holidays and make-up workdays, unknown years, company overrides."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.common.calendar import DayInfo, WorkingCalendar
from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import CalendarOverride
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, count_rows


@pytest.mark.parametrize(
    ("day", "info"),
    [
        (date(2026, 10, 1), DayInfo(date(2026, 10, 1), False, "holiday", "National Day")),
        (date(2026, 10, 3), DayInfo(date(2026, 10, 3), False, "holiday", "National Day")),
        (date(2026, 10, 10), DayInfo(date(2026, 10, 10), True, "makeup_workday", "National Day")),
        (date(2026, 11, 25), DayInfo(date(2026, 11, 25), True, "workday")),
        (date(2026, 11, 28), DayInfo(date(2026, 11, 28), False, "weekend")),
    ],
)
def test_the_official_calendar(services: Services, day: date, info: DayInfo) -> None:
    assert services.calendar.day(day) == info
    assert services.calendar.is_workday(day) is info.is_workday


def test_a_year_not_yet_published_is_flagged_unknown(services: Services) -> None:
    assert services.calendar.year_is_known(2026)
    assert not services.calendar.year_is_known(2027)
    assert services.calendar.day(date(2027, 1, 4)) == DayInfo(
        date(2027, 1, 4), True, "unknown_year", known=False
    )
    assert services.calendar.day(date(2027, 1, 2)) == DayInfo(
        date(2027, 1, 2), False, "unknown_year", known=False
    )


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2027, 1, 1), "New Year's Day"),
        (date(2027, 5, 1), "Labour Day"),
        (date(2027, 5, 2), "Labour Day"),
        (date(2027, 10, 1), "National Day"),
        (date(2027, 10, 3), "National Day"),
    ],
)
def test_fixed_date_holidays_are_days_off_before_the_schedule_is_published(
    services: Services, day: date, name: str
) -> None:
    assert services.calendar.day(day) == DayInfo(day, False, "holiday", name, known=False)


def test_a_company_entry_makes_the_year_known(services: Services, admin: Actor) -> None:
    outcome = services.calendar.set_override(admin, date(2027, 1, 1), False, "元旦")
    assert outcome.value == DayInfo(date(2027, 1, 1), False, "override", "元旦")
    assert outcome.changes.areas == {Area.CALENDAR}
    assert services.calendar.year_is_known(2027)
    assert not services.calendar.year_is_known(2028)
    assert services.calendar.day(date(2027, 1, 4)).known is False


def test_overrides_win_over_the_official_calendar(services: Services, admin: Actor) -> None:
    services.calendar.set_override(admin, date(2026, 10, 1), True, "值班")
    services.calendar.set_override(admin, date(2026, 11, 25), False, "年会")
    assert services.calendar.day(date(2026, 10, 1)) == DayInfo(
        date(2026, 10, 1), True, "override", "值班"
    )
    assert not services.calendar.is_workday(date(2026, 11, 25))
    services.calendar.set_override(admin, date(2026, 11, 25), True)
    assert services.calendar.is_workday(date(2026, 11, 25))
    assert count_rows(services, CalendarOverride) == 2
    services.calendar.set_override(admin, date(2026, 10, 1), None)
    assert services.calendar.day(date(2026, 10, 1)).reason == "holiday"
    assert count_rows(services, CalendarOverride) == 1


def test_other_desks_see_overrides_after_forget(services: Services, admin: Actor) -> None:
    other_desk = WorkingCalendar(services.store)
    assert other_desk.is_workday(date(2026, 11, 25))
    services.calendar.set_override(admin, date(2026, 11, 25), False)
    assert other_desk.is_workday(date(2026, 11, 25))
    other_desk.forget()
    assert not other_desk.is_workday(date(2026, 11, 25))
    assert not WorkingCalendar(services.store).is_workday(date(2026, 11, 25))


def test_a_long_note_is_refused(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        services.calendar.set_override(admin, date(2026, 11, 25), False, "假" * 201)
    assert caught.value.field == "note"
    assert count_rows(services, CalendarOverride) == 0


@pytest.mark.parametrize("role", ["finance", "front_desk", "trainee"])
def test_only_an_admin_edits_the_calendar(services: Services, admin: Actor, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.calendar.set_override(
            actor_with_role(services, admin, role), date(2026, 11, 25), False
        )
    assert count_rows(services, CalendarOverride) == 0
