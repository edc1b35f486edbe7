"""``server init`` and ``server add-login``: prepare a team's PostgreSQL database, add desk logins.

Init brings an empty (or older) Callback Desk database to the current schema, makes the three
group roles, gives each its privileges (see :mod:`.policy`), notes their prefix in the shared
settings and creates the first administrator — the same person the first-run dialog would create,
to be linked to their computer account when they first start the app. Run again, it upgrades the
schema and renews the privileges; a database holding other data is refused untouched.
"""

from __future__ import annotations

import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from desktop_app.core.common import audit
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import NotFound, StorageError, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import system_actor
from desktop_app.core.register.identity import IdentityService
from desktop_app.core.storage.engine import make_session_factory, safe_url
from desktop_app.core.storage.migrate import HEAD_REVISION, current_revision, prepare_database
from desktop_app.core.storage.store import Store
from desktop_app.core.team.policy import DEFAULT_PREFIX, Group
from desktop_app.core.team.roles import (
    LoginResult,
    add_login,
    apply_grants,
    check_prefix,
    ensure_groups,
    store_prefix,
    stored_prefix,
)


@dataclass(frozen=True)
class InitReport:
    """What ``server init`` found and did."""

    revision_before: str | None  # None: the database was empty
    revision: str
    prefix: str
    created_groups: tuple[str, ...]
    admin_created: str  # the first administrator's name; "" when people existed already


def require_postgres(engine: Engine) -> None:
    """Team commands work on a PostgreSQL server only."""
    if engine.dialect.name != "postgresql":
        raise ValidationError.single(
            "db",
            N_("{url} is not a PostgreSQL server: the team commands need one."),
            url=safe_url(engine.url),
        )


def init_server(
    engine: Engine,
    clock: Clock,
    *,
    admin: str = "",
    admin_account: str = "",
    prefix: str | None = None,
) -> InitReport:
    """Prepare the team database on ``engine``; safe to run again."""
    require_postgres(engine)
    before = current_revision(engine)  # refuses a database that holds other data
    if before is None and not admin.strip():
        raise ValidationError.single("admin", N_("Name the first administrator with --admin NAME."))
    with tempfile.TemporaryDirectory() as unused:  # backups are for SQLite files only
        prepare_database(engine, Path(unused), clock.now())
    with engine.begin() as connection:
        chosen = check_prefix(prefix or stored_prefix(connection) or DEFAULT_PREFIX)
        created = ensure_groups(connection, chosen)
        apply_grants(connection, chosen)
        store_prefix(connection, chosen)
    store = Store(make_session_factory(engine), clock, socket.gethostname())
    identity = IdentityService(store)
    admin_created = ""
    if not identity.has_people():
        if not admin.strip():
            raise ValidationError.single(
                "admin", N_("Name the first administrator with --admin NAME.")
            )
        admin_created = identity.create_first_admin(admin, admin_account).value.name
    with store.write() as session:
        audit.record(
            session,
            store,
            system_actor(store.desk),
            "init",
            "team_server",
            None,
            after={"revision": HEAD_REVISION, "prefix": chosen, "groups_created": created},
        )
    return InitReport(before, HEAD_REVISION, chosen, tuple(created), admin_created)


def require_initialised(engine: Engine) -> None:
    """Refuse a database ``server init`` has not prepared (before asking for a password)."""
    require_postgres(engine)
    if current_revision(engine) is None:
        raise StorageError(
            N_("{url} is empty: run callback-desk server init first."), url=safe_url(engine.url)
        )


def add_desk_login(
    engine: Engine,
    clock: Clock,
    name: str,
    group: Group,
    password: str,
    prefix: str | None,
    person: str = "",
) -> LoginResult:
    """Create (or update) a desk's login in ``group``; the groups must exist (server init).

    With ``person`` (an active person's name) the login becomes that person's: the server
    then shows a front-desk login only that person's quiz attempts and refuses its audit
    entries in anyone else's name. A login belongs to one person at most.
    """
    require_initialised(engine)
    with engine.begin() as connection:
        chosen = check_prefix(prefix or stored_prefix(connection) or DEFAULT_PREFIX)
        person_id = _person_named(connection, person) if person else None
        result = add_login(connection, chosen, name, group, password)
        if person_id is not None:
            connection.execute(
                text("UPDATE person SET db_login = NULL WHERE db_login = :login AND id <> :id"),
                {"login": result.name, "id": person_id},
            )
            connection.execute(
                text("UPDATE person SET db_login = :login WHERE id = :id"),
                {"login": result.name, "id": person_id},
            )
    store = Store(make_session_factory(engine), clock, socket.gethostname())
    after = {"login": result.name, "group": result.group}
    if person_id is not None:
        after["person"] = person
    with store.write() as session:
        audit.record(
            session,
            store,
            system_actor(store.desk),
            "add_login" if result.created else "update_login",
            "team_server",
            None,
            after=after,
        )
    return result


def _person_named(connection: Connection, name: str) -> int:
    """The id of the active person called ``name``, or NotFound."""
    found = connection.execute(
        text("SELECT id FROM person WHERE name = :name AND active ORDER BY id LIMIT 1"),
        {"name": clean(name)},
    ).scalar()
    if found is None:
        raise NotFound(N_("No active person is called “{name}”."), name=name)
    return int(found)
