"""Training › Team progress: everyone's path, score and certificate, uncertified responders
flagged, and the report as an .xlsx workbook. Shown to those with the team permission; after a
change elsewhere the report is re-read off the GUI thread, when the page is shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.training.records import CertState
from desktop_app.core.training.service import TrainingService
from desktop_app.core.training.team import TeamReport
from desktop_app.ui.operation import Operation
from desktop_app.ui.training.training_models import TeamModel
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.tables import make_table


class TeamPage(QWidget):
    """The team's training progress."""

    #: Emitted after the page re-read and showed its data.
    refreshed = Signal()

    def __init__(
        self, training: TrainingService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._training = training
        self._actor = actor
        self.setAccessibleName(_("Team progress"))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warningBanner")
        self.warning_label.setWordWrap(True)
        self.model = TeamModel(self)
        self.table = make_table(_("Team progress"))
        self.table.setModel(self.model)
        self.export_button = QPushButton(_("&Export to .xlsx…"))
        self.message_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        #: Re-reads the report after a change elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show)
        self.reload()

    def reload(self) -> None:
        """Re-read the report now."""
        self._show(self._training.team_report(self._actor))

    def refresh(self) -> None:
        """Re-read after a change elsewhere: off the GUI thread, and only once shown."""
        self.background_read.request()

    def _read(self) -> Callable[[], TeamReport]:
        training, actor = self._training, self._actor
        return lambda: training.team_report(actor)

    def _show(self, report: TeamReport) -> None:
        self.model.set_rows(report.rows)
        self.table.resizeColumnsToContents()
        self.summary_label.setText(
            _(
                "Certified: {valid} · expiring within 30 days: {expiring} · expired: {expired} "
                "· not certified: {none}"
            ).format(
                valid=report.count(CertState.VALID),
                expiring=report.count(CertState.EXPIRING),
                expired=report.count(CertState.EXPIRED),
                none=report.count(CertState.NONE),
            )
        )
        flagged = report.uncertified_responders
        self.warning_label.setText(
            ngettext(
                "{count} responder has no current certificate: {names}.",
                "{count} responders have no current certificate: {names}.",
                len(flagged),
            ).format(count=len(flagged), names=", ".join(r.name for r in flagged))
        )
        self.warning_label.setVisible(bool(flagged))
        self.refreshed.emit()

    def export(self, path: Path) -> Operation:
        """Write the report to ``path`` off the GUI thread; the operation's value is the number
        of people in it, and a refusal (the file cannot be written) is said in a box."""
        training, actor = self._training, self._actor

        def show(count: int) -> None:
            said = ngettext(
                "Exported {count} person to {file}.", "Exported {count} people to {file}.", count
            )
            self.message_label.setText(said.format(count=count, file=path.name))

        operation = Operation(self, None, lambda: training.export_report(actor, path))
        return operation.success(show).lock(self.export_button).run()

    def _on_export_button_clicked(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the training report"),
            str(Path.home() / _("training-report.xlsx")),
            _("Excel workbooks (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        self.export(path)
