"""Schema migrations: upgrades, models and migrations in step, backups, refusals untouched."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from desktop_app.core.common.errors import StorageError
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import Base
from desktop_app.core.storage.engine import make_engine, sqlite_url
from desktop_app.core.storage.migrate import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    MIGRATIONS_DIR,
    backup_sqlite,
    current_revision,
    prepare_database,
    upgrade,
)
from tests.conftest import START
from tests.helpers.databases import file_digest

FUTURE = "9999_future"


@pytest.fixture
def empty_engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def sqlite_file(engine: Engine) -> Path | None:
    return Path(engine.url.database or "") if engine.dialect.name == "sqlite" else None


def tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_a_fresh_database_is_upgraded_to_head(empty_engine: Engine, tmp_path: Path) -> None:
    assert current_revision(empty_engine) is None
    assert prepare_database(empty_engine, tmp_path / "backups", START) is None
    assert current_revision(empty_engine) == HEAD_REVISION
    assert tables(empty_engine) == set(Base.metadata.tables) | {"alembic_version"}
    assert not (tmp_path / "backups").exists()


def test_head_revision_is_the_alembic_head() -> None:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert script.get_heads() == [HEAD_REVISION]
    oldest_first = tuple(reversed([rev.revision for rev in script.walk_revisions()]))
    assert oldest_first == KNOWN_REVISIONS


def test_the_migrated_schema_matches_the_models(app_ctx: AppContext) -> None:
    with app_ctx.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_an_up_to_date_database_is_not_backed_up(app_ctx: AppContext) -> None:
    assert app_ctx.backup_made is None
    assert prepare_database(app_ctx.engine, app_ctx.paths.backup_dir, START) is None
    assert not app_ctx.paths.backup_dir.exists() or not any(app_ctx.paths.backup_dir.iterdir())
    assert current_revision(app_ctx.engine) == HEAD_REVISION


@pytest.mark.parametrize("revision", KNOWN_REVISIONS[:-1])
def test_an_older_database_is_upgraded_with_its_data_and_backed_up_first(
    empty_engine: Engine, tmp_path: Path, revision: str
) -> None:
    upgrade(empty_engine, revision)
    assert current_revision(empty_engine) == revision
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO bank (name, short_name, notes, active, version) "
                "VALUES ('中国工商银行', '工行', '', :yes, 1)"
            ),
            {"yes": True},
        )
    backup = prepare_database(empty_engine, tmp_path / "backups", START)
    assert current_revision(empty_engine) == HEAD_REVISION
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM bank")).scalars().all() == ["中国工商银行"]
    if empty_engine.dialect.name != "sqlite":
        assert backup is None
        return
    assert backup is not None
    assert backup.parent == tmp_path / "backups"
    assert f"-before-{revision}-20261125T020000" in backup.name
    saved = make_engine(sqlite_url(backup))
    try:
        assert current_revision(saved) == revision
        with saved.connect() as connection:
            assert connection.execute(text("SELECT short_name FROM bank")).scalar() == "工行"
    finally:
        saved.dispose()


def test_backup_sqlite_copies_the_whole_database(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "desk.sqlite3"))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (body TEXT)"))
        connection.execute(text("INSERT INTO note VALUES ('回访 before upgrade')"))
    copy = backup_sqlite(engine, tmp_path / "backups", "0001_initial", START)
    engine.dispose()
    assert copy == tmp_path / "backups" / "desk-before-0001_initial-20261125T020000.sqlite3"
    restored = make_engine(sqlite_url(copy))
    with restored.connect() as connection:
        assert connection.execute(text("SELECT body FROM note")).scalars().all() == [
            "回访 before upgrade"
        ]
    restored.dispose()
    empty = backup_sqlite(engine, tmp_path / "backups", None, START)
    assert empty.name == "desk-before-empty-20261125T020000.sqlite3"


def test_a_database_from_a_newer_version_is_refused_untouched(
    empty_engine: Engine, tmp_path: Path
) -> None:
    prepare_database(empty_engine, tmp_path / "backups", START)
    with empty_engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    empty_engine.dispose()
    path = sqlite_file(empty_engine)
    digest = file_digest(path) if path else None
    with pytest.raises(StorageError) as caught:
        prepare_database(empty_engine, tmp_path / "backups", START)
    empty_engine.dispose()
    assert "newer version of Callback Desk (schema 9999_future)" in caught.value.text()
    assert "left untouched" in caught.value.text()
    if path:
        assert file_digest(path) == digest
    assert current_revision(empty_engine) == FUTURE
    assert not (tmp_path / "backups").exists()


def test_open_context_refuses_a_newer_database(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    engine = make_engine(sqlite_url(path))
    prepare_database(engine, tmp_path, START)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    engine.dispose()
    digest = file_digest(path)
    with pytest.raises(StorageError, match="newer version"):
        open_context(db=sqlite_url(path), data_dir=str(tmp_path / "data"), secrets=MemoryStore())
    assert file_digest(path) == digest


@pytest.mark.parametrize("header", [b"", b"SQLite format 3\x00"])
def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path: Path, header: bytes) -> None:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(header + random.Random(1729).randbytes(8192 - len(header)))
    digest = file_digest(path)
    engine = make_engine(sqlite_url(path))
    with pytest.raises(StorageError) as caught:
        prepare_database(engine, tmp_path / "backups", START)
    engine.dispose()
    assert "is damaged or is not a database" in caught.value.text()
    assert file_digest(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.sqlite3"]


def test_a_database_holding_other_data_is_refused(empty_engine: Engine, tmp_path: Path) -> None:
    with empty_engine.begin() as connection:
        connection.execute(text("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)"))
        connection.execute(text("INSERT INTO customer VALUES (1, 'Acme')"))
    with pytest.raises(StorageError) as caught:
        prepare_database(empty_engine, tmp_path / "backups", START)
    assert "holds other data, not a Callback Desk database" in caught.value.text()
    assert tables(empty_engine) == {"customer"}
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM customer")).scalar() == "Acme"
