"""A person's error that escaped a screen is shown to the person, not printed as a traceback.

Editors and dialogs catch the service errors of what they do. Anything else that fails for a
reason a person can act on — above all a refresh while the team server restarts, which raises
:class:`~desktop_app.core.common.errors.ServerUnreachable` ("The team server was unreachable… Try
again.") — reaches Qt's event loop, which hands it to ``sys.excepthook``: here it becomes one
warning box (a second error while it is open replaces its text). Other exceptions go on to the
previous hook unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _


class ErrorHook:
    """Installed as ``sys.excepthook`` while the main window lives."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._previous = sys.excepthook
        self.box: QMessageBox | None = None

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if not isinstance(error, DeskError):
            self._previous(kind, error, trace)
            return
        if self.box is None:
            self.box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("Callback Desk"),
                error.text(),
                QMessageBox.StandardButton.Ok,
                self._parent,
            )
            self.box.setWindowModality(Qt.WindowModality.WindowModal)
            self.box.finished.connect(self._forget)
            self.box.open()
        else:
            self.box.setText(error.text())

    def _forget(self, _result: int) -> None:
        self.box = None

    def remove(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous


def install(parent: QWidget) -> Callable[[], None]:
    """Show escaped person's errors over ``parent``; returns what undoes it."""
    hook = ErrorHook(parent)
    sys.excepthook = hook
    return hook.remove
