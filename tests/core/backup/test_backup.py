"""Backups of the embedded database and evidence files: made checked, kept 7 days + 4 weeks,
due a day after the last one, restored only when sound, with the replaced data kept aside."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.core.backup.archive import DATABASE_MEMBER, MANIFEST, verify
from desktop_app.core.backup.service import (
    auto_backups,
    last_backup,
    make_backup,
    next_due,
    prune,
    restore,
    run_automatic,
    to_keep,
)
from desktop_app.core.common.errors import StorageError
from desktop_app.core.local.paths import AppPaths, resolve_paths
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.storage.migrate import HEAD_REVISION
from desktop_app.core.storage.sqlite_file import probe
from tests.conftest import START


@pytest.fixture
def paths(tmp_path: Path, sqlite_template: Path) -> AppPaths:
    """A data folder with a migrated database holding one bank, and two evidence files."""
    found = resolve_paths(tmp_path / "data")
    found.ensure()
    shutil.copyfile(sqlite_template, found.database_file)
    with closing(sqlite3.connect(found.database_file)) as connection:
        connection.execute(
            "INSERT INTO bank (name, short_name, notes, active, version) "
            "VALUES ('工行', '', '', 1, 1)"
        )
        connection.commit()
    (found.evidence_dir / "3").mkdir(parents=True)
    (found.evidence_dir / "3" / "voucher.pdf").write_bytes(b"%PDF voucher")
    (found.evidence_dir / "3" / "statement.xlsx").write_bytes(b"PK statement")
    return found


def banks(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM bank")]


def test_a_backup_holds_the_database_and_the_evidence(paths: AppPaths, tmp_path: Path) -> None:
    target = tmp_path / "out" / "b.zip"
    manifest = make_backup(paths, target, START)
    assert manifest.revision == HEAD_REVISION and manifest.evidence_count == 2
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.zip"]  # no .partial left
    assert target.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
    assert names == {
        DATABASE_MEMBER,
        MANIFEST,
        "evidence/3/voucher.pdf",
        "evidence/3/statement.xlsx",
    }
    assert verify(target).files == manifest.files


def test_restore_puts_the_backup_back_and_keeps_the_current_data(
    paths: AppPaths, tmp_path: Path
) -> None:
    target = tmp_path / "b.zip"
    make_backup(paths, target, START)
    with closing(sqlite3.connect(paths.database_file)) as connection:
        connection.execute("UPDATE bank SET name = '改过的名字'")
        connection.commit()
    (paths.evidence_dir / "3" / "voucher.pdf").write_bytes(b"edited")
    result = restore(paths, target, START + timedelta(hours=1))
    assert banks(paths.database_file) == ["工行"]
    assert (paths.evidence_dir / "3" / "voucher.pdf").read_bytes() == b"%PDF voucher"
    assert result.kept_aside is not None
    assert banks(result.kept_aside / paths.database_file.name) == ["改过的名字"]
    assert (result.kept_aside / "evidence" / "3" / "voucher.pdf").read_bytes() == b"edited"
    assert not [p for p in paths.data_dir.iterdir() if p.name.startswith("restore-")]


def damaged_copies(source: Path, folder: Path) -> dict[str, Path]:
    """Ways a backup file can be unusable."""
    folder.mkdir()
    truncated = folder / "truncated.zip"
    truncated.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    altered = folder / "altered.zip"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(altered, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(item, b"forged" if item.filename.endswith("voucher.pdf") else data)
    newer = folder / "newer.zip"
    scratch = folder / "db.sqlite3"
    with zipfile.ZipFile(source) as original:
        scratch.write_bytes(original.read(DATABASE_MEMBER))
    with closing(sqlite3.connect(scratch)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.commit()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(newer, "w") as copy:
        manifest = json.loads(original.read(MANIFEST))
        manifest["files"][DATABASE_MEMBER] = hashlib.sha256(scratch.read_bytes()).hexdigest()
        for item in original.infolist():
            if item.filename == DATABASE_MEMBER:
                copy.writestr(item, scratch.read_bytes())
            elif item.filename == MANIFEST:
                copy.writestr(item, json.dumps(manifest))
            else:
                copy.writestr(item, original.read(item))
    not_zip = folder / "notes.zip"
    not_zip.write_text("hello", "utf-8")
    return {
        "truncated": truncated,
        "altered": altered,
        "newer": newer,
        "not a zip": not_zip,
    }


@pytest.mark.parametrize(
    ("kind", "match"),
    [
        ("truncated", "not a usable"),
        ("altered", "does not match its recorded hash"),
        ("newer", "newer version"),
        ("not a zip", "not a usable"),
    ],
)
def test_an_unusable_backup_is_refused_and_nothing_is_moved(
    paths: AppPaths, tmp_path: Path, kind: str, match: str
) -> None:
    good = tmp_path / "good.zip"
    make_backup(paths, good, START)
    bad = damaged_copies(good, tmp_path / "bad")[kind]
    before = sorted(p.name for p in paths.data_dir.iterdir())
    with pytest.raises(StorageError, match=match):
        restore(paths, bad, START)
    assert sorted(p.name for p in paths.data_dir.iterdir()) == before
    assert banks(paths.database_file) == ["工行"]


def test_the_next_backup_is_due_a_day_after_the_last() -> None:
    assert next_due(None, START) == START
    assert next_due(START, START + timedelta(hours=3)) == START + timedelta(days=1)
    assert next_due(START + timedelta(days=2), START) == START  # the clock went back
    assert last_backup(LocalSettings(last_backup_at="garbage")) is None
    assert last_backup(LocalSettings(last_backup_at=START.isoformat())) == START


def test_seven_daily_and_four_weekly_backups_are_kept() -> None:
    # Two backups a day for sixty days: the newest of each of the last 7 days, and of each of
    # the last 4 weeks, stay.
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    backups = [
        (now - timedelta(days=day, hours=hour), Path(f"{day}-{hour}"))
        for day in range(60)
        for hour in (0, 6)
    ]
    kept = to_keep(backups)
    daily = {Path(f"{day}-0") for day in range(7)}
    assert daily <= kept
    weeks = {made.isocalendar()[:2] for made, path in backups if path in kept}
    assert len(weeks) == 4
    assert len(kept - daily) <= 4
    assert all(path.name.endswith("-0") for path in kept)  # the newest of its day


def test_automatic_backups_are_pruned_and_the_time_is_stored(paths: AppPaths) -> None:
    folder = paths.backup_dir
    hand_made = folder / "before-the-audit.zip"
    folder.mkdir(parents=True, exist_ok=True)
    hand_made.write_bytes(b"kept")
    for day in range(40):
        result = run_automatic(paths, START + timedelta(days=day))
    assert result.path.parent == folder
    settings = LocalSettings.load(paths.settings_file)
    assert last_backup(settings) == START + timedelta(days=39)
    remaining = auto_backups(folder)
    assert 7 < len(remaining) <= 11
    assert remaining[0][1] == result.path
    assert hand_made.exists()
    assert prune(folder) == ()
    assert probe(paths.database_file).revision == HEAD_REVISION


def test_the_folder_chosen_in_settings_is_used(paths: AppPaths, tmp_path: Path) -> None:
    share = tmp_path / "share" / "callback-desk"
    LocalSettings(backup_folder=str(share)).save(paths.settings_file)
    result = run_automatic(paths, START)
    assert result.path.parent == share and verify(result.path).evidence_count == 2


def test_no_database_no_backup(tmp_path: Path) -> None:
    empty = resolve_paths(tmp_path / "nothing")
    with pytest.raises(StorageError, match="no database"):
        make_backup(empty, tmp_path / "b.zip", START)
    assert not (tmp_path / "b.zip").exists()


def test_what_an_interrupted_backup_left_is_removed_once_old(paths: AppPaths) -> None:
    folder = paths.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    old_partial = folder / "callback-desk-auto-20261101T020000Z.zip.partial"
    young_partial = folder / "callback-desk-auto-20261125T015900Z.zip.partial"
    scratch = folder / ".callback-desk-abc123"
    scratch.mkdir()
    (scratch / "database.sqlite3").write_bytes(b"half")
    other = folder / "notes.partial"  # not ours: kept
    for path in (old_partial, young_partial, other):
        path.write_bytes(b"half")
    two_hours_ago = (START - timedelta(hours=2)).timestamp()
    for path in (old_partial, scratch, other):
        os.utime(path, (two_hours_ago, two_hours_ago))
    young = (START - timedelta(minutes=1)).timestamp()
    os.utime(young_partial, (young, young))
    prune(folder, START)
    assert sorted(p.name for p in folder.iterdir()) == sorted([young_partial.name, other.name])
