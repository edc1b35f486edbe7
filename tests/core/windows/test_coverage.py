"""Coverage on both databases: a responder must be there, certified, for the whole window;
gaps list who else could take it."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from desktop_app.core.windows.service import Occurrence, WindowPreset
from tests.conftest import START
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person
from tests.helpers.window_factories import beijing, certify, make_window

DAY = date(2026, 12, 1)  # a Tuesday, an ordinary working day
RANGE = (beijing(DAY, 0), beijing(DAY + timedelta(days=1), 0))
LUNCH_BREAK = [(d, "09:00", "12:00") for d in range(5)] + [(d, "13:30", "18:00") for d in range(5)]


def one(services: Services, actor: Actor) -> Occurrence:
    found = services.windows.occurrences(actor, *RANGE)
    assert len(found) == 1
    return found[0]


def test_the_first_available_certified_responder_is_on_duty(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id)
    first = make_person(services, admin, name="王敏")
    second = make_person(services, admin, name="李娜")
    services.responders.set_for_contract(admin, contract.id, [first.id, second.id])
    make_window(services, admin, bank.id, contract_id=contract.id, day_of_month=1)

    occurrence = one(services, admin)
    assert [(r.name, r.rank, r.available, r.certified) for r in occurrence.responders] == [
        ("王敏", 1, True, False),
        ("李娜", 2, True, False),
    ]
    assert occurrence.on_duty is None and not occurrence.covered

    certify(services, second.id, START - timedelta(days=10))
    occurrence = one(services, admin)
    assert occurrence.on_duty is not None and occurrence.on_duty.name == "李娜"
    certify(services, first.id, START - timedelta(days=10))
    assert one(services, admin).on_duty.name == "王敏"  # type: ignore[union-attr]


def test_a_certificate_must_still_be_valid_when_the_window_starts(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin)
    services.responders.set_for_bank(admin, bank.id, [person.id])
    make_window(services, admin, bank.id, day_of_month=1)
    # Valid today (25 November) but expired on 1 December at 10:00.
    certify(services, person.id, START - timedelta(days=360), timedelta(days=365))
    assert not one(services, admin).responders[0].certified
    certify(services, person.id, START, timedelta(days=365), path_code="front_desk")
    assert not one(services, admin).responders[0].certified  # not the path for finance
    certify(services, person.id, START, timedelta(days=365), path_code="manager")
    assert one(services, admin).covered  # the manager path covers the responder's


def test_an_absence_for_part_of_the_window_makes_a_gap(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id)
    first = make_person(services, admin, name="张伟")
    backup = make_person(services, admin, name="李娜")
    helper = make_person(services, admin, name="陈静")
    manager = make_person(services, admin, role="admin", name="周杰")
    make_person(services, admin, role="front_desk", name="刘洋")
    make_person(services, admin, name="孙强")  # not certified
    gone = make_person(services, admin, name="吴昊")
    for person in (first, backup, helper, manager, gone):
        certify(services, person.id, START - timedelta(days=30))
    certify(services, manager.id, START - timedelta(days=30), path_code="manager")
    services.people.deactivate_with(admin, gone.id, None)
    services.responders.set_for_contract(admin, contract.id, [first.id, backup.id])
    make_window(
        services,
        admin,
        bank.id,
        contract_id=contract.id,
        day_of_month=1,
        starts="10:00",
        ends="12:00",
    )
    # 张伟 leaves at 11:00, half-way through; 李娜 is on leave all day.
    services.people.add_absence(
        admin, first.id, "business_trip", beijing(DAY, 11), beijing(DAY + timedelta(days=3), 9)
    )
    services.people.add_absence(
        admin, backup.id, "leave", beijing(DAY, 0), beijing(DAY + timedelta(days=1), 0)
    )
    occurrence = one(services, admin)
    assert [(r.name, r.available, r.reason) for r in occurrence.responders] == [
        ("张伟", False, "Absent (business trip) until Dec 4, 2026, 09:00"),
        ("李娜", False, "Absent (leave) until Dec 2, 2026, 00:00"),
    ]
    gaps = services.coverage.gaps(admin, *RANGE)
    assert [g.occurrence.key for g in gaps] == [occurrence.key]
    assert [(s.name, s.reason) for s in gaps[0].suggestions] == [
        ("陈静", "Available for the whole window and certified"),
        ("周杰", "Available for the whole window and certified"),
    ]
    # 陈静 is busy from 11:30: she can no longer take the whole window.
    services.people.add_absence(admin, helper.id, "other", beijing(DAY, 11, 30), beijing(DAY, 15))
    assert [s.name for s in services.coverage.gaps(admin, *RANGE)[0].suggestions] == ["周杰"]


def test_a_window_across_the_lunch_break_needs_continuous_hours(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    split = make_person(services, admin, name="王敏", office_hours=LUNCH_BREAK)
    whole = make_person(services, admin, name="李娜")
    for person in (split, whole):
        certify(services, person.id, START - timedelta(days=1))
    services.responders.set_for_bank(admin, bank.id, [split.id, whole.id])
    make_window(services, admin, bank.id, day_of_month=1, starts="11:00", ends="14:00")
    occurrence = one(services, admin)
    assert occurrence.responders[0].available is False
    assert occurrence.responders[0].reason == "Outside office hours (09:00–12:00, 13:30–18:00)"
    assert occurrence.on_duty is not None and occurrence.on_duty.name == "李娜"
    assert services.coverage.gaps(admin, *RANGE) == []


def test_a_contract_without_its_own_list_uses_the_banks(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id)
    person = make_person(services, admin, name="李娜")
    certify(services, person.id, START)
    make_window(services, admin, bank.id, contract_id=contract.id, day_of_month=1)
    occurrence = one(services, admin)
    assert occurrence.responders == () and not occurrence.covered
    assert "No responder is designated" in occurrence.warnings
    services.responders.set_for_bank(admin, bank.id, [person.id])
    assert one(services, admin).covered


def test_gaps_on_a_holiday_and_the_coverage_horizon(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin, name="王敏")
    certify(services, person.id, START - timedelta(days=1))
    services.responders.set_for_bank(admin, bank.id, [person.id])
    make_window(
        services,
        admin,
        bank.id,
        preset=WindowPreset.CUSTOM,
        rrule="FREQ=WEEKLY;BYDAY=SA",
        working_days_only=False,
    )
    desk = actor_with_role(services, admin, "front_desk")
    gaps = services.coverage.upcoming_gaps(desk)  # 14 days from Wednesday 25 November
    assert [g.occurrence.starts_at for g in gaps] == [
        beijing(date(2026, 11, 28), 10),
        beijing(date(2026, 12, 5), 10),
    ]
    assert gaps[0].occurrence.responders[0].reason == "Weekend"
    assert gaps[0].suggestions == ()  # nobody works on a Saturday
    services.org.update(admin, coverage_days_ahead=7)
    assert len(services.coverage.upcoming_gaps(desk)) == 1
    clock.advance(timedelta(days=4))
    assert [g.occurrence.starts_at for g in services.coverage.upcoming_gaps(desk)] == [
        beijing(date(2026, 12, 5), 10)
    ]
