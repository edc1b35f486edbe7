"""Re-read what a screen shows off the GUI thread when the change hub says its data changed.

A screen gives :class:`BackgroundRead` two functions: ``prepare()``, called on the GUI thread,
takes what the read needs from the widgets (the text searched, the path chosen) and returns the
call to run on the worker (or None: nothing to read now); ``apply(value)`` shows the result back
on the GUI thread, where the screen keeps its selection and typed text. :meth:`request` then
reads through :class:`~desktop_app.ui.operation.Operation`, one read at a time: a request while a
read is under way reads once more after it, however many came. A screen hidden behind another
page only remembers the request and reads when shown again (:class:`ShownRefresh`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.shown_refresh import ShownRefresh


class BackgroundRead(QObject):
    """One screen's re-read: off the GUI thread, one at a time, when shown."""

    #: Emitted after a read's result was applied.
    applied = Signal()

    def __init__(
        self,
        screen: QWidget,
        prepare: Callable[[], Callable[[], Any] | None],
        apply: Callable[[Any], None],
        *,
        errors_in: QLabel | None = None,
    ) -> None:
        super().__init__(screen)
        self._screen = screen
        self._prepare = prepare
        self._apply = apply
        self._errors_in = errors_in
        #: The read under way, if any.
        self.reading: Operation | None = None
        self._again = False
        self.shown_refresh = ShownRefresh(screen, self.read_now)

    def request(self) -> None:
        """Read now if the screen is shown, else once when it is shown again."""
        self.shown_refresh.request()

    def read_now(self) -> None:
        """Start a read (or, while one runs, one more after it)."""
        if self.reading is not None:
            self._again = True
            return
        work = self._prepare()
        if work is None:
            return
        operation = Operation(self._screen, None, work).success(self._on_read)
        if self._errors_in is not None:
            operation.errors_in(self._errors_in)
        operation.finished.connect(self._on_finished)
        self.reading = operation
        operation.run()

    def _on_read(self, value: Any) -> None:
        if self._again:
            return  # a newer read follows: show that one
        self._apply(value)
        self.applied.emit()

    def _on_finished(self) -> None:
        self.reading = None
        if self._again:
            self._again = False
            self.read_now()
