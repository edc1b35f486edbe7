"""Ring timing marks for the benchmark (only when CALLBACK_DESK_RING_PROBE is set).

Prints ``ready <epoch seconds>`` once the app listens for rings and ``ring_painted <line> <epoch
seconds>`` when the front-desk console has painted a ring with its route. benchmarks/ring.py
reads these lines; nothing of this runs in normal use.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

ENV = "CALLBACK_DESK_RING_PROBE"


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def mark(name: str, detail: str = "") -> None:
    print(f"{name} {detail} {time.time():.6f}".replace("  ", " "), file=sys.stderr, flush=True)


class RingProbe(QObject):
    """Marks the first paint of the console's ring label after each ring is shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[QWidget, str] = {}

    def watch(self, label: QWidget, line: str) -> None:
        """Mark when ``label`` (showing the ring on ``line``) next paints."""
        if label not in self._pending:
            label.installEventFilter(self)
        self._pending[label] = line
        label.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self._pending:
            mark("ring_painted", self._pending.pop(watched))
            watched.removeEventFilter(self)
        return False
