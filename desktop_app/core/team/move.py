"""``server move-from``: take the data of one computer's embedded database to the team server.

A finance team that used the app on one computer (an SQLite file) and now sets up a team server
copies every row of every table into it, in dependency order, in one transaction: all of it
lands or nothing does. The file itself is never written: a consistent copy is taken with SQLite's
backup (and upgraded to the current schema when it is older); a foreign, damaged or newer file
is refused. The server must be at the current schema and hold no records — at most what
``server init`` wrote (its audit lines, the groups' prefix and the first administrator, who is
replaced by the people of the file). Afterwards the id sequences continue after the largest id,
and the evidence files attached on that computer are sent into ``evidence_chunk`` with their
SHA-256 checked; a file that is missing or altered is counted and left out, but when none of the
files can be read (the wrong evidence folder) the move is refused.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from sqlalchemy import Connection, Engine, Table, delete, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app.core.checklists import team_files
from desktop_app.core.common import audit
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import StorageError, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import VERSION_KEY
from desktop_app.core.common.permissions import system_actor
from desktop_app.core.models import Base, EvidenceChunk, EvidenceFile
from desktop_app.core.storage.engine import make_engine, make_session_factory, safe_url, sqlite_url
from desktop_app.core.storage.migrate import (
    HEAD_REVISION,
    current_revision,
    prepare_database,
    refuse_newer,
)
from desktop_app.core.storage.sqlite_file import probe, safe_copy
from desktop_app.core.storage.store import Store
from desktop_app.core.team.policy import PREFIX_SETTING
from desktop_app.core.team.server_init import require_postgres

log = logging.getLogger(__name__)
BATCH = 1000
NO_LIMIT_MB = 1 << 20  # files attached before the limit existed are sent whatever their size
# What ``server init`` writes into an empty database; the move accepts a server holding only that.
SETUP_TABLES = frozenset({"alembic_version", "audit_entry", "org_setting", "person"})
# Told (steps done, steps in all) before each table and each file; returning False cancels.
Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class MoveReport:
    """What a move copied: rows per table (dependency order; for ``evidence_chunk`` the pieces
    of the evidence files sent) and the evidence files sent, missing or altered."""

    counts: dict[str, int]
    files_sent: int = 0
    files_missing: int = 0
    files_altered: int = 0
    replaced_admin: str = ""  # the administrator ``server init`` created, replaced by the file's
    revision_before: str = HEAD_REVISION  # the file's schema before its copy was upgraded
    problems: list[str] = field(default_factory=list)  # stored names of files left out

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def refused(message: str, **params: object) -> ValidationError:
    """A move refused before anything was written (the CLI exits 2)."""
    return ValidationError.single("db", message, **params)


def move_to_server(
    source: Path,
    engine: Engine,
    clock: Clock,
    evidence_dir: Path | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> MoveReport:
    """Copy the embedded database ``source`` (and its evidence files) into the team server;
    rows go in batches of ``batch``."""
    require_postgres(engine)
    folder = evidence_dir if evidence_dir is not None else source.parent / "evidence"
    with tempfile.TemporaryDirectory(prefix="callback-desk-move-") as scratch:
        copy, before = _source_copy(source, Path(scratch), clock)
        reading = make_engine(sqlite_url(copy))
        try:
            report = _move(reading, engine, clock, source, folder, progress, batch)
        finally:
            reading.dispose()
    log.info(
        "moved %s (schema %s) to %s: %d rows, %d evidence files sent, %d missing, %d altered",
        source.name,
        before,
        safe_url(engine.url),
        report.rows,
        report.files_sent,
        report.files_missing,
        report.files_altered,
    )
    return MoveReport(
        report.counts,
        report.files_sent,
        report.files_missing,
        report.files_altered,
        report.replaced_admin,
        before,
        report.problems,
    )


def _source_copy(source: Path, scratch: Path, clock: Clock) -> tuple[Path, str]:
    """A consistent copy of ``source`` at the head schema, and the file's own revision."""
    try:
        found = probe(source)
    except StorageError as problem:
        raise refused(problem.message, **problem.params) from problem
    if not found.exists:
        raise refused(N_("There is no database file at {path}."), path=str(source))
    if found.revision is None:
        raise refused(N_("{path} holds no Callback Desk data to move."), path=str(source))
    try:
        refuse_newer(str(source), found.revision)
        copy = safe_copy(source, scratch / "moving.sqlite3")
        if found.revision != HEAD_REVISION:
            upgrading = make_engine(sqlite_url(copy))
            try:
                prepare_database(upgrading, scratch / "backups", clock.now())
            finally:
                upgrading.dispose()
    except StorageError as problem:
        raise refused(problem.message, **problem.params) from problem
    return copy, found.revision


