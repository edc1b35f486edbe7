"""Messages taken at the front desk: the recipient's unacknowledged ones, acknowledging (only by
the recipient, once), what the desk sees about the messages it took, and a message passed on to
the next responder waiting for them. Both databases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft, CallView
from desktop_app.core.models import AuditEntry
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass
class Desk:
    li: Actor
    zhang: Actor
    desk: Actor
    bank_id: int
    contract_id: int


@pytest.fixture
def world(services: Services, admin: Actor) -> Desk:
    bank = make_bank(services, admin, phones=[])
    contract = make_contract(services, admin, bank.id, "0200-2025-LD-0137")
    li = make_person(services, admin, name="李娜")
    zhang = make_person(services, admin, name="张伟")
    services.responders.set_for_contract(admin, contract.id, [li.id, zhang.id])
    return Desk(
        services.identity.actor_for(li.id),
        services.identity.actor_for(zhang.id),
        actor_with_role(services, admin, "front_desk"),
        bank.id,
        contract.id,
    )


def take(services: Services, world: Desk, outcome: str = "message", **values: object) -> CallView:
    values.setdefault("caller_name", "黄蕾")
    values.setdefault("caller_number", "010-6552 1234")
    values.setdefault("notes", "请回电核实资金用途")
    draft = CallDraft(outcome, contract_id=world.contract_id, **values)  # type: ignore[arg-type]
    return services.calls.log(world.desk, draft).value


def test_a_message_waits_for_its_recipient_until_acknowledged(
    services: Services, world: Desk, clock: FakeClock
) -> None:
    call = take(services, world)
    waiting = services.messages.unacknowledged_for(world.li)
    assert [m.follow_up_id for m in waiting] == [call.follow_up_id]
    message = waiting[0]
    assert message.title() == "Message: 黄蕾"
    body = message.body(BEIJING)
    assert "中国工商银行 · 010 6552 1234 · 0200-2025-LD-0137" in body
    assert "请回电核实资金用途" in body and message.taken_by_name in body
    assert not message.acknowledged
    assert message.acknowledgement_text(BEIJING) == "Not yet acknowledged by 李娜"
    assert services.messages.unacknowledged_for(world.zhang) == []
    assert services.messages.unacknowledged_for(world.desk) == []

    clock.advance(timedelta(minutes=32))
    outcome = services.messages.acknowledge(world.li, call.follow_up_id or 0)
    assert outcome.changes.areas == {Area.FOLLOW_UPS}
    assert (Area.FOLLOW_UPS, call.follow_up_id) in outcome.changes.ids
    seen = outcome.value
    assert seen.acknowledged and seen.acknowledged_at == clock.now()
    assert seen.acknowledgement_text(BEIJING) == "Acknowledged by 李娜 at 10:32"
    assert services.messages.unacknowledged_for(world.li) == []
    again = services.messages.acknowledge(world.li, call.follow_up_id or 0)
    assert (
        again.changes.areas == frozenset() and again.value.acknowledged_at == seen.acknowledged_at
    )
    with services.store.read() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "follow_up")
        ).all()
    assert actions.count("acknowledge") == 1


def test_the_desk_sees_the_messages_it_took_today_with_their_acknowledgement(
    services: Services, world: Desk, admin: Actor, clock: FakeClock
) -> None:
    yesterday = take(services, world, occurred_at=clock.now() - timedelta(days=1))
    missed = take(services, world, "no_one", caller_name="", caller_number="95588")
    message = take(services, world)
    take(services, world, "transferred", taken_by_id=world.li.person_id)  # not a message
    services.messages.acknowledge(world.li, message.follow_up_id or 0)
    taken = services.messages.taken_by(world.desk)
    assert [m.follow_up_id for m in taken] == [message.follow_up_id, missed.follow_up_id]
    assert taken[0].acknowledged and not taken[1].acknowledged
    assert taken[1].title() == "Missed call: 95588"
    assert yesterday.follow_up_id not in [m.follow_up_id for m in taken]
    waiting = services.messages.unacknowledged_for(world.li)  # oldest first
    assert [m.follow_up_id for m in waiting] == [yesterday.follow_up_id, missed.follow_up_id]
    assert [m.follow_up_id for m in services.messages.taken_by(admin)] == []
    with pytest.raises(PermissionDenied):
        services.messages.taken_by(
            services.identity.actor_for(make_person(services, admin, "trainee").id)
        )


def test_only_the_recipient_acknowledges_and_only_messages(
    services: Services, world: Desk, admin: Actor
) -> None:
    call = take(services, world)
    with pytest.raises(PermissionDenied):
        services.messages.acknowledge(world.zhang, call.follow_up_id or 0)
    with pytest.raises(PermissionDenied):
        services.messages.acknowledge(world.desk, call.follow_up_id or 0)
    document = services.follow_ups.create(
        admin, "document", "寄送财务报表", datetime(2026, 12, 1, tzinfo=BEIJING), world.li.person_id
    ).value
    with pytest.raises(ValidationError):
        services.messages.acknowledge(world.li, document.id)
    assert [m.follow_up_id for m in services.messages.unacknowledged_for(world.li)] == [
        call.follow_up_id
    ]


def test_a_message_passed_on_waits_for_the_next_responder(
    services: Services, world: Desk, admin: Actor, clock: FakeClock
) -> None:
    call = take(services, world)
    services.messages.acknowledge(world.li, call.follow_up_id or 0)
    clock.advance(timedelta(days=3))
    services.calls.escalate_overdue(admin)
    waiting = services.messages.unacknowledged_for(world.zhang)
    assert [m.follow_up_id for m in waiting] == [call.follow_up_id]
    assert waiting[0].acknowledgement_text(BEIJING).startswith("Acknowledged by 李娜 at ")
    assert (
        waiting[0]
        .acknowledgement_text(BEIJING)
        .endswith("; passed on to 张伟, not yet acknowledged")
    )
    services.messages.acknowledge(world.zhang, call.follow_up_id or 0)
    assert services.messages.unacknowledged_for(world.zhang) == []


def test_a_closed_message_no_longer_waits(services: Services, world: Desk) -> None:
    call = take(services, world)
    services.calls.close_with_return_call(world.li, call.follow_up_id or 0, "已回电")
    assert services.messages.unacknowledged_for(world.li) == []
    assert services.messages.taken_by(world.desk)[0].open is False


def test_the_next_escalation_moment_is_when_a_return_call_falls_due(
    services: Services, world: Desk, admin: Actor, clock: FakeClock
) -> None:
    calls = services.calls
    assert calls.next_escalation_at(world.desk) is None  # no open return call
    call = take(services, world)
    due = services.follow_ups.get(admin, call.follow_up_id or 0).due_at
    assert calls.next_escalation_at(world.desk) == due
    assert calls.escalate_overdue(admin, due - timedelta(minutes=1)).value == ()
    clock.advance(due - clock.now() + timedelta(minutes=1))
    assert len(calls.escalate_overdue(admin).value) == 1
    following = calls.next_escalation_at(world.desk)  # the next level, hours of work later
    assert following is not None and following > clock.now() + timedelta(hours=1)
    assert calls.escalate_overdue(admin, following - timedelta(minutes=1)).value == ()
    services.calls.close_with_return_call(world.zhang, call.follow_up_id or 0, "已回电")
    assert calls.next_escalation_at(world.desk) is None  # closed: nothing will fall due
    trainee = services.identity.actor_for(make_person(services, admin, "trainee").id)
    with pytest.raises(PermissionDenied):
        calls.next_escalation_at(trainee)
