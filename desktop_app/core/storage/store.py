"""What every service needs, handed over in one small object: sessions, a clock and the desk."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import ConflictError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Role
from desktop_app.core.storage import written
from desktop_app.core.storage.engine import READING
from desktop_app.core.storage.unreachable import storage_error


@dataclass(frozen=True)
class Store:
    """Sessions, the clock, this desk's name and its evidence folder, shared by the services."""

    session_factory: sessionmaker[Session]
    clock: Clock
    desk: str = ""
    evidence_dir: Path | None = None  # where evidence files are copied (the data folder's)
    role_cap: Role | None = None  # the most anyone may do at this desk (its database login's)

    def __post_init__(self) -> None:
        # What each committed transaction wrote becomes the Changes the screens are told
        # (``written.collect_changes``), whatever the service declared.
        written.install(self.session_factory)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return str(self.session_factory.kw["bind"].dialect.name)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A short session in one transaction: committed on success, rolled back on any error.

        A connection to the team server lost on the way raises ServerUnreachable; a write that
        lost a race on a record's version (``UPDATE … WHERE version``) raises ConflictError; any
        other error of the database library becomes a DatabaseFailure (ConstraintViolation for a
        broken rule), so the callers of the services see only the project's errors.
        """
        try:
            with self.session_factory() as session, session.begin():
                yield session
        except StaleDataError as error:
            raise ConflictError(
                N_("Someone else changed this record at the same moment; nothing was saved.")
            ) from error
        except SQLAlchemyError as error:
            raise storage_error(error, self.dialect, writing=True) from error

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short session for reading; a lost team server raises ServerUnreachable, any other
        error of the database library a DatabaseFailure."""
        try:
            with self.session_factory() as session:
                session.connection(execution_options={READING: True})
                yield session
        except SQLAlchemyError as error:
            raise storage_error(error, self.dialect, writing=False) from error

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain connection for read-only Core statements, without an ORM session.

        For the hottest read paths (routing a call on each keystroke), where a session's set-up
        costs as much as a statement.
        """
        engine: Engine = self.session_factory.kw["bind"]
        try:
            with engine.connect() as connection:
                yield connection.execution_options(**{READING: True})
        except SQLAlchemyError as error:
            raise storage_error(error, self.dialect, writing=False) from error
