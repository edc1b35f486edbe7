"""What every service needs, handed over in one small object: sessions, a clock and the desk."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.clock import Clock


@dataclass(frozen=True)
class ServiceContext:
    """Sessions, the clock, this desk's name and its evidence folder, shared by the services."""

    session_factory: sessionmaker[Session]
    clock: Clock
    desk: str = ""
    evidence_dir: Path | None = None  # where evidence files are copied (the data folder's)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A short session in one transaction: committed on success, rolled back on any error."""
        with self.session_factory() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short session for reading."""
        with self.session_factory() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain connection for read-only Core statements, without an ORM session.

        For the hottest read paths (routing a call on each keystroke), where a session's set-up
        costs as much as a statement.
        """
        engine: Engine = self.session_factory.kw["bind"]
        with engine.connect() as connection:
            yield connection
