"""Brings what the other desks commit to this desk's screens, and says whether the team server
is there.

:class:`LiveBridge` runs the Qt-free :class:`~desktop_app.core.team.live.listener.Listener` (its own
thread and connection) and hands each notification to the GUI thread through a queued signal;
there it is announced on the change hub like a local change, so every screen refreshes what it
shows (changes heard within 100 ms of each other as one). Echoes of this desk's own writes are
dropped (the hub heard them when they were made). A resynchronisation after a reconnect
announces every area. :class:`LiveStatusLabel` is the status bar's word on the connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.core.common.changes import Changes
from desktop_app.core.common.i18n import _
from desktop_app.core.team.live.payload import Origin
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.style import set_tone

if TYPE_CHECKING:  # annotations only: the UI never builds or parses a URL itself
    from sqlalchemy.engine import URL
#: Changes heard from other desks within this many milliseconds are announced together.
COALESCE_MS = 100


class LiveBridge(QObject):
    """Feeds the change hub from the other desks' notifications."""

    #: Emitted (in the GUI thread) with the Changes another desk made, after the hub heard them.
    remote_changes = Signal(object)
    #: Emitted (in the GUI thread) with True when the team server is reached, False when lost.
    connection_changed = Signal(bool)
    # From the listener's thread to ours (queued).
    _heard = Signal(object, object)
    _state = Signal(bool)

    def __init__(
        self,
        hub: ChangeHub,
        url: str | URL,
        own_token: str = "",
        parent: QObject | None = None,
        *,
        first_retry: float | None = None,
        before_announce: Callable[[Changes], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._hub = hub
        self._own_token = own_token
        # Drops this desk's caches of what another desk changed, before the screens re-read.
        self._before_announce = before_announce
        self.connected = False
        self._pending = Changes()
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._on_coalesce_timeout)
        self._heard.connect(self._on_heard, Qt.ConnectionType.QueuedConnection)
        self._state.connect(self._on_state, Qt.ConnectionType.QueuedConnection)
        # psycopg is imported with the listener, only by a desk on a team server.
        from desktop_app.core.team.live.listener import FIRST_RETRY, Listener

        retry = FIRST_RETRY if first_retry is None else first_retry
        self.listener = Listener(url, self._heard.emit, self._state.emit, first_retry=retry)

    def start(self) -> None:
        self.listener.start()

    def stop(self) -> bool:
        """Stop listening (app exit); True when the listener's thread has ended."""
        return self.listener.stop()

    def _on_heard(self, changes: Changes, origin: Origin) -> None:
        if origin.token and origin.token == self._own_token:
            return  # this desk's own write: announced here when it was made
        # A burst (another desk importing a sheet) becomes one announcement, so each screen
        # refreshes once for it rather than once per row.
        self._pending = self._pending | changes
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _on_coalesce_timeout(self) -> None:
        changes, self._pending = self._pending, Changes()
        if not changes.areas:
            return
        if self._before_announce is not None:
            self._before_announce(changes)
        self._hub.announce(changes)
        self.remote_changes.emit(changes)

    def _on_state(self, connected: bool) -> None:
        self.connected = connected
        self.connection_changed.emit(connected)


class LiveStatusLabel(QLabel):
    """ "Connected to the team server" / "Reconnecting to the team server…" in the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveStatus")
        self.set_connected(None)

    def set_connected(self, connected: bool | None) -> None:
        """True, False, or None while the first connection is being made."""
        if connected:
            self.setText("● " + _("Connected to the team server"))
            set_tone(self, "success")
            self.setToolTip(_("Changes made at other desks appear here at once."))
        elif connected is None:
            self.setText(_("Connecting to the team server…"))
            set_tone(self, "muted")
            self.setToolTip("")
        else:
            self.setText("● " + _("Reconnecting to the team server…"))
            set_tone(self, "error")
            self.setToolTip(
                _(
                    "The connection to the team server was lost. Changes made at other desks "
                    "will appear once it is back; the screens are then read again."
                )
            )
