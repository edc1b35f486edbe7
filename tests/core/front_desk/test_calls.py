"""Logging calls at the front desk: a message or nobody available leaves a return call for the
primary responder, due after two working hours; an unknown number can be saved; returning the
call closes the follow-up; an overdue one is passed on once per level. Both databases."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ConflictError, PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft, CallView
from desktop_app.core.models import AuditEntry, CallRecord, FollowUp
from desktop_app.core.register.banks import BankView, PhoneDraft
from desktop_app.core.register.contracts import ContractView
from desktop_app.core.register.people import PersonView
from desktop_app.core.services import Services
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


WEDNESDAY = beijing(2026, 11, 25, 10)


@dataclass
class Desk:
    bank: BankView
    contract: ContractView
    li: PersonView
    zhang: PersonView
    chen: PersonView
    manager: PersonView
    desk: Actor


@pytest.fixture
def world(services: Services, admin: Actor) -> Desk:
    bank = make_bank(services, admin, phones=[PhoneDraft("95588", "客服热线")])
    contract = make_contract(services, admin, bank.id, "0200-2025-LD-0137")
    li = make_person(services, admin, name="李娜", extension="8002")
    zhang = make_person(services, admin, name="张伟", extension="8003")
    chen = make_person(services, admin, name="陈静")
    manager = make_person(services, admin, name="王敏", job_title="财务经理 Finance manager")
    services.responders.set_for_contract(admin, contract.id, [li.id, zhang.id, chen.id])
    desk = actor_with_role(services, admin, "front_desk")
    return Desk(bank, contract, li, zhang, chen, manager, desk)


def message(world: Desk, at: datetime, **values: object) -> CallDraft:
    values.setdefault("caller_name", "黄蕾")
    values.setdefault("caller_number", "010-6552 1234")
    values.setdefault("bank_id", world.bank.id)
    values.setdefault("contract_id", world.contract.id)
    values.setdefault("notes", "核实资金用途")
    return CallDraft("message", occurred_at=at, **values)  # type: ignore[arg-type]


def test_a_message_leaves_a_return_call_for_the_primary(
    services: Services, world: Desk, clock: FakeClock
) -> None:
    outcome = services.calls.log(world.desk, message(world, WEDNESDAY))
    call = outcome.value
    assert outcome.changes.areas == frozenset({Area.CALLS, Area.FOLLOW_UPS})
    assert (Area.FOLLOW_UPS, call.follow_up_id) in outcome.changes.ids
    assert (call.outcome, call.direction, call.outcome_text()) == (
        "message",
        "inbound",
        "Message taken",
    )
    assert (call.caller_number, call.caller_number_key) == ("010 6552 1234", "+861065521234")
    assert not call.number_known  # the bank calls from 95588 only, so far
    assert (call.bank_name, call.contract_number) == ("中国工商银行", "0200-2025-LD-0137")
    assert call.logged_by_id == world.desk.person_id
    assert (call.follow_up_assignee_id, call.follow_up_assignee_name) == (world.li.id, "李娜")
    assert call.follow_up_due_at == beijing(2026, 11, 25, 12)
    assert call.follow_up_open
    follow_up = services.follow_ups.get(world.desk, call.follow_up_id or 0)
    assert (follow_up.kind, follow_up.call_id, follow_up.contract_id) == (
        "return_call",
        call.id,
        world.contract.id,
    )
    assert "黄蕾" in follow_up.description and "核实资金用途" in follow_up.description
    with services.store.read() as session:
        actions = session.execute(
            select(AuditEntry.action, AuditEntry.entity).order_by(AuditEntry.id.desc()).limit(2)
        ).all()
    assert sorted(actions) == [("create", "call"), ("create", "follow_up")]


@pytest.mark.parametrize(
    ("at", "due"),
    [
        (beijing(2026, 11, 27, 17, 30), beijing(2026, 11, 30, 10, 30)),  # Friday, over a weekend
        (beijing(2026, 4, 3, 17, 30), beijing(2026, 4, 7, 10, 30)),  # Friday before Qingming
        (beijing(2026, 10, 1, 10), beijing(2026, 10, 8, 11)),  # on National Day
        (beijing(2026, 10, 9, 17, 30), beijing(2026, 10, 10, 10, 30)),  # to a make-up Saturday
    ],
)
def test_no_one_available_is_due_after_two_working_hours(
    services: Services, world: Desk, at: datetime, due: datetime
) -> None:
    draft = dataclasses.replace(message(world, at), outcome="no_one")
    call = services.calls.log(world.desk, draft).value
    assert call.outcome == "no_one"
    assert call.follow_up_due_at == due
    assert call.follow_up_assignee_id == world.li.id


def test_an_absent_primary_leaves_the_return_call_to_the_backup(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.people.add_absence(
        admin, world.li.id, "business_trip", beijing(2026, 11, 24, 9), beijing(2026, 12, 4, 18)
    )
    call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
    assert call.follow_up_assignee_id == world.zhang.id


def test_the_desk_may_choose_who_returns_the_call(services: Services, world: Desk) -> None:
    draft = message(world, WEDNESDAY, return_by_id=world.chen.id)
    assert services.calls.log(world.desk, draft).value.follow_up_assignee_id == world.chen.id


def test_a_message_from_an_unknown_bank_goes_to_the_finance_manager(
    services: Services, world: Desk
) -> None:
    draft = message(world, WEDNESDAY, bank_id=None, contract_id=None)
    call = services.calls.log(world.desk, draft).value
    assert (call.bank_id, call.follow_up_assignee_name) == (None, "王敏")


def test_a_transfer_names_who_took_it_and_leaves_nothing_to_do(
    services: Services, world: Desk
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.calls.log(world.desk, CallDraft("transferred", bank_id=world.bank.id))
    assert refused.value.field == "taken_by_id"
    draft = CallDraft(
        "transferred",
        "黄蕾",
        "95588",
        world.bank.id,
        taken_by_id=world.li.id,
        occurred_at=WEDNESDAY,
    )
    outcome = services.calls.log(world.desk, draft)
    call = outcome.value
    assert (call.taken_by_name, call.follow_up_id, call.number_known) == ("李娜", None, True)
    assert outcome.changes.areas == frozenset({Area.CALLS})
    assert count_rows(services, FollowUp) == 0


def test_a_wrong_number_needs_no_bank(services: Services, world: Desk, clock: FakeClock) -> None:
    call = services.calls.log(world.desk, CallDraft("wrong_number", notes="推销电话")).value
    assert (call.outcome, call.bank_id, call.follow_up_id) == ("wrong_number", None, None)
    assert call.occurred_at == clock.now()
    assert call.outcome_text() == "Wrong number / not a bank"


@pytest.mark.parametrize(
    ("field", "draft"),
    [
        ("outcome", CallDraft("shouting")),
        ("caller_number", CallDraft("wrong_number", caller_number="12")),
        ("contract_id", CallDraft("wrong_number", contract_id=9999)),
        ("bank_id", CallDraft("wrong_number", bank_id=9999)),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_written(
    services: Services, world: Desk, field: str, draft: CallDraft
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.calls.log(world.desk, draft)
    assert refused.value.field == field
    assert count_rows(services, CallRecord) == 0


def test_a_trainee_may_not_log_calls(services: Services, world: Desk, admin: Actor) -> None:
    trainee = actor_with_role(services, admin, "trainee")
    with pytest.raises(PermissionDenied):
        services.calls.log(trainee, CallDraft("wrong_number"))
    with pytest.raises(PermissionDenied):
        services.calls.save_caller_number(trainee, world.bank.id, "010-6552 1234")


def _no_amounts(view: CallView) -> None:
    values = [getattr(view, f.name) for f in dataclasses.fields(view)]
    assert not [v for v in values if isinstance(v, Decimal)]
    assert not {"principal", "purpose_of_funds", "clause_text"} & {
        f.name for f in dataclasses.fields(view)
    }


def test_the_front_desk_receives_no_amounts(services: Services, world: Desk) -> None:
    call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
    _no_amounts(call)
    _no_amounts(services.calls.close_with_return_call(world.desk, call.follow_up_id or 0).value)


def test_an_unknown_number_is_saved_as_the_banks(services: Services, world: Desk) -> None:
    call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
    assert not call.number_known
    assert not services.routing.route(world.desk, "01065521234", WEDNESDAY).number_known
    outcome = services.calls.save_caller_number(
        world.desk, world.bank.id, call.caller_number, "贷后专员座机"
    )
    assert outcome.changes.areas == frozenset({Area.BANKS})
    assert ("+861065521234", "010 6552 1234", "贷后专员座机") in outcome.value.phones
    routed = services.routing.route(world.desk, "010-65521234", WEDNESDAY)
    assert routed.number_known and routed.bank is not None
    assert routed.bank.number_label == "贷后专员座机"
    with pytest.raises(ValidationError) as twice:
        services.calls.save_caller_number(world.desk, world.bank.id, "01065521234")
    assert twice.value.field == "number"
    entries = services.audit.recent(
        services.identity.actor_for(world.manager.id), "bank", world.bank.id
    )
    assert entries[0].actor_name == world.desk.name
    assert entries[0].after == {"phones": ["95588", "010 6552 1234"]}


def test_a_return_call_closes_the_follow_up(
    services: Services, world: Desk, clock: FakeClock
) -> None:
    call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
    li = services.identity.actor_for(world.li.id)
    clock.advance(timedelta(minutes=50))
    tried = services.calls.close_with_return_call(li, call.follow_up_id or 0, "占线", "no_answer")
    assert (tried.value.direction, tried.value.outcome) == ("return", "no_answer")
    assert tried.value.follow_up_open
    outcome = services.calls.close_with_return_call(li, call.follow_up_id or 0, "已说明资金用途")
    back = outcome.value
    assert outcome.changes.areas == frozenset({Area.CALLS, Area.FOLLOW_UPS})
    assert (back.direction, back.outcome, back.outcome_text()) == (
        "return",
        "answered",
        "Reached the bank",
    )
    assert (back.caller_name, back.caller_number, back.taken_by_id) == (
        "黄蕾",
        "010 6552 1234",
        world.li.id,
    )
    assert back.follow_up_id == call.follow_up_id and not back.follow_up_open
    follow_up = services.follow_ups.get(li, call.follow_up_id or 0)
    assert (follow_up.status, follow_up.closing_note) == ("closed", "已说明资金用途")
    assert follow_up.closed_at == clock.now()
    with services.store.read() as session:
        row = session.get(FollowUp, call.follow_up_id)
        assert row is not None and row.closing_call_id == back.id
    with pytest.raises(ConflictError):
        services.calls.close_with_return_call(li, call.follow_up_id or 0, "again")


def test_an_overdue_return_call_is_passed_on_once_per_level(
    services: Services, world: Desk, admin: Actor, clock: FakeClock
) -> None:
    call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
    follow_up_id = call.follow_up_id or 0
    assert services.calls.escalate_overdue(admin, beijing(2026, 11, 25, 11, 59)).value == ()
    late = beijing(2026, 11, 25, 12, 5)
    outcome = services.calls.escalate_overdue(admin, late)
    (first,) = outcome.value
    assert outcome.changes.areas == frozenset({Area.FOLLOW_UPS})
    assert (first.follow_up_id, first.level) == (follow_up_id, 1)
    assert (first.from_name, first.to_name, first.manager_name) == ("李娜", "张伟", "王敏")
    assert first.due_at == beijing(2026, 11, 25, 12)
    # Never twice for the same level: running again, now or a little later, changes nothing.
    assert services.calls.escalate_overdue(admin, late).value == ()
    assert services.calls.escalate_overdue(admin, beijing(2026, 11, 25, 14)).value == ()
    view = services.follow_ups.get(admin, follow_up_id)
    assert (view.assignee_id, view.escalation_level, view.manager_id) == (
        world.zhang.id,
        1,
        world.manager.id,
    )
    assert view.due_at == beijing(2026, 11, 25, 12)  # the promise to the bank stands
    clock.set(late)
    assert services.follow_ups.get(admin, follow_up_id).overdue
    shown = services.follow_ups.list(admin, manager_id=world.manager.id)
    assert [f.id for f in shown] == [follow_up_id]
    # Two more working hours on, the next level: the third responder.
    (second,) = services.calls.escalate_overdue(admin, beijing(2026, 11, 25, 14, 10)).value
    assert (second.level, second.from_name, second.to_name) == (2, "张伟", "陈静")
    # After the ranked list, the finance manager; then the list is used up.
    (third,) = services.calls.escalate_overdue(admin, beijing(2026, 11, 25, 16, 15)).value
    assert (third.level, third.from_name, third.to_name) == (3, "陈静", "王敏")
    assert services.calls.escalate_overdue(admin, beijing(2026, 11, 27, 10)).value == ()
    with services.store.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "escalate").order_by(AuditEntry.id)
        ).all()
    assert [e.after["escalation_level"] for e in entries if e.after] == [1, 2, 3]


def test_escalation_skips_closed_follow_ups_and_other_kinds(
    services: Services, world: Desk, admin: Actor
) -> None:
    call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
    services.follow_ups.create(
        admin, "document", "寄送财务报表", beijing(2026, 11, 25, 11), world.li.id
    )
    services.calls.close_with_return_call(admin, call.follow_up_id or 0, "done")
    assert services.calls.escalate_overdue(admin, beijing(2026, 11, 30, 10)).value == ()


def test_with_nobody_to_pass_it_to_the_manager_is_told_once(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.responders.set_for_contract(admin, world.contract.id, [world.li.id])
    services.people.set_active(admin, world.chen.id, False)
    call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
    # 王敏 is the manager; the fallback after the ranked list is whoever is available then.
    escalations = services.calls.escalate_overdue(admin, beijing(2026, 11, 25, 19)).value
    (only,) = escalations
    assert (only.from_name, only.manager_name) == ("李娜", "王敏")
    assert only.to_id == world.li.id  # nobody available at 19:00 to take it over
    assert services.calls.escalate_overdue(admin, beijing(2026, 11, 30, 19)).value == ()
    assert services.follow_ups.get(admin, call.follow_up_id or 0).escalation_level == 1


def test_the_front_desk_may_escalate_but_a_trainee_may_not(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.calls.log(world.desk, message(world, WEDNESDAY))
    assert len(services.calls.escalate_overdue(world.desk, beijing(2026, 11, 25, 13)).value) == 1
    with pytest.raises(PermissionDenied):
        services.calls.escalate_overdue(actor_with_role(services, admin, "trainee"))
