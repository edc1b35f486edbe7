"""The Today overview: the kind of day, who is on duty, which contracts nobody can answer now."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person


def test_uncovered_contracts_are_listed(services: Services, admin: Actor, clock: FakeClock) -> None:
    bank = make_bank(services, admin)
    other_bank = make_bank(services, admin, "招商银行", phones=[])
    covered = make_contract(services, admin, bank.id, "A-covered")
    nobody = make_contract(services, admin, bank.id, "B-nobody")
    away = make_contract(services, admin, bank.id, "C-away")
    inherited = make_contract(services, admin, other_bank.id, "D-inherited")
    present, travelling = make_person(services, admin, name="王敏"), make_person(services, admin)
    services.people.add_absence(
        admin, travelling.id, "business_trip", clock.now(), clock.now() + timedelta(days=2)
    )
    services.responders.set_for_contract(admin, covered.id, [travelling.id, present.id])
    services.responders.set_for_contract(admin, away.id, [travelling.id])
    services.responders.set_for_bank(admin, other_bank.id, [present.id])
    overview = services.today.overview(admin, clock.now())
    assert overview.day.reason == "workday"
    assert {c.id for c in overview.contracts} == {covered.id, nobody.id, away.id, inherited.id}
    assert {c.id for c in overview.uncovered} == {nobody.id, away.id}
    duty = {row.person.name: row for row in overview.duty}
    assert duty["王敏"].status.available and duty["王敏"].responder_for == 2
    assert travelling.name not in duty  # away on business: not on duty now
    assert all(row.status.available for row in overview.duty)


def test_a_closed_contract_is_not_counted(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    contract = make_contract(services, admin, make_bank(services, admin).id)
    services.contracts.set_status(admin, contract.id, "closed")
    overview = services.today.overview(admin, clock.now())
    assert (overview.contracts, overview.uncovered) == ((), ())


def test_on_a_holiday_every_contract_is_uncovered(services: Services, admin: Actor) -> None:
    contract = make_contract(services, admin, make_bank(services, admin).id)
    person = make_person(services, admin)
    services.responders.set_for_contract(admin, contract.id, [person.id])
    national_day = datetime(2026, 10, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    overview = services.today.overview(admin, national_day)
    assert (overview.day.reason, overview.day.holiday_name) == ("holiday", "National Day")
    assert [c.id for c in overview.uncovered] == [contract.id]


def test_trainees_appear_on_duty_only_as_responders(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    contract = make_contract(services, admin, make_bank(services, admin).id)
    idle = make_person(services, admin, "trainee", name="见习甲")
    answering = make_person(services, admin, "trainee", name="见习乙")
    services.responders.set_for_contract(admin, contract.id, [answering.id])
    on_duty = {row.person.id for row in services.today.overview(admin, clock.now()).duty}
    assert answering.id in on_duty
    assert idle.id not in on_duty


def test_the_front_desk_gets_the_overview_without_loan_details(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    make_contract(services, admin, make_bank(services, admin).id)
    overview = services.today.overview(actor_with_role(services, admin, "front_desk"), clock.now())
    assert [c.restricted for c in overview.contracts] == [True]
