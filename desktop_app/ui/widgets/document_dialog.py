"""A printable document: a preview in Chinese or English and "Save as PDF…".

The document is built by a function of the language, so the same dialog serves the reception
card and other one-page documents.
"""

from __future__ import annotations

from collections.abc import Callable
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

from desktop_app.core.errors import DeskError
from desktop_app.core.i18n import _, current_language
from desktop_app.ui.printing import write_pdf

DOCUMENT_LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
Build = Callable[[str], tuple[str, str]]  # language → (title, html)


class DocumentDialog(QDialog):
    """Previews a document and writes it to PDF."""

    def __init__(
        self, window_title: str, build: Build, file_stem: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._file_stem = file_stem
        self.title = ""
        self.html = ""
        self.setWindowTitle(window_title)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the document"))
        for code, label in DOCUMENT_LANGUAGES:
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(current_language()))
        )
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(_("Preview"))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.clicked.connect(self._on_save_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Language of the document")))
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
        self.resize(820, 720)

    def refresh(self) -> None:
        try:
            self.title, self.html = self._build(str(self.language_combo.currentData()))
        except DeskError as error:
            self.title, self.html = "", ""
            self.preview.clear()
            self.message_label.setText(error.text())
            self.save_button.setEnabled(False)
            return
        self.preview.setHtml(self.html)
        self.message_label.clear()
        self.save_button.setEnabled(True)

    def save_pdf(self, path: Path) -> Path:
        """Write the document shown now to ``path``."""
        write_pdf(self.html, path, self.title)
        self.message_label.setText(_("Saved to {path}").format(path=path))
        return path

    def _on_save_clicked(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save as PDF"),
            str(Path.home() / f"{self._file_stem}.pdf"),
            _("PDF files (*.pdf)"),
        )
        if chosen:
            self.save_pdf(Path(chosen))
