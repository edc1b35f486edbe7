"""Bring a database to the current schema, safely.

At start the app reads the schema revision with one small query; only when it differs from the
head does Alembic load (it is slow to import). Before an SQLite file is upgraded it is copied aside.
A database written by a newer version of the app is refused, untouched. On a team server the
upgrade and the renewal of the groups' privileges are one transaction (see :func:`upgrade`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError

from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.i18n import N_
from desktop_app.core.local.private import private_folder
from desktop_app.core.storage.engine import safe_url
from desktop_app.core.storage.sqlite_file import probe, safe_copy

log = logging.getLogger(__name__)

# Every revision this version knows, oldest first; the last is the head.
KNOWN_REVISIONS = (
    "0001_initial",
    "0002_follow_up_number",
    "0003_contract_listing_index",
    "0004_front_desk",
    "0005_checklists",
    "0006_contact_windows",
    "0007_reminders",
    "0008_team",
    "0009_versions",
    "0010_role_guards",
    "0012_number_extensions",
    "0013_calendar_sequences",
    "0014_reports",
    "0016_outbox",
    "0017_ringing",
    "0018_team_files",
    "0019_settings_versions",
    "0020_registered_extension",
    "0021_guard_leftovers",
    "0022_sort_keys",
    "0023_report_indexes",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied", "must be owner"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or ``None`` for an empty database."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                tables = inspect(connection).get_table_names()
                if tables:
                    raise StorageError(
                        N_("The database {url} holds other data, not a Callback Desk database."),
                        url=safe_url(engine.url),
                    )
                return None
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            return row[0] if row else None
    except OperationalError as error:
        raise _unreachable(engine, error) from error
    except DatabaseError as error:
        raise StorageError(
            N_("The database {url} is damaged or is not a database: {detail}"),
            url=safe_url(engine.url),
            detail=str(error.orig),
        ) from error


def _unreachable(engine: Engine, error: Exception) -> StorageError:
    detail = str(getattr(error, "orig", error)).strip().splitlines()[0]
    return StorageError(
        N_("Cannot open the database {url}: {detail}"), url=safe_url(engine.url), detail=detail
    )


def backup_sqlite(engine: Engine, backup_dir: Path, revision: str | None, now: datetime) -> Path:
    """Copy an SQLite database aside with SQLite's online backup; return the copy's path.

    The copy is written to a temporary name, checked, then renamed (see ``safe_copy``).
    """
    source_path = Path(engine.url.database or "")
    private_folder(backup_dir)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = backup_dir / f"{source_path.stem}-before-{revision or 'empty'}-{stamp}.sqlite3"
    return safe_copy(source_path, target)


def sqlite_path(engine: Engine) -> Path | None:
    """The file of an SQLite engine; ``None`` for PostgreSQL or an in-memory database."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return None
    return Path(engine.url.database or "")


def refuse_newer(url: str, revision: str | None) -> None:
    """Raise StorageError for a schema this version does not know (a newer app wrote it)."""
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StorageError(
            N_(
                "The database {url} was written by a newer version of Callback Desk "
                "(schema {revision}). Update the app; the database was left untouched."
            ),
            url=url,
            revision=revision,
        )


def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run Alembic's upgrade to ``target`` on ``engine``.

    On a team server the groups' privileges are renewed in the same transaction (PostgreSQL's
    DDL is transactional): either the new schema lands with its grants, or nothing changes — a
    login that may not do both is refused and the schema stays as it was.
    """
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), target)  # type: ignore[arg-type]
        if connection.dialect.name == "postgresql":
            from desktop_app.core.team.roles import renew_after_upgrade

            prefix = renew_after_upgrade(connection)
            if prefix is not None:
                log.info("team privileges renewed for the groups %s_*", prefix)


def prepare_database(engine: Engine, backup_dir: Path, now: datetime) -> Path | None:
    """Upgrade the database to the head revision; return the backup made, if any.

    Raises StorageError for an unreachable, damaged or newer database. An SQLite file is probed
    read-only first, so a foreign, empty or newer file is refused before anything writes to it.
    """
    path = sqlite_path(engine)
    if path is not None:
        refuse_newer(safe_url(engine.url), probe(path).revision)
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return None
    refuse_newer(safe_url(engine.url), revision)
    backup = None
    if engine.dialect.name == "sqlite" and revision is not None:
        backup = backup_sqlite(engine, backup_dir, revision, now)
        log.info("database backed up before the upgrade to %s", backup)
    log.info(
        "migrating the %s database from schema %s to %s",
        engine.dialect.name,
        revision or "(empty)",
        HEAD_REVISION,
    )
    try:
        upgrade(engine)
    except OperationalError as error:
        raise _unreachable(engine, error) from error
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        raise StorageError(
            N_(
                "The database {url} is at schema {found}, older than this app's {expected}, and "
                "this desk's login may not upgrade it: ask your administrator to run "
                "callback-desk server init on the server."
            ),
            url=safe_url(engine.url),
            found=revision or "-",
            expected=HEAD_REVISION,
        ) from error
    log.info("database migrated to schema %s", HEAD_REVISION)
    return backup
