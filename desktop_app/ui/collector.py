"""Python's cycle collector, run on the GUI thread only.

Left to itself, Python collects cycles in whichever thread happens to allocate. When that is the
operations' worker thread and the garbage holds a Qt object (a widget of a closed dialog, say),
its C++ destructor runs on the worker while it holds Qt's own locks, and waits there for the GIL
that the GUI thread holds while it waits for the same lock: the app freezes (seen in the test
suite, and possible on a desk). So automatic collection is switched off and the GUI thread
collects, with Python's own thresholds deciding which generation is due. Reference counting
still frees everything that is not in a cycle at once, on every thread.

When to look: garbage is made by work, and the app's work ends in a result handed back from the
worker (:mod:`desktop_app.ui.handover` calls :func:`nudge`), so a look follows shortly after each
one; a slow timer catches what the GUI thread made alone. An idle app is not woken up for it.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How soon after a piece of work the GUI thread looks whether a collection is due.
AFTER_WORK_MS = 250
#: How often it looks anyway (what the GUI thread allocated without the worker).
INTERVAL_MS = 60_000


class GuiThreadCollector(QObject):
    """Switches automatic collection off and collects on the GUI thread when it is due."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_WORK_MS)
        self._soon.timeout.connect(self.collect_if_due)
        self._total = 0  # objects in the oldest generation after the last full collection
        self._pending = 0  # objects moved there since (at most)

    def nudge(self) -> None:
        """Some work has ended: look soon (once, however many end meanwhile)."""
        if not self._soon.isActive():
            self._soon.start()

    def collect_if_due(self) -> int | None:
        """Collect the generation Python would have collected by now; returns it (None: none
        was due)."""
        first, second, third = gc.get_threshold()  # Python's own (the app may tune them)
        young, middle, old = gc.get_count()
        if young <= first:
            return None
        generation = 0
        if middle > second:
            generation = 1
            # Python's own rule for the oldest generation: a full collection only once the
            # objects moved there since the last one are a quarter of those it held then, or a
            # large heap (a year's report being read) is traversed again and again, stalling
            # the window each time.
            if old > third and self._pending * 4 >= self._total:
                generation = 2
        self.collect(generation)
        return generation

    def collect(self, generation: int) -> None:
        """Collect ``generation``, keeping the counts the full-collection rule needs."""
        if generation == 1:  # at most these survive into the oldest generation
            self._pending += len(gc.get_objects(0)) + len(gc.get_objects(1))
        gc.collect(generation)
        if generation == 2:
            self._total = len(gc.get_objects(2))
            self._pending = 0


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread(parent: QObject) -> GuiThreadCollector:
    """Start the collector once (on the GUI thread, with the QApplication as ``parent``)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(parent)
    return _collector


def nudge() -> None:
    """Tell the collector, if the app started one, that some work has ended."""
    if _collector is not None:
        _collector.nudge()
