"""Our own small always-on-top window for what must not be missed.

It shows the last warning before a window ("be at the phone"), reminders missed while the app was
closed or the machine slept, and — in team mode — messages taken for this person at the front
desk. Unlike a system notification it always appears (no Focus Assist, no missing tray, no macOS
notification permission) and stays until each alert is acknowledged or snoozed; it asks for the
main window's attention (QApplication.alert) as alerts arrive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import _, ngettext
from desktop_app.ui.reminders.alert_row import Alert, AlertList

__all__ = ["Alert", "AlertWindow"]

WIDTH = 420
MARGIN = 16


class AlertWindow(QWidget):
    """A small window on top of every other, listing alerts until each is acted on."""

    #: Emitted with an alert's key when the person acknowledged it.
    acknowledged = Signal(str)
    #: Emitted with an alert's key and the SnoozePreset chosen.
    snoozed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.CustomizeWindowHint
            | Qt.WindowType.WindowTitleHint,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # never keeps the app alive
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
        self.setWindowTitle(_("Callback Desk — reminders"))
        #: The window whose attention is asked for when alerts arrive (the main window).
        self.main_window: QWidget | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.list = AlertList()
        self.list.acknowledged.connect(self.acknowledged)
        self.list.snoozed.connect(self.snoozed)
        self.list.changed.connect(self._on_list_changed)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.list)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll_area, 1)
        self.setFixedWidth(WIDTH)

    def add(self, alert: Alert) -> None:
        """Show ``alert`` (the same key again updates its row), bring the window up, ask for
        attention."""
        self.list.add(alert)
        self._fit()
        if not self.isVisible():
            self._place()
            self.show()
        self.raise_()
        QApplication.alert(self.main_window or self)

    def remove(self, key: str) -> None:
        self.list.remove(key)

    def keys(self) -> list[str]:
        return self.list.keys()

    def __contains__(self, key: object) -> bool:
        return key in self.list.rows

    def _on_list_changed(self) -> None:
        count = len(self.list.rows)
        self.heading.setText(
            ngettext(
                "{count} alert needs your attention", "{count} alerts need your attention", count
            ).format(count=count)
        )
        if count == 0:
            self.hide()
        else:
            self._fit()

    def _fit(self) -> None:
        """As tall as the alerts, up to two thirds of the screen (then it scrolls)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        limit = screen.availableGeometry().height() * 2 // 3 if screen else 600
        margins = self._layout.contentsMargins()
        inner = WIDTH - margins.left() - margins.right()
        rows = self.list.heightForWidth(inner)  # the labels wrap: their height follows the width
        if rows < 0:
            rows = self.list.sizeHint().height()
        chrome = margins.top() + margins.bottom() + self._layout.spacing()
        wanted = rows + self.heading.sizeHint().height() + chrome + 2
        self.resize(WIDTH, max(80, min(wanted, limit)))

    def _place(self) -> None:
        """The top-right corner of the screen, where notifications usually appear."""
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.move(area.right() - self.width() - MARGIN, area.top() + MARGIN)

    def closeEvent(self, event: QCloseEvent) -> None:
        """It has no close button; it goes away once every alert has been acted on."""
        if self.list.rows and not QApplication.closingDown():
            event.ignore()
            return
        super().closeEvent(event)
