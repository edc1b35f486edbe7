"""Opening each page the first time shows nothing outside the main window, and the window stays
active (its shortcuts keep working).

A widget made visible before it has a parent is a top-level window for a moment: on a real
desktop its buttons flashed as separate windows and took the activation from the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController


class StrayWindows(QObject):
    """Records every top-level widget shown that is not a main window, dialog or menu."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not isinstance(watched, QMainWindow | QDialog | QMenu)
            and watched.windowType().name not in ("ToolTip", "Popup")
        ):
            text = getattr(watched, "text", lambda: "")()
            self.seen.append(f"{type(watched).__name__} {watched.objectName()!r} {text!r}")
        return False


def test_pages_opened_the_first_time_show_no_window_of_their_own(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    strays = StrayWindows()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(strays)
    inactive = []
    try:
        for row in range(window.navigation.count()):
            window.navigation.setCurrentRow(row)
            qtbot.waitUntil(lambda r=row: window.pages.currentIndex() == r)
            QApplication.processEvents()
            if QApplication.activeWindow() is not window:
                inactive.append(window.navigation.item(row).text())
                window.activateWindow()
                qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    finally:
        app.removeEventFilter(strays)
    assert not strays.seen, "\n".join(strays.seen)
    assert inactive == []
