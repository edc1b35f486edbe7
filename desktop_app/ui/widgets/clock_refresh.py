"""Re-reads a page on a slow timer while somebody can see it, and not otherwise.

Some pages change with the clock alone ("available now", today's duties): they re-read every few
minutes. A desk that sits in the tray all day would do that work for nobody, and wake up for it.
So a tick while the page is off screen (another page shown, the window hidden in the tray or
minimised) only marks the page stale and stops the timer; the page re-reads the moment it is on
screen again, and the timer runs from there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

#: The events after which a stale page may have come on screen.
_SHOWN = (QEvent.Type.Show, QEvent.Type.WindowStateChange, QEvent.Type.WindowActivate)


class ClockRefresh(QObject):
    """Calls ``refresh`` every ``interval_ms`` while ``page`` is on screen."""

    def __init__(self, page: QWidget, interval_ms: int, refresh: Callable[[], None]) -> None:
        super().__init__(page)
        self._page = page
        self._refresh = refresh
        #: A tick fell while the page was off screen: it re-reads when it is shown.
        self.stale = False
        self._window: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()
        page.installEventFilter(self)

    def on_screen(self) -> bool:
        """Whether somebody could see the page now."""
        return self._page.isVisible() and not self._page.window().isMinimized()

    def _on_timer_timeout(self) -> None:
        if self.on_screen():
            self._refresh()
            return
        self.stale = True
        self.timer.stop()  # nothing to do until the page is back on screen
        window = self._page.window()
        if window is not self._page and window is not self._window:
            if self._window is not None:
                self._window.removeEventFilter(self)
            self._window = window
            window.installEventFilter(self)  # restored from minimised: no Show reaches the page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: a collection may clear this object's attributes before Qt removes the filter
        if getattr(self, "stale", False) and event.type() in _SHOWN:
            QTimer.singleShot(0, self, self._refresh_if_back)  # once the event has been handled
        return False

    def _refresh_if_back(self) -> None:
        if self.stale and self.on_screen():
            self.stale = False
            self.timer.start()
            self._refresh()
