"""A training certificate: a preview in Chinese or English, saved as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
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

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, current_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.training.certificate import CertificateDocument
from desktop_app.core.training.service import TrainingService
from desktop_app.ui.printing import write_pdf

CERTIFICATE_LANGUAGES = (("zh_CN", "中文"), ("en", "English"))


class CertificateDialog(QDialog):
    """Shows one certificate and writes it to PDF in the language chosen."""

    def __init__(
        self,
        training: TrainingService,
        actor: Actor,
        certificate_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._training = training
        self._actor = actor
        self._certificate_id = certificate_id
        self.document: CertificateDocument | None = None
        self.setWindowTitle(_("Training certificate"))
        self.setAccessibleName(_("Training certificate"))
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the certificate"))
        for code, label in CERTIFICATE_LANGUAGES:
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(current_language()))
        )
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(_("Certificate preview"))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton(_("Save certificate as PDF…"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Language of the certificate")))
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
        self.language_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()
        self.resize(720, 640)

    def refresh(self) -> None:
        try:
            self.document = self._training.certificate_document(
                self._actor, self._certificate_id, str(self.language_combo.currentData())
            )
        except DeskError as error:
            self.document = None
            self.preview.clear()
            self.message_label.setText(error.text())
            self.save_button.setEnabled(False)
            return
        self.preview.setHtml(self.document.html())
        self.message_label.clear()
        self.save_button.setEnabled(True)

    def save_pdf(self, path: Path) -> Path:
        """Write the certificate shown now to ``path``."""
        assert self.document is not None
        write_pdf(
            self.document.html(),
            path,
            self.document.title,
            str(self.language_combo.currentData()),
        )
        self.message_label.setText(_("Saved to {path}").format(path=path))
        return path

    def _on_save_button_clicked(self) -> None:
        if self.document is None:
            return
        name = f"{self.document.title}-{self.document.person_name}.pdf"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the certificate"), str(Path.home() / name), _("PDF files (*.pdf)")
        )
        if chosen:
            self.save_pdf(Path(chosen))