def _move(
    reading: Engine,
    engine: Engine,
    clock: Clock,
    source: Path,
    folder: Path,
    progress: Progress | None,
    batch: int,
) -> MoveReport:
    revision = current_revision(engine)
    if revision is None:
        raise refused(
            N_("{url} is empty: run callback-desk server init first."), url=safe_url(engine.url)
        )
    if revision != HEAD_REVISION:
        raise refused(
            N_(
                "{url} is at schema {revision}, not this app's {head}: run callback-desk server "
                "init to upgrade it first."
            ),
            url=safe_url(engine.url),
            revision=revision,
            head=HEAD_REVISION,
        )
    tables = [t for t in Base.metadata.sorted_tables if t.name != "alembic_version"]
    store = Store(make_session_factory(engine), clock, socket.gethostname())
    stage = "org_setting"  # what was being written when a failure came
    try:
        with engine.begin() as target, reading.connect() as origin:
            admin = _clear_setup(target, origin, tables, engine)
            files = origin.scalar(select(func.count()).select_from(EvidenceFile)) or 0
            tell = _Steps(progress, len(tables) + files)
            counts: dict[str, int] = {}
            for table in tables:
                tell.step()
                stage = table.name
                counts[table.name] = _copy_table(origin, target, table, batch)
            stage = "evidence_chunk"
            _reset_sequences(target, tables)
            sent, missing, altered, problems = _send_files(target, folder, tell)
            chunks = Base.metadata.tables["evidence_chunk"]
            counts["evidence_chunk"] = int(
                target.scalar(select(func.count()).select_from(chunks)) or 0
            )  # the files' bytes, sent from the evidence folder
            with Session(bind=target) as session:
                audit.record(
                    session,
                    store,
                    system_actor(store.desk),
                    "move",
                    "team_server",
                    None,
                    after={
                        "file": source.name,
                        "rows": sum(counts.values()),
                        "files_sent": sent,
                        "files_missing": missing,
                        "files_altered": altered,
                        "replaced_admin": admin,
                    },
                )
                session.flush()
            tell.finish()
    except DBAPIError as error:
        detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StorageError(
            N_(
                "The move stopped at the table {table}, and nothing was written to the team "
                "server: {detail}"
            ),
            table=stage,
            detail=detail,
        ) from error
    return MoveReport(counts, sent, missing, altered, admin, problems=problems)


