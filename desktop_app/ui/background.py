"""Blocking work off the GUI thread: a plain function on Qt's thread pool, its result by signal.

``BackgroundTask(work)`` runs ``work()`` on a pool thread; ``finished`` carries its result and
``failed`` the exception it raised, both delivered in the GUI thread (queued connections). Keep
a reference to the task until one of them arrives: it owns the signals' object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskSignals(QObject):
    """What a task tells the GUI thread."""

    #: Emitted with the function's return value.
    finished = Signal(object)
    #: Emitted with the exception the function raised.
    failed = Signal(object)


class BackgroundTask(QRunnable):
    """One call of ``work`` on a pool thread."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it (and its signals) alive until it reports
        self._work = work
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # reported to the GUI thread, which decides what to say
            self.signals.failed.emit(error)
            return
        self.signals.finished.emit(result)

    def start(self, pool: QThreadPool | None = None) -> BackgroundTask:
        """Queue the task on ``pool`` (default: Qt's global pool) and return it."""
        (pool or QThreadPool.globalInstance()).start(self)
        return self
