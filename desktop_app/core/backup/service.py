"""Daily backups of the embedded database: when one is due, making it, keeping 7 days + 4 weeks,
and restoring one with the current data kept aside.

The schedule works like the reminders': the time of the last automatic backup is stored (in this
desk's settings), and the next is due a day after it — so a computer that was off at that time
makes it at the next start. Automatic backups are named ``callback-desk-auto-<UTC stamp>.zip``;
pruning touches no other file in the folder (a backup made by hand is kept until deleted by hand).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.core.backup.archive import (
    DATABASE_MEMBER,
    EVIDENCE_PREFIX,
    SCRATCH_PREFIX,
    Manifest,
    verify,
)
from desktop_app.core.backup.archive import write_backup as _write_backup
from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.i18n import N_
from desktop_app.core.local.paths import AppPaths
from desktop_app.core.local.private import private_folder
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.storage.sqlite_file import sync_folder

INTERVAL = timedelta(days=1)
STALE_LEFTOVER = timedelta(hours=1)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
AUTO_PREFIX = "callback-desk-auto-"
STAMP = "%Y%m%dT%H%M%SZ"
AUTO_NAME = re.compile(re.escape(AUTO_PREFIX) + r"(\d{8}T\d{6}Z)\.zip")


@dataclass(frozen=True)
class BackupResult:
    """One automatic backup made, and the old ones pruned."""

    path: Path
    manifest: Manifest
    made_at: datetime
    removed: tuple[Path, ...]


def backup_folder(paths: AppPaths, settings: LocalSettings) -> Path:
    """The folder automatic backups go to: the one chosen in Settings, or the data folder's."""
    chosen = settings.backup_folder.strip()
    return Path(chosen).expanduser() if chosen else paths.backup_dir


def last_backup(settings: LocalSettings) -> datetime | None:
    """When the last automatic backup was made, as stored; ``None`` if never (or unreadable)."""
    try:
        stamp = datetime.fromisoformat(settings.last_backup_at)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def next_due(last: datetime | None, now: datetime) -> datetime:
    """When the next automatic backup is due: now if never made (or the clock went back)."""
    if last is None or last > now:
        return now
    return last + INTERVAL


def auto_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups in ``folder``, newest first."""
    found: list[tuple[datetime, Path]] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = AUTO_NAME.fullmatch(path.name)
        if match and path.is_file():
            found.append((datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC), path))
    return sorted(found, reverse=True)


def to_keep(backups: Iterable[tuple[datetime, Path]]) -> set[Path]:
    """The newest backup of each of the last 7 days that have one, and of each of the last 4
    weeks that have one; every other automatic backup may go."""
    newest = sorted(backups, reverse=True)
    days: dict[object, Path] = {}
    weeks: dict[object, Path] = {}
    for made, path in newest:
        day, week = made.date(), made.isocalendar()[:2]
        if day not in days and len(days) < KEEP_DAILY:
            days[day] = path
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks[week] = path
    return set(days.values()) | set(weeks.values())


def prune(folder: Path, now: datetime | None = None) -> tuple[Path, ...]:
    """Delete the automatic backups past 7 daily and 4 weekly; return those deleted.

    With ``now``, what an interrupted backup left (a ``.partial`` file, a scratch folder) more
    than an hour old goes too: never a backup, and a backup running now is younger.
    """
    backups = auto_backups(folder)
    keep = to_keep(backups)
    removed = tuple(path for _made, path in backups if path not in keep)
    for path in removed:
        path.unlink(missing_ok=True)
    if now is not None:
        _remove_leftovers(folder, now - STALE_LEFTOVER)
    return removed


def _remove_leftovers(folder: Path, before: datetime) -> None:
    for path in folder.iterdir():
        is_partial = path.name.startswith(AUTO_PREFIX) and path.name.endswith(".partial")
        is_scratch = path.name.startswith(SCRATCH_PREFIX) and path.is_dir()
        if not (is_partial or is_scratch):
            continue
        with contextlib.suppress(OSError):
            if datetime.fromtimestamp(path.stat().st_mtime, UTC) < before:
                if is_scratch:
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


def make_backup(paths: AppPaths, target: Path, now: datetime) -> Manifest:
    """A backup of this computer's embedded database and evidence files into ``target``."""
    return _write_backup(paths.database_file, paths.evidence_dir, target, now)


def run_automatic(paths: AppPaths, now: datetime) -> BackupResult:
    """Make today's automatic backup, prune the old ones, and store its time in the settings.

    Runs off the GUI thread; the settings file is re-read and written here so that what the
    GUI changed meanwhile is kept.
    """
    settings = LocalSettings.load(paths.settings_file)
    folder = private_folder(backup_folder(paths, settings))
    target = folder / f"{AUTO_PREFIX}{now.astimezone(UTC).strftime(STAMP)}.zip"
    manifest = make_backup(paths, target, now)
    removed = prune(folder, now)
    settings = LocalSettings.load(paths.settings_file)
    settings.last_backup_at = now.astimezone(UTC).isoformat()
    settings.save(paths.settings_file)
    return BackupResult(target, manifest, now, removed)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore put in place, and where the data it replaced was kept."""

    manifest: Manifest
    kept_aside: Path | None  # None: there was no data to keep


def restore(paths: AppPaths, source: Path, now: datetime) -> RestoreResult:
    """Replace the embedded database and evidence files with the backup ``source``.

    The backup is checked in full (hashes, integrity, a schema this version knows) before
    anything is moved; the current database (with its -wal/-shm) and evidence folder are moved
    into ``replaced-<stamp>`` in the data folder, never deleted. Close the app first.
    """
    if not source.is_file():
        raise StorageError(N_("There is no backup file {path}."), path=str(source))
    private_folder(paths.data_dir)
    stamp = now.astimezone(UTC).strftime(STAMP)
    staging = paths.data_dir / f"restore-{stamp}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        manifest = verify(source, extract_to=private_folder(staging))
        aside = paths.data_dir / f"replaced-{stamp}"
        database = paths.database_file
        current = [
            path
            for path in (
                database,
                Path(f"{database}-wal"),
                Path(f"{database}-shm"),
                paths.evidence_dir,
            )
            if path.exists()
        ]
        if current:
            private_folder(aside)
            for path in current:
                os.replace(path, aside / path.name)
        os.replace(staging / DATABASE_MEMBER, database)
        evidence = staging / EVIDENCE_PREFIX.rstrip("/")
        if evidence.is_dir():
            os.replace(evidence, paths.evidence_dir)
        sync_folder(paths.data_dir)
    except OSError as error:
        raise StorageError(
            N_("Cannot restore {path}: {detail}"), path=str(source), detail=str(error)
        ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(manifest, aside if current else None)
