"""Computing a report off the GUI thread: one run of ``ReportService.build`` on Qt's thread pool,
with its tables laid out and its summary written there too (the page only hands them to its
models and charts).

It goes through :mod:`desktop_app.ui.handover` like every background call; the result — or the
error — comes back by signal, in the GUI thread. Each run carries a number so that the page keeps
only the answer to its latest question.
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


class ReportRun:
    """One report computed on a pool thread (Qt's global pool: a long report does not hold up
    the saves on the app's one worker)."""

    def __init__(self, number: int, build: Callable[[], Prepared]) -> None:
        self.number = number
        self._build = build
        self.signals = ReportSignals()

    def start(self) -> ReportRun:
        # The handover keeps this run (and its signals) until it has reported in the GUI thread.
        handover.start(self._build, self._on_result, QThreadPool.globalInstance())
        return self

    def _on_result(self, result: Result) -> None:
        if result.error is not None:
            self.signals.report_failed.emit(self.number, result.error)
        else:
            self.signals.report_ready.emit(self.number, result.value)
