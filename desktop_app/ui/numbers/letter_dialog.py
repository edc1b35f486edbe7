"""The change-notice letter: a preview in Chinese or English, saved as PDF for the bank."""

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

from desktop_app.core.errors import DeskError
from desktop_app.core.i18n import _, current_language
from desktop_app.core.services.change_notice import ChangeNotice
from desktop_app.core.services.facade import Services
from desktop_app.core.services.permissions import Actor
from desktop_app.ui.printing import write_pdf

LETTER_LANGUAGES = (("zh_CN", "中文"), ("en", "English"))


class LetterDialog(QDialog):
    """Shows the number-change notice for one bank and writes it to PDF."""

    def __init__(
        self, services: Services, actor: Actor, bank_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._bank_id = bank_id
        self.notice: ChangeNotice | None = None
        self.setWindowTitle(_("Number-change notice"))
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the letter"))
        for code, label in LETTER_LANGUAGES:
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(current_language()))
        )
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(_("Letter preview"))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.clicked.connect(self._on_save_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Language of the letter")))
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
        self.resize(760, 720)

    def refresh(self) -> None:
        try:
            self.notice = self._services.numbers.change_notice(
                self._actor, self._bank_id, str(self.language_combo.currentData())
            )
        except DeskError as error:
            self.notice = None
            self.preview.clear()
            self.message_label.setText(error.text())
            self.save_button.setEnabled(False)
            return
        self.preview.setHtml(self.notice.html())
        self.message_label.clear()
        self.save_button.setEnabled(True)

    def save_pdf(self, path: Path) -> Path:
        """Write the letter shown now to ``path``."""
        assert self.notice is not None
        write_pdf(self.notice.html(), path, self.notice.title)
        self.message_label.setText(_("Saved to {path}").format(path=path))
        return path

    def _on_save_clicked(self) -> None:
        if self.notice is None:
            return
        name = f"{self.notice.title}-{self.notice.bank_name}.pdf"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the letter"), str(Path.home() / name), _("PDF files (*.pdf)")
        )
        if chosen:
            self.save_pdf(Path(chosen))
