"""Passes overdue return calls on (next responder, finance manager informed) while the app runs.

Runs at start-up and then every few minutes; the service makes a second run harmless, so a desk
that slept simply catches up. Each escalation is announced to the screens and, where a tray
exists, as a notification.
"""

from __future__ import annotations

import logging
from collections.abc import Sized

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.calls import CallService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation

log = logging.getLogger(__name__)

INTERVAL_MS = 5 * 60 * 1000


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
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.run)
        # The first run, owned by the watcher so that it never fires after the watcher is gone.
        self._first_run = QTimer(self)
        self._first_run.setSingleShot(True)
        self._first_run.setInterval(2000)
        self._first_run.timeout.connect(self.run)
        #: How many follow-ups the last run passed on.
        self.last_count = 0

    def start(self) -> None:
        """Run once soon (after the window has painted), then every few minutes."""
        if not self._actor.can(Permission.LOG_CALLS):
            return
        self._first_run.start()
        self._timer.start()

    def run(self) -> Operation:
        """Escalate, off the GUI thread, what is overdue now; ``last_count`` then says how many
        follow-ups were passed on (a failure passes none on: the next run catches up)."""
        calls, actor, now = self._calls, self._actor, self._clock.now()
        operation = Operation(None, self._hub, lambda: calls.escalate_overdue(actor, now))
        return operation.errors_to(self._on_failed).success(self._on_escalated).run()

    def _on_failed(self, error: DeskError) -> None:
        log.warning("Overdue return calls not passed on this time: %s", error)
        self.last_count = 0

    def _on_escalated(self, passed_on: Sized) -> None:
        count = self.last_count = len(passed_on)
        if count:
            self.escalated.emit(
                ngettext(
                    "{count} overdue return call was passed on to the next responder.",
                    "{count} overdue return calls were passed on to the next responder.",
                    count,
                ).format(count=count)
            )
