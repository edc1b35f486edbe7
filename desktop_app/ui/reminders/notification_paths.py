"""Which ways of reaching the person work on this desktop, checked at start-up.

Reminders take every path that works: the tray icon and its messages where the system has them,
our own always-on-top window (always), and the notification area inside the main window (always).
Known limits of each system are named, so that Settings › Notifications can explain why a
message did not appear.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon

from desktop_app.core.common.i18n import N_, _


@dataclass(frozen=True)
class NotificationPath:
    """One way a reminder can reach the person, whether it works here, and what to know."""

    name: str  # msgid, translated when shown
    works: bool
    note: str = ""  # msgid, translated when shown


@dataclass(frozen=True)
class NotificationPaths:
    """What was found on this desktop."""

    tray: bool  # an icon in the system tray (menu, tooltip, hiding the window there)
    tray_messages: bool  # the tray's messages are shown (and not known to be dropped)
    paths: tuple[NotificationPath, ...]

    def texts(self) -> list[tuple[str, bool, str]]:
        """(name, works, note) in the active language."""
        return [(_(p.name), p.works, _(p.note) if p.note else "") for p in self.paths]


def detect(
    *,
    tray: bool | None = None,
    messages: bool | None = None,
    platform: str | None = None,
    system: str = sys.platform,
) -> NotificationPaths:
    """Check this desktop (the arguments replace what Qt reports, for tests)."""
    tray = QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray
    messages = QSystemTrayIcon.supportsMessages() if messages is None else messages
    platform = QGuiApplication.platformName() if platform is None else platform
    tray_note = ""
    if not tray:
        if platform == "offscreen":
            tray_note = N_("The offscreen platform (tests, benchmarks) has no tray.")
        elif system.startswith("linux"):
            tray_note = N_(
                "GNOME shows no tray icons without an extension such as AppIndicator; "
                "the window stays open instead of hiding in the tray."
            )
        else:
            tray_note = N_("This desktop has no system tray; the window stays open instead.")
    message_note = ""
    messages_work = tray and messages
    if system == "darwin":
        messages_work = False
        message_note = N_("macOS does not show the tray's messages; our own window is used.")
    elif system == "win32" and messages_work:
        message_note = N_(
            "Focus Assist (Do not disturb) may hold back these messages; urgent reminders "
            "use our own window, which it does not hide."
        )
    elif not tray:
        message_note = N_("They come from the tray icon.")
    elif not messages:
        message_note = N_("The tray here cannot show messages.")
    paths = (
        NotificationPath(N_("Icon in the system tray"), tray, tray_note),
        NotificationPath(N_("Messages from the tray icon"), messages_work, message_note),
        NotificationPath(
            N_("Our own always-on-top reminder window"),
            True,
            N_("Urgent and missed reminders; stays until acknowledged or snoozed."),
        ),
        NotificationPath(
            N_("Notification area in the main window"),
            True,
            N_("Lists every open reminder while the window is open."),
        ),
    )
    return NotificationPaths(tray, messages_work, paths)
