"""A training certificate on the shared document dialog: a preview in Chinese or English, "Save as
PDF…", "Print…" and "Copy for e-mail"."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.training.certificate import CertificateDocument
from desktop_app.core.training.service import TrainingService
from desktop_app.ui.widgets.document_dialog import LetterPreviewDialog


class CertificateDialog(LetterPreviewDialog):
    """Shows one certificate and writes it to PDF in the language chosen."""

    def __init__(
        self,
        training: TrainingService,
        actor: Actor,
        certificate_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Training certificate"),
            lambda language: training.certificate_document(actor, certificate_id, language),
            "certificate",
            parent,
        )
        self.setAccessibleName(_("Training certificate"))
        self.preview.setAccessibleName(_("Certificate preview"))
        self.resize(720, 640)

    @property
    def document(self) -> CertificateDocument | None:
        """The certificate shown now, or None when it could not be written."""
        document: CertificateDocument | None = self.shown
        return document

    def suggested_file_name(self) -> str:
        document = self.document
        if document is None:
            return super().suggested_file_name()
        return f"{document.title}-{document.person_name}.pdf"
