"""Who uses the app: the first administrator, and computer accounts linked to people."""

from __future__ import annotations

import pytest

from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.models import Person
from desktop_app.core.services import Services
from tests.helpers.factories import count_rows, make_person


def test_the_first_admin(services: Services) -> None:
    assert not services.identity.has_people()
    outcome = services.identity.create_first_admin(" 王敏 ", "wangmin")
    actor = outcome.value
    assert (actor.name, actor.role, actor.desk) == ("王敏", Role.ADMIN, services.store.desk)
    assert actor.person_id is not None
    assert services.identity.has_people()
    assert services.identity.identify("wangmin") == actor


def test_there_is_only_one_first_admin(services: Services, admin: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.identity.create_first_admin("Intruder", "intruder")
    assert count_rows(services, Person) == 1


def test_the_first_admin_needs_a_name(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.identity.create_first_admin("  ", "someone")
    assert caught.value.field == "name"
    assert not services.identity.has_people()


def test_identify_finds_only_active_linked_people(services: Services, admin: Actor) -> None:
    assert services.identity.identify("nobody") is None
    clerk = make_person(services, admin, "front_desk", os_account="liuyang")
    found = services.identity.identify("liuyang")
    assert found is not None
    assert (found.person_id, found.role) == (clerk.id, Role.FRONT_DESK)
    services.people.set_active(admin, clerk.id, False)
    assert services.identity.identify("liuyang") is None
    with pytest.raises(NotFound):
        services.identity.actor_for(clerk.id)


def test_actor_named(services: Services, admin: Actor) -> None:
    clerk = make_person(services, admin, "trainee", name="孙强")
    assert services.identity.actor_named(" 孙强 ").person_id == clerk.id
    with pytest.raises(NotFound):
        services.identity.actor_named("无名氏")


def test_linking_a_computer_account(services: Services, admin: Actor) -> None:
    first = make_person(services, admin, name="李娜")
    second = make_person(services, admin, name="张伟")
    assert sorted(p.name for p in services.identity.unlinked_people()) == ["张伟", "李娜"]
    linked = services.identity.link_account(first.id, " lina ").value
    assert (linked.person_id, linked.name) == (first.id, "李娜")
    assert services.identity.identify("lina") == linked
    assert [p.name for p in services.identity.unlinked_people()] == ["张伟"]
    with pytest.raises(PermissionDenied):
        services.identity.link_account(first.id, "other")
    with pytest.raises(ValidationError) as caught:
        services.identity.link_account(second.id, "lina")
    assert caught.value.field == "os_account"
    assert services.people.get(admin, second.id).os_account == ""
    with pytest.raises(NotFound):
        services.identity.link_account(404, "ghost")
