"""A forged name in the audit log is refused by the services, on SQLite and PostgreSQL: an
actor carrying another person's name, or naming nobody, writes nothing; a name merely out of
date is corrected to the person's stored name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.core.common.errors import PermissionDenied
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.banks import BankDraft
from desktop_app.core.services import Services
from tests.helpers.factories import make_person


@pytest.fixture
def li_na(services: Services, admin: Actor) -> Actor:
    make_person(services, admin, "finance", "王敏")
    person = make_person(services, admin, "finance", "李娜")
    return services.identity.actor_for(person.id)


def _banks(services: Services, admin: Actor) -> list[str]:
    return [bank.name for bank in services.banks.list(admin, include_inactive=True)]


def test_an_actor_with_another_persons_name_is_refused_and_nothing_written(
    services: Services, admin: Actor, li_na: Actor
) -> None:
    forged = replace(li_na, name="王敏")
    with pytest.raises(PermissionDenied) as refused:
        services.banks.create(forged, BankDraft(name="伪造银行", short_name="伪造"))
    assert "王敏" in refused.value.text()
    assert "伪造银行" not in _banks(services, admin)
    assert all(e.actor_name != "王敏" for e in services.audit.recent(admin, entity="bank"))


def test_an_actor_naming_nobody_is_refused(services: Services, admin: Actor, li_na: Actor) -> None:
    ghost = replace(li_na, person_id=999_999, name="幽灵")
    with pytest.raises(PermissionDenied):
        services.banks.create(ghost, BankDraft(name="幽灵银行", short_name="幽灵"))
    assert "幽灵银行" not in _banks(services, admin)


def test_a_name_out_of_date_is_recorded_as_stored(
    services: Services, admin: Actor, li_na: Actor
) -> None:
    stale = replace(li_na, name="李娜（改名前）")
    bank = services.banks.create(stale, BankDraft(name="招商银行", short_name="招行")).value
    [entry] = services.audit.recent(admin, entity="bank", entity_id=bank.id)
    assert entry.actor_name == "李娜"


def test_the_own_name_is_recorded(services: Services, admin: Actor, li_na: Actor) -> None:
    bank = services.banks.create(li_na, BankDraft(name="工商银行", short_name="工行")).value
    [entry] = services.audit.recent(admin, entity="bank", entity_id=bank.id)
    assert entry.actor_name == "李娜"
