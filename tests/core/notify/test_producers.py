"""What goes into the outbox: digests in each reader's language, chat notices once per event and
without loan details, and a contact window's invitation (METHOD:REQUEST) for whoever is on duty."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select, update

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.models import OutboxMessage, Person
from desktop_app.core.services import Services
from tests.helpers.reminders import AT_PHONE_DUE, WINDOW_START, Team, add_window, make_team


@pytest.fixture
def team(services: Services, admin: Actor) -> Team:
    built = make_team(services, admin)
    with services.store.write() as session:
        for person_id, address in (
            (built.li.id, "lina@example.com"),
            (built.zhang.id, "zhangwei@example.com"),
            (built.manager.id, "wangmin@example.com"),
        ):
            session.execute(update(Person).where(Person.id == person_id).values(email=address))
    services.notify_settings.update(
        admin, host="127.0.0.1", port=2525, security="none", sender="desk@example.com"
    )
    return built


def outbox(services: Services, channel: str | None = None) -> list[OutboxMessage]:
    with services.store.read() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if channel:
            query = query.where(OutboxMessage.channel == channel)
        rows = list(session.scalars(query))
        session.expunge_all()
        return rows


def test_the_digest_comes_once_at_the_digest_hour_in_each_readers_language(
    services: Services, team: Team, clock: FakeClock
) -> None:
    add_window(services, team)
    services.notify.set_preference(team.admin, team.zhang.id, "en", True)
    services.notify.set_preference(team.admin, team.manager.id, "zh_CN", False)
    clock.set(WINDOW_START.replace(hour=7, minute=50))
    assert services.notify.queue_digests(team.admin) == 0  # before 08:00
    clock.set(WINDOW_START.replace(hour=8, minute=5))
    assert services.notify.queue_digests(team.admin) == 2
    assert services.notify.queue_digests(team.admin) == 0  # once a day
    by_person = {m.recipients[0]: m for m in outbox(services, "mail")}
    assert set(by_person) == {"lina@example.com", "zhangwei@example.com"}
    li, zhang = by_person["lina@example.com"], by_person["zhangwei@example.com"]
    assert li.language == "zh_CN" and "银行" in li.body and "10:15–11:45" in li.body
    assert "李娜" in li.body
    assert zhang.language == "en"
    assert "Banks expected to call" in zhang.body and "10:15–11:45" in zhang.body
    assert li.subject.startswith("回访台")
    assert zhang.subject.startswith("Callback Desk")


def test_no_digest_on_a_day_off(services: Services, team: Team, clock: FakeClock) -> None:
    add_window(services, team)
    clock.set((WINDOW_START + timedelta(days=2)).replace(hour=9))  # Saturday
    assert services.notify.queue_digests(team.admin) == 0


def test_chat_notices_come_once_per_event_without_loan_details(
    services: Services, team: Team, clock: FakeClock
) -> None:
    add_window(services, team)
    services.notify_settings.update(team.admin, chats=("wecom", "feishu"))
    clock.set(AT_PHONE_DUE + timedelta(minutes=1))
    services.reminders.sync(team.desk)
    services.calls.log(
        team.desk,
        CallDraft(
            "message",
            bank_id=team.bank_id,
            contract_id=team.contract.id,
            caller_name="刘经理",
            notes="问了资金用途和一千二百万的还款",
        ),
    )
    queued = services.notify.collect_chat()
    assert queued == 4  # "be at your phone" and the message, on two platforms
    assert services.notify.collect_chat() == 0
    texts = [m.body for m in outbox(services, "wecom")]
    assert any("李娜" in t and "10:15" in t for t in texts)
    assert any("前台" in t and "李娜" in t for t in texts)
    for text in texts:
        assert "资金" not in text and "一千二百万" not in text and "刘经理" not in text


def test_the_invitation_is_an_itip_request_to_the_person_on_duty(
    services: Services, team: Team, clock: FakeClock
) -> None:
    add_window(services, team)
    [occurrence] = services.windows.occurrences(
        team.admin, WINDOW_START - timedelta(hours=1), WINDOW_START + timedelta(hours=3)
    )
    services.notify.invitation(team.admin, occurrence.key)
    services.notify.invitation(team.admin, occurrence.key)  # queued once
    [mail] = outbox(services, "mail")
    assert mail.recipients == ["lina@example.com"]
    calendar = icalendar.Calendar.from_ical(mail.calendar)
    assert str(calendar["method"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event["uid"] == f"window-{occurrence.key}@callback-desk"
    assert event.decoded("dtstart") == occurrence.starts_at
    assert str(event["attendee"]) == "mailto:lina@example.com"
    assert str(event["organizer"]) == "mailto:desk@example.com"


def test_an_invitation_needs_the_mail_server_and_an_address(services: Services, team: Team) -> None:
    add_window(services, team)
    [occurrence] = services.windows.occurrences(
        team.admin, WINDOW_START - timedelta(hours=1), WINDOW_START + timedelta(hours=3)
    )
    with pytest.raises(ValidationError) as refused:
        services.notify.invitation(team.admin, occurrence.key, person_id=team.chen.id)
    assert refused.value.field == "person"
