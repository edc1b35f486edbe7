"""A year whose official schedule is not published (2027 here): routing, the return call's due
time, the reception card and Today say so wherever they rely on working days, and use the
company's own calendar entries for that year when there are any. Real services, both databases."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.front_desk.reception_card import build_reception_card
from desktop_app.core.services import Services
from tests.core.front_desk.test_routing import WEDNESDAY, Desk, world  # noqa: F401

BEIJING = ZoneInfo("Asia/Shanghai")
IN_2027 = datetime(2027, 3, 10, 10, tzinfo=BEIJING)  # a Wednesday
LAST_HOUR_OF_2026 = datetime(2026, 12, 31, 17, 30, tzinfo=BEIJING)
NOT_PUBLISHED = "The official holiday schedule for 2027 is not published yet"


def test_routing_in_2027_says_what_it_assumes(
    services: Services,
    world: Desk,  # noqa: F811
) -> None:
    result = services.routing.route(world.desk, "0200-2025-LD-0137", IN_2027)
    assert len(result.calendar_notes) == 1
    assert result.calendar_notes[0].startswith(NOT_PUBLISHED)
    assert "until an administrator enters 2027's holidays" in result.calendar_notes[0]
    assert result.script[-1] == result.calendar_notes[0]
    unknown = services.routing.route(world.desk, "010-8888 9999", IN_2027)
    assert unknown.script[-1] == unknown.calendar_notes[0]
    published = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    assert published.calendar_notes == ()
    assert not any(NOT_PUBLISHED in line for line in published.script)


def test_a_deadline_that_runs_into_2027_says_so(
    services: Services,
    world: Desk,  # noqa: F811
) -> None:
    result = services.routing.route(world.desk, "0200-2025-LD-0137", LAST_HOUR_OF_2026)
    assert result.follow_up_due_at.astimezone(BEIJING).year == 2027
    assert [note[: len(NOT_PUBLISHED)] for note in result.calendar_notes] == [NOT_PUBLISHED]
    call = services.calls.log(
        world.desk,
        CallDraft(
            "message",
            occurred_at=LAST_HOUR_OF_2026,
            caller_name="黄蕾",
            bank_id=world.icbc.id,
            contract_id=world.working.id,
        ),
    ).value
    assert call.follow_up_due_notes == result.calendar_notes
    early = services.calls.log(
        world.desk,
        CallDraft("message", occurred_at=WEDNESDAY, caller_name="黄蕾", bank_id=world.icbc.id),
    ).value
    assert early.follow_up_due_notes == ()


def test_the_company_entries_for_2027_are_used_and_named(
    services: Services,
    world: Desk,  # noqa: F811
    admin: Actor,
) -> None:
    services.calendar.set_override(admin, date(2027, 3, 10), False, "公司假日")
    result = services.routing.route(world.desk, "0200-2025-LD-0137", IN_2027)
    assert result.primary is not None and not result.primary.available  # the company's day off
    assert result.follow_up_due_at.astimezone(BEIJING).date() == date(2027, 3, 11)
    assert "the company's own calendar entries for 2027 are used" in result.calendar_notes[0]


def test_the_reception_card_and_today_say_so(
    services: Services,
    world: Desk,  # noqa: F811
    admin: Actor,
) -> None:
    december = datetime(2026, 12, 20, 10, tzinfo=BEIJING)  # re-print after a day in 2027
    card = build_reception_card(services, admin, "en", december)
    assert card.footer[-1].startswith(NOT_PUBLISHED)
    chinese = build_reception_card(services, admin, "zh_CN", december)
    assert "2027" in chinese.footer[-1] and "尚未公布" in chinese.footer[-1]
    november = build_reception_card(services, admin, "en", WEDNESDAY)
    assert not any(NOT_PUBLISHED in line for line in november.footer)
    overview = services.today.overview(admin, IN_2027)
    assert [note[: len(NOT_PUBLISHED)] for note in overview.calendar_notes] == [NOT_PUBLISHED]
    assert services.today.overview(admin, WEDNESDAY).calendar_notes == ()
