"""Makes the daily backup of the embedded database on time, off the GUI thread.

Like the reminders, the schedule lives in stored state, not in a running timer: the time of the
last automatic backup is kept in this desk's settings, and one single-shot timer is armed for a
day after it — never further than an hour ahead, so it is re-read often and a clock that jumped
(a resume from sleep) is noticed. A computer that was off when a backup fell due makes it at the
next start. The backup itself (SQLite's online backup, the evidence files, checks, pruning) runs
on a worker thread of its own (:class:`~desktop_app.ui.reminders.check_worker.CheckWorker`); its
result comes back by signal. Only the embedded database is backed up here; a team server has
its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.backup.service import BackupResult, last_backup, next_due, run_automatic
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.local.paths import AppPaths
from desktop_app.core.local.settings import LocalSettings
from desktop_app.ui.reminders.check_worker import CheckWorker
from desktop_app.ui.reminders.scheduler import milliseconds_until

#: Never arm further than this: the stored time is re-read at least this often.
SAFETY_NET_MS = 60 * 60 * 1000
#: At start the first backup waits this long, so the app opens at full speed.
START_DELAY_MS = 2 * 60 * 1000
#: After a failed backup (a network share away, a full disk), try again after this long.
RETRY_AFTER = timedelta(hours=1)


class BackupScheduler(QObject):
    """Runs :func:`run_automatic` when a day has passed since the last backup."""

    #: Emitted with the BackupResult of a backup just made (automatic or "Back up now").
    backup_made = Signal(object)
    #: Emitted with a translated message when a backup failed; it is tried again later.
    backup_failed = Signal(str)
    #: Emitted when a backup starts running on the thread pool.
    backup_started = Signal()

    def __init__(self, paths: AppPaths, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._clock = clock
        self._running = False
        self._worker = CheckWorker(self)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._retry_at: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def due_at(self) -> datetime:
        """When the next automatic backup is due, from the stored time of the last one."""
        settings = LocalSettings.load(self._paths.settings_file)
        due = next_due(last_backup(settings), self._clock.now())
        if self._retry_at is not None and self._retry_at > due:
            return self._retry_at
        return due

    @property
    def running(self) -> bool:
        return self._running

    def armed_ms(self) -> int | None:
        """The interval the timer was last armed with, in ms; ``None`` when it is not armed."""
        return self._timer.interval() if self._timer.isActive() else None

    def start(self) -> None:
        """Arm the timer; a backup already due (the computer was off) starts shortly."""
        wait = milliseconds_until(self.due_at(), self._clock.now())
        self._timer.start(min(max(wait, START_DELAY_MS), SAFETY_NET_MS))

    def check(self) -> None:
        """What the timer does when it fires: back up if due, else re-arm (tests call it)."""
        self._arm()

    def back_up_now(self) -> bool:
        """Start a backup now, whatever the schedule; False if one is running already."""
        if self._running:
            return False
        self._timer.stop()
        now = self._clock.now()
        self._running = True
        self.backup_started.emit()
        self._worker.submit("backup", lambda: run_automatic(self._paths, now))
        return True

    def shutdown(self) -> None:
        """Stop arming (the app is quitting); a running backup finishes on its thread."""
        self._timer.stop()

    def _arm(self) -> None:
        if self._running:
            return
        wait = milliseconds_until(self.due_at(), self._clock.now())
        if wait == 0:
            self.back_up_now()
            return
        self._timer.start(min(wait, SAFETY_NET_MS))

    def _on_timer_timeout(self) -> None:
        self._arm()

    def _on_worker_finished(self, _job: str, result: object) -> None:
        self._running = False
        self._retry_at = None
        assert isinstance(result, BackupResult)
        self.backup_made.emit(result)
        self._arm()

    def _on_worker_failed(self, _job: str, error: object) -> None:
        self._running = False
        self._retry_at = self._clock.now() + RETRY_AFTER
        if isinstance(error, DeskError):
            detail = error.text()
        else:
            detail = str(error) or type(error).__name__
        self.backup_failed.emit(_("The daily backup failed: {detail}").format(detail=detail))
        self._arm()
