"""What happens to an error that escaped a screen: it is logged, and shown to the person.

Editors and dialogs catch the service errors of what they do. Anything else reaches Qt's event
loop, which hands it to ``sys.excepthook``, here an :class:`ErrorHook`:

- a person's error that escaped (above all a refresh while the team server restarts, which raises
  :class:`~desktop_app.core.common.errors.ServerUnreachable`, "The team server was unreachable…
  Try again.") becomes one warning box (a second error while it is open replaces its text);
- any other exception is written to the log with its traceback and shown in the
  :class:`~desktop_app.ui.crash_dialog.CrashDialog` — a windowed build has no terminal — and then
  handed on to the previous hook (a terminal, or pytest-qt, still sees it).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.logs import redact
from desktop_app.core.local.build_info import describe_build
from desktop_app.ui.crash_dialog import CrashDialog

log = logging.getLogger(__name__)
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def crash_details(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> str:
    """The text "Copy details" copies: the build, then the traceback (secrets masked)."""
    lines = traceback.format_exception(kind, error, trace)
    return redact(f"Callback Desk — {describe_build()}\n\n" + "".join(lines))


class ErrorHook:
    """Installed as ``sys.excepthook`` while the app runs."""

    def __init__(
        self, parent: QWidget | None, log_dir: Path, previous: ExceptHook | None = None
    ) -> None:
        self._parent = parent
        self._log_dir = log_dir
        self._previous = previous or sys.excepthook
        self.box: QMessageBox | None = None
        self.crash_dialog: CrashDialog | None = None

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if isinstance(error, DeskError):
            log.warning("Error shown to the person: %s", error.text())
            self._show_person_error(error)
            return
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: not a crash
            self._previous(kind, error, trace)
            return
        log.error("Unhandled error", exc_info=(kind, error, trace))
        self._show_crash(kind, error, trace)
        self._previous(kind, error, trace)

    def _show_person_error(self, error: DeskError) -> None:
        if self.box is None:
            self.box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("Callback Desk"),
                error.text(),
                QMessageBox.StandardButton.Ok,
                self._parent,
            )
            self.box.setWindowModality(Qt.WindowModality.WindowModal)
            self.box.finished.connect(self._on_box_finished)
            self.box.open()
        else:
            self.box.setText(error.text())

    def _show_crash(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        details = crash_details(kind, error, trace)
        if self.crash_dialog is not None:  # one dialog: a burst of errors adds to its details
            self.crash_dialog.details += "\n" + details
            self.crash_dialog.details_view.setPlainText(self.crash_dialog.details)
            return
        summary = redact(f"{kind.__name__}: {error}")
        self.crash_dialog = CrashDialog(summary, details, self._log_dir, self._parent)
        self.crash_dialog.finished.connect(self._on_crash_dialog_finished)
        self.crash_dialog.open()

    def _on_box_finished(self, _result: int) -> None:
        self.box = None

    def _on_crash_dialog_finished(self, _result: int) -> None:
        if self.crash_dialog is not None:
            self.crash_dialog.deleteLater()
        self.crash_dialog = None

    def remove(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous


def show_fatal(error: BaseException, log_dir: Path) -> None:
    """Show an error that ended the app (before or after its window) and wait for the person;
    without a QApplication (Qt itself failed) there is nothing to show it with."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    details = crash_details(type(error), error, error.__traceback__)
    dialog = CrashDialog(redact(f"{type(error).__name__}: {error}"), details, log_dir, None)
    dialog.exec()


def install(parent: QWidget | None, log_dir: Path) -> Callable[[], None]:
    """Log and show escaped errors over ``parent``; returns what undoes it."""
    hook = ErrorHook(parent, log_dir)
    sys.excepthook = hook
    return hook.remove
