"""An SQLite file looked at before it is used: probed read-only, checked, and copied safely.

Opening a file through the engine switches it to WAL and creates ``-wal``/``-shm`` beside it, so a
file that turns out to be foreign or from a newer version would be changed before it is refused.
:func:`probe` reads it first without writing a byte (``immutable`` when no WAL is pending, which
creates no side files); a zero-length file is refused instead of silently becoming a new
database. :func:`integrity_problems` runs SQLite's own integrity check, and :func:`safe_copy`
writes a copy with the online backup API to a temporary name, checks it, then renames it, so an
interrupted copy never leaves a file that looks like a backup.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.local.private import private_file

HEADER = b"SQLite format 3\x00"
PARTIAL_SUFFIX = ".partial"
INTEGRITY_LIMIT = 20  # integrity_check reports at most this many problems


@dataclass(frozen=True)
class Probe:
    """What a read-only look at an SQLite file found."""

    exists: bool
    revision: str | None  # None: a new or empty database (no tables at all)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that changes nothing on disk, not even side files."""
    pending_wal = Path(f"{path}-wal").exists()
    # With a WAL pending its content must be read (mode=ro); otherwise immutable creates no
    # -wal/-shm and takes no lock, so the file and its folder stay exactly as they were.
    option = "mode=ro" if pending_wal else "immutable=1"
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?{option}", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def probe(path: Path) -> Probe:
    """Look at ``path`` read-only; raise StorageError for a file that is not ours to open."""
    if not path.exists():
        return Probe(False, None)
    if path.is_dir():
        raise StorageError(N_("{path} is a folder, not a database file."), path=str(path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(HEADER))
    except OSError as error:
        raise StorageError(
            N_("Cannot read the database {path}: {detail}"), path=str(path), detail=str(error)
        ) from error
    if not header:
        raise StorageError(
            N_(
                "The database file {path} is empty (0 bytes): it may have been damaged. Restore "
                "a backup (callback-desk restore FILE) or move the file aside to start anew."
            ),
            path=str(path),
        )
    if header != HEADER:
        raise StorageError(
            N_("The database {url} is damaged or is not a database: {detail}"),
            url=str(path),
            detail=_("it does not start with the SQLite header"),
        )
    try:
        with read_only(path) as connection:
            tables = {
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            }
            if not tables:
                return Probe(True, None)
            if "alembic_version" not in tables:
                raise StorageError(
                    N_("The database {url} holds other data, not a Callback Desk database."),
                    url=str(path),
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise StorageError(
            N_("The database {url} is damaged or is not a database: {detail}"),
            url=str(path),
            detail=str(error),
        ) from error
    return Probe(True, str(row[0]) if row else None)


def integrity_problems(path: Path) -> list[str]:
    """What SQLite's integrity check finds wrong with ``path`` (empty: none); read-only."""
    try:
        with read_only(path) as connection:
            rows = connection.execute(f"PRAGMA integrity_check({INTEGRITY_LIMIT})").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def safe_copy(source: Path, target: Path) -> Path:
    """Copy the database ``source`` to ``target`` consistently, or leave no ``target`` at all.

    The copy is written under a temporary name with SQLite's online backup (a consistent
    snapshot even while the app writes), checked with the integrity check, flushed to disk and
    only then renamed; the folder is flushed too, so the rename survives a power cut.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    partial.unlink(missing_ok=True)
    try:
        with (
            contextlib.closing(sqlite3.connect(source)) as origin,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            origin.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        private_file(partial)
        problems = integrity_problems(partial)
        if problems:
            raise StorageError(
                N_("The copy of {path} failed its check: {detail}"),
                path=str(source),
                detail="; ".join(problems[:3]),
            )
        _fsync(partial)
        os.replace(partial, target)
        sync_folder(target.parent)
    except sqlite3.Error as error:
        raise StorageError(
            N_("Cannot copy the database {path}: {detail}"), path=str(source), detail=str(error)
        ) from error
    except OSError as error:
        raise StorageError(
            N_("Cannot write {path}: {detail}"), path=str(target), detail=str(error)
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return target


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (POSIX; Windows has no such call and needs none)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
