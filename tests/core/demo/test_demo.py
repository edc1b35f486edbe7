"""The demo company: loaded through the services into an empty database only."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.demo.company import load_demo
from desktop_app.core.models import (
    AuditEntry,
    Bank,
    CallRecord,
    ContactWindow,
    FollowUp,
    LoanContract,
    Person,
    RegisteredNumber,
)
from desktop_app.core.services import Services
from tests.helpers.factories import count_rows, make_bank


def test_the_demo_fills_an_empty_database(services: Services) -> None:
    admin = load_demo(services, "demo-account")
    assert admin.role == Role.ADMIN
    assert services.identity.identify("demo-account") == admin
    assert count_rows(services, Bank) >= 3
    assert count_rows(services, LoanContract) >= 6
    assert count_rows(services, Person) >= 8
    assert count_rows(services, ContactWindow) >= 1
    assert count_rows(services, CallRecord) >= 1
    assert count_rows(services, RegisteredNumber) >= 1
    assert count_rows(services, FollowUp) >= 1
    assert count_rows(services, AuditEntry) > count_rows(services, LoanContract)
    with services.store.read() as session:
        loan_types = session.scalar(select(func.count(func.distinct(LoanContract.loan_type))))
    assert (loan_types or 0) >= 3
    roles = {p.role for p in services.people.list(admin)}
    assert {Role.FRONT_DESK, Role.FINANCE, Role.TRAINEE} <= roles
    assert any(c.responders for c in services.contracts.list(admin))


def test_the_demo_data_is_searchable_and_consistent(services: Services) -> None:
    admin = load_demo(services, "demo-account")
    assert [b.name for b in services.banks.list(admin, "gsyh")] == ["中国工商银行"]
    assert [b.name for b in services.banks.list(admin, "010 6552 1234")] == ["中国工商银行"]
    overview = services.today.overview(admin, services.store.clock.now())
    assert overview.contracts and overview.duty


def test_the_demo_refuses_a_database_with_people(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        load_demo(services, "demo-account")
    assert caught.value.field == "database"
    assert (count_rows(services, Person), count_rows(services, Bank)) == (1, 0)


def test_the_demo_refuses_a_database_with_banks(services: Services, admin: Actor) -> None:
    make_bank(services, admin)
    with services.store.write() as session:
        session.execute(delete(Person))
    with pytest.raises(ValidationError, match="empty database"):
        load_demo(services, "demo-account")
    assert (count_rows(services, Person), count_rows(services, Bank)) == (0, 1)
