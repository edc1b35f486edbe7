"""Banks abroad keep their own public holidays: a window of a bank in Hong Kong or London skips
that place's holidays (not the Chinese schedule), and a return call to it is not due on one.

Dates of 2026: 1 July is Hong Kong's SAR Establishment Day (a Wednesday, a working day on the
mainland); 2 October is a Friday of the mainland's National Day week but a working day in Hong
Kong; 31 August is England's Late Summer Bank Holiday (a Monday).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop_app.core.common.abroad import place_calendar
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.services import Services
from desktop_app.core.windows.rules import WindowPreset
from tests.helpers.factories import make_bank, make_person
from tests.helpers.window_factories import beijing, make_window


def test_the_places_know_their_holidays() -> None:
    hong_kong, london = place_calendar("Asia/Hong_Kong"), place_calendar("Europe/London")
    assert hong_kong is not None and london is not None
    assert not hong_kong.is_workday(date(2026, 7, 1))
    assert hong_kong.is_workday(date(2026, 10, 2))
    assert not london.is_workday(date(2026, 8, 31))
    assert london.is_workday(date(2026, 9, 1))
    assert not london.is_workday(date(2026, 9, 5))  # a Saturday
    assert london.holiday_name(date(2026, 8, 31)) == "Late Summer Bank Holiday"
    set_language("zh_CN")
    assert "香港特别行政区成立纪念日" in hong_kong.holiday_name(date(2026, 7, 1))
    assert place_calendar("Asia/Shanghai") is None and place_calendar("") is None


def window_days(services: Services, admin: Actor, zone: str, first: date, last: date) -> set[date]:
    """The days of a working-days window (10:00–11:00 local) of a new bank in ``zone``."""
    name = f"Bank {len(services.banks.list(admin)) + 1} in {zone}"
    bank = make_bank(services, admin, name, short_name="", aliases=[], phones=[])
    make_window(services, admin, bank.id, timezone=zone, preset=WindowPreset.WORKING_DAYS)
    found = services.windows.occurrences(
        admin,
        datetime(first.year, first.month, first.day, tzinfo=UTC),
        datetime(last.year, last.month, last.day, 23, tzinfo=UTC),
        bank_id=bank.id,
    )
    return {o.starts_at.date() for o in found}


def test_a_hong_kong_window_follows_hong_kong_not_the_mainland(
    services: Services, admin: Actor
) -> None:
    days = window_days(services, admin, "Asia/Hong_Kong", date(2026, 6, 29), date(2026, 7, 3))
    assert days == {date(2026, 6, 29), date(2026, 6, 30), date(2026, 7, 2), date(2026, 7, 3)}
    autumn = window_days(services, admin, "Asia/Hong_Kong", date(2026, 10, 1), date(2026, 10, 2))
    assert autumn == {date(2026, 10, 2)}  # National Day on 1 October in both places
    mainland = window_days(services, admin, "Asia/Shanghai", date(2026, 6, 29), date(2026, 7, 3))
    assert date(2026, 7, 1) in mainland and len(mainland) == 5


def test_a_london_window_skips_the_bank_holiday(services: Services, admin: Actor) -> None:
    days = window_days(services, admin, "Europe/London", date(2026, 8, 28), date(2026, 9, 2))
    assert days == {date(2026, 8, 28), date(2026, 9, 1), date(2026, 9, 2)}


def test_a_return_call_to_hong_kong_is_not_due_on_its_holiday(
    services: Services, admin: Actor
) -> None:
    responder = make_person(services, admin, name="李娜")
    at = beijing(date(2026, 6, 30), 17, 30)  # Tuesday; two working hours to call back
    due = {}
    for zone in ("Asia/Hong_Kong", "Asia/Shanghai"):
        bank = make_bank(services, admin, f"Bank {zone}", short_name="", aliases=[], phones=[])
        make_window(services, admin, bank.id, timezone=zone)
        call = services.calls.log(
            admin,
            CallDraft("message", occurred_at=at, bank_id=bank.id, return_by_id=responder.id),
        ).value
        due[zone] = call.follow_up_due_at
    # Half an hour on Tuesday, then 1 July is a holiday in Hong Kong only.
    assert due["Asia/Hong_Kong"] == beijing(date(2026, 7, 2), 10, 30)
    assert due["Asia/Shanghai"] == beijing(date(2026, 7, 1), 10, 30)
