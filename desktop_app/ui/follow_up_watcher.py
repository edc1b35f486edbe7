"""Passes overdue return calls on (next responder, finance manager informed) while the app runs.

Runs at start-up, then at the moment the next open return call falls due (the service says when,
and a change to the follow-ups — a call logged here or at another desk — asks again), on a
resume from sleep, and at the latest every half hour (a call nobody could take is passed on once
somebody is back). The service makes a second run harmless, so a desk that slept simply catches
up. An idle desk is not woken up to poll. Each escalation is announced to the screens and, where
a tray exists, as a notification.
"""

from __future__ import annotations

import logging
from collections.abc import Sized
from datetime import datetime, timedelta

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.calls import CallService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation

log = logging.getLogger(__name__)

#: The longest the watcher waits, whatever the next due moment.
SAFETY_NET_MS = 30 * 60 * 1000
#: After a failed run (the team server away), the next try.
RETRY_MS = 5 * 60 * 1000
#: A timer fires this long after the due moment, so that the moment has surely passed.
PAST_DUE_MS = 1000


class FollowUpWatcher(QObject):
    """Escalates overdue return calls on a timer."""

    #: Emitted with a sentence for a person when follow-ups were passed on.
    escalated = Signal(str)

    def __init__(
        self,
        calls: CallService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._hub = hub
        self._actor = actor
        self._clock = clock
        self.timer = QTimer(self)  # aimed at the next due moment
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self.run)
        self._started = False
        #: The moment the next return call falls due, as last read (None: none will).
        self.next_at: datetime | None = None
        # The first run, owned by the watcher so that it never fires after the watcher is gone.
        self._first_run = QTimer(self)
        self._first_run.setSingleShot(True)
        self._first_run.setInterval(2000)
        self._first_run.timeout.connect(self.run)
        #: How many follow-ups the last run passed on.
        self.last_count = 0

    def start(self) -> None:
        """Run once soon (after the window has painted), then when the next call falls due."""
        if not self._actor.can(Permission.LOG_CALLS):
            return
        self._started = True
        self._hub.data_changed.connect(self._on_hub_data_changed)
        self._first_run.start()

    def timer_due_in(self) -> int | None:
        """Milliseconds until the timer fires (None: not armed)."""
        return self.timer.remainingTime() if self.timer.isActive() else None

    def run(self) -> Operation:
        """Escalate, off the GUI thread, what is overdue now; ``last_count`` then says how many
        follow-ups were passed on (a failure passes none on: the next run catches up)."""
        calls, actor, now = self._calls, self._actor, self._clock.now()

        def escalate() -> Outcome[tuple[Sized, datetime | None]]:
            outcome = calls.escalate_overdue(actor, now)
            return Outcome((outcome.value, calls.next_escalation_at(actor, now)), outcome.changes)

        operation = Operation(None, self._hub, escalate)
        return operation.errors_to(self._on_failed).success(self._on_escalated).run()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.FOLLOW_UPS):  # a new return call may fall due sooner
            calls, actor, now = self._calls, self._actor, self._clock.now()
            operation = Operation(None, None, lambda: calls.next_escalation_at(actor, now))
            operation.errors_to(self._on_failed).success(self._arm).run()

    def _arm(self, next_at: datetime | None) -> None:
        self.next_at = next_at
        if not self._started or not shiboken6.isValid(self.timer):  # the desk has closed
            return
        wait_ms = SAFETY_NET_MS
        if next_at is not None:
            until = (next_at - self._clock.now()) / timedelta(milliseconds=1) + PAST_DUE_MS
            wait_ms = max(0, min(int(until), SAFETY_NET_MS))
        self.timer.start(wait_ms)

    def _on_failed(self, error: DeskError) -> None:
        log.warning("Overdue return calls not passed on this time: %s", error)
        self.last_count = 0
        if self._started and shiboken6.isValid(self.timer):
            self.timer.start(RETRY_MS)

    def _on_escalated(self, result: tuple[Sized, datetime | None]) -> None:
        passed_on, next_at = result
        self._arm(next_at)
        count = self.last_count = len(passed_on)
        if count and shiboken6.isValid(self):
            self.escalated.emit(
                ngettext(
                    "{count} overdue return call was passed on to the next responder.",
                    "{count} overdue return calls were passed on to the next responder.",
                    count,
                ).format(count=count)
            )
