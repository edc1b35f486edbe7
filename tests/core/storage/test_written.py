"""What a service call changed, derived from the rows its transactions committed (both dbs)."""

from __future__ import annotations

import contextlib

from sqlalchemy import select

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Bank
from desktop_app.core.register.banks import BankDraft
from desktop_app.core.services import Services
from desktop_app.core.storage.written import collect_changes


def test_a_committed_write_is_collected_with_its_ids(services: Services, admin: Actor) -> None:
    with collect_changes() as collected:
        outcome = services.banks.create(admin, BankDraft("渤海银行", aliases=["渤海"]))
    assert collected.changes.areas == {Area.BANKS}
    assert (Area.BANKS, outcome.value.id) in collected.changes.ids
    assert outcome.changes.areas <= collected.changes.areas  # the service said no more


def test_a_refused_write_collects_nothing(services: Services, admin: Actor) -> None:
    with collect_changes() as collected, contextlib.suppress(ValidationError):
        services.banks.create(admin, BankDraft(""))
    assert collected.changes.areas == frozenset()


def test_a_rolled_back_transaction_is_forgotten(services: Services, admin: Actor) -> None:
    with collect_changes() as collected:
        try:
            with services.store.write() as session:
                session.add(Bank(name="回滚银行"))
                session.flush()
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
        with services.store.read() as session:
            assert session.scalar(select(Bank).where(Bank.name == "回滚银行")) is None
    assert collected.changes.areas == frozenset()


def test_an_enclosing_block_sees_the_inner_block_s_commits(
    services: Services, admin: Actor
) -> None:
    with collect_changes() as outer:
        with collect_changes() as inner:
            services.banks.create(admin, BankDraft("渤海银行"))
        assert inner.changes.areas == {Area.BANKS}
        assert outer.changes.areas == {Area.BANKS}
        people = services.people.list(admin)
        assert people  # a read commits nothing
    assert outer.changes.areas == {Area.BANKS}


def test_writes_outside_a_block_are_not_kept(services: Services, admin: Actor) -> None:
    services.banks.create(admin, BankDraft("渤海银行"))
    with collect_changes() as collected:
        pass
    assert collected.changes.areas == frozenset()
