"""Start-up timing marks for the benchmark (only when CALLBACK_DESK_STARTUP_PROBE is set).

Prints ``first_paint <epoch seconds>`` when the main window first paints and ``data_shown <epoch
seconds>`` when the Today view has painted its data, then quits the app. benchmarks/startup.py
reads these lines; nothing of this runs in normal use.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

ENV = "CALLBACK_DESK_STARTUP_PROBE"


def enabled() -> bool:
    return bool(os.environ.get(ENV))


class StartupProbe(QObject):
    """Watches paint events of the window (from before it is shown) and, once the database is
    open, of the Today table (:meth:`watch_data`)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._data_widget: QWidget | None = None
        self._painted = False
        self._data_ready = False
        window.installEventFilter(self)

    def watch_data(self, data_widget: QWidget, data_ready: object) -> None:
        """Mark ``data_shown`` when ``data_widget`` paints after ``data_ready`` fired."""
        self._data_widget = data_widget
        data_widget.installEventFilter(self)
        data_ready.connect(self._on_data_ready)  # type: ignore[attr-defined]

    def _on_data_ready(self) -> None:
        self._data_ready = True
        if self._data_widget is not None:
            self._data_widget.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if watched is self._window and not self._painted:
                self._painted = True
                print(f"first_paint {time.time():.6f}", file=sys.stderr, flush=True)
            elif watched is self._data_widget and self._data_ready:
                self._data_ready = False
                print(f"data_shown {time.time():.6f}", file=sys.stderr, flush=True)
                QApplication.quit()
        return False
