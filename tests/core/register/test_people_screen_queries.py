"""What the People screen asks of the people service: paged search, absences, impact names."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import NotFound, PermissionDenied
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Absence, RegisteredNumber
from desktop_app.core.services import Services
from tests.conftest import START
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)


def test_search_pages_through_people_in_name_order(services: Services, admin: Actor) -> None:
    for number in range(7):
        make_person(services, admin, name=f"Wang {number}")
    make_person(services, admin, name="李娜")
    gone = make_person(services, admin, name="Wang 9")
    services.people.set_active(admin, gone.id, False)

    def page(offset: int, limit: int | None, include_inactive: bool = False) -> list[str]:
        found = services.people.search(admin, "wang", offset, limit, include_inactive)
        return [p.name for p in found]

    assert page(0, 3) == ["Wang 0", "Wang 1", "Wang 2"]
    assert page(3, 3) == ["Wang 3", "Wang 4", "Wang 5"]
    assert page(6, 3) == ["Wang 6"]
    assert page(6, 3, include_inactive=True) == ["Wang 6", "Wang 9"]
    assert page(0, None) == [f"Wang {n}" for n in range(7)]
    assert [p.name for p in services.people.search(admin, "ln")] == ["李娜"]


def test_absences_are_listed_and_removed_with_an_audit_entry(
    services: Services, admin: Actor
) -> None:
    person = make_person(services, admin)
    services.people.add_absence(admin, person.id, "leave", START, START + timedelta(days=2), "年假")
    trip = services.people.add_absence(
        admin, person.id, "business_trip", START - timedelta(days=9), START - timedelta(days=7)
    ).value
    listed = services.people.absences(admin, person.id)
    assert [(a.kind, a.note) for a in listed] == [("business_trip", ""), ("leave", "年假")]
    outcome = services.people.remove_absence(admin, person.id, listed[1].id)
    assert outcome.changes.touches(Area.PEOPLE)
    assert outcome.value.version == trip.version  # absences do not make the form stale
    assert [a.kind for a in outcome.value.absences] == ["business_trip"]
    assert count_rows(services, Absence) == 1
    entry = services.audit.recent(admin, "absence", listed[1].id)[0]
    assert (entry.action, entry.before and entry.before["note"]) == ("delete", "年假")
    with pytest.raises(NotFound):
        services.people.remove_absence(admin, person.id, listed[1].id)
    other = make_person(services, admin)
    with pytest.raises(NotFound):  # an absence of someone else is not this person's to remove
        services.people.remove_absence(admin, other.id, listed[0].id)


@pytest.mark.parametrize("role", ["front_desk", "trainee"])
def test_only_people_editors_remove_absences(services: Services, admin: Actor, role: str) -> None:
    person = make_person(services, admin)
    services.people.add_absence(admin, person.id, "leave", START, START + timedelta(days=1))
    [absence] = services.people.absences(admin, person.id)
    actor = actor_with_role(services, admin, role)
    assert services.people.absences(actor, person.id) == [absence]
    with pytest.raises(PermissionDenied):
        services.people.remove_absence(actor, person.id, absence.id)
    assert count_rows(services, Absence) == 1


def test_impact_names_the_banks(services: Services, admin: Actor) -> None:
    person = make_person(services, admin)
    icbc = make_bank(services, admin)
    boc = make_bank(services, admin, "中国银行", short_name="中行", aliases=["BOC"], phones=[])
    make_contract(services, admin, icbc.id, "A-1")
    services.responders.set_for_bank(admin, boc.id, [person.id])
    with services.store.write() as session:
        session.add(
            RegisteredNumber(
                bank_id=icbc.id,
                person_id=person.id,
                number_key="+8613801012345",
                display="138 0101 2345",
            )
        )
    impact = services.people.impact(admin, person.id)
    assert (impact.bank_defaults, impact.bank_names) == ((boc.id,), ("中国银行",))
    assert impact.number_banks == ("中国工商银行",)
