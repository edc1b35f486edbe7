"""People: create, update, deactivate, search; unique mobiles and accounts; the last admin."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from desktop_app.core.common.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.models import Person, RegisteredNumber
from desktop_app.core.register.availability import AbsenceSpan, Span
from desktop_app.core.register.people import DeactivationImpact
from desktop_app.core.services import Services
from tests.conftest import START
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
    person_draft,
)


def test_create_cleans_and_stores_a_person(services: Services, admin: Actor) -> None:
    person = services.people.create(
        admin,
        person_draft(
            "front_desk",
            " 刘洋 ",
            job_title=" 前台 ",
            extension="8000",
            mobile="150-0105-6789",
            email=" liu.yang@example.com ",
            os_account="liuyang",
            office_hours=[(0, "8:30", "17:30"), (4, "08:30", "12:00")],
        ),
    ).value
    assert (person.name, person.role, person.job_title) == ("刘洋", Role.FRONT_DESK, "前台")
    assert (person.mobile, person.email, person.os_account) == (
        "150 0105 6789",
        "liu.yang@example.com",
        "liuyang",
    )
    assert person.office_hours == (
        Span(0, time(8, 30), time(17, 30)),
        Span(4, time(8, 30), time(12, 0)),
    )
    assert person.active and person.version == 1
    assert services.people.get(admin, person.id) == person


def test_update_and_version_conflict(services: Services, admin: Actor) -> None:
    person = make_person(services, admin, name="王敏")
    updated = services.people.update(
        admin,
        person.id,
        person_draft(name="王敏", extension="8001", office_hours=[]),
        person.version,
    ).value
    assert (updated.extension, updated.office_hours, updated.version) == ("8001", (), 2)
    with pytest.raises(ConflictError):
        services.people.update(
            admin, person.id, person_draft(name="王敏", extension="9"), person.version
        )
    assert services.people.get(admin, person.id).extension == "8001"


def test_list_searches_names_and_pinyin(services: Services, admin: Actor) -> None:
    for name in ("王敏", "李娜", "Zhang Wei"):
        make_person(services, admin, name=name)
    inactive = make_person(services, admin, name="王强")
    services.people.set_active(admin, inactive.id, False)

    def names(text: str, include_inactive: bool = False) -> list[str]:
        return [p.name for p in services.people.list(admin, text, include_inactive)]

    assert names("王") == ["王敏"]
    assert names("wangmin") == ["王敏"]
    assert names("wm") == ["王敏"]
    assert names("LI NA") == ["李娜"]
    assert names("zhang") == ["Zhang Wei"]
    assert sorted(names("wang", include_inactive=True)) == ["王强", "王敏"]
    assert names("100%") == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"role": "boss"}, "role"),
        ({"mobile": "12345x"}, "mobile"),
        ({"extension": "80-01"}, "extension"),
        ({"email": "not-an-address"}, "email"),
        ({"office_hours": [(0, "18:00", "09:00")]}, "office_hours"),
        ({"office_hours": [(7, "09:00", "18:00")]}, "office_hours"),
        ({"office_hours": [(0, "9 am", "18:00")]}, "office_hours"),
    ],
)
def test_invalid_people_name_the_field_and_write_nothing(
    services: Services, admin: Actor, values: dict[str, object], field: str
) -> None:
    values = dict(values)
    role, name = str(values.pop("role", "finance")), values.pop("name", "Someone")
    with pytest.raises(ValidationError) as caught:
        services.people.create(admin, person_draft(role, str(name), **values))
    assert caught.value.field == field
    assert count_rows(services, Person) == 1  # the admin


def test_a_mobile_belongs_to_one_person(services: Services, admin: Actor) -> None:
    make_person(services, admin, name="王敏", mobile="13801012345")
    with pytest.raises(ValidationError) as caught:
        make_person(services, admin, name="李娜", mobile="+86 138 0101 2345")
    assert caught.value.field == "mobile"
    assert caught.value.text() == "This mobile number already belongs to 王敏."
    assert count_rows(services, Person) == 2


def test_a_computer_account_belongs_to_one_person(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        make_person(services, admin, os_account="admin-account")
    assert caught.value.field == "os_account"
    other = make_person(services, admin, os_account="liuyang")
    with pytest.raises(ValidationError, match="already linked to Admin"):
        services.people.update(
            admin,
            other.id,
            person_draft(name=other.name, os_account="admin-account"),
            other.version,
        )
    assert services.people.get(admin, other.id).os_account == "liuyang"


@pytest.mark.parametrize("role", ["front_desk", "trainee"])
def test_front_desk_and_trainees_may_not_edit_people(
    services: Services, admin: Actor, role: str
) -> None:
    actor = actor_with_role(services, admin, role)
    person = make_person(services, admin)
    with pytest.raises(PermissionDenied):
        services.people.create(actor, person_draft())
    with pytest.raises(PermissionDenied):
        services.people.update(actor, person.id, person_draft(name=person.name), person.version)
    with pytest.raises(PermissionDenied):
        services.people.set_active(actor, person.id, False)
    with pytest.raises(PermissionDenied):
        services.people.add_absence(actor, person.id, "leave", START, START + timedelta(days=1))
    assert count_rows(services, Person) == 3
    assert services.people.get(actor, person.id) == person


def test_only_an_admin_gives_or_changes_roles(services: Services, admin: Actor) -> None:
    finance = actor_with_role(services, admin, "finance")
    with pytest.raises(PermissionDenied):
        services.people.create(finance, person_draft("admin"))
    clerk = make_person(services, finance, "front_desk")
    with pytest.raises(PermissionDenied):
        services.people.update(
            finance, clerk.id, person_draft("finance", clerk.name), clerk.version
        )
    promoted = services.people.update(
        admin, clerk.id, person_draft("finance", clerk.name), clerk.version
    ).value
    assert promoted.role == Role.FINANCE


def test_the_last_admin_cannot_be_deactivated(services: Services, admin: Actor) -> None:
    assert admin.person_id is not None
    with pytest.raises(ValidationError) as caught:
        services.people.set_active(admin, admin.person_id, False)
    assert caught.value.field == "active"
    assert services.people.get(admin, admin.person_id).active
    second = make_person(services, admin, "admin")
    assert not services.people.set_active(admin, admin.person_id, False).value.active
    with pytest.raises(ValidationError):
        services.people.set_active(admin, second.id, False)


def test_the_last_admin_cannot_give_up_the_role(services: Services, admin: Actor) -> None:
    assert admin.person_id is not None
    me = services.people.get(admin, admin.person_id)
    draft = person_draft("finance", me.name, os_account=me.os_account, office_hours=[])
    with pytest.raises(ValidationError) as caught:
        services.people.update(admin, me.id, draft, me.version)
    assert caught.value.field == "role"
    assert services.people.get(admin, me.id).role == Role.ADMIN
    make_person(services, admin, "admin")
    assert services.people.update(admin, me.id, draft, me.version).value.role == Role.FINANCE


def test_absences(services: Services, admin: Actor) -> None:
    person = make_person(services, admin)
    trip = services.people.add_absence(
        admin, person.id, "business_trip", START, START + timedelta(days=3), " 深圳出差 "
    ).value
    assert trip.absences == (AbsenceSpan("business_trip", START, START + timedelta(days=3)),)
    assert trip.version == person.version  # absences are rows of their own: no conflict
    with pytest.raises(ValidationError) as caught:
        services.people.add_absence(admin, person.id, "holiday", START, START + timedelta(1))
    assert caught.value.field == "kind"
    with pytest.raises(ValidationError) as caught:
        services.people.add_absence(admin, person.id, "leave", START, START)
    assert caught.value.field == "ends_at"
    assert len(services.people.get(admin, person.id).absences) == 1


def test_impact_lists_contracts_bank_defaults_and_numbers(services: Services, admin: Actor) -> None:
    person = make_person(services, admin, name="王敏")
    bank = make_bank(services, admin)
    first = make_contract(services, admin, bank.id, "A-1")
    second = make_contract(services, admin, bank.id, "B-2")
    helper = make_person(services, admin)
    services.responders.set_for_contract(admin, first.id, [person.id])
    services.responders.set_for_contract(admin, second.id, [helper.id, person.id])
    services.responders.set_for_bank(admin, bank.id, [person.id])
    with services.store.write() as session:
        session.add(
            RegisteredNumber(
                bank_id=bank.id,
                contract_id=first.id,
                person_id=person.id,
                number_key="+8613801012345",
                display="138 0101 2345",
            )
        )
        session.add(
            RegisteredNumber(
                bank_id=bank.id,
                person_id=person.id,
                active=False,
                number_key="+8613801019999",
                display="138 0101 9999",
            )
        )
    impact = services.people.impact(admin, person.id)
    assert impact.contracts == ((first.id, "A-1", 1), (second.id, "B-2", 2))
    assert impact.bank_defaults == (bank.id,)
    assert [display for _id, display in impact.numbers] == ["138 0101 2345"]
    assert services.people.impact(admin, helper.id) == DeactivationImpact(
        ((second.id, "B-2", 1),), (), ()
    )


def test_a_missing_person_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.people.get(admin, 404)
    with pytest.raises(NotFound):
        services.people.set_active(admin, 404, False)


def test_only_an_admin_links_a_computer_account(services: Services, admin: Actor) -> None:
    finance = actor_with_role(services, admin, "finance")
    with pytest.raises(PermissionDenied):
        services.people.create(finance, person_draft("finance", "Li", os_account="li-login"))
    assert services.identity.identify("li-login") is None
    person = make_person(services, admin, "finance", "Zhao")
    with pytest.raises(PermissionDenied):
        services.people.update(
            finance,
            person.id,
            person_draft("finance", "Zhao", os_account="admin-account2"),
            person.version,
        )
    assert services.people.get(admin, person.id).os_account == ""
    linked = services.people.update(
        admin, person.id, person_draft("finance", "Zhao", os_account="zhao-login"), person.version
    ).value
    assert linked.os_account == "zhao-login"
