"""Fires reminders on time from the database's state, with one single-shot timer and no polling.

The one precise single-shot timer is armed for ``ReminderService.next_due_at``: at start, after a
change to what reminders depend on (windows, reminders, people, responders, the calendar,
settings), after a resume from sleep, and by a safety net every 15 minutes. Each check follows the
service's recipe: ``sync`` (materialise the coming reminders), ``escalate_unacknowledged``,
``take_due``, then arm ``next_due_at`` again. A timer is never armed further than the safety net
(far below Qt's limit of 2**31-1 ms), and a timer that fires before the due moment on the wall
clock — a clock adjusted, a sleep — only re-arms for the rest: nothing is ever taken early.

Sleep and clock changes: Qt's timers and ``time.monotonic`` stop while the machine sleeps (Linux,
macOS) while the wall clock does not, and a heartbeat at most once a minute compares the two; a
beat that arrives far later than asked (Windows, whose monotonic clock counts the sleep) means the
same. Either is treated as a resume: what fell due meanwhile is taken at once (the service marks
it missed) and the timer is re-armed. The heartbeat reads no database.

With ``background=True`` (the desk's scheduler) each check, and each sync after a change, runs
on a :class:`~desktop_app.ui.reminders.check_worker.CheckWorker` thread, one at a time, and comes
back by a queued signal; timers and announcing stay in the GUI thread. ``shutdown()`` (the app's
exit) stops the timers, lets a running check stop before taking anything and waits for it.

Tests drive it with a FakeClock: ``check_now()`` (always synchronous), ``armed_for()``,
``interval()`` and ``heartbeat(monotonic_now)``; ``checked`` says a check was handled.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.reminders.service import ReminderService, ReminderView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.reminders.check_worker import CheckWorker

#: Qt's single-shot timers take an int of milliseconds.
QT_TIMER_LIMIT_MS = 2**31 - 1
#: The safety net: re-read the database (and materialise reminders) at least this often.
SAFETY_NET_MS = 15 * 60 * 1000
#: The heartbeat that notices a resume from sleep or a changed wall clock.
HEARTBEAT_MS = 60 * 1000
#: A difference between the wall clock and the monotonic clock larger than this is a jump.
JUMP_TOLERANCE_S = 20.0
#: When something is past due but taking it changed nothing, look again after this long.
RETRY_MS = 60 * 1000
#: Changes to these areas can move the next due moment.
RELEVANT_AREAS = (
    Area.WINDOWS,
    Area.REMINDERS,
    Area.PEOPLE,
    Area.RESPONDERS,
    Area.CALENDAR,
    Area.SETTINGS,
)

ServiceErrors = DeskError  # the storage layer turns database errors into these
#: The worker's jobs: a whole check, or materialising only (after a change).
CHECK, SYNC = "check", "sync"
#: How long the app's exit waits for a running check (a team server may be slow to answer).
SHUTDOWN_WAIT_S = 10.0


def milliseconds_until(due: datetime, now: datetime) -> int:
    """Whole milliseconds from ``now`` to ``due``, rounded up (a timer must not fire early)."""
    return max(0, math.ceil((due - now) / timedelta(milliseconds=1)))


class ReminderScheduler(QObject):
    """Takes reminders when they fall due and announces them; see the module docstring."""

    #: Emitted with the list of ReminderViews just taken (each is taken once only).
    reminders_due = Signal(list)
    #: Emitted each time the timer is armed, with the due moment aimed at (or None: nothing due).
    armed = Signal(object)
    #: Emitted when the heartbeat saw the wall clock jump (a resume from sleep, a clock change).
    resumed = Signal()
    #: Emitted with a service's error message when the database could not be read.
    failed = Signal(str)
    #: Emitted when a check has been handled (taken reminders announced, the timer re-armed).
    checked = Signal()

    def __init__(
        self,
        reminders: ReminderService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        background: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._hub = hub
        self._actor = actor
        self._clock = clock
        self._monotonic = monotonic
        self._armed_for: datetime | None = None
        self._last_beat: tuple[datetime, float] | None = None
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._heartbeat.timeout.connect(self._on_heartbeat_timeout)
        self._safety_net = QTimer(self)
        self._safety_net.setInterval(SAFETY_NET_MS)
        self._safety_net.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._safety_net.timeout.connect(self._on_safety_net_timeout)
        self._rearm_soon = QTimer(self)  # coalesces a burst of changes into one re-arm
        self._rearm_soon.setSingleShot(True)
        self._rearm_soon.setInterval(0)
        self._rearm_soon.timeout.connect(self._on_rearm_soon_timeout)
        self._sync_pending = False
        self._announcing = False
        self._worker: CheckWorker | None = None
        if background:
            self._worker = CheckWorker(self)
            self._worker.finished.connect(self._on_worker_finished)
            self._worker.failed.connect(self._on_worker_failed)
        hub.data_changed.connect(self._on_hub_data_changed)

    # --- what tests and the benchmark look at ---------------------------------------------------

    def armed_for(self) -> datetime | None:
        """The due moment the timer aims at; None when nothing is due (or it is stopped)."""
        return self._armed_for if self._timer.isActive() else None

    def interval(self) -> int:
        """The milliseconds the timer was last armed with; -1 when it is not running."""
        return self._timer.interval() if self._timer.isActive() else -1

    @property
    def started(self) -> bool:
        return self._started

    @property
    def busy(self) -> bool:
        """True while a check or sync runs on the worker (or waits for its turn)."""
        return self._worker is not None and self._worker.busy

    # --- life ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Materialise the coming reminders, take what is due (missed ones too), arm the timer."""
        if self._started:
            return
        self._started = True
        self._last_beat = (self._clock.now(), self._monotonic())
        self._heartbeat.start()
        self._safety_net.start()
        self._check()

    def stop(self) -> None:
        self._started = False
        for timer in (self._timer, self._heartbeat, self._safety_net, self._rearm_soon):
            timer.stop()
        self._armed_for = None
        if self._worker is not None:
            self._worker.drop_waiting()

    def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> bool:
        """Stop, and wait for a running check (which takes nothing once told to stop); True
        when none is left running. For the app's exit, before the database is closed."""
        self.stop()
        return self._worker is None or self._worker.wait(timeout, cancel=True)

    def check_now(self) -> list[ReminderView]:
        """Materialise, escalate what waited too long, take what is due now, announce, re-arm —
        here and now (after a check running on the worker has ended); returns what was taken."""
        if self._worker is not None:
            self._worker.wait()
        if self._started:
            self._safety_net.start()  # the safety net counts from the last check
        try:
            changes, taken = self._check_work()
        except ServiceErrors as error:
            self._check_failed(error)
            return []
        self._check_done(changes, taken)
        return taken

    def settle(self, timeout: float = SHUTDOWN_WAIT_S) -> bool:
        """Wait for the worker's checks (a queued one too) and handle their results now,
        without running the event loop; True when none is left. For tests and benchmarks."""
        return self._worker is None or self._worker.deliver(timeout)

    def _check(self) -> None:
        """A check: on the worker when there is one, else now."""
        if self._worker is None:
            self.check_now()
        else:
            self._run(CHECK)

    def _check_work(self) -> tuple[Changes, list[ReminderView]]:
        """The database side of a check (on the worker, or here)."""
        changes = self._reminders.sync(self._actor).changes
        changes |= self._reminders.escalate_unacknowledged(self._actor).changes
        if self._worker is not None and self._worker.cancelled():
            return changes, []  # the app is ending: take nothing that could not be shown
        return changes, self._reminders.take_due(self._actor)

    def _check_done(self, changes: Changes, taken: list[ReminderView]) -> None:
        if taken:
            changes |= Changes.of(Area.REMINDERS)
        self._announce(changes)
        if taken:
            self.reminders_due.emit(taken)
        self.rearm(after_check=True)
        self.checked.emit()

    def _check_failed(self, error: Exception) -> None:
        self.failed.emit(str(error))
        self._arm_in(RETRY_MS, None)
        self.checked.emit()

    # --- the worker ------------------------------------------------------------------------------

    def _run(self, job: str) -> None:
        """Hand ``job`` to the worker (it waits while another runs; a check covers a sync)."""
        assert self._worker is not None
        if job == CHECK and self._started:
            self._safety_net.start()
        work = self._check_work if job == CHECK else self._sync_work
        self._worker.submit(job, work, rank=1 if job == CHECK else 0)

    def _on_worker_finished(self, job: str, result: object) -> None:
        # The worker hands back what _check_work or _sync_work returned.
        if job == CHECK:
            changes, taken = cast(tuple[Changes, list[ReminderView]], result)
            self._check_done(changes, taken)
        else:
            self._announce(cast(Changes, result))
            self.rearm()

    def _on_worker_failed(self, job: str, error: object) -> None:
        if not isinstance(error, ServiceErrors):
            if job == CHECK and self._started:  # the timer was spent: look again later
                self._arm_in(RETRY_MS, None)
            raise error  # type: ignore[misc]  # a bug: to the error hook, as on this thread
        if job == CHECK:
            self._check_failed(error)
        else:
            self.failed.emit(str(error))
            self.rearm()

    def rearm(self, after_check: bool = False) -> datetime | None:
        """Arm the one timer for the next due moment (capped by the safety net); return it.

        A due moment already past is taken at once — unless we have just taken what was due, in
        which case the service has nothing to give and we look again a little later.
        """
        if not self._started:
            return None
        try:
            due = self._reminders.next_due_at(self._actor)
        except ServiceErrors as error:
            self.failed.emit(str(error))
            self._arm_in(RETRY_MS, None)
            return None
        if due is None:
            self._arm_in(SAFETY_NET_MS, None)
            return None
        wait = milliseconds_until(due, self._clock.now())
        if wait == 0 and after_check:
            wait = RETRY_MS
        self._arm_in(wait, due)
        return due

    def _arm_in(self, milliseconds: int, due: datetime | None) -> None:
        """Arm the single shot; never beyond the safety net, and so never beyond Qt's limit."""
        self._armed_for = due
        self._timer.start(max(0, min(milliseconds, SAFETY_NET_MS, QT_TIMER_LIMIT_MS)))
        self.armed.emit(due)

    def _on_timer_timeout(self) -> None:
        due = self._armed_for
        if due is not None:
            early = milliseconds_until(due, self._clock.now())
            if early > 0:  # the wall clock is behind the timer's clock: wait for the rest
                self._arm_in(early, due)
                return
        if due is None:  # the cap of the safety net ran out, or a retry: just look again
            self.rearm()
            return
        self._check()

    # --- re-arming on change, resume and as a safety net ----------------------------------------

    def _announce(self, changes: Changes) -> None:
        """Tell the screens what a check changed (the scheduler re-arms on its own)."""
        if not changes.areas:
            return
        self._announcing = True
        try:
            self._hub.announce(changes)
        finally:
            self._announcing = False

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if self._announcing or not self._started or not changes.touches(*RELEVANT_AREAS):
            return
        if changes.areas - {Area.REMINDERS}:  # windows, people… changed: re-materialise first
            self._sync_pending = True
        self._rearm_soon.start()

    def _on_rearm_soon_timeout(self) -> None:
        if self._sync_pending:
            self._sync_pending = False
            if self._worker is not None:
                self._run(SYNC)  # re-armed when it has reported
                return
            self._sync()
        self.rearm()

    def _sync_work(self) -> Changes:
        return self._reminders.sync(self._actor).changes

    def _sync(self) -> None:
        try:
            changes = self._sync_work()
        except ServiceErrors as error:
            self.failed.emit(str(error))
            return
        self._announce(changes)  # e.g. the reminders of a removed window are gone

    def _on_safety_net_timeout(self) -> None:
        self._check()

    def _on_heartbeat_timeout(self) -> None:
        self.heartbeat()

    def heartbeat(self, monotonic_now: float | None = None) -> bool:
        """Compare the wall clock with the monotonic clock; on a jump, check now. True if so."""
        wall = self._clock.now()
        steady = self._monotonic() if monotonic_now is None else monotonic_now
        last, self._last_beat = self._last_beat, (wall, steady)
        if last is None:
            return False
        wall_step = (wall - last[0]).total_seconds()
        steady_step = steady - last[1]
        late = steady_step - HEARTBEAT_MS / 1000 > JUMP_TOLERANCE_S
        if abs(wall_step - steady_step) <= JUMP_TOLERANCE_S and not late:
            return False
        self.resumed.emit()
        if self._started:
            self._check()
        return True
