"""Deactivating a person: replaced in every responder list, the banks to be told about their
numbers, contracts left uncovered named, all in one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import FollowUp, ResponderAssignment
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.register.people import PersonView
from desktop_app.core.services import Services
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)


def ranked(services: Services, admin: Actor, contract_id: int) -> list[tuple[str, int, bool]]:
    return [
        (r.name, r.rank, r.active) for r in services.contracts.get(admin, contract_id).responders
    ]


def bank_list(services: Services, admin: Actor, bank_id: int) -> list[tuple[str, int, bool]]:
    return [(r.name, r.rank, r.active) for r in services.responders.for_bank(admin, bank_id)]


class Scene:
    """Two banks, three contracts, 孙强 answering in every list, 王敏 already in one of them."""

    def __init__(self, services: Services, admin: Actor) -> None:
        self.icbc = make_bank(services, admin)
        self.ccb = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=[])
        self.sun = make_person(services, admin, name="孙强")
        self.wang = make_person(services, admin, name="王敏")
        self.li = make_person(services, admin, name="李娜")
        self.alone = make_contract(services, admin, self.icbc.id, "C-1")  # only 孙强
        self.shared = make_contract(services, admin, self.icbc.id, "C-2")  # 李娜, 孙强, 王敏
        self.inherits = make_contract(services, admin, self.ccb.id, "C-3")  # the bank's list
        services.responders.set_for_contract(admin, self.alone.id, [self.sun.id])
        services.responders.set_for_contract(
            admin, self.shared.id, [self.li.id, self.sun.id, self.wang.id]
        )
        services.responders.set_for_bank(admin, self.ccb.id, [self.sun.id])
        numbers = services.numbers
        self.on_alone = numbers.create(
            admin,
            NumberDraft(
                self.icbc.id,
                "010 6552 0001",
                person_id=self.sun.id,
                contract_id=self.alone.id,
                last_confirmed_on=date(2026, 10, 1),
            ),
        ).value
        self.at_ccb = numbers.create(
            admin,
            NumberDraft(
                self.ccb.id,
                "010 6552 0002",
                person_id=self.sun.id,
                last_confirmed_on=date(2026, 10, 1),
            ),
        ).value
        retired = numbers.create(
            admin, NumberDraft(self.ccb.id, "010 6552 0003", person_id=self.sun.id)
        ).value
        numbers.deactivate(admin, retired.id)
        self.retired = retired


@pytest.fixture
def scene(services: Services, admin: Actor) -> Scene:
    return Scene(services, admin)


def test_the_replacement_takes_the_place_in_every_list(
    services: Services, admin: Actor, scene: Scene
) -> None:
    outcome = services.people.deactivate_with(admin, scene.sun.id, scene.wang.id)
    result = outcome.value
    assert outcome.changes.touches(Area.PEOPLE, Area.RESPONDERS, Area.FOLLOW_UPS, Area.NUMBERS)
    assert ranked(services, admin, scene.alone.id) == [("王敏", 1, True)]
    assert ranked(services, admin, scene.shared.id) == [("李娜", 1, True), ("王敏", 2, True)]
    assert bank_list(services, admin, scene.ccb.id) == [("王敏", 1, True)]
    assert ranked(services, admin, scene.inherits.id) == [("王敏", 1, True)]
    assert result.replaced_in_contracts == (scene.alone.id,)
    assert result.removed_from_contracts == (scene.shared.id,)
    assert (result.replaced_in_banks, result.removed_from_banks) == ((scene.ccb.id,), ())
    assert result.uncovered == ()
    assert services.people.get(admin, scene.sun.id).active is False
    follow_ups = services.follow_ups.list(admin, kind="notify_bank")
    assert sorted(f.number_id for f in follow_ups) == sorted([scene.on_alone.id, scene.at_ccb.id])
    assert sorted(result.follow_up_ids) == sorted(f.id for f in follow_ups)
    assert {f.assignee_name for f in follow_ups} == {"王敏"}
    by_number = {f.number_id: f for f in follow_ups}
    assert by_number[scene.at_ccb.id].description == (
        "Tell 中国建设银行 that 孙强 no longer answers on 010 6552 0002; the new contact is 王敏."
    )
    assert by_number[scene.on_alone.id].contract_number == "C-1"
    stale = services.numbers.list(admin, stale_only=True)
    assert {v.id: [r.code for r in v.stale_reasons] for v in stale} == {
        scene.on_alone.id: ["person_inactive"],
        scene.at_ccb.id: ["person_inactive"],
    }


def test_without_a_replacement_the_lists_keep_the_inactive_person(
    services: Services, admin: Actor, scene: Scene
) -> None:
    result = services.people.deactivate_with(admin, scene.sun.id, None).value
    assert ranked(services, admin, scene.alone.id) == [("孙强", 1, False)]
    assert ranked(services, admin, scene.shared.id) == [
        ("李娜", 1, True),
        ("孙强", 2, False),
        ("王敏", 3, True),
    ]
    assert bank_list(services, admin, scene.ccb.id) == [("孙强", 1, False)]
    assert [(u.contract_number, u.bank_name) for u in result.uncovered] == [
        ("C-1", "中国工商银行"),
        ("C-3", "中国建设银行"),
    ]
    assert [r.name for r in result.uncovered[0].responders] == ["孙强"]
    assert result.replaced_in_contracts == result.removed_from_contracts == ()
    follow_ups = services.follow_ups.list(admin, kind="notify_bank")
    assert sorted(f.number_id for f in follow_ups) == sorted([scene.on_alone.id, scene.at_ccb.id])
    assert {f.assignee_name for f in follow_ups} == {"Admin"}  # nobody active answers there
    assert follow_ups[0].description.endswith("and give the bank a new contact.")
    warned = services.responders.contracts_without_active_responder(admin)
    assert [u.contract_id for u in warned] == [scene.alone.id, scene.inherits.id]


def test_handing_over_later_opens_no_second_follow_up(
    services: Services, admin: Actor, scene: Scene
) -> None:
    first = services.people.deactivate_with(admin, scene.sun.id, None).value
    assert len(first.follow_up_ids) == 2
    second = services.people.deactivate_with(admin, scene.sun.id, scene.li.id).value
    assert second.follow_up_ids == ()
    assert count_rows(services, FollowUp) == 2
    assert ranked(services, admin, scene.alone.id) == [("李娜", 1, True)]
    assert ranked(services, admin, scene.shared.id) == [("李娜", 1, True), ("王敏", 2, True)]
    assert services.responders.contracts_without_active_responder(admin) == []


def test_numbers_already_being_notified_get_no_duplicate(
    services: Services, admin: Actor, scene: Scene
) -> None:
    services.numbers.update(
        admin,
        scene.on_alone.id,
        NumberDraft(
            scene.icbc.id, "010 6552 0001", person_id=scene.sun.id, contract_id=scene.alone.id
        ),
        scene.on_alone.version,
    )
    asked = services.numbers.request_confirmation(admin, scene.icbc.id).value
    assert [f.number_id for f in asked] == [scene.on_alone.id]
    result = services.people.deactivate_with(admin, scene.sun.id, scene.wang.id).value
    assert len(result.follow_up_ids) == 1
    assert sorted(f.number_id for f in services.follow_ups.list(admin)) == sorted(
        [scene.on_alone.id, scene.at_ccb.id]
    )


def test_a_refused_deactivation_changes_nothing(
    services: Services, admin: Actor, scene: Scene
) -> None:
    services.people.set_active(admin, scene.li.id, False)
    with pytest.raises(ValidationError) as caught:
        services.people.deactivate_with(admin, scene.sun.id, scene.li.id)
    assert caught.value.text() == "李娜 is not active and cannot answer the bank."
    with pytest.raises(ValidationError):
        services.people.deactivate_with(admin, scene.sun.id, scene.sun.id)
    with pytest.raises(ValidationError) as caught:
        services.people.deactivate_with(admin, admin.person_id or 0, scene.wang.id)
    assert caught.value.text() == "The last active administrator cannot be deactivated."
    assert services.people.get(admin, scene.sun.id).active is True
    assert ranked(services, admin, scene.alone.id) == [("孙强", 1, True)]
    assert count_rows(services, FollowUp) == 0
    assert count_rows(services, ResponderAssignment) == 5


@pytest.mark.parametrize("role", ["front_desk", "trainee"])
def test_only_those_who_edit_people_and_the_register_may_deactivate(
    services: Services, admin: Actor, scene: Scene, role: str
) -> None:
    actor = actor_with_role(services, admin, role)
    with pytest.raises(PermissionDenied):
        services.people.deactivate_with(actor, scene.sun.id, scene.wang.id)
    assert services.people.get(admin, scene.sun.id).active is True
    finance = actor_with_role(services, admin, "finance")
    result = services.people.deactivate_with(finance, scene.sun.id, scene.wang.id).value
    assert result.name == "孙强"


def test_the_deactivation_is_audited(services: Services, admin: Actor, scene: Scene) -> None:
    services.people.deactivate_with(admin, scene.sun.id, scene.wang.id)
    person = services.audit.recent(admin, entity="person", entity_id=scene.sun.id)
    assert (person[0].action, person[0].before, person[0].after) == (
        "deactivate",
        {"active": True},
        {"active": False},
    )
    lists = services.audit.recent(admin, entity="contract_responders", entity_id=scene.shared.id)
    assert (lists[0].before, lists[0].after) == (
        {"people": [scene.li.id, scene.sun.id, scene.wang.id]},
        {"people": [scene.li.id, scene.wang.id]},
    )
    bank = services.audit.recent(admin, entity="bank_responders", entity_id=scene.ccb.id)
    assert bank[0].after == {"people": [scene.wang.id]}
    created = services.audit.recent(admin, entity="follow_up")
    assert [e.action for e in created] == ["create", "create"]


def test_set_active_still_deactivates_alone(services: Services, admin: Actor, scene: Scene) -> None:
    view: PersonView = services.people.set_active(admin, scene.sun.id, False).value
    assert view.active is False
    assert ranked(services, admin, scene.alone.id) == [("孙强", 1, False)]
    assert count_rows(services, FollowUp) == 0
    assert [
        u.contract_id for u in services.responders.contracts_without_active_responder(admin)
    ] == [scene.alone.id, scene.inherits.id]
