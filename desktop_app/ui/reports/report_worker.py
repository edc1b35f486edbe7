"""Computing a report off the GUI thread: one run of ``ReportService.build`` on Qt's thread pool,
with its tables laid out and its summary written there too (the page only hands them to its
models and charts).

Small and local to the Reports page on purpose (a shared helper for background operations is on
its way); the result — or the error — comes back by signal, in the GUI thread. Each run carries
a number so that the page keeps only the answer to its latest question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.tables import Table


@dataclass(frozen=True)
class Prepared:
    """A report with everything the page shows of it in words, made on the pool thread."""

    report: Report
    tables: tuple[Table, ...]
    texts: tuple[tuple[tuple[str, ...], ...], ...]  # each table's cells in words
    summary: str


# Runs under way, kept alive here until they report: the page that started one may be closed
# (and collected) while its run still works on a pool thread.
_UNDER_WAY: set[ReportRun] = set()


class ReportSignals(QObject):
    """What a run tells the page."""

    #: Emitted with (run number, the Prepared report).
    report_ready = Signal(int, object)
    #: Emitted with (run number, the exception raised).
    report_failed = Signal(int, object)


class ReportRun(QRunnable):
    """One report computed on a pool thread."""

    def __init__(self, number: int, build: Callable[[], Prepared]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the page keeps it (and its signals) until it reports
        self.number = number
        self._build = build
        self.signals = ReportSignals()

    def run(self) -> None:
        try:
            report = self._build()
        except Exception as error:  # the page decides what to say
            self.signals.report_failed.emit(self.number, error)
        else:
            self.signals.report_ready.emit(self.number, report)
        _UNDER_WAY.discard(self)

    def start(self) -> ReportRun:
        _UNDER_WAY.add(self)
        QThreadPool.globalInstance().start(self)
        return self
