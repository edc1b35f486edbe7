"""Refresh a screen when it is shown, not while it is hidden behind another page.

A screen hands its refresh to :class:`ShownRefresh` and calls :meth:`ShownRefresh.request` when
the change hub says its data changed. On the page people look at, the refresh runs at once (their
own save shows immediately); on a page hidden behind another one in the main window it is only
remembered, and runs once when the page is shown again — however many changes came meanwhile.
A screen on its own (a test, a dialog) counts as shown unless it was hidden on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class ShownRefresh(QObject):
    """Runs ``refresh`` now when ``screen`` is shown, else at its next Show event."""

    def __init__(self, screen: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(screen)
        self._screen = screen
        self._refresh = refresh
        #: A refresh is owed for when the screen is shown.
        self.stale = False
        screen.installEventFilter(self)

    def hidden(self) -> bool:
        """Hidden within its window (a page behind another in a stack, a hidden tab); a
        window of its own is never "hidden" here, shown yet or not."""
        widget: QWidget | None = self._screen
        while widget is not None and not widget.isWindow():
            if widget.isHidden():
                return True
            widget = widget.parentWidget()
        return False

    def request(self) -> None:
        if self.hidden():
            self.stale = True
        else:
            self.stale = False
            self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: a collection may clear this object's attributes before Qt removes the filter
        screen = getattr(self, "_screen", None)
        if watched is screen and event.type() == QEvent.Type.Show and getattr(self, "stale", False):
            self.stale = False
            self._refresh()
        return False
