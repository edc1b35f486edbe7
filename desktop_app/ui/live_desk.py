"""Team mode for one person's session: live changes from the other desks, presence, messages.

On the team server (PostgreSQL) it listens to the other desks (:class:`~desktop_app.ui.live.
LiveBridge`), keeps this desk's session alive (:class:`~desktop_app.core.team.live.heartbeat.
DeskHeartbeat`) and puts the connection state and the person's status control in the status bar.
On any database it shows the messages taken for the person (:class:`~desktop_app.ui.
message_alerts.MessageAlerts`) — on the embedded database they come from this desk's own hub.
Everything stops cleanly when the app quits.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.team.live import is_team_database
from desktop_app.core.team.live.heartbeat import DeskHeartbeat
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.live import LiveBridge, LiveStatusLabel
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.message_alerts import MessageAlerts
from desktop_app.ui.presence_button import PresenceButton
from desktop_app.ui.reminders.alert_window import AlertWindow
from desktop_app.ui.tray import Tray


class LiveDesk(QObject):
    """Live updates, presence and messages for the person at this desk."""

    def __init__(
        self,
        ctx: AppContext,
        hub: ChangeHub,
        actor: Actor,
        alerts: AlertWindow | None,
        tray: Tray | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._hub = hub
        self._actor = actor
        self.team = is_team_database(ctx.engine)
        self.window: MainWindow | None = None
        self.status_label: LiveStatusLabel | None = None
        self.presence_button: PresenceButton | None = None
        self.bridge: LiveBridge | None = None
        self.heartbeat: DeskHeartbeat | None = None
        self.connected: bool | None = None  # None until the first connection attempt ends
        if self.team:
            token = ctx.publisher.origin.token if ctx.publisher is not None else ""
            self.bridge = LiveBridge(
                hub, ctx.engine.url, token, self, before_announce=self._forget_caches
            )
            self.bridge.connection_changed.connect(self._on_bridge_connection_changed)
            if actor.person_id is not None:
                desk = ctx.services.store.desk
                self.heartbeat = DeskHeartbeat(ctx.services.presence, actor, desk)
        zone = ZoneInfo(ctx.services.org.get().timezone)
        self.messages = (
            MessageAlerts(ctx.services.messages, hub, actor, alerts, tray, zone, self)
            if alerts is not None
            else None
        )
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def attach_window(self, window: MainWindow) -> None:
        """Put the connection state and the status control in ``window``'s status bar."""
        self.window = window
        if not self.team:
            return
        self.status_label = LiveStatusLabel()
        self.status_label.set_connected(self.connected)
        window.statusBar().addPermanentWidget(self.status_label)
        if self._actor.person_id is not None:
            self.presence_button = PresenceButton(
                self._ctx.services.presence, self._hub, self._actor
            )
            self.presence_button.failed.connect(self._on_presence_failed)
            window.statusBar().addPermanentWidget(self.presence_button)

    def start(self) -> None:
        """Listen, open the desk session, and show the messages already waiting."""
        if self.bridge is not None:
            self.bridge.start()
        if self.heartbeat is not None:
            self.heartbeat.start()
        if self.messages is not None:
            self.messages.refresh()

    def stop(self) -> None:
        """Stop listening and close the desk session (the person goes offline at once)."""
        if self.bridge is not None:
            self.bridge.stop()
        if self.heartbeat is not None:
            self.heartbeat.stop()

    def _forget_caches(self, changes: Changes) -> None:
        """Another desk changed the calendar or the settings: read them again (a resync after a
        lost connection touches every area)."""
        services = self._ctx.services
        if changes.touches(Area.CALENDAR):
            services.calendar.forget()
        if changes.touches(Area.SETTINGS):
            services.org.forget()

    def _on_bridge_connection_changed(self, connected: bool) -> None:
        self.connected = connected
        if self.status_label is not None:
            self.status_label.set_connected(connected)

    def _on_presence_failed(self, message: str) -> None:
        if self.window is not None:
            self.window.show_status(message, 15000)
