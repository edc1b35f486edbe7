"""The one way the UI runs a service call: off the GUI thread, its outcome told in one place.

``Operation(parent, hub, work)`` (Anki's ``CollectionOp`` is the idea) runs ``work`` — a service
call, usually a lambda — on the single worker thread of :func:`worker_pool`, so the window keeps
painting and answering while the database (or the team server across the network) works. Back on
the GUI thread it

* tells the change hub what the call wrote: the areas derived from the rows its transactions
  committed (:func:`desktop_app.core.storage.written.collect_changes`), joined with the
  ``Changes`` of an :class:`Outcome` the service returned, and unwraps the outcome's value;
* calls the success callback with the value;
* or shows the error, once: a :class:`ValidationError` at the form's fields (or in a box), a
  :class:`ConflictError` in the editor's conflict dialog, a lost team server as "The team server
  was unreachable; nothing was saved. Try again.", any other person's error in the form's error
  label or a box. Anything else is a bug and goes to ``sys.excepthook``.

Anything that takes longer than :data:`BUSY_AFTER_MS` shows the busy cursor and
:data:`activity`'s ``busy_changed`` (the main window's progress indication) until it ends.

Why one worker thread, not a pool: service calls then run one after the other in the order the
person asked for them (a save, then the refresh it causes), two writes never wait on each other's
SQLite lock, and a session never crosses threads. A ``QThreadPool`` with one long-lived thread is
that worker; :mod:`desktop_app.ui.handover` runs the call there and brings its result back so
that the worker thread never drops the last reference to anything the GUI thread uses.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProgressDialog, QWidget

from desktop_app.core.common.changes import Changes, Outcome
from desktop_app.core.common.errors import ConflictError, DeskError, ValidationError
from desktop_app.core.common.i18n import _
from desktop_app.ui import handover
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.handover import Result, worker_pool

#: An operation running longer than this shows the busy cursor and the progress indication.
BUSY_AFTER_MS = 500

_running: set[Operation] = set()  # kept alive until they report


def wait_for_operations(msecs: int = -1) -> bool:
    """Wait until the worker is idle (at exit, so no call is cut off halfway)."""
    return worker_pool().waitForDone(msecs)


def idle() -> bool:
    """Whether no operation is waiting to report (tests wait for it after a click)."""
    return not _running


class Activity(QObject):
    """Whether some operation has been running longer than :data:`BUSY_AFTER_MS`."""

    #: Emitted with True when the first slow operation starts showing, False when none is left.
    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.slow = 0

    def add(self) -> None:
        self.slow += 1
        if self.slow == 1:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.busy_changed.emit(True)

    def remove(self) -> None:
        self.slow -= 1
        if self.slow == 0:
            QApplication.restoreOverrideCursor()
            self.busy_changed.emit(False)


#: The app's one activity indicator.
activity = Activity()


class ProgressRelay(QObject):
    """Lets a long call report progress to a ``QProgressDialog`` and notice its Cancel button.

    ``report(done)`` is called on the worker thread: it queues the value to the dialog and
    returns False once the person pressed Cancel (the call then stops at its next step).
    """

    advanced = Signal(int)

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__()
        self._cancelled = threading.Event()
        self.advanced.connect(dialog.setValue)
        dialog.canceled.connect(self._cancelled.set)

    def report(self, done: int) -> bool:
        self.advanced.emit(done)
        return not self._cancelled.is_set()


class Operation(QObject):
    """One service call run off the GUI thread; configure, then :meth:`run`."""

    #: Emitted with the call's value (an Outcome's value) after the hub was told.
    succeeded = Signal(object)
    #: Emitted with the error after it was shown.
    failed = Signal(object)
    #: Emitted last, either way.
    finished = Signal()

    def __init__(self, parent: QWidget | None, hub: ChangeHub | None, work: Callable[[], Any]):
        super().__init__()
        self._parent = parent
        self._hub = hub
        self._work = work
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[DeskError], None] | None = None
        self._fields: Callable[[ValidationError], None] | None = None
        self._conflicts: Callable[[ConflictError], Any] | None = None
        self._label: QLabel | None = None
        self._errors_to: Callable[[DeskError], None] | None = None
        self._locked: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BUSY_AFTER_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.slow = False
        self.running = False
        #: The box an error was shown in, if it was shown in a box.
        self.error_box: QMessageBox | None = None

    # -- configuration (each returns the operation, to chain) ---------------------------------

    def success(self, callback: Callable[[Any], None]) -> Operation:
        """Call ``callback(value)`` on the GUI thread when the call succeeded."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[DeskError], None]) -> Operation:
        """Call ``callback(error)`` after a person's error was shown (to undo a tentative UI)."""
        self._on_failure = callback
        return self

    def fields(self, show: Callable[[ValidationError], None]) -> Operation:
        """Show a ValidationError with ``show`` (usually ``FieldErrors.show``), not in a box."""
        self._fields = show
        return self

    def conflicts(self, show: Callable[[ConflictError], Any]) -> Operation:
        """Show a ConflictError with ``show`` (the editor's ``ConflictResolver.show``)."""
        self._conflicts = show
        return self

    def errors_in(self, label: QLabel) -> Operation:
        """Show other person's errors in ``label`` rather than in a box."""
        self._label = label
        return self

    def errors_to(self, show: Callable[[DeskError], None]) -> Operation:
        """Show other person's errors with ``show`` (a signal to a status line) rather than in a
        box: for calls without a form, such as an alert's buttons."""
        self._errors_to = show
        return self

    def lock(self, *widgets: QWidget) -> Operation:
        """Disable ``widgets`` while the call runs (no second save while one is under way)."""
        self._locked.extend(widgets)
        return self

    # -- running ------------------------------------------------------------------------------

    def run(self) -> Operation:
        """Queue the call on the worker and return at once."""
        _running.add(self)
        self.running = True
        for widget in self._locked:
            widget.setEnabled(False)
        self._timer.start()
        handover.start(self._work, self._on_result)
        return self

    def _on_timer_timeout(self) -> None:
        if self.running:
            self.slow = True
            activity.add()

    def _end(self) -> None:
        self.running = False
        self._timer.stop()
        if self.slow:
            activity.remove()
        for widget in self._locked:
            if shiboken6.isValid(widget):
                widget.setEnabled(True)

    def _on_result(self, result: Result) -> None:
        if result.error is None:
            self._on_report_done(result.value, result.changes)
        else:
            self._on_report_failed(result.error, result.changes)

    def _on_report_done(self, value: Any, derived: Changes) -> None:
        self._end()
        changes = derived
        if isinstance(value, Outcome):
            changes = changes | value.changes
            value = value.value
        self._announce(changes)
        try:
            if self._on_success is not None and self._parent_alive():
                self._on_success(value)
            self.succeeded.emit(value)
            self.finished.emit()
        finally:
            self._release()

    def _on_report_failed(self, error: BaseException, derived: Changes) -> None:
        self._end()
        self._announce(derived)  # an earlier step of the call may have committed
        try:
            if not isinstance(error, DeskError):
                sys.excepthook(type(error), error, error.__traceback__)
                return
            if self._parent_alive():
                self._show(error)
                if self._on_failure is not None:
                    self._on_failure(error)
            self.failed.emit(error)
        finally:
            self.finished.emit()
            self._release()

    def _release(self) -> None:
        """Drop what the operation held: an editor that keeps its last operation must not be
        kept alive by it (Python would then outlive the widget Qt deleted with its parent)."""
        _running.discard(self)
        self._parent = None
        self._work = _done_already
        self._on_success = self._on_failure = self._fields = self._conflicts = None
        self._label = None
        self._errors_to = None
        self._locked = []

    def _announce(self, changes: Changes) -> None:
        if self._hub is not None and changes.areas:
            self._hub.announce(changes)

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _show(self, error: DeskError) -> None:
        """The one place a failed operation is shown."""
        if isinstance(error, ValidationError) and self._fields is not None:
            self._fields(error)
        elif isinstance(error, ConflictError) and self._conflicts is not None:
            self._conflicts(error)
        elif self._errors_to is not None:
            self._errors_to(error)
        elif self._label is not None and shiboken6.isValid(self._label):
            self._label.setText(error.text())
            self._label.show()
        else:
            self.error_box = show_error(self._parent, error.text())


def _done_already() -> None:
    """What a finished operation holds instead of its call."""


def show_error(parent: QWidget | None, text: str) -> QMessageBox:
    """A window-modal warning over ``parent`` (not blocking: the event loop keeps turning)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, _("Callback Desk"), text, QMessageBox.StandardButton.Ok, parent
    )
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def run(
    parent: QWidget | None,
    hub: ChangeHub | None,
    work: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
) -> Operation:
    """Shorthand: run ``work`` with errors in a box and ``on_success`` on the value."""
    operation = Operation(parent, hub, work)
    if on_success is not None:
        operation.success(on_success)
    return operation.run()
