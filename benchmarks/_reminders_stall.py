"""How long the GUI thread's event loop stalls while the reminder scheduler checks.

The desk's ``ReminderScheduler`` runs its checks on a worker thread (``background=True``); the
same scheduler without it runs them on the GUI thread, as it did before. A precise 2 ms QTimer
stands in for the GUI: the longest gap between two of its ticks while a check runs is how long
the window could not repaint or answer a click. Both schedulers do the same checks in the same
process on the same database (the responder's, after a first sync), one after the other.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from typing import Any

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext

TICK_MS = 2


def measure_stalls(ctx: AppContext, actor: Actor, checks: int) -> dict[str, dict[str, float]]:
    """p50 and max of the longest tick gap per check, and of the check's own duration, ms."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer

    from desktop_app.ui.change_hub import ChangeHub
    from desktop_app.ui.reminders.scheduler import ReminderScheduler

    app = QCoreApplication.instance() or QCoreApplication([])
    found: dict[str, dict[str, float]] = {}
    for label, background in (("on the GUI thread", False), ("on the worker", True)):
        scheduler = ReminderScheduler(
            ctx.services.reminders, ChangeHub(), actor, ctx.clock, background=background
        )
        ticks: list[float] = []
        ticker = QTimer()
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
        ticker.start(TICK_MS)
        stalls, durations = [], []
        for _ in range(checks):
            pause = QEventLoop()
            QTimer.singleShot(20, pause.quit)  # a few quiet ticks before each check
            pause.exec()
            ticks.clear()
            started = time.perf_counter()
            scheduler.start()  # a check: here and now, or handed to the worker
            if scheduler.busy:  # on the worker: the loop runs (and ticks) until it reports
                done = QEventLoop()
                scheduler.checked.connect(done.quit)
                done.exec()
                scheduler.checked.disconnect(done.quit)
            ended = time.perf_counter()
            scheduler.stop()
            edges = [started, *ticks, ended]
            stalls.append(max(b - a for a, b in itertools.pairwise(edges)) * 1000)
            durations.append((ended - started) * 1000)
        ticker.stop()
        scheduler.shutdown()
        found[label] = {
            "stall_p50_ms": statistics.median(stalls),
            "stall_max_ms": max(stalls),
            "check_p50_ms": statistics.median(durations),
        }
    del app
    return found


def report_stalls(found: dict[str, Any]) -> None:
    print(f"\nEvent-loop stall during a check (a {TICK_MS} ms precise timer's longest gap)")
    print(f"{'scheduler':<22}{'stall p50':>11}{'stall max':>11}{'check p50':>11}")
    for label, row in found.items():
        print(
            f"{label:<22}{row['stall_p50_ms']:>11.1f}{row['stall_max_ms']:>11.1f}"
            f"{row['check_p50_ms']:>11.1f}"
        )
