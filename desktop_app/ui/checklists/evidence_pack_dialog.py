"""The evidence pack of one contract: a period and a language, a preview, and a PDF for the bank."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, current_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.records.evidence_pack import EvidencePack
from desktop_app.core.services import Services
from desktop_app.ui.contracts.contract_dialog import from_qdate, to_qdate
from desktop_app.ui.printing import write_pdf
from desktop_app.ui.widgets.document_dialog import DOCUMENT_LANGUAGES


class EvidencePackDialog(QDialog):
    """Previews the evidence pack of one contract and writes it to PDF."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        contract_id: int,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._contract_id = contract_id
        self.pack: EvidencePack | None = None
        contract = services.contracts.get(actor, contract_id)
        self.contract_number = contract.contract_number
        self.setWindowTitle(_("Evidence pack — {number}").format(number=contract.contract_number))
        self.since_edit = QDateEdit(to_qdate(today - timedelta(days=365)))
        self.until_edit = QDateEdit(to_qdate(today))
        for edit, name in ((self.since_edit, _("From")), (self.until_edit, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(formats.date_edit_pattern())
            edit.setAccessibleName(name)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the pack"))
        for code, label in DOCUMENT_LANGUAGES:
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(current_language()))
        )
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(_("Evidence pack preview"))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton(_("Save as PDF…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("From")))
        top.addWidget(self.since_edit)
        top.addWidget(QLabel(_("To")))
        top.addWidget(self.until_edit)
        top.addWidget(QLabel(_("Language")))
        top.addWidget(self.language_combo)
        top.addStretch(1)
        top.addWidget(self.save_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(self.refresh)
        self.language_combo.currentIndexChanged.connect(self.refresh)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.refresh()
        self.resize(860, 760)

    def set_period(self, since: date, until: date) -> None:
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(True)
        self.since_edit.setDate(QDate(since.year, since.month, since.day))
        self.until_edit.setDate(QDate(until.year, until.month, until.day))
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.pack = self._services.evidence_packs.build(
                self._actor,
                self._contract_id,
                from_qdate(self.since_edit.date()),
                from_qdate(self.until_edit.date()),
                str(self.language_combo.currentData()),
            )
        except DeskError as error:
            self.pack = None
            self.preview.clear()
            self.message_label.setText(error.text())
            self.save_button.setEnabled(False)
            return
        self.preview.setHtml(self.pack.html())
        self.message_label.setText("\n".join(self.pack.problems))
        self.save_button.setEnabled(True)

    def save_pdf(self, path: Path) -> Path:
        """Write the pack shown now to ``path``."""
        assert self.pack is not None
        write_pdf(self.pack.html(), path, self.pack.title, self.pack.language)
        self.message_label.setText(_("Saved to {path}").format(path=path))
        return path

    def _on_save_clicked(self) -> None:
        if self.pack is None:
            return
        name = f"{self.pack.title}-{self.contract_number}.pdf"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the evidence pack"), str(Path.home() / name), _("PDF files (*.pdf)")
        )
        if chosen:
            self.save_pdf(Path(chosen))
