"""Wires reminders to the desktop: scheduler → alert window, tray, notification area, and back.

What the scheduler takes is routed by how much it matters: the last warning before a window and
anything missed while away go to our always-on-top window; the others to a tray message (where
messages work) — and every open reminder is listed in the main window's notification area.
Reminders whose window ended before they could be shown come once, and are listed together in
one "missed while away" alert.
Acknowledge and Snooze, wherever pressed, go to the reminder service and the change hub. The
desk also decides what closing the main window means: hide in the tray when there is one, quit
when there is none (the window never hides where nothing would bring it back).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.paths import resources_dir
from desktop_app.core.reminders.service import (
    ReminderService,
    ReminderState,
    ReminderView,
    SnoozePreset,
)
from desktop_app.core.windows.service import Occurrence
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.operation import Operation
from desktop_app.ui.reminders import notification_paths
from desktop_app.ui.reminders.alert_window import Alert, AlertWindow
from desktop_app.ui.reminders.notification_area import NotificationArea
from desktop_app.ui.reminders.scheduler import ReminderScheduler
from desktop_app.ui.style import set_tone
from desktop_app.ui.tray import Tray

KEY_PREFIX = "reminder:"
#: The one alert that lists reminders whose window ended while the app was closed.
MISSED_KEY = "missed-while-away"
#: The scheduler starts this long after the window appeared, so the first paint is not delayed.
START_DELAY_MS = 1500
SNOOZE_ALL_MINUTES = 60
ServiceErrors = DeskError  # the storage layer turns database errors into these


def alert_for(view: ReminderView) -> Alert:
    """The alert that shows a reminder (its body already names the window's times)."""
    return Alert(
        key=f"{KEY_PREFIX}{view.id}",
        title=view.title,
        body=view.body,
        when=None,
        missed=view.missed,
        can_snooze=bool(view.snooze_presets),
        snooze_presets=view.snooze_presets,
    )


def reminder_id(key: str) -> int | None:
    """The reminder's id in an alert key, or None for someone else's alert (a message…)."""
    if not key.startswith(KEY_PREFIX):
        return None
    try:
        return int(key[len(KEY_PREFIX) :])
    except ValueError:
        return None


def tray_icons() -> tuple[QIcon, QIcon]:
    """The tray's icons: quiet, and with the dot that says reminders are open."""
    try:
        folder = resources_dir() / "icons"
    except FileNotFoundError:
        return QIcon(), QIcon()
    return QIcon(str(folder / "tray.png")), QIcon(str(folder / "tray_alert.png"))


class ReminderDesk(QObject):
    """The scheduler, the alert window and the notification area of one person's session."""

    #: Emitted with a sentence for the person when something went wrong (shown in the status bar).
    problem = Signal(str)

    def __init__(
        self,
        reminders: ReminderService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        tray: Tray,
        zone: tzinfo,
        *,
        show_screen: Callable[[str], QWidget | None] | None = None,
        paths: notification_paths.NotificationPaths | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._hub = hub
        self._actor = actor
        self._tray = tray
        self._zone = zone
        self._show_screen = show_screen
        self.paths = paths or notification_paths.detect()
        self.window: MainWindow | None = None
        self.area: NotificationArea | None = None
        self.tray_status: QLabel | None = None
        self._seen: set[str] = set()  # keys of the open reminders at the last refresh
        self._beginning = False  # begin() is reading the reminders left open
        self._open: list[ReminderView] = []  # the open reminders as last read
        self._missed_titles: list[str] = []  # what the "missed while away" alert lists
        self._last_armed: object = None
        self._tray_hint_shown = False
        self._icons = tray_icons()
        # Its checks run on a worker thread; the app's exit waits for a running one.
        self.scheduler = ReminderScheduler(
            reminders, hub, actor, clock, background=True, parent=self
        )
        self.scheduler.reminders_due.connect(self._on_scheduler_reminders_due)
        self.scheduler.failed.connect(self.problem)
        self.alerts = AlertWindow()
        self.alerts.acknowledged.connect(self.acknowledge)
        self.alerts.snoozed.connect(self.snooze)
        tray.set_upcoming(self.upcoming, zone, can_open=show_screen is not None)
        tray.snooze_all_requested.connect(self.snooze_all)
        tray.window_chosen.connect(self.show_occurrence)
        self.scheduler.armed.connect(self._on_scheduler_armed)
        hub.data_changed.connect(self._on_hub_data_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.aboutToQuit.connect(self.scheduler.shutdown)
            if tray.available:  # the window hides there instead of quitting
                app.setQuitOnLastWindowClosed(False)

    # --- the main window -----------------------------------------------------------------------

    def attach_window(self, window: MainWindow) -> None:
        """Give ``window`` its notification area and close behaviour (again after a rebuild)."""
        self.window = window
        self.alerts.main_window = window
        self.area = NotificationArea()
        self.area.acknowledged.connect(self.acknowledge)
        self.area.snoozed.connect(self.snooze)
        window.add_banner(self.area)
        window.close_guard = self._close_guard_for(window)
        if not self._tray.available:
            note = _("No system tray: reminders appear in this window — keep it open.")
            self.area.set_note(note)
            self.tray_status = QLabel(_("No system tray"))
            self.tray_status.setToolTip(note)
            set_tone(self.tray_status, "caution")
            window.statusBar().addPermanentWidget(self.tray_status)
        if self.scheduler.started:  # a rebuilt window; at start-up begin() reads them
            self.area.set_alerts(alert_for(view) for view in self._open)  # at once, then anew
            self.refresh()

    def _close_guard_for(self, window: MainWindow) -> Callable[[], bool]:
        return lambda: self._on_window_close(window)

    def _on_window_close(self, window: MainWindow) -> bool:
        """True lets the window close (and the app quit); False keeps it in the tray."""
        if window is not self.window or not self._tray.available:
            return True
        window.hide()
        if not self._tray_hint_shown:
            self._tray_hint_shown = True
            self._tray.notify(
                _("Callback Desk is still running"),
                _("Reminders keep coming here. Quit from the tray icon's menu."),
            )
        return False

    # --- start ---------------------------------------------------------------------------------

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        """Begin shortly after the window has painted (0: now); see :meth:`begin`."""
        if delay_ms <= 0:
            self.begin()
        else:
            QTimer.singleShot(delay_ms, self, self.begin)

    def begin(self) -> None:
        """List the reminders still open from before, then start the scheduler (which takes
        what was missed while away first)."""
        if self.scheduler.started or self._beginning:
            return
        self._beginning = True

        def reopen(views: list[ReminderView]) -> None:
            for view in views:
                if view.urgent:  # left open when the app last ended: on top again
                    self.alerts.add(alert_for(view))
            self._beginning = False
            self.scheduler.start()

        self.refresh(reopen)

    def upcoming(self) -> list[Occurrence]:
        """The next windows for the tray (the service decides how far ahead it looks)."""
        return self._reminders.upcoming(self._actor, 5)

    # --- what fell due -------------------------------------------------------------------------

    def _on_scheduler_reminders_due(self, views: list[ReminderView]) -> None:
        quiet: list[ReminderView] = []
        ended = [view for view in views if view.state == ReminderState.EXPIRED.value]
        if ended:
            self._add_missed_summary(ended)
        for view in views:
            if view.state == ReminderState.EXPIRED.value:
                continue
            if view.urgent or view.missed:
                self.alerts.add(alert_for(view))
            else:
                quiet.append(view)
        if quiet:
            self._announce(quiet)
        self.refresh()

    def _add_missed_summary(self, views: list[ReminderView]) -> None:
        """One alert listing the reminders whose window ended unseen (added to, until dismissed)."""
        if MISSED_KEY not in self.alerts:
            self._missed_titles = []
        self._missed_titles += [view.title for view in views]
        count = len(self._missed_titles)
        self.alerts.add(
            Alert(
                key=MISSED_KEY,
                title=ngettext(
                    "{count} reminder passed while the app was closed",
                    "{count} reminders passed while the app was closed",
                    count,
                ).format(count=count),
                body="\n".join(f"• {title}" for title in self._missed_titles),
                when=None,
                missed=True,
                can_snooze=False,
            )
        )

    def _announce(self, views: list[ReminderView]) -> None:
        """A tray message where messages work; otherwise the main window asks for attention."""
        if len(views) == 1:
            title, message = views[0].title, views[0].body
        else:
            title = ngettext("{count} reminder", "{count} reminders", len(views)).format(
                count=len(views)
            )
            message = "\n".join(view.title for view in views)
        if self.paths.tray_messages and self._tray.notify(title, message):
            return
        if self.window is not None:
            QApplication.alert(self.window)

    # --- the person's answers ------------------------------------------------------------------

    def acknowledge(self, key: str) -> Operation | None:
        """Acknowledge the reminder behind ``key`` (other alerts are their owners' business),
        off the GUI thread."""
        found = reminder_id(key)
        if found is None:
            return None
        return self._answer(lambda: self._reminders.acknowledge(self._actor, found), key)

    def snooze(self, key: str, preset: str) -> Operation | None:
        found = reminder_id(key)
        if found is None:
            return None
        return self._answer(
            lambda: self._reminders.snooze(self._actor, found, SnoozePreset(preset)), key
        )

    def snooze_all(self) -> Operation:
        """Put off every open reminder for an hour (the tray's entry)."""
        return self._answer(lambda: self._reminders.snooze_all(self._actor, SNOOZE_ALL_MINUTES))

    def _answer(self, work: Callable[[], object], key: str | None = None) -> Operation:
        """Write the person's answer on the worker; the hub then refreshes the views, and a
        failure is said in the status line with the alert put back (:meth:`_report`)."""
        operation = Operation(None, self._hub, work)
        return operation.errors_to(lambda error: self._report(error, key)).run()

    def _report(self, error: Exception, key: str | None = None) -> None:
        """Say what failed and show the reminders as the database has them now: the alert
        acted on (``key``; its row is gone already) comes back on top while it is still open
        and urgent or missed — it must not vanish because writing the answer failed."""
        self.problem.emit(str(error))

        def put_back(views: list[ReminderView]) -> None:
            for view in views:
                if f"{KEY_PREFIX}{view.id}" == key and (view.urgent or view.missed):
                    self.alerts.add(alert_for(view))

        self.refresh(put_back)

    # --- keeping the views in step -------------------------------------------------------------

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.REMINDERS):
            self.refresh()

    def refresh(self, then: Callable[[list[ReminderView]], None] | None = None) -> Operation:
        """Read the open reminders off the GUI thread, show them (:meth:`_show_open`), then
        hand them to ``then``; a failed read is said in the status line (``then`` gets none)."""
        reminders, actor = self._reminders, self._actor

        def read() -> tuple[list[ReminderView], str]:
            try:
                return reminders.open_for(actor), ""
            except ServiceErrors as error:
                return [], str(error)

        def shown(read: tuple[list[ReminderView], str]) -> None:
            views, problem = read
            if problem:
                self.problem.emit(problem)
                views = []
            else:
                self._show_open(views)
            if then is not None:
                then(views)

        return Operation(None, None, read).success(shown).run()

    def _show_open(self, views: list[ReminderView]) -> None:
        """The notification area lists ``views``, the alert window drops those acted on
        elsewhere (another row, another desk), the tray icon shows a dot."""
        self._open = views
        open_keys = {f"{KEY_PREFIX}{view.id}" for view in views}
        for key in set(self.alerts.keys()) - open_keys:
            if key.startswith(KEY_PREFIX):
                self.alerts.remove(key)
        if self.area is not None:
            self.area.set_alerts(alert_for(view) for view in views)
        new = open_keys - self._seen
        self._seen = open_keys
        if new and not self._tray.available and self.window is not None:
            QApplication.alert(self.window)  # the notification area is the way in: point at it
        quiet, alerting = self._icons
        self._tray.set_icon(alerting if views else quiet)

    def _on_scheduler_armed(self, due: object) -> None:
        """Name the next window in the tray's tooltip after each check (not on mere re-arms)."""
        if due != self._last_armed and self._tray.available:
            self._tray.update_tooltip()
        self._last_armed = due

    def show_occurrence(self, occurrence: Occurrence) -> None:
        """Open the contact windows page at the chosen window's day (the tray's entries)."""
        if self._show_screen is None:
            return
        screen = self._show_screen("windows_view")
        show_month = getattr(screen, "show_month", None)
        if callable(show_month):
            day = occurrence.starts_at.astimezone(self._zone).date()
            show_month(day.year, day.month, day)
