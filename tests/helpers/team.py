"""Team mode in tests: a scratch team database with its roles and desk logins, and desks with
contexts of their own on one real PostgreSQL database."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desktop_app.core.common.clock import Clock
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.demo.company import load_demo
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.team.policy import Group, group_name
from desktop_app.core.team.server_init import InitReport, add_desk_login, init_server
from tests.helpers.databases import MAINTENANCE_URL, PostgresServer, truncate_all

DESK_PASSWORD = "desk-password"


class TeamDatabase:
    """A scratch database on the test server, set up by ``server init`` with group roles of a
    prefix of its own (roles belong to the whole server), and the desk logins added to it.
    :meth:`drop` removes the database, the logins and the groups."""

    def __init__(self, server: PostgresServer, clock: Clock, suffix: str = "") -> None:
        self.server = server
        self.clock = clock
        self.owner_url = server.create(f"{suffix}_{secrets.token_hex(3)}" if suffix else "")
        self.prefix = f"cdt_{secrets.token_hex(4)}"
        self.logins: list[str] = []

    def groups(self) -> list[str]:
        """The names of the team's group roles."""
        return [group_name(self.prefix, group) for group in Group]

    def load_demo_then_init(self, owner_dir: Path, clock: Clock | None = None) -> InitReport:
        """The sample company loaded by the owner (in ``owner_dir``, on ``clock``), then
        ``server init`` with no administrator named (a database with data is accepted)."""
        owner = open_context(
            db=self.owner_url, data_dir=str(owner_dir), clock=clock, secrets=MemoryStore()
        )
        try:
            load_demo(owner.services, "owner-account")
        finally:
            owner.close()
        return self.init(admin="")

    def init(self, admin: str = "", admin_account: str = "") -> InitReport:
        """``callback-desk server init`` on this database, as its owner."""
        engine = make_engine(self.owner_url)
        try:
            return init_server(
                engine, self.clock, admin=admin, admin_account=admin_account, prefix=self.prefix
            )
        finally:
            engine.dispose()

    def add_login(self, group: Group, password: str = DESK_PASSWORD, person: str = "") -> str:
        """A desk login in ``group`` (its name holds ``_<group>_``), belonging to ``person``
        when given; returns the name."""
        name = f"{self.prefix}_{group.value}_{len(self.logins) + 1}"
        engine = make_engine(self.owner_url)
        try:
            add_desk_login(engine, self.clock, name, group, password, self.prefix, person)
        finally:
            engine.dispose()
        self.logins.append(name)
        return name

    def url_for(self, login: str, password: str | None = None) -> str:
        """The database's URL for ``login`` (with ``password`` when given)."""
        url = make_url(self.owner_url).set(username=login, password=password)
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        """Drop the database, then the logins and the group roles made for it."""
        self.server.drop(self.owner_url)
        engine = create_engine(MAINTENANCE_URL, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                for role in [*self.logins, *self.groups()]:
                    connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        finally:
            engine.dispose()


def emptied(url: str) -> str:
    """``url`` after every table was emptied (the session's PostgreSQL database is reused)."""
    engine = make_engine(url)
    try:
        truncate_all(engine)
    finally:
        engine.dispose()
    return url


def desk_context(url: str, folder: Path, clock: Clock) -> AppContext:
    """One desk's context: its own data folder, engine, connection pool and publisher."""
    return open_context(db=url, data_dir=str(folder), clock=clock, secrets=MemoryStore())
