"""Telling a dropped or refused connection to the team server from other database errors.

The engine checks each pooled connection before use (``pool_pre_ping``), so after a server
restart the next action reconnects by itself. An action under way when the connection dropped
fails; :func:`translate` turns that failure into a :class:`ServerUnreachable` a person can read
("nothing was saved, try again") instead of a driver traceback. :func:`storage_error` does the
same for every other error of the database library, so that none reaches the UI or the CLI.
("nothing was saved, try again") instead of a driver traceback. On SQLite, a writer that waited
its turn through every retry (another program holding the file for minutes) gets
:class:`DatabaseBusy` the same way.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)

from desktop_app.core.common.errors import (
    ConstraintViolation,
    DatabaseBusy,
    DatabaseFailure,
    ServerUnreachable,
    StorageError,
)
from desktop_app.core.common.i18n import N_

log = logging.getLogger(__name__)

# SQLSTATEs of a server going away: connection exceptions (class 08), and the server shutting
# down or starting up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
_GONE = frozenset({"57P01", "57P02", "57P03"})

NOTHING_SAVED = N_("The team server was unreachable; nothing was saved. Try again.")
NOT_READ = N_("The team server was unreachable. Try again.")
BUSY_NOTHING_SAVED = N_(
    "The database stayed busy with other work for two minutes; nothing was saved. Try again."
)
BUSY_NOT_READ = N_("The database stayed busy with other work for two minutes. Try again.")


def is_unreachable(error: DBAPIError, dialect: str) -> bool:
    """Whether ``error`` means the PostgreSQL server dropped or refused the connection."""
    if dialect != "postgresql":
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    return state is None or state.startswith("08") or state in _GONE


def is_busy(error: DBAPIError, dialect: str) -> bool:
    """Whether ``error`` is SQLite's "database is locked" after every wait and retry."""
    return dialect == "sqlite" and isinstance(error, OperationalError) and "locked" in str(error)


def translate(error: DBAPIError, dialect: str, writing: bool) -> StorageError | None:
    """The error a person sees for a lost server or a database kept busy for minutes, or
    ``None`` when it is something else."""
    if is_busy(error, dialect):
        return DatabaseBusy(BUSY_NOTHING_SAVED if writing else BUSY_NOT_READ)
    if not is_unreachable(error, dialect):
        return None
    return ServerUnreachable(NOTHING_SAVED if writing else NOT_READ)


REFUSED_WRITE = N_("The database refused this action; nothing was saved. ({detail})")
REFUSED_READ = N_("The database could not be read. ({detail})")


def storage_error(error: SQLAlchemyError, dialect: str, writing: bool) -> StorageError:
    """The project's error for any error of the database library (the cause stays chained)."""
    if isinstance(error, DBAPIError):
        lost = translate(error, dialect, writing)
        if lost is not None:
            return lost
        kind = ConstraintViolation if isinstance(error, IntegrityError) else DatabaseFailure
        return kind(REFUSED_WRITE if writing else REFUSED_READ, detail=_detail(error))
    # Not the database's answer but the library's own complaint: more likely a bug than bad data,
    # so its traceback is logged as well as shown as a failed action.
    log.error("database library error", exc_info=error)
    return DatabaseFailure(REFUSED_WRITE if writing else REFUSED_READ, detail=_detail(error))


def _detail(error: SQLAlchemyError) -> str:
    """The first line of the driver's message (without the SQL statement and its parameters)."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
