"""Real databases for the storage tests: SQLite files and scratch PostgreSQL databases.

The PostgreSQL server is the one at 127.0.0.1:5432 (user ``postgres``, trust authentication,
maintenance database ``test``); ``CALLBACK_DESK_TEST_PG`` may point elsewhere. When it cannot be
reached the tests fail with :class:`PostgresUnavailable`; they are never skipped.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

MAINTENANCE_URL = os.environ.get(
    "CALLBACK_DESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server the storage tests need cannot be reached."""


class PostgresServer:
    """Creates and drops databases on the test server through its maintenance database."""

    def __init__(self, maintenance_url: str = MAINTENANCE_URL) -> None:
        self._url = make_url(maintenance_url)
        self._engine = create_engine(
            self._url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
        )
        self.prefix = f"callback_desk_test_{secrets.token_hex(4)}"
        self._count = 0
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as error:
            self._engine.dispose()
            detail = " ".join(str(error.orig).split())
            raise PostgresUnavailable(
                f"The storage tests need PostgreSQL at "
                f"{self._url.render_as_string(hide_password=True)} and cannot reach it. "
                f"Start the server (or set CALLBACK_DESK_TEST_PG). Cause: {detail}"
            ) from error

    def create(self, suffix: str = "") -> str:
        """Create an empty database and return its URL."""
        if not suffix:
            self._count += 1
            suffix = f"s{self._count}"
        name = f"{self.prefix}_{suffix}"
        with self._engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return self._url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop a database made by :meth:`create`, whoever is still connected to it."""
        name = make_url(url).database
        assert name and name.startswith(self.prefix), name
        with self._engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self._engine.dispose()


def truncate_all(engine: Engine) -> None:
    """Empty every table except the schema revision, restarting the id sequences.

    DELETE in dependency order and setval() take about 20 ms here; TRUNCATE … CASCADE took 0.3 s
    per test, most of the PostgreSQL suite's time.
    """
    from desktop_app.core.models import Base

    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name in existing]
        for table in tables:
            connection.execute(table.delete())
        for table in tables:
            if "id" in table.c and table.c.id.primary_key:
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence(:name, 'id'), 1, false)"),
                    {"name": table.name},
                )


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
