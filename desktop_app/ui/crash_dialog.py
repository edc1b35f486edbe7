"""The dialog shown when something failed that the app did not expect.

A windowed build has no terminal, so the person sees in plain words what happened and what to
do, and can hand the details to whoever supports them: "Copy details" puts the error, its
traceback and the build on the clipboard, "Open log folder" opens the folder holding the log
file that already has all of it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the system's file manager (created first if it does not exist)."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class CrashDialog(QDialog):
    """Says that something went wrong, with the details folded under the explanation."""

    def __init__(
        self,
        summary: str,
        details: str,
        log_dir: Path,
        parent: QWidget | None,
        opener: Callable[[Path], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.log_dir = log_dir
        self._open = opener or open_folder  # tests pass a recorder instead of a file manager
        self.details = details
        self.setWindowTitle(_("Something went wrong"))
        headline = QLabel(
            _(
                "Callback Desk ran into a problem it did not expect. What you were doing may "
                "not have finished; what was already saved is safe."
            )
        )
        headline.setWordWrap(True)
        advice = QLabel(
            _(
                "Please try again. If it happens again, click “Copy details” and send them, "
                "or the log file from the log folder, to whoever supports Callback Desk."
            )
        )
        advice.setWordWrap(True)
        problem = QLabel(_("The problem: {summary}").format(summary=summary))
        problem.setWordWrap(True)
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.details_view.setMinimumHeight(140)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("Copy details"))
        self.folder_button = QPushButton(_("Open log folder"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(advice)
        layout.addWidget(problem)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Copied"))

    def _on_folder_button_clicked(self) -> None:
        self._open(self.log_dir)
