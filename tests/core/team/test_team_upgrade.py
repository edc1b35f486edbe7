"""Upgrading a team server's schema keeps the groups' privileges, on real PostgreSQL.

A team server prepared by an older version (schema ``0014_reports``, groups and grants as its
``server init`` left them) is started by a newer app: a desk whose login may not upgrade is
refused with the administrator's command and the schema stays as it was; the owner's start
upgrades the schema and, in the same transaction, gives the groups their privileges on the new
tables, so every desk reads them at once without ``server init`` running again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import StorageError
from desktop_app.core.context import open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import HEAD_REVISION, current_revision, upgrade
from desktop_app.core.team.policy import UNREADABLE_BY_FRONT_DESK, Group, group_name
from desktop_app.core.team.roles import apply_grants, ensure_groups, store_prefix
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.team import DESK_PASSWORD, TeamDatabase

OLDER = "0014_reports"


@pytest.fixture
def older_team(postgres_server: PostgresServer) -> Iterator[TeamDatabase]:
    """A team server at schema ``OLDER``, with its groups and grants, and a finance login."""
    database = TeamDatabase(postgres_server, FakeClock(START), "older")
    engine = make_engine(database.owner_url)
    try:
        upgrade(engine, OLDER)
        with engine.begin() as connection:
            ensure_groups(connection, database.prefix)
            apply_grants(connection, database.prefix)
            store_prefix(connection, database.prefix)
        database.add_login(Group.FINANCE)
        yield database
    finally:
        engine.dispose()
        database.drop()


def privileges(url: str, role: str) -> dict[str, bool]:
    """Each table of the database → whether ``role`` may read it."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            return {
                table: bool(
                    connection.execute(
                        text("SELECT has_table_privilege(:role, :table, 'SELECT')"),
                        {"role": role, "table": table},
                    ).scalar()
                )
                for table in tables
            }
    finally:
        engine.dispose()


def test_a_desk_login_is_refused_and_the_owner_upgrades_with_the_grants(
    older_team: TeamDatabase, tmp_path: Path
) -> None:
    finance_login = older_team.logins[0]
    desk_url = older_team.url_for(finance_login, DESK_PASSWORD)
    with pytest.raises(StorageError) as refused:
        open_context(db=desk_url, data_dir=str(tmp_path / "desk"), secrets=MemoryStore())
    assert "callback-desk server init" in str(refused.value)
    engine = make_engine(older_team.owner_url)
    try:
        assert current_revision(engine) == OLDER  # nothing was changed half-way
    finally:
        engine.dispose()
    older_tables = set(privileges(older_team.owner_url, group_name(older_team.prefix, Group.ADMIN)))

    owner = open_context(
        db=older_team.owner_url, data_dir=str(tmp_path / "owner"), secrets=MemoryStore()
    )
    owner.close()
    finance = privileges(older_team.owner_url, group_name(older_team.prefix, Group.FINANCE))
    new_tables = set(finance) - older_tables
    assert new_tables, "the upgrade made no table: choose an older schema for this test"
    assert all(finance.values()), [table for table, ok in finance.items() if not ok]
    front_desk = privileges(older_team.owner_url, group_name(older_team.prefix, Group.FRONT_DESK))
    assert {t for t in new_tables if not front_desk[t]} == new_tables & UNREADABLE_BY_FRONT_DESK

    desk = open_context(db=desk_url, data_dir=str(tmp_path / "desk"), secrets=MemoryStore())
    try:
        with desk.engine.connect() as connection:
            for table in sorted(new_tables):
                connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
        assert current_revision(desk.engine) == HEAD_REVISION
    finally:
        desk.close()
