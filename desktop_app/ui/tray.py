"""The tray icon: the next contact windows, "A bank is calling…", snooze, open, quit.

The tooltip names the next window; the menu is rebuilt each time it opens, with the coming windows
read then (``set_upcoming``). Where the system has no tray (GNOME without an extension, the
offscreen platform) no icon is created and the window stays the way in; ``available`` says so, and
the menu is still built (for tests, and because nothing else depends on the icon).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, babel_locale_for, current_language
from desktop_app.core.windows.service import Occurrence

#: Windows' tray tooltips are cut at 127 characters.
TOOLTIP_LIMIT = 127


def short_day(occurrence_day: date) -> str:
    """ "Thu, Dec 3" / "12月3日周四": a day near enough not to need its year."""
    from babel.dates import format_skeleton

    return format_skeleton(
        "MMMEd",
        occurrence_day,
        locale=babel_locale_for(current_language()),
    )


def occurrence_label(occurrence: Occurrence, zone: tzinfo) -> str:
    """ "ICBC, Thu, Dec 3 10:00–11:00, on duty: 张三" in the organisation's time zone."""
    from desktop_app.ui.windows.occurrences_model import agenda_rows, time_range

    row = agenda_rows([occurrence], zone)[0]
    on_duty = occurrence.on_duty
    return _("{bank}, {day} {times}, on duty: {person}").format(
        bank=occurrence.bank_name,
        day=short_day(row.day),
        times=time_range(row),
        person=on_duty.name if on_duty is not None else _("nobody"),
    )


class Tray(QObject):
    """The tray icon and its menu, when the system has a tray."""

    #: Emitted when the person chose "A bank is calling…".
    bank_calling = Signal()
    #: Emitted when the person asked to see the window.
    open_requested = Signal()
    #: Emitted when the person chose Quit.
    quit_requested = Signal()
    #: Emitted when the person chose "Snooze all for an hour".
    snooze_all_requested = Signal()
    #: Emitted with the Occurrence the person chose in the menu (to show it in the calendar).
    window_chosen = Signal(object)

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        self._upcoming: Callable[[], list[Occurrence]] | None = None
        self._zone: tzinfo | None = None
        self._windows_open = False
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._rebuild_menu)
        if self.available:
            self.icon = QSystemTrayIcon(icon, self)
            self.icon.setToolTip(_("Callback Desk"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_icon_activated)
            self.icon.show()
        self._rebuild_menu()

    def set_upcoming(
        self, source: Callable[[], list[Occurrence]], zone: tzinfo, can_open: bool
    ) -> None:
        """Where the coming windows come from; ``can_open``: choosing one shows it."""
        self._upcoming = source
        self._zone = zone
        self._windows_open = can_open

    def _read_upcoming(self) -> list[Occurrence]:
        if self._upcoming is None:
            return []
        try:
            return self._upcoming()
        except DeskError:  # the tray must open even when the server is away
            return []

    def update_tooltip(self, upcoming: list[Occurrence] | None = None) -> str:
        """Name the next window in the tooltip; return the text."""
        found = self._read_upcoming() if upcoming is None else upcoming
        text = _("Callback Desk")
        if found and self._zone is not None:
            text = _("Next: {window}").format(window=occurrence_label(found[0], self._zone))
        elif self._upcoming is not None:
            text = _("Callback Desk — no contact windows coming up")
        if len(text) > TOOLTIP_LIMIT:
            text = text[: TOOLTIP_LIMIT - 1] + "…"
        if self.icon is not None:
            self.icon.setToolTip(text)
        return text

    def _rebuild_menu(self) -> None:
        self.menu.clear()
        if self._upcoming is not None:
            self._add_window_entries(self._read_upcoming())
        calling = QAction(_("A bank is calling…"), self.menu)
        calling.triggered.connect(self.bank_calling)
        self.menu.addAction(calling)
        if self._upcoming is not None:
            snooze = QAction(_("Snooze all for an hour"), self.menu)
            snooze.triggered.connect(self.snooze_all_requested)
            self.menu.addAction(snooze)
        self.menu.addSeparator()
        opening = QAction(_("Open Callback Desk"), self.menu)
        opening.triggered.connect(self.open_requested)
        self.menu.addAction(opening)
        quitting = QAction(_("Quit"), self.menu)
        quitting.triggered.connect(self.quit_requested)
        self.menu.addAction(quitting)

    def _add_window_entries(self, upcoming: list[Occurrence]) -> None:
        heading = QAction(_("Coming contact windows"), self.menu)
        heading.setEnabled(False)
        self.menu.addAction(heading)
        zone = self._zone
        if not upcoming or zone is None:
            nothing = QAction(_("No contact windows coming up"), self.menu)
            nothing.setEnabled(False)
            self.menu.addAction(nothing)
        else:
            for occurrence in upcoming:
                entry = QAction(occurrence_label(occurrence, zone), self.menu)
                entry.setEnabled(self._windows_open)
                entry.triggered.connect(self._window_callback(occurrence))
                self.menu.addAction(entry)
        self.menu.addSeparator()
        self.update_tooltip(upcoming)

    def _window_callback(self, occurrence: Occurrence) -> Callable[[], None]:
        return lambda: self.window_chosen.emit(occurrence)

    def set_icon(self, icon: QIcon) -> None:
        """Change the tray's icon (e.g. to the one that says reminders are open)."""
        if self.icon is not None:
            self.icon.setIcon(icon)

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_requested.emit()

    def notify(self, title: str, message: str) -> bool:
        """Show a system notification; False where there is no tray to show it."""
        if self.icon is None:
            return False
        self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 15000)
        return True

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
