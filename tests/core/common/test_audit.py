"""The audit log: every change records who, from which desk, when, and what it was before/after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop_app.core.common.audit import AuditView
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import AuditEntry
from desktop_app.core.services import Services
from tests.conftest import START
from tests.helpers.factories import (
    actor_with_role,
    bank_draft,
    contract_draft,
    count_rows,
    make_bank,
    make_contract,
    make_person,
    person_draft,
)


def latest(services: Services, admin: Actor) -> AuditView:
    return services.audit.recent(admin, limit=1)[0]


def test_creating_a_bank_records_the_actor_desk_time_and_values(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    clock.advance(timedelta(minutes=5))
    at_front = replace(admin, desk="前台-2")
    bank = make_bank(services, at_front)
    entry = latest(services, admin)
    assert (entry.actor_name, entry.desk, entry.at) == (
        "Admin",
        "前台-2",
        START + timedelta(minutes=5),
    )
    assert (entry.action, entry.entity, entry.entity_id) == ("create", "bank", bank.id)
    assert entry.before is None
    assert entry.after == {
        "name": "中国工商银行",
        "short_name": "工行",
        "aliases": ["ICBC", "工商银行"],
        "notes": "",
        "branches": ["北京朝阳支行"],
        "officers": [],
        "phones": ["010 6552 1234"],
    }


def test_an_actor_without_a_desk_gets_this_desk(services: Services, admin: Actor) -> None:
    make_bank(services, replace(admin, desk=""))
    assert latest(services, admin).desk == services.store.desk != ""


def test_an_update_records_only_what_changed(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    services.banks.update(admin, bank.id, bank_draft(notes="季度回访"), bank.version)
    entry = latest(services, admin)
    assert (entry.action, entry.entity_id) == ("update", bank.id)
    assert (entry.before, entry.after) == ({"notes": ""}, {"notes": "季度回访"})
    services.banks.set_active(admin, bank.id, False)
    entry = latest(services, admin)
    assert (entry.action, entry.before, entry.after) == (
        "deactivate",
        {"active": True},
        {"active": False},
    )


def test_contract_changes_keep_exact_amounts(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "C-1", principal=Decimal("12345678901.2345"))
    created = latest(services, admin)
    assert created.after is not None
    assert (created.entity, created.after["principal"]) == ("contract", "12345678901.2345")
    assert created.after["start_date"] == "2026-03-18"
    services.contracts.update(
        admin, contract.id, contract_draft(bank.id, "C-1", principal="2亿"), contract.version
    )
    entry = latest(services, admin)
    assert entry.before is not None and entry.after is not None
    assert (entry.before["principal"], entry.after["principal"]) == (
        "12345678901.2345",
        "200000000",
    )
    assert (entry.before["version"], entry.after["version"]) == (1, 2)
    assert "contract_number" not in entry.after


def test_people_responders_settings_and_calendar_are_audited(
    services: Services, admin: Actor
) -> None:
    person = make_person(services, admin, name="王敏")
    services.people.update(
        admin, person.id, person_draft(name="王敏", extension="8001"), person.version
    )
    services.people.add_absence(admin, person.id, "leave", START, START + timedelta(days=1))
    bank = make_bank(services, admin)
    services.responders.set_for_bank(admin, bank.id, [person.id])
    services.org.update(admin, area_code="021")
    services.calendar.set_override(admin, date(2026, 12, 31), False, "年终盘点")
    services.people.set_active(admin, person.id, False)
    entries = list(reversed(services.audit.recent(admin)))
    assert [(e.action, e.entity) for e in entries] == [
        ("create", "person"),
        ("create", "person"),
        ("update", "person"),
        ("create", "absence"),
        ("create", "bank"),
        ("update", "bank_responders"),
        ("update", "settings"),
        ("update", "calendar"),
        ("deactivate", "person"),
    ]
    assert entries[0].actor_name == "system"  # the first admin is created by the app itself
    assert (entries[2].before, entries[2].after) == ({"extension": ""}, {"extension": "8001"})
    assert entries[5].after == {"people": [person.id]}
    assert (entries[6].before, entries[6].after) == ({"area_code": "010"}, {"area_code": "021"})
    assert entries[7].after == {"day": "2026-12-31", "is_workday": False, "note": "年终盘点"}
    assert all(e.actor_name == "Admin" for e in entries[1:])


def test_a_refused_change_leaves_no_entry(services: Services, admin: Actor) -> None:
    before = count_rows(services, AuditEntry)
    with pytest.raises(ValidationError):
        make_bank(services, admin, phones=[], aliases=[], name=" ")
    bank = make_bank(services, admin)
    with pytest.raises(ValidationError):
        make_bank(services, admin)  # the same name again
    with pytest.raises(ValidationError):
        make_contract(services, admin, bank.id, principal="-1")
    assert count_rows(services, AuditEntry) == before + 1


def test_reading_filters_by_record(services: Services, admin: Actor) -> None:
    first, second = make_bank(services, admin), make_bank(services, admin, "招商银行", phones=[])
    services.banks.set_active(admin, first.id, False)
    assert [e.action for e in services.audit.recent(admin, "bank", first.id)] == [
        "deactivate",
        "create",
    ]
    assert [e.entity_id for e in services.audit.recent(admin, "bank")] == [
        first.id,
        second.id,
        first.id,
    ]
    assert len(services.audit.recent(admin, limit=2)) == 2


@pytest.mark.parametrize(
    ("role", "allowed"), [("finance", True), ("front_desk", False), ("trainee", False)]
)
def test_who_may_read_the_log(services: Services, admin: Actor, role: str, allowed: bool) -> None:
    actor = actor_with_role(services, admin, role)
    if allowed:
        assert services.audit.recent(actor)[0].entity == "person"
    else:
        with pytest.raises(PermissionDenied):
            services.audit.recent(actor)
