"""The reminder scheduler's database work on a thread of its own, one piece at a time.

A check (sync, escalate, take what is due) costs tens of milliseconds with a few hundred windows
— too long for the GUI thread. :class:`CheckWorker` runs a plain function on the app's one worker
thread (:func:`desktop_app.ui.handover.worker_pool`, which the saves use too, so a check never
races a save for the database) and hands its result (or the exception it raised) back to the GUI
thread by a queued signal. It
runs one function at a time: one submitted meanwhile waits until the running one has reported
(one waits at most: the one of higher rank, else the later). Each service call opens its own
session, and the engine's pool gives each thread its own connection (SQLite is opened with
``check_same_thread=False`` for that; PostgreSQL's pool is thread safe), so the worker shares
nothing with the GUI thread but the services' caches (org settings, the calendar and what it
derives), each safe to fill from two threads.

Nothing here touches a widget: :mod:`desktop_app.ui.handover` runs the function and brings its
result back, the GUI thread keeping every reference until then; unlike an
:class:`~desktop_app.ui.operation.Operation` it keeps one check at a time, replaces a waiting one
by rank, can be waited for on its own (:meth:`CheckWorker.wait`, the app's exit) and told to stop
between steps (:meth:`cancelled`).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop_app.ui import handover
from desktop_app.ui.handover import Result


class CheckWorker(QObject):
    """Runs one function at a time on a worker thread; reports in the GUI thread."""

    #: Emitted in the GUI thread with the job's name and what its function returned.
    finished = Signal(str, object)
    #: Emitted in the GUI thread with the job's name and the exception its function raised.
    failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: threading.Event | None = None  # set when the running function returned
        self._job = ""
        self._waiting: tuple[str, Callable[[], Any], int] | None = None
        self._cancel = threading.Event()

    @property
    def busy(self) -> bool:
        """True from :meth:`submit` until the last result was handed over in the GUI thread."""
        return bool(self._job) or self._waiting is not None

    def cancelled(self) -> bool:
        """For the running function: stop at the next step, the app is ending."""
        return self._cancel.is_set()

    def submit(self, job: str, work: Callable[[], Any], rank: int = 0) -> bool:
        """Start ``work()`` on a new thread, or keep it for when the running one has reported
        (replacing a waiting one of no higher rank); True when it started now."""
        if self._job:
            if self._waiting is None or rank >= self._waiting[2]:
                self._waiting = (job, work, rank)
            return False
        self._job = job
        self._cancel.clear()
        self._running = handover.start(work, functools.partial(self._on_result, job))
        return True

    def drop_waiting(self) -> None:
        """Forget the job waiting for its turn."""
        self._waiting = None

    def wait(self, timeout: float | None = None, *, cancel: bool = False) -> bool:
        """Block until the running function has returned (``cancel``: ask it to stop at its
        next step first, and drop the waiting job); True when no thread is left running. Its
        result still comes by the event loop; nothing new starts until then."""
        if cancel:
            self._cancel.set()
            self._waiting = None
        returned = self._running
        if returned is not None:
            return returned.wait(timeout)
        return True

    def deliver(self, timeout: float | None = None) -> bool:
        """Wait for the running function (and the one waiting) and hand their results over
        now, without running the event loop — nothing else fires meanwhile; True when idle
        afterwards. For tests and benchmarks."""
        while self._job:
            running = self._running
            if not self.wait(timeout):
                return False
            handover.deliver_posted()
            if self._job and self._running is running:  # its result never came (torn down)
                return False
        return not self.busy

    def _on_result(self, job: str, result: Result) -> None:
        if not shiboken6.isValid(self):
            return  # its owner was deleted while the function ran (the app is ending)
        self._job = ""
        try:
            if result.error is not None:
                self.failed.emit(job, result.error)
            else:
                self.finished.emit(job, result.value)
        finally:
            if self._waiting is not None and not self._job:
                waiting, self._waiting = self._waiting, None
                self.submit(*waiting)
