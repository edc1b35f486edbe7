"""The evidence pack of one contract on the shared document dialog: a period and a language, a
preview, "Save as PDF…" for the bank, "Print…" and "Copy for e-mail"; files that are missing or
changed since they were attached are listed below the preview."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.records.evidence_pack import EvidencePack
from desktop_app.ui.contracts.contract_dialog import from_qdate, to_qdate
from desktop_app.ui.widgets.document_dialog import LetterPreviewDialog

if TYPE_CHECKING:
    from desktop_app.core.records.evidence_pack import EvidencePackService
    from desktop_app.core.register.contracts import ContractService


class EvidencePackDialog(LetterPreviewDialog):
    """Previews the evidence pack of one contract and writes it to PDF."""

    def __init__(
        self,
        contracts: ContractService,
        evidence_packs: EvidencePackService,
        actor: Actor,
        contract_id: int,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        contract = contracts.get(actor, contract_id)
        # The period the pack covers; the date fields, made after the first preview, change it.
        period = [today - timedelta(days=365), today]

        def write(language: str) -> EvidencePack:
            since, until = period
            return evidence_packs.build(actor, contract_id, since, until, language)

        super().__init__(
            _("Evidence pack — {number}").format(number=contract.contract_number),
            write,
            "evidence-pack",
            parent,
        )
        self._period = period
        self.contract_number = contract.contract_number
        self.preview.setAccessibleName(_("Evidence pack preview"))
        self.since_edit = QDateEdit(to_qdate(period[0]))
        self.until_edit = QDateEdit(to_qdate(period[1]))
        for edit, name in ((self.since_edit, _("From")), (self.until_edit, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(formats.date_edit_pattern())
            edit.setAccessibleName(name)
        for index, widget in enumerate(
            (QLabel(_("From")), self.since_edit, QLabel(_("To")), self.until_edit)
        ):
            self._top_row.insertWidget(index, widget)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(self._on_period_changed)
        self._show_problems()
        self.resize(960, 760)

    @property
    def pack(self) -> EvidencePack | None:
        """The pack shown now, or None when it could not be written."""
        pack: EvidencePack | None = self.shown
        return pack

    def set_period(self, since: date, until: date) -> None:
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(True)
        self.since_edit.setDate(QDate(since.year, since.month, since.day))
        self.until_edit.setDate(QDate(until.year, until.month, until.day))
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(False)
        self._on_period_changed()

    def refresh(self) -> None:
        super().refresh()
        self._show_problems()

    def _show_problems(self) -> None:
        """Files missing or changed since they were attached, below the preview."""
        shown = getattr(self, "_shown", None)  # None while the base class builds the first
        if shown:
            self.message_label.setText("\n".join(shown[0].problems))

    def _on_period_changed(self) -> None:
        self._period[:] = [from_qdate(self.since_edit.date()), from_qdate(self.until_edit.date())]
        self.refresh()

    def suggested_file_name(self) -> str:
        pack = self.pack
        if pack is None:
            return super().suggested_file_name()
        return f"{pack.title}-{self.contract_number}.pdf"
