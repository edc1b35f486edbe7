"""Settings › Database › "Copy this computer's data to the team server…": ``server move-from``
from the app, for the computer that used the embedded database until now.

After a confirmation (it says the server must be empty and that the server's owner login is
needed), the move runs through :class:`~desktop_app.ui.operation.Operation` with a progress
dialog whose Cancel stops it — nothing is then written. What it copied, or why it was refused,
is shown in the page's result line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

from desktop_app.core.common.clock import SystemClock
from desktop_app.core.common.i18n import _
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.team.move import MoveReport, move_to_server
from desktop_app.ui.operation import Operation, ProgressRelay

STEPS = 100  # the progress dialog counts in percent


class MoveToServer(QObject):
    """One move from the page: confirm, run with progress, show the result in ``result``."""

    def __init__(
        self, page: QWidget, database_file: Path, evidence_dir: Path, result: QLabel
    ) -> None:
        super().__init__(page)
        self._page = page
        self._file = database_file
        self._evidence = evidence_dir
        self._result = result
        self.confirm_box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self.operation: Operation | None = None

    def ask(self, url: str, where: str) -> QMessageBox:
        """Ask before moving to ``url`` (``where`` is how it is shown); Yes starts the move."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Copy this computer's data to the team server"),
            _(
                "Every record of this computer and its evidence files will be copied to {where}. "
                "The team server must hold no records yet (only what server init wrote), and the "
                "login above must be the one that ran server init. This computer's data is not "
                "changed. Copy now?"
            ).format(where=where),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._page,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.accepted.connect(lambda: self.start(url))
        self.confirm_box = box
        box.open()
        return box

    def start(self, url: str) -> Operation:
        """Run the move off the GUI thread, with a progress dialog that can cancel it."""
        progress = QProgressDialog(
            _("Copying this computer's data to the team server…"), _("Cancel"), 0, STEPS, self._page
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        self.progress = progress
        relay = ProgressRelay(progress)
        source, evidence = self._file, self._evidence

        def report(done: int, total: int) -> bool:
            return relay.report(done * STEPS // max(total, 1))

        def work() -> MoveReport:
            engine = make_engine(url)
            try:
                return move_to_server(
                    source, engine, SystemClock(), evidence_dir=evidence, progress=report
                )
            finally:
                engine.dispose()

        self._result.setText(_("Copying this computer's data to the team server…"))
        operation = Operation(self._page, None, work).success(self._on_moved)
        operation.errors_in(self._result)
        operation.finished.connect(progress.close)
        operation.finished.connect(relay.deleteLater)
        self.operation = operation
        return operation.run()

    def _on_moved(self, report: MoveReport) -> None:
        lines = [
            _("{rows} rows copied to the team server.").format(rows=report.rows),
            _("Evidence files sent: {sent}; missing: {missing}; altered: {altered}.").format(
                sent=report.files_sent, missing=report.files_missing, altered=report.files_altered
            ),
        ]
        lines += [
            _("Not sent (missing or altered): {name}").format(name=name) for name in report.problems
        ]
        lines.append(
            _(
                "Next: add a login for each desk, then choose Team server here with this desk's "
                "login and restart the app."
            )
        )
        self._result.setText("\n".join(lines))
