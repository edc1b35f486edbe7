"""Computing a report off the GUI thread: one run of ``ReportService.build`` on Qt's thread pool,
with its tables laid out and its summary written there too (the page only hands them to its
models and charts).

It goes through :mod:`desktop_app.ui.handover` like every background call, on a thread of its
own; the result — or the error — comes back by signal, in the GUI thread. Each run carries a
number so that the page keeps only the answer to its latest question, and a run whose question
is no longer the latest by the time its turn comes is not computed at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool, Signal

from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.tables import Table
from desktop_app.ui import handover
from desktop_app.ui.handover import Result


@dataclass(frozen=True)
class Prepared:
    """A report with everything the page shows of it in words, made on the pool thread."""

    report: Report
    tables: tuple[Table, ...]
    texts: tuple[tuple[tuple[str, ...], ...], ...]  # each table's cells in words
    summary: str


class ReportSignals(QObject):
    """What a run tells the page."""

    #: Emitted with (run number, the Prepared report).
    report_ready = Signal(int, object)
    #: Emitted with (run number, the exception raised).
    report_failed = Signal(int, object)


class Latest:
    """The number of a page's latest run, read by the pool thread when a run's turn comes."""

    def __init__(self) -> None:
        self.number = 0

    def wants(self, number: int) -> bool:
        return number == self.number


_pool: QThreadPool | None = None


def reports_pool() -> QThreadPool:
    """The reports' own thread: apart from the app's one worker (a long report does not hold up
    the saves), and one report at a time — two computing at once take turns at the interpreter
    lock with the GUI thread, which then waits for both."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class ReportRun:
    """One report computed on the reports' thread; skipped if, when its turn comes, the page
    has asked a newer question (its answer would be thrown away)."""

    def __init__(self, number: int, build: Callable[[], Prepared], latest: Latest) -> None:
        self.number = number
        self._build = build
        self._latest = latest
        self.signals = ReportSignals()

    def start(self) -> ReportRun:
        number, build, latest = self.number, self._build, self._latest

        def work() -> Prepared | None:
            return build() if latest.wants(number) else None

        # The handover keeps this run (and its signals) until it has reported in the GUI thread.
        handover.start(work, self._on_result, reports_pool())
        return self

    def _on_result(self, result: Result) -> None:
        if result.error is not None:
            self.signals.report_failed.emit(self.number, result.error)
        else:
            self.signals.report_ready.emit(self.number, result.value)