class _Steps:
    """Counts the move's steps for its progress callback; a False answer cancels the move."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self.total = total
        self.done = 0

    def step(self) -> None:
        if self._progress is not None and self._progress(self.done, self.total) is False:
            raise StorageError(
                N_("The move was cancelled; nothing was written to the team server.")
            )
        self.done += 1

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


def _clear_setup(
    target: Connection, origin: Connection, tables: list[Table], engine: Engine
) -> str:
    """Refuse a server that holds records; make room for the file's rows in what ``server init``
    wrote. Returns the name of the first administrator the file's people replace ("")."""
    holding = [
        table.name
        for table in tables
        if table.name not in SETUP_TABLES and target.scalar(select(table).exists().select())
    ]
    person = Base.metadata.tables["person"]
    settings = Base.metadata.tables["org_setting"]
    entries = Base.metadata.tables["audit_entry"]
    people = target.execute(select(person.c.id, person.c.name)).all()
    other_settings = target.scalar(
        select(func.count())
        .select_from(settings)
        .where(settings.c.key.not_in([PREFIX_SETTING, VERSION_KEY]))
    )
    if holding or len(people) > 1 or other_settings:
        raise refused(
            N_(
                "{url} already holds records ({tables}); a move only goes into a team server "
                "with no data, and nothing was written."
            ),
            url=safe_url(engine.url),
            tables=", ".join(holding or ["person" if len(people) > 1 else "org_setting"]),
        )
    target.execute(settings.delete().where(settings.c.key == VERSION_KEY))  # the file's counts
    admin = ""
    if people:
        target.execute(person.delete())
        admin = str(people[0].name)
    # Keep the setup's audit lines, after the file's history: their ids move above both the
    # file's and their own largest, so no id is ever taken twice on the way.
    shift = max(
        origin.scalar(select(func.max(entries.c.id))) or 0,
        target.scalar(select(func.max(entries.c.id))) or 0,
    )
    if shift:
        target.execute(entries.update().values(id=entries.c.id + shift))
    return admin


def _copy_table(origin: Connection, target: Connection, table: Table, size: int) -> int:
    """Copy every row of ``table`` in batches of ``size`` rows; return how many."""
    kept = set()
    if table.name == "org_setting":  # the server's own prefix wins over a file's
        kept = set(target.scalars(select(table.c.key)))
    count = 0
    result = origin.execution_options(stream_results=True).execute(select(table))
    while batch := result.fetchmany(size):
        rows = [dict(row._mapping) for row in batch]
        if kept:
            rows = [row for row in rows if row["key"] not in kept]
        if rows:
            target.execute(table.insert(), rows)
        count += len(rows)
    return count


def _reset_sequences(target: Connection, tables: list[Table]) -> None:
    """Make each id sequence continue after the largest id now in its table."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = target.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence is None:
                continue
            target.execute(
                text(
                    f'SELECT setval(:sequence, COALESCE((SELECT MAX("{column.name}") '
                    f'FROM "{table.name}"), 0) + 1, false)'
                ),
                {"sequence": sequence},
            )


def contained(folder: Path, stored_name: str) -> Path | None:
    """The copy's path inside the evidence folder, or ``None`` for a name that leaves it."""
    name = PurePath(stored_name)
    if not stored_name or name.is_absolute() or name.anchor or ".." in name.parts:
        return None
    root = folder.resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path != root else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(team_files.CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _send_files(target: Connection, folder: Path, tell: _Steps) -> tuple[int, int, int, list[str]]:
    """Send the evidence files' bytes into ``evidence_chunk``; (sent, missing, altered, names)."""
    table = Base.metadata.tables["evidence_file"]
    records = target.execute(
        select(table.c.id, table.c.stored_name, table.c.sha256, table.c.size).order_by(table.c.id)
    ).all()
    sent = missing = altered = 0
    problems: list[str] = []
    with Session(bind=target) as session:
        for record in records:
            tell.step()
            path = contained(folder, record.stored_name)
            if path is None or not path.is_file():
                missing += 1
                problems.append(record.stored_name)
                continue
            if path.stat().st_size != record.size or _sha256(path) != record.sha256:
                altered += 1
                problems.append(record.stored_name)
                continue
            digest, size = team_files.upload(session, record.id, path, NO_LIMIT_MB)
            if (digest, size) != (record.sha256, record.size):  # changed while being sent
                session.execute(delete(EvidenceChunk).where(EvidenceChunk.file_id == record.id))
                altered += 1
                problems.append(record.stored_name)
                continue
            sent += 1
        session.flush()
    if records and not sent:
        raise refused(
            N_(
                "None of the {count} evidence files could be read in {folder}; give the "
                "evidence folder with --evidence-dir. Nothing was written to the team server."
            ),
            count=len(records),
            folder=str(folder),
        )
    return sent, missing, altered, problems
