"""Searching the audit log by what people read: the person, the desk and the sentence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.core.common import audit
from desktop_app.core.common.errors import PermissionDenied
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, bank_draft, make_bank, make_person


@pytest.fixture(autouse=True)
def in_english() -> None:
    set_language("en")


def test_a_search_matches_the_sentence_in_the_active_language(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    services.banks.update(admin, bank.id, bank_draft(notes="季度回访"), bank.version)
    make_person(services, admin, name="王敏")
    found = services.audit.search(admin, "changed bank")
    assert [(e.action, e.entity) for e in found] == [("update", "bank")]
    assert [e.entity for e in services.audit.search(admin, "CREATED BANK")] == ["bank"]
    set_language("zh_CN")
    assert [e.entity for e in services.audit.search(admin, "修改了银行")] == ["bank"]


def test_a_search_matches_the_person_and_the_desk_and_keeps_to_a_kind(
    services: Services, admin: Actor
) -> None:
    make_bank(services, replace(admin, desk="前台-2"))
    person = make_person(services, admin, name="王敏")
    assert [e.entity for e in services.audit.search(admin, "前台-2")] == ["bank"]
    assert [e.entity for e in services.audit.search(admin, "admin")] == ["person", "bank"]
    assert [e.entity_id for e in services.audit.search(admin, "admin", "person")] == [person.id]
    assert services.audit.search(admin, "nobody wrote this") == []


def test_a_search_reads_past_its_first_batch_and_stops_at_the_limit(
    services: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "SEARCH_BATCH", 2)  # a small batch, not thousands of rows
    banks = [make_bank(services, admin, name=f"银行{n}") for n in range(5)]
    found = services.audit.search(admin, "created bank", limit=3)
    assert [e.entity_id for e in found] == [b.id for b in reversed(banks)][:3]
    everything = services.audit.search(admin, "created bank", limit=100)
    assert [e.entity_id for e in everything] == [b.id for b in reversed(banks)]


def test_no_text_lists_the_newest_entries_and_the_front_desk_may_not_search(
    services: Services, admin: Actor
) -> None:
    make_bank(services, admin)
    assert [e.entity for e in services.audit.search(admin, "  ", limit=1)] == ["bank"]
    front_desk = actor_with_role(services, admin, "front_desk")
    with pytest.raises(PermissionDenied):
        services.audit.search(front_desk, "bank")
