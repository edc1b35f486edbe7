"""Receives rings (single-instance channel, loopback listener) and opens the console on them.

Each ring is recorded through :class:`desktop_app.core.front_desk.rings.RingService`, then the
front-desk console shows it, its number routed. The window comes forward without taking the
keyboard from whoever types elsewhere, unless this desk chose that in Settings
(``ring_takes_focus``). A timer sweeps the rings nobody logged into missed calls.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Permission
from desktop_app.core.front_desk.rings import RingService, RingView, SweptRing
from desktop_app.ui.controller import DeskController
from desktop_app.ui.operation import Operation
from desktop_app.ui.ring import ring_probe
from desktop_app.ui.ring.ring_probe import RingProbe

log = logging.getLogger(__name__)

SWEEP_INTERVAL_MS = 30_000
#: The first sweep, of rings the last run left waiting: once start-up's own reads are done.
FIRST_SWEEP_MS = 5_000


class RingDesk(QObject):
    """Turns a ring's fields into a recorded ring and the console showing it."""

    #: Emitted with the RingView once the console shows the ring.
    ring_shown = Signal(object)
    #: Emitted with the translated reason when a ring could not be recorded.
    ring_refused = Signal(str)

    def __init__(self, controller: DeskController, rings: RingService, takes_focus: bool) -> None:
        super().__init__(controller)
        self._controller = controller
        self._rings = rings
        self._takes_focus = takes_focus
        self.probe = RingProbe(self) if ring_probe.enabled() else None
        # The sweep runs only while some ring waits: once soon after the start (rings left by
        # the last run), after a ring here, after another desk's call; it stops when none is left.
        self._sweeps = controller.actor.can(Permission.LOG_CALLS)
        self.sweep_timer = QTimer(self)
        self.sweep_timer.setInterval(SWEEP_INTERVAL_MS)
        self.sweep_timer.timeout.connect(self.sweep)
        if self._sweeps:
            QTimer.singleShot(FIRST_SWEEP_MS, self, self.sweep)
        controller.hub.data_changed.connect(self._on_hub_data_changed)

    def _arm_sweep(self) -> None:
        if self._sweeps and not self.sweep_timer.isActive():
            self.sweep_timer.start()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.CALLS):  # another desk's ring reaches this desk so too
            self._arm_sweep()

    def receive(self, fields: dict[str, Any], come_forward: bool = True) -> RingView | None:
        """Record the ring and show it; ``come_forward`` False keeps a minimised window so."""
        if self.probe is not None:
            ring_probe.mark("ring_received", str(fields.get("line") or ""))
        rings, actor = self._rings, self._controller.actor
        try:
            at = datetime.fromisoformat(fields["at"]) if fields.get("at") else None
            outcome = rings.ring(actor, fields["number"], fields.get("line") or "", at)
        except (DeskError, ValueError) as error:
            reason = error.text() if isinstance(error, DeskError) else str(error)
            log.warning("A ring was refused: %s", reason)
            self._say(_("A ring from the phone system was refused: {reason}").format(reason=reason))
            self.ring_refused.emit(reason)
            return None
        ring = outcome.value
        self._arm_sweep()
        self.show(ring, come_forward)
        # The other screens (the call log, Today's follow-ups) re-read once the console painted.
        QTimer.singleShot(0, self, lambda: self._controller.hub.apply(outcome))
        return ring

    def show(self, ring: RingView, come_forward: bool = True) -> None:
        """The console on ``ring``; the window forward, by this desk's choice of focus."""
        controller = self._controller
        page = controller.lazy_pages.get("front_desk_view")
        window = controller.window
        if page is None or window is None:
            return
        window.show_page(page)
        page.content()  # built on first show
        if controller.front_desk_view is None:
            return
        controller.front_desk_view.show_ring(ring)
        if self.probe is not None:  # the benchmark's mark, when the console has painted it
            self.probe.watch(controller.front_desk_view.ring_panel.ring_label, ring.line)
        if window is not None and come_forward:
            if self._takes_focus:
                controller.bring_to_front()
            else:
                window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
                if window.isMinimized() or not window.isVisible():
                    window.showNormal()
                window.raise_()
                window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)
                QApplication.alert(window)
        self.ring_shown.emit(ring)

    def sweep(self) -> Operation:
        """Turn the rings nobody logged in time into missed calls, off the GUI thread; the
        operation's value is (the rings swept, how many still wait). With none left waiting,
        the timer rests."""
        rings, actor = self._rings, self._controller.actor

        def work() -> Outcome[tuple[tuple[SweptRing, ...], int]]:
            outcome = rings.sweep(actor)
            return Outcome((outcome.value, rings.waiting(actor)), outcome.changes)

        def swept(done: tuple[tuple[SweptRing, ...], int]) -> None:
            if not done[1]:
                self.sweep_timer.stop()  # until the next ring; an idle desk is not woken for it
            else:
                self._arm_sweep()  # some still wait: look again

        def failed(error: DeskError) -> None:
            log.warning("The ring sweep failed: %s", error.text())

        operation = Operation(None, self._controller.hub, work).success(swept).errors_to(failed)
        return operation.run()

    def _say(self, message: str) -> None:
        if self._controller.window is not None:
            self._controller.window.show_status(message, 15000)
