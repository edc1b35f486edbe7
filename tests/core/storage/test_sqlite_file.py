"""An SQLite file is looked at before it is used: refused untouched when foreign, newer or empty;
checked with SQLite's integrity check; copied aside under a temporary name, then renamed."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop_app.core.common.errors import StorageError
from desktop_app.core.local.selfcheck import run_checks
from desktop_app.core.storage.engine import make_engine, sqlite_url
from desktop_app.core.storage.migrate import HEAD_REVISION, backup_sqlite, prepare_database
from desktop_app.core.storage.sqlite_file import integrity_problems, probe, safe_copy
from tests.conftest import START


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` and the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def execute(path: Path, *statements: str) -> Path:
    """Run ``statements`` on ``path`` and close it (the last close removes -wal and -shm)."""
    with closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    return path


def foreign(path: Path) -> Path:
    return execute(
        path,
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount TEXT)",
        "INSERT INTO invoices (amount) VALUES ('12.50')",
    )


def newer(template: Path, path: Path) -> Path:
    shutil.copyfile(template, path)
    return execute(path, "UPDATE alembic_version SET version_num = '0099_from_the_future'")


def refuse(path: Path, match: str) -> None:
    before = fingerprint(path.parent)
    engine = make_engine(sqlite_url(path))
    try:
        with pytest.raises(StorageError, match=match):
            prepare_database(engine, path.parent / "backups", START)
    finally:
        engine.dispose()
    assert fingerprint(path.parent) == before  # same files, same bytes: no -wal, no -shm


def test_a_foreign_file_is_refused_untouched(tmp_path: Path) -> None:
    path = foreign(tmp_path / "other.sqlite3")
    header = path.read_bytes()[:100]
    refuse(path, "holds other data")
    assert path.read_bytes()[:100] == header
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_a_newer_schema_is_refused_untouched(tmp_path: Path, sqlite_template: Path) -> None:
    path = newer(sqlite_template, tmp_path / "newer.sqlite3")
    refuse(path, "newer version")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite3"]


def test_a_zero_length_file_is_not_made_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    path.touch()
    refuse(path, "empty")
    assert path.stat().st_size == 0


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("hello", "utf-8")
    refuse(path, "is damaged or is not a database")


def test_a_missing_file_becomes_a_new_owner_only_database(tmp_path: Path) -> None:
    path = tmp_path / "new" / "desk.sqlite3"
    assert probe(path).exists is False
    engine = make_engine(sqlite_url(path))
    try:
        prepare_database(engine, tmp_path / "backups", START)
    finally:
        engine.dispose()
    assert probe(path).revision == HEAD_REVISION
    assert path.stat().st_mode & 0o777 == 0o600


def scramble(path: Path) -> None:
    """Overwrite pages in the middle of the file (not the header) with garbage."""
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    for offset in range(3 * page, 6 * page, 7):
        data[offset] = (data[offset] * 31 + 17) % 256
    path.write_bytes(bytes(data))


def test_the_integrity_check_finds_scrambled_pages(tmp_path: Path, sqlite_template: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    assert integrity_problems(path) == []
    scramble(path)
    assert integrity_problems(path)
    results = {r.name: r for r in run_checks(sqlite_url(path))}
    assert results["Database integrity"].ok is False
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.sqlite3"]  # checked read-only


def test_check_reports_an_empty_file_and_leaves_it_empty(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    path.touch()
    results = {r.name: r for r in run_checks(sqlite_url(path))}
    assert results["Database"].ok is False and "empty" in results["Database"].detail
    assert path.stat().st_size == 0


def test_a_safe_copy_is_checked_then_renamed(tmp_path: Path, sqlite_template: Path) -> None:
    copy = safe_copy(sqlite_template, tmp_path / "copies" / "copy.sqlite3")
    assert probe(copy).revision == HEAD_REVISION and integrity_problems(copy) == []
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.sqlite3"]
    assert copy.stat().st_mode & 0o777 == 0o600


def test_a_damaged_source_leaves_no_copy(tmp_path: Path, sqlite_template: Path) -> None:
    source = tmp_path / "desk.sqlite3"
    shutil.copyfile(sqlite_template, source)
    scramble(source)
    with pytest.raises(StorageError):
        safe_copy(source, tmp_path / "copies" / "copy.sqlite3")
    assert list((tmp_path / "copies").iterdir()) == []  # neither the copy nor a .partial


def test_the_pre_upgrade_copy_is_a_checked_database(tmp_path: Path, sqlite_template: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(sqlite_url(path))
    try:
        copy = backup_sqlite(engine, tmp_path / "backups", HEAD_REVISION, START)
    finally:
        engine.dispose()
    assert copy.parent.name == "backups" and copy.stat().st_size > 0
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]
    assert integrity_problems(copy) == [] and probe(copy).revision == HEAD_REVISION
