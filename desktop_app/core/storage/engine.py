"""The one place a database engine is built from a URL.

SQLite gets WAL, foreign keys and fully synchronous commits (durable across a killed process);
writers begin with ``BEGIN IMMEDIATE`` and wait their turn (a long busy timeout, then retries),
so two imports at once and a call logged during an import all succeed.
PostgreSQL goes through psycopg 3; a missing password is looked up in the system keyring and is
never written to a settings file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.i18n import N_
from desktop_app.core.storage import text_guard

PasswordLookup = Callable[[URL], str | None]
READING = "callback_desk_reading"  # execution option: this transaction only reads
SQLITE_BUSY_MS = 20_000  # how long a writer waits for another's transaction, per attempt
SQLITE_BEGIN_ATTEMPTS = 6  # two minutes in all: longer than the largest import takes


def sqlite_url(path: Path) -> str:
    """The URL of an SQLite database file."""
    return URL.create("sqlite+pysqlite", database=str(path)).render_as_string()


def parse_url(url: str) -> URL:
    """Parse and check a database URL; only SQLite and PostgreSQL are accepted."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StorageError(N_("“{url}” is not a database URL."), url=url) from error
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+pysqlite")
    raise StorageError(
        N_("Database “{url}” is not supported: use SQLite or PostgreSQL."),
        url=parsed.render_as_string(),
    )


def safe_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.render_as_string(hide_password=True)


def describe_database(url: str | URL) -> str:
    """Where the data is, in words for people, never the URL: "this computer — <folder>" or
    "team server <host>:<port>/<database>"."""
    from desktop_app.core.common.i18n import _

    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return _("an unknown database")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:":
            return _("this computer — in memory only")
        return _("this computer — {folder}").format(folder=str(Path(database).parent))
    return _("team server {host}:{port}/{database}").format(
        host=parsed.host or "localhost", port=parsed.port or 5432, database=parsed.database or ""
    )


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN is switched off: _on_sqlite_begin says how to begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    """Writers take SQLite's write lock when they begin (``BEGIN IMMEDIATE``), in turn.

    A deferred transaction that reads and then writes cannot wait for another writer (its
    snapshot is stale: "database is locked" at once); one that takes the lock first waits in
    the busy handler, and when even that runs out (a long import) it tries again, before
    anything of its own has been done. Reading sessions say so (``READING``) and begin
    deferred, so they never wait for a writer (WAL).
    """
    if connection.get_execution_options().get(READING):
        connection.exec_driver_sql("BEGIN")
        return
    for attempt in range(SQLITE_BEGIN_ATTEMPTS):
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            if "locked" not in str(error.orig) or attempt == SQLITE_BEGIN_ATTEMPTS - 1:
                raise


def make_engine(url: str, password_lookup: PasswordLookup | None = None) -> Engine:
    """Build the engine for ``url`` with the settings each dialect needs."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        new_file = None
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            path.parent.mkdir(parents=True, exist_ok=True)
            new_file = None if path.exists() else path
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _on_sqlite_connect)
        if new_file is not None:
            event.listen(engine, "connect", _owner_only(new_file))
        event.listen(engine, "begin", _on_sqlite_begin)
        text_guard.install_engine(engine)
        return engine
    if parsed.password is None and parsed.username and password_lookup is not None:
        password = password_lookup(parsed)
        if password:
            parsed = parsed.set(password=password)
    engine = create_engine(parsed, pool_pre_ping=True, connect_args=postgres_connect_args(parsed))
    text_guard.install_engine(engine)
    return engine


def postgres_connect_args(parsed: URL) -> dict[str, Any]:
    """What psycopg is given besides the URL: a timeout, the app's name, and the TLS floor.

    libpq's default TLS mode can be changed by ``PGSSLMODE`` or a service file; a server
    elsewhere on the network is asked for TLS at least when it offers it (``prefer``), unless
    the URL names a mode (Settings › Database › TLS; ``?sslmode=require`` insists on it).
    """
    connect_args: dict[str, Any] = {"connect_timeout": 5, "application_name": "callback-desk"}
    if "sslmode" not in parsed.query and not is_local_host(parsed.host):
        connect_args["sslmode"] = DEFAULT_REMOTE_TLS
    return connect_args


DEFAULT_REMOTE_TLS = "prefer"
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def is_local_host(host: str | None) -> bool:
    """Whether ``host`` is this computer (a loopback name or address, or a Unix socket)."""
    name = (host or "").strip().lower()
    return name in LOCAL_HOSTS or name.startswith("/") or name.startswith("127.")


def _owner_only(path: Path) -> Callable[[Any, Any], None]:
    """A connect hook that makes a database file this engine created readable by its owner only."""

    def hook(_dbapi_connection: Any, _record: Any) -> None:
        from desktop_app.core.local.private import private_file

        private_file(path)

    return hook


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values readable after commit (services return plain data).

    Every flush checks its text values first (``text_guard``), on either database.
    """
    factory = sessionmaker(engine, expire_on_commit=False)
    text_guard.install(factory)
    return factory
