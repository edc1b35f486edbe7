"""Rings from the phone system: every ring is a "ringing" call record; logging an outcome
completes it; a ring nobody logs becomes "rang — not logged" with a return call on the working
calendar, counted as missed; an unknown number's ring is kept and tied to a bank. Is it really
the bank: a caller naming one bank from another bank's number, or from an unknown number, is
not verified, and only a return call on an official number completes it. Both databases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.models import AuditEntry, CallRecord, FollowUp
from desktop_app.core.register.banks import BankView, OfficerDraft, PhoneDraft
from desktop_app.core.register.people import PersonView
from desktop_app.core.reports.outcomes import category_of
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person

BEIJING = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=BEIJING)
FRIDAY_EVENING = datetime(2026, 11, 27, 17, 30, tzinfo=BEIJING)


@dataclass
class World:
    icbc: BankView
    ccb: BankView
    li: PersonView
    desk: Actor


@pytest.fixture
def world(services: Services, admin: Actor) -> World:
    icbc = make_bank(
        services,
        admin,
        phones=[PhoneDraft("95588", "客服热线")],
        officers=[OfficerDraft("马骏", "post_loan_officer", mobile="13911112222")],
    )
    ccb = make_bank(
        services,
        admin,
        "中国建设银行",
        short_name="建行",
        aliases=["CCB"],
        phones=[PhoneDraft("95533", "客服热线")],
    )
    contract = make_contract(services, admin, icbc.id, "0200-2025-LD-0137")
    li = make_person(services, admin, name="李娜")
    services.responders.set_for_contract(admin, contract.id, [li.id])
    return World(icbc, ccb, li, actor_with_role(services, admin, "front_desk"))


def records(services: Services) -> list[CallRecord]:
    with services.store.read() as session:
        return list(session.scalars(select(CallRecord).order_by(CallRecord.id)))


def test_a_ring_is_a_ringing_record_with_time_number_line_and_bank(
    services: Services, world: World
) -> None:
    ring = services.rings.ring(world.desk, "95588", line="前台 8001", at=WEDNESDAY).value

    assert (ring.outcome, ring.bank_id, ring.bank_name) == (
        "ringing",
        world.icbc.id,
        "中国工商银行",
    )
    assert (ring.number_display, ring.line, ring.at) == ("95588", "前台 8001", WEDNESDAY)
    [stored] = records(services)
    assert (stored.outcome, stored.line, stored.caller_number_key) == (
        "ringing",
        "前台 8001",
        ring.number_key,
    )
    assert services.rings.ringing(world.desk) == (ring,)
    with services.store.read() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "call"))
        assert list(actions) == ["ring"]


def test_logging_an_outcome_completes_the_ring_instead_of_adding_a_call(
    services: Services, world: World, clock: FakeClock
) -> None:
    ring = services.rings.ring(world.desk, "95588", at=WEDNESDAY).value
    clock.advance(timedelta(minutes=1))

    call = services.calls.log(
        world.desk,
        CallDraft("message", caller_name="黄蕾", caller_number="95588", bank_id=world.icbc.id),
    ).value

    assert call.id == ring.call_id
    [stored] = records(services)
    assert (stored.outcome, stored.occurred_at) == ("message", WEDNESDAY)
    assert stored.logged_by_id == world.desk.person_id
    assert services.rings.ringing(world.desk) == ()
    assert services.rings.sweep(world.desk, WEDNESDAY + timedelta(hours=1)).value == ()


def test_a_ring_nobody_logs_becomes_a_missed_call_with_a_return_call(
    services: Services, world: World
) -> None:
    ring = services.rings.ring(world.desk, "95588", at=FRIDAY_EVENING).value
    assert services.rings.sweep(world.desk, FRIDAY_EVENING + timedelta(minutes=2)).value == ()

    [swept] = services.rings.sweep(world.desk, FRIDAY_EVENING + timedelta(minutes=3)).value

    assert swept.call_id == ring.call_id
    assert swept.assignee_id == world.li.id
    # Two working hours after Friday 17:30: the half hour left, then Monday 09:00 + 1h30.
    assert swept.due_at == datetime(2026, 11, 30, 10, 30, tzinfo=BEIJING)
    [stored] = records(services)
    assert stored.outcome == "rang_unlogged"
    assert category_of(stored.outcome) == "missed"
    with services.store.read() as session:
        follow_up = session.scalars(select(FollowUp)).one()
    assert (follow_up.kind, follow_up.call_id, follow_up.status) == (
        "return_call",
        ring.call_id,
        "open",
    )
    assert services.rings.missed_since(world.desk, FRIDAY_EVENING - timedelta(hours=1)) == 1
    assert services.rings.sweep(world.desk, FRIDAY_EVENING + timedelta(hours=1)).value == ()


def test_the_stale_delay_is_a_setting(services: Services, world: World, admin: Actor) -> None:
    services.org.update(admin, ring_stale_minutes=10)
    services.rings.ring(world.desk, "95588", at=WEDNESDAY)

    assert services.rings.sweep(world.desk, WEDNESDAY + timedelta(minutes=9)).value == ()
    assert len(services.rings.sweep(world.desk, WEDNESDAY + timedelta(minutes=10)).value) == 1
    with pytest.raises(ValidationError):
        services.org.update(admin, ring_stale_minutes=0)


def test_an_unknown_numbers_ring_is_kept_and_tied_to_a_bank(
    services: Services, world: World
) -> None:
    ring = services.rings.ring(world.desk, "13800001111", at=WEDNESDAY).value
    assert (ring.known, ring.bank_id) == (False, None)
    services.rings.sweep(world.desk, WEDNESDAY + timedelta(minutes=5))

    tied = services.rings.tie(world.desk, ring.call_id, world.ccb.id).value

    assert (tied.bank_id, tied.bank_name, tied.outcome) == (
        world.ccb.id,
        "中国建设银行",
        "rang_unlogged",
    )
    with services.store.read() as session:
        assert session.scalars(select(FollowUp.bank_id)).one() == world.ccb.id


def test_bad_rings_are_refused_and_nothing_is_written(services: Services, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.rings.ring(world.desk, "call me", at=WEDNESDAY)
    assert refused.value.problems[0].field == "number"
    with pytest.raises(ValidationError) as too_long:
        services.rings.ring(world.desk, "95588", line="x" * 61, at=WEDNESDAY)
    assert too_long.value.problems[0].field == "line"
    assert records(services) == []


def test_a_trainee_cannot_ring(services: Services, world: World, admin: Actor) -> None:
    trainee = actor_with_role(services, admin, "trainee")
    with pytest.raises(PermissionDenied):
        services.rings.ring(trainee, "95588")


def test_a_caller_naming_icbc_from_ccbs_number_is_not_verified(
    services: Services, world: World
) -> None:
    check = services.caller_check.check(world.desk, world.icbc.id, "95533")

    assert not check.verified
    assert check.reason == "other_bank"
    assert check.other_banks == ("中国建设银行",)
    assert "中国建设银行" in check.warning()
    assert check.script().startswith("Verify first")
    assert [n.display for n in check.official_numbers] == ["95588"]
    assert [n.display for n in check.officer_numbers] == ["139 1111 2222"]
    assert "马骏" in check.officer_numbers[0].label


def test_a_caller_naming_icbc_from_an_unknown_or_no_number_is_not_verified(
    services: Services, world: World
) -> None:
    assert services.caller_check.check(world.desk, world.icbc.id, "13800001111").reason == (
        "unknown"
    )
    assert services.caller_check.check(world.desk, world.icbc.id, "").reason == "no_number"
    known = services.caller_check.check(world.desk, world.icbc.id, "95588")
    assert known.verified and known.script() == ""


def test_an_unverified_caller_is_completed_by_a_return_call_on_an_official_number(
    services: Services, world: World
) -> None:
    services.rings.ring(world.desk, "13800001111", at=WEDNESDAY)
    logged = services.calls.log(
        world.desk,
        CallDraft(
            "unverified",
            caller_name="自称工行刘经理",
            caller_number="13800001111",
            bank_id=world.icbc.id,
            occurred_at=WEDNESDAY,
        ),
    ).value
    assert logged.follow_up_id is not None and logged.follow_up_open
    assert logged.outcome_text().startswith("Unverified caller")

    with pytest.raises(ValidationError) as refused:
        services.caller_check.return_verified(world.desk, logged.follow_up_id, "13800001111")
    assert refused.value.problems[0].field == "number"

    returned = services.caller_check.return_verified(
        world.desk, logged.follow_up_id, "139 1111 2222", "刘经理确有其人"
    ).value
    assert returned.direction == "return"
    assert not returned.follow_up_open
    with services.store.read() as session:
        follow_up = session.get(FollowUp, logged.follow_up_id)
        assert follow_up is not None and follow_up.status == "closed"
        assert "139 1111 2222" in follow_up.closing_note


def test_today_counts_the_rings_nobody_logged_as_missed(
    services: Services, world: World, admin: Actor
) -> None:
    services.rings.ring(world.desk, "95588", at=WEDNESDAY)
    services.rings.ring(world.desk, "95533", at=WEDNESDAY - timedelta(days=1))  # yesterday
    services.rings.sweep(world.desk, WEDNESDAY + timedelta(minutes=5))

    overview = services.today.overview(admin, WEDNESDAY + timedelta(hours=1))

    assert overview.missed_rings == 1


def test_the_reports_count_a_ring_nobody_logged_as_missed(
    services: Services, world: World, admin: Actor
) -> None:
    from datetime import date

    from desktop_app.core.reports.periods import Period

    services.rings.ring(world.desk, "95588", at=WEDNESDAY)
    services.rings.ring(world.desk, "95588", at=WEDNESDAY + timedelta(hours=2))  # still ringing
    services.rings.sweep(world.desk, WEDNESDAY + timedelta(minutes=5))

    report = services.reports.build(admin, Period.month(date(2026, 11, 1)), with_standing=False)

    assert (report.totals.missed, report.totals.received) == (1, 1)


def test_the_call_log_names_and_filters_rings(
    services: Services, world: World, admin: Actor
) -> None:
    from desktop_app.core.records.call_log import FILTER_OUTCOMES, CallLogQuery, outcome_label

    services.rings.ring(world.desk, "95588", at=WEDNESDAY)
    services.rings.sweep(world.desk, WEDNESDAY + timedelta(minutes=5))

    assert outcome_label("inbound", "rang_unlogged") == "Rang — not logged"
    assert outcome_label("inbound", "ringing") == "Ringing"
    assert "rang_unlogged" in FILTER_OUTCOMES and "unverified" in FILTER_OUTCOMES
    assert services.call_log.count(admin, CallLogQuery(outcome="rang_unlogged")) == 1


def test_mark_done_on_an_unverified_callers_return_call_needs_an_official_number(
    services: Services, world: World
) -> None:
    logged = services.calls.log(
        world.desk,
        CallDraft(
            "unverified", caller_number="13800001111", bank_id=world.icbc.id, occurred_at=WEDNESDAY
        ),
    ).value
    assert logged.follow_up_id is not None

    with pytest.raises(ValidationError) as refused:
        services.follow_ups.close(world.desk, logged.follow_up_id, "called 138 0000 1111 back")
    assert "95588" in refused.value.problems[0].text()

    closed = services.follow_ups.close(
        world.desk, logged.follow_up_id, "called 95588, the bank confirmed 刘经理"
    ).value
    assert closed.status == "closed"
