"""Shared fixtures: real SQLite and PostgreSQL databases, a fake clock, the context, an admin."""

from __future__ import annotations

import os
import shutil

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine, sqlite_url
from desktop_app.core.storage.migrate import prepare_database
from tests.helpers import declared_changes
from tests.helpers.databases import PostgresServer, truncate_all

BACKENDS = ["sqlite", "postgresql"]
# Wednesday 2026-11-25, 10:00 in Beijing: an ordinary working day, inside office hours.
START = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English, so tests can read them."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL test server; fails (never skips) when it cannot be reached."""
    server = PostgresServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def postgres_url(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database for the whole session, migrated once, dropped at the end."""
    url = postgres_server.create("main")
    engine = make_engine(url)
    try:
        prepare_database(engine, tmp_path_factory.mktemp("pg-backups"), START)
    finally:
        engine.dispose()
    yield url
    postgres_server.drop(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once; each test gets a copy (migrating takes a few tenths)."""
    path = tmp_path_factory.mktemp("template") / "desk.sqlite3"
    engine = make_engine(sqlite_url(path))
    try:
        prepare_database(engine, path.parent / "backups", START)
    finally:
        engine.dispose()  # the last connection checkpoints the WAL into the file
    assert sorted(p.name for p in path.parent.iterdir()) == ["desk.sqlite3"]
    return path


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database with no rows: a copy of the SQLite template in tmp_path, or the
    session's PostgreSQL database with every table truncated."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, tmp_path / "desk.sqlite3")
        yield sqlite_url(tmp_path / "desk.sqlite3")
        return
    url: str = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    try:
        truncate_all(engine)
    finally:
        engine.dispose()
    yield url


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all: a new SQLite path, or a scratch PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty.sqlite3")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create()
    yield url
    server.drop(url)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def app_ctx(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    context = open_context(
        db=db_url, data_dir=str(tmp_path / "data"), clock=clock, secrets=MemoryStore()
    )
    yield context
    context.close()


@pytest.fixture
def services(app_ctx: AppContext) -> Iterator[Services]:
    """The services; each call's declared Changes are checked against the rows it wrote."""
    problems: list[str] = []
    declared_changes.watch(app_ctx.services, problems)
    yield app_ctx.services
    assert not problems, "\n".join(dict.fromkeys(problems))


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.identity.create_first_admin("Admin", "admin-account").value
