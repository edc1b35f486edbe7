"""The storage layer turns the database library's errors into the project's own, on both
databases: a broken rule, a failed read, the library's own complaint — each a StorageError with
a message a person can read, the original chained as its cause, and nothing half-written."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, NoResultFound, SQLAlchemyError

from desktop_app.core.common.errors import (
    ConstraintViolation,
    DatabaseFailure,
    DeskError,
    StorageError,
)
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Bank
from desktop_app.core.services import Services
from tests.helpers.factories import make_bank


def test_a_broken_rule_is_a_constraint_violation_and_nothing_is_saved(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin, "中国工商银行")
    with pytest.raises(ConstraintViolation) as caught, services.store.write() as session:
        session.execute(
            text("UPDATE bank SET notes = 'half-written' WHERE id = :id"), {"id": bank.id}
        )
        session.add(Bank(name="中国工商银行"))  # the name is unique
    error = caught.value
    assert isinstance(error, DatabaseFailure) and isinstance(error, StorageError)
    assert isinstance(error.__cause__, IntegrityError)
    assert error.text().startswith("The database refused this action; nothing was saved. (")
    assert "INSERT" not in error.text()  # the driver's first line, not the statement
    assert services.banks.get(admin, bank.id).notes == ""


def test_a_failed_read_is_a_database_failure_naming_the_problem(services: Services) -> None:
    with pytest.raises(DatabaseFailure) as caught, services.store.read() as session:
        session.execute(text("SELECT id FROM no_such_table"))
    error = caught.value
    assert not isinstance(error, ConstraintViolation)
    assert error.text().startswith("The database could not be read. (")
    assert "no_such_table" in error.text() and "SELECT" not in error.text()


def test_a_plain_connection_translates_too(services: Services) -> None:
    with pytest.raises(DatabaseFailure) as caught, services.store.connect() as connection:
        connection.execute(text("SELECT id FROM no_such_table"))
    assert isinstance(caught.value.__cause__, SQLAlchemyError)


def test_the_library_s_own_complaint_is_translated_and_logged(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.ERROR, logger="desktop_app.core.storage.unreachable"),
        pytest.raises(DatabaseFailure) as caught,
        services.store.read() as session,
    ):
        session.execute(select(Bank).where(Bank.id == -1)).scalar_one()
    assert isinstance(caught.value.__cause__, NoResultFound)
    assert caught.value.text().startswith("The database could not be read. (")
    assert [record.exc_info is not None for record in caplog.records] == [True]


def test_the_project_s_own_errors_pass_through_untouched(services: Services, admin: Actor) -> None:
    refusal = DeskError("Refused.")
    with pytest.raises(DeskError) as caught, services.store.write():
        raise refusal
    assert caught.value is refusal
