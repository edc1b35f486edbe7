"""A team server that drops the connection or cannot be reached: a clear message, then recovery.

PostgreSQL only (the embedded database has no connection to lose); these tests fail, never skip,
when the test server cannot be reached.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ServerUnreachable
from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine, make_session_factory
from desktop_app.core.storage.store import Store
from tests.helpers.databases import PostgresServer
from tests.helpers.factories import bank_draft, make_bank


@pytest.fixture
def team(postgres_server: PostgresServer, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A desk on a scratch database of its own on the test server."""
    url = postgres_server.create()
    context = open_context(
        db=url, data_dir=str(tmp_path / "desk"), clock=clock, secrets=MemoryStore()
    )
    yield context
    context.close()
    postgres_server.drop(url)


def terminate_others(team: AppContext) -> int:
    """End every server process of the desk's database but the one asking (a restart, seen from
    the desk); returns how many were ended."""
    url = make_url(team.database_url).set(database="test")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": make_url(team.database_url).database},
                ).all()
            )
    finally:
        engine.dispose()


def test_a_write_cut_off_says_nothing_was_saved_and_the_next_action_works(
    team: AppContext,
) -> None:
    services = team.services
    admin = services.identity.create_first_admin("Admin", "admin-account").value
    bank = make_bank(services, admin)
    with pytest.raises(ServerUnreachable) as caught, services.store.write() as session:
        session.execute(
            text("UPDATE bank SET notes = 'half-written' WHERE id = :id"), {"id": bank.id}
        )
        assert terminate_others(team) >= 1
        session.execute(text("SELECT 1"))
    assert caught.value.text() == "The team server was unreachable; nothing was saved. Try again."
    assert services.banks.get(admin, bank.id).notes == ""  # the pool reconnected; nothing written
    saved = services.banks.update(admin, bank.id, bank_draft(notes="季度回访"), bank.version)
    assert saved.value.notes == "季度回访"


def test_after_a_server_restart_the_next_action_simply_works(team: AppContext) -> None:
    services = team.services
    admin = services.identity.create_first_admin("Admin", "admin-account").value
    bank = make_bank(services, admin)
    services.banks.list(admin)  # the pool now holds connections the restart will kill
    assert terminate_others(team) >= 1
    updated = services.banks.update(admin, bank.id, bank_draft(notes="重启之后"), bank.version)
    assert updated.value.version == 2
    assert [b.notes for b in services.banks.list(admin)] == ["重启之后"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_that_cannot_be_reached_is_reported(clock: FakeClock) -> None:
    engine = make_engine(f"postgresql://desk@127.0.0.1:{free_port()}/callback_desk")
    services = Services.build(Store(make_session_factory(engine), clock, "前台-1"))
    admin = Actor(1, "Admin", Role.ADMIN)
    try:
        with pytest.raises(ServerUnreachable) as caught:
            services.banks.list(admin)
        assert caught.value.text() == "The team server was unreachable. Try again."
        with pytest.raises(ServerUnreachable) as caught:
            services.contracts.set_status(admin, 1, "closed")
        assert caught.value.text() == (
            "The team server was unreachable; nothing was saved. Try again."
        )
    finally:
        engine.dispose()
