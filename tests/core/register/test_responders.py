"""Responder lists: ranked per contract, a bank default to fall back on, only active people."""

from __future__ import annotations

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import ResponderAssignment
from desktop_app.core.register.banks import BankView
from desktop_app.core.register.responders import ResponderView
from desktop_app.core.services import Services
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)


@pytest.fixture
def bank(services: Services, admin: Actor) -> BankView:
    return make_bank(services, admin)


def test_a_contract_list_is_ranked_in_the_order_given(
    services: Services, admin: Actor, bank: BankView
) -> None:
    contract = make_contract(services, admin, bank.id)
    first, second = (
        make_person(services, admin, name="王敏"),
        make_person(services, admin, name="李娜"),
    )
    outcome = services.responders.set_for_contract(admin, contract.id, [second.id, first.id])
    expected = (
        ResponderView(second.id, "李娜", 1, True, False),
        ResponderView(first.id, "王敏", 2, True, False),
    )
    assert outcome.value == expected
    assert outcome.changes.touches(Area.RESPONDERS)
    assert services.contracts.get(admin, contract.id).responders == expected
    services.responders.set_for_contract(admin, contract.id, [first.id])
    assert [r.name for r in services.contracts.get(admin, contract.id).responders] == ["王敏"]
    assert count_rows(services, ResponderAssignment) == 1


def test_contracts_without_a_list_fall_back_to_the_bank_default(
    services: Services, admin: Actor, bank: BankView
) -> None:
    own = make_contract(services, admin, bank.id, "OWN-1")
    inherits = make_contract(services, admin, bank.id, "INH-1")
    default, specific = make_person(services, admin), make_person(services, admin)
    services.responders.set_for_bank(admin, bank.id, [default.id])
    services.responders.set_for_contract(admin, own.id, [specific.id])
    assert services.contracts.get(admin, inherits.id).responders == (
        ResponderView(default.id, default.name, 1, True, True),
    )
    assert [r.person_id for r in services.contracts.get(admin, own.id).responders] == [specific.id]
    assert services.responders.for_bank(admin, bank.id) == (
        ResponderView(default.id, default.name, 1, True, True),
    )
    services.responders.set_for_contract(admin, own.id, [])
    assert services.contracts.get(admin, own.id).responders[0].inherited


def test_other_banks_defaults_do_not_apply(
    services: Services, admin: Actor, bank: BankView
) -> None:
    other = make_bank(services, admin, "招商银行", phones=[])
    services.responders.set_for_bank(admin, other.id, [make_person(services, admin).id])
    contract = make_contract(services, admin, bank.id)
    assert services.contracts.get(admin, contract.id).responders == ()


def test_an_inactive_person_is_refused(services: Services, admin: Actor, bank: BankView) -> None:
    contract = make_contract(services, admin, bank.id)
    active, gone = make_person(services, admin), make_person(services, admin, name="离职者")
    services.people.set_active(admin, gone.id, False)
    with pytest.raises(ValidationError) as caught:
        services.responders.set_for_contract(admin, contract.id, [active.id, gone.id])
    assert caught.value.field == "responders"
    assert caught.value.text() == "离职者 is not active and cannot answer the bank."
    with pytest.raises(ValidationError):
        services.responders.set_for_bank(admin, bank.id, [gone.id])
    assert count_rows(services, ResponderAssignment) == 0


def test_a_person_deactivated_later_shows_as_inactive(
    services: Services, admin: Actor, bank: BankView
) -> None:
    contract = make_contract(services, admin, bank.id)
    person = make_person(services, admin)
    services.responders.set_for_contract(admin, contract.id, [person.id])
    services.people.set_active(admin, person.id, False)
    assert services.contracts.get(admin, contract.id).responders == (
        ResponderView(person.id, person.name, 1, False, False),
    )


@pytest.mark.parametrize(
    ("people", "message"),
    [("twice", "A person is listed twice."), ("unknown", "The person no longer exists.")],
)
def test_bad_lists_are_refused(
    services: Services, admin: Actor, bank: BankView, people: str, message: str
) -> None:
    contract = make_contract(services, admin, bank.id)
    person = make_person(services, admin)
    ids = [person.id, person.id] if people == "twice" else [person.id, 9999]
    with pytest.raises(ValidationError) as caught:
        services.responders.set_for_contract(admin, contract.id, ids)
    assert (caught.value.field, caught.value.text()) == ("responders", message)
    assert count_rows(services, ResponderAssignment) == 0


def test_a_missing_contract_or_bank_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.responders.set_for_contract(admin, 404, [])
    with pytest.raises(NotFound):
        services.responders.set_for_bank(admin, 404, [])


@pytest.mark.parametrize("role", ["front_desk", "trainee"])
def test_front_desk_and_trainees_may_not_change_lists(
    services: Services, admin: Actor, bank: BankView, role: str
) -> None:
    contract = make_contract(services, admin, bank.id)
    actor = actor_with_role(services, admin, role)
    assert actor.person_id is not None
    with pytest.raises(PermissionDenied):
        services.responders.set_for_contract(actor, contract.id, [actor.person_id])
    with pytest.raises(PermissionDenied):
        services.responders.set_for_bank(actor, bank.id, [actor.person_id])
    assert count_rows(services, ResponderAssignment) == 0
