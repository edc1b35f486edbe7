"""The daily backup on its schedule (off the GUI thread, re-armed from the stored time) and
Settings › Backups."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.backup.service import BackupResult, auto_backups, last_backup
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.local.paths import AppPaths, resolve_paths
from desktop_app.core.local.settings import LocalSettings
from desktop_app.ui.backup.backup_page import BackupPage
from desktop_app.ui.backup.scheduler import SAFETY_NET_MS, START_DELAY_MS, BackupScheduler
from tests.conftest import START


@pytest.fixture
def paths(tmp_path: Path, sqlite_template: Path) -> AppPaths:
    found = resolve_paths(tmp_path / "data")
    found.ensure()
    shutil.copyfile(sqlite_template, found.database_file)
    return found


def made(qtbot: QtBot, scheduler: BackupScheduler) -> BackupResult:
    with qtbot.waitSignal(scheduler.backup_made, timeout=20000) as blocker:
        scheduler.check()
    result = blocker.args[0]
    assert isinstance(result, BackupResult)
    return result


def test_the_first_backup_comes_shortly_after_start_then_daily(
    qtbot: QtBot, paths: AppPaths
) -> None:
    clock = FakeClock(START)
    scheduler = BackupScheduler(paths, clock)
    assert scheduler.due_at() == START  # never backed up: due now
    scheduler.start()
    armed = scheduler.armed_ms()
    assert armed == START_DELAY_MS
    first = made(qtbot, scheduler)
    assert first.path.is_file() and first.made_at == START
    assert last_backup(LocalSettings.load(paths.settings_file)) == START
    assert scheduler.due_at() == START + timedelta(days=1)
    armed = scheduler.armed_ms()
    assert armed is not None and armed <= SAFETY_NET_MS  # never armed further than an hour
    clock.advance(timedelta(hours=5))
    scheduler.check()
    assert not scheduler.running  # not due yet: only re-armed
    clock.advance(timedelta(hours=19))
    second = made(qtbot, scheduler)
    assert second.path != first.path
    assert [p for _t, p in auto_backups(paths.backup_dir)] == [second.path, first.path]
    scheduler.shutdown()
    assert scheduler.armed_ms() is None


def test_a_computer_that_was_off_backs_up_at_the_next_start(qtbot: QtBot, paths: AppPaths) -> None:
    LocalSettings(last_backup_at=(START - timedelta(days=3)).isoformat()).save(paths.settings_file)
    scheduler = BackupScheduler(paths, FakeClock(START))
    assert scheduler.due_at() == START - timedelta(days=2)  # overdue
    scheduler.start()
    assert made(qtbot, scheduler).made_at == START


def test_a_failed_backup_is_reported_and_tried_again_later(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path
) -> None:
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x", "utf-8")
    LocalSettings(backup_folder=str(blocker_file / "backups")).save(paths.settings_file)
    clock = FakeClock(START)
    scheduler = BackupScheduler(paths, clock)
    with qtbot.waitSignal(scheduler.backup_failed, timeout=20000) as blocker:
        scheduler.check()
    assert "The daily backup failed" in blocker.args[0]
    assert scheduler.due_at() == START + timedelta(hours=1)
    assert last_backup(LocalSettings.load(paths.settings_file)) is None


def test_settings_page_backs_up_now_and_keeps_the_stored_time(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path
) -> None:
    scheduler = BackupScheduler(paths, FakeClock(START))
    settings = LocalSettings.load(paths.settings_file)
    page = BackupPage(settings, paths, scheduler)
    qtbot.addWidget(page)
    assert page.last_label.text() == "No backup yet"
    share = tmp_path / "share"
    page.folder_edit.setText(str(share))
    with qtbot.waitSignal(scheduler.backup_made, timeout=20000):
        page.now_button.click()
    assert "Backed up to" in page.status_label.text()
    assert str(share) in page.last_label.text()
    assert auto_backups(share)
    page.apply_to(settings)  # the dialog's copy, loaded before the backup
    settings.save(paths.settings_file)
    stored = LocalSettings.load(paths.settings_file)
    assert stored.backup_folder == str(share) and last_backup(stored) == START


def test_settings_page_for_a_team_server(qtbot: QtBot, paths: AppPaths) -> None:
    page = BackupPage(LocalSettings(), paths, None)
    qtbot.addWidget(page)
    assert "pg_dump" in page.intro_label.text()
    assert not page.now_button.isEnabled() and not page.folder_edit.isEnabled()
