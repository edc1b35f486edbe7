"""Work handed to a pool thread and its result handed back, with nothing left for the thread to
let go of.

A Python object dies on the thread that drops its last reference. If a pool thread drops the last
reference to a QObject that lives in the GUI thread (a signal relay, a widget a lambda holds) or to
a PySide connection, that object is torn down on the pool thread while the GUI thread may be using
it — a crash at random, long after the call that caused it. So here the GUI thread keeps
everything: the work and the callback stay in a table until the result has been delivered; the
pool thread only borrows the work, drops its own references before it posts the result, and posts
nothing but a ticket number, through one relay that lives as long as the app.

Every background call of the UI goes through :func:`start`: the operations
(:mod:`desktop_app.ui.operation`), the reminder, outbox and backup checks and the reports.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal

from desktop_app.core.common.changes import Changes
from desktop_app.ui import collector


@dataclass(frozen=True)
class Result:
    """What a call came to: its value, or the exception it raised, and the rows it wrote."""

    value: Any
    error: BaseException | None
    changes: Changes


class _Slot:
    """A call between :func:`start` and its delivery; owned by the GUI thread's table."""

    __slots__ = ("deliver", "result", "returned", "work")

    def __init__(self, work: Callable[[], Any], deliver: Callable[[Result], None]) -> None:
        self.work = work
        self.deliver = deliver
        self.result: Result | None = None
        self.returned = threading.Event()


class _Mailbox(QObject):
    """The one relay: lives in the GUI thread as long as the app; carries ticket numbers."""

    arrived = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self.on_arrived)  # queued: emitted on the pool thread

    def on_arrived(self, ticket: int) -> None:
        slot = _slots.pop(ticket, None)
        if slot is None or slot.result is None:
            return
        try:
            slot.deliver(slot.result)
        finally:
            collector.nudge()  # the call and what it delivered are garbage now


class _Ticket(QRunnable):
    """What the pool runs: it holds a number, nothing that could die with it."""

    def __init__(self, ticket: int) -> None:
        super().__init__()
        self.ticket = ticket

    def run(self) -> None:
        _execute(self.ticket)


_slots: dict[int, _Slot] = {}
_tickets = itertools.count(1)
_mailbox: _Mailbox | None = None
_pool: QThreadPool | None = None


def worker_pool() -> QThreadPool:
    """The one worker: a pool of one long-lived thread, so its calls run in order."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(-1)  # the thread lives as long as the app
    return _pool


def _mail() -> _Mailbox:
    global _mailbox
    if _mailbox is None:
        _mailbox = _Mailbox()  # made on the GUI thread, by the first start()
    return _mailbox


def start(
    work: Callable[[], Any],
    deliver: Callable[[Result], None],
    pool: QThreadPool | None = None,
) -> threading.Event:
    """Run ``work()`` on ``pool`` (the one worker by default); ``deliver(result)`` is called
    later on the GUI thread. The event returned is set once the result has been posted."""
    _mail()
    ticket = next(_tickets)
    slot = _Slot(work, deliver)
    _slots[ticket] = slot
    (pool or worker_pool()).start(_Ticket(ticket))
    return slot.returned


def _execute(ticket: int) -> None:
    """On the pool thread: run the borrowed work, park its result, post the ticket."""
    # Imported on first use: the main window paints before the database library is loaded.
    from desktop_app.core.storage.written import collect_changes

    slot: _Slot | None = _slots.get(ticket)
    if slot is None:
        return
    returned = slot.returned
    work: Callable[[], Any] | None = slot.work
    value: Any = None
    error: BaseException | None = None
    with collect_changes() as collected:
        try:
            value = work()  # type: ignore[misc]  # set just above
        except BaseException as caught:  # handed to the GUI thread, which decides
            error = caught
    slot.result = Result(value, error, collected.changes)
    # The GUI thread holds all of these still (the slot); drop ours before it can drop its own.
    # (An exception's traceback keeps this frame, so its locals must be gone, not just unused.)
    work = value = error = slot = None
    del collected
    assert _mailbox is not None
    _mailbox.arrived.emit(ticket)
    returned.set()


def pending() -> bool:
    """Whether some call has not been delivered yet."""
    return bool(_slots)


def deliver_posted() -> None:
    """Deliver the results already posted, now, without running the event loop (the app's exit
    and the tests: nothing else fires meanwhile)."""
    if _mailbox is not None:
        QCoreApplication.sendPostedEvents(_mailbox, QEvent.Type.MetaCall)
