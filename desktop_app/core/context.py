"""The application context: built once in ``main()`` and handed to the GUI or the CLI.

It resolves the folders, reads this desk's settings, picks the database URL (``--db``, then
``CALLBACK_DESK_DB``, then the settings, then the embedded SQLite file), builds the engine, upgrades
the schema, and builds the services. No global registry: whoever needs a part is given it.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError

from desktop_app.core.common.clock import Clock, SystemClock
from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.permissions import Role
from desktop_app.core.local.paths import AppPaths, resolve_paths
from desktop_app.core.local.secrets import KeyringStore, SecretStore, database_secret_key
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import (
    make_engine,
    make_session_factory,
    parse_url,
    safe_url,
    sqlite_url,
)
from desktop_app.core.storage.migrate import prepare_database
from desktop_app.core.storage.store import Store
from desktop_app.core.team import database_role_cap
from desktop_app.core.team.live import is_team_database
from desktop_app.core.team.live.publisher import Publisher

log = logging.getLogger(__name__)

DB_ENV = "CALLBACK_DESK_DB"


@dataclass
class AppContext:
    """Everything one running app shares."""

    paths: AppPaths
    settings: LocalSettings
    secrets: SecretStore
    clock: Clock
    database_url: str
    engine: Engine
    services: Services
    os_account: str
    backup_made: Path | None = None
    publisher: Publisher | None = None  # team mode: tells other desks what this one commits

    def close(self) -> None:
        self.engine.dispose()


def current_os_account() -> str:
    """The operating-system account name of whoever runs the app."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USERNAME", "") or "user"


def secret_lookup(store: SecretStore) -> Callable[[URL], str | None]:
    """Looks up a database URL's password in ``store`` (the keyring, or this session's memory)."""

    def lookup(parsed: URL) -> str | None:
        return store.get(
            database_secret_key(
                parsed.username or "",
                parsed.host or "localhost",
                parsed.port,
                parsed.database or "",
            )
        )

    return lookup


def choose_database_url(explicit: str | None, settings: LocalSettings, paths: AppPaths) -> str:
    """``--db``, then the environment, then the desk's settings, then the embedded file."""
    return (
        explicit
        or os.environ.get(DB_ENV)
        or settings.database_url
        or sqlite_url(paths.database_file)
    )


def import_dialect(db: str | None = None, data_dir: str | None = None) -> None:
    """Import the SQLAlchemy dialect and driver :func:`open_context` will use, without connecting.

    The desktop app calls it before importing PySide6, whose import hook slows every later import;
    a URL that cannot be used is left for :func:`open_context` to report.
    """
    paths = resolve_paths(data_dir)
    url = choose_database_url(db, LocalSettings.load(paths.settings_file), paths)
    with contextlib.suppress(StorageError, ArgumentError, ImportError):
        parse_url(url).get_dialect().import_dbapi()


def open_context(
    *,
    db: str | None = None,
    data_dir: str | None = None,
    clock: Clock | None = None,
    secrets: SecretStore | None = None,
    migrate: bool = True,
) -> AppContext:
    """Build the context; raises StorageError when the database cannot be used."""
    paths = resolve_paths(data_dir)
    paths.ensure()
    settings = LocalSettings.load(paths.settings_file)
    secret_store = secrets if secrets is not None else KeyringStore()
    the_clock = clock or SystemClock()
    url = choose_database_url(db, settings, paths)

    engine = make_engine(url, password_lookup=secret_lookup(secret_store))
    backup = None
    try:
        if migrate:
            backup = prepare_database(engine, paths.backup_dir, the_clock.now())
    except Exception:
        engine.dispose()
        raise
    log.info("database: %s, %s", engine.dialect.name, safe_url(url))
    desk = settings.desk_name or socket.gethostname()
    factory = make_session_factory(engine)
    publisher = None
    if is_team_database(engine):  # every committed write is told to the other desks
        publisher = Publisher(desk)
        publisher.install(factory)
    cap = database_role_cap(engine)
    store = Store(factory, the_clock, desk, paths.evidence_dir, role_cap=cap)
    services = Services.build(store)
    if publisher is not None and cap != Role.FRONT_DESK:
        send_local_evidence(services)
    return AppContext(
        paths,
        settings,
        secret_store,
        the_clock,
        url,
        engine,
        services,
        current_os_account(),
        backup,
        publisher,
    )


def send_local_evidence(services: Services) -> None:
    """On a team server: upload the evidence copies this desk attached before files went to the
    server (done once; afterwards there is nothing to send). A failure is logged, not fatal:
    the next start tries again, and the files stay in this desk's folder meanwhile."""
    try:
        services.evidence.upload_local_copies()
    except (StorageError, OSError) as error:
        log.warning("evidence files not sent to the team server yet: %s", error)
