"""The tray icon: "A bank is calling…", open, quit — and new follow-ups announced.

The menu is rebuilt each time it opens. Where the system has no tray (GNOME without an extension,
the offscreen platform) nothing is created and the window stays the way in; ``available`` says so.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop_app.core.i18n import _


class Tray(QObject):
    """The tray icon and its menu, when the system has a tray."""

    #: Emitted when the person chose "A bank is calling…".
    bank_calling = Signal()
    #: Emitted when the person asked to see the window.
    open_requested = Signal()
    #: Emitted when the person chose Quit.
    quit_requested = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._rebuild_menu)
        if self.available:
            self.icon = QSystemTrayIcon(icon, self)
            self.icon.setToolTip(_("Callback Desk"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_icon_activated)
            self.icon.show()
        self._rebuild_menu()

    def _rebuild_menu(self) -> None:
        self.menu.clear()
        calling = QAction(_("A bank is calling…"), self.menu)
        calling.triggered.connect(self.bank_calling)
        self.menu.addAction(calling)
        self.menu.addSeparator()
        opening = QAction(_("Open Callback Desk"), self.menu)
        opening.triggered.connect(self.open_requested)
        self.menu.addAction(opening)
        quitting = QAction(_("Quit"), self.menu)
        quitting.triggered.connect(self.quit_requested)
        self.menu.addAction(quitting)

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
