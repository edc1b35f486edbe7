"""A printable document: a preview in Chinese or English, "Save as PDF…", "Print…" and "Copy for
e-mail" (the formatted text and plain text on the clipboard).

The document is built by a function of the language, so the same dialog serves the reception
card, the letters to banks, training certificates and evidence packs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QPagedPaintDevice
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

from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import N_, _, current_language
from desktop_app.core.notify.letters import LetterMail
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.printing import print_on, write_pdf

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
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self._on_print_clicked)
        self.copy_button = QPushButton(_("Copy for e-mail"))
        self.copy_button.setToolTip(_("Copy the text to paste into an e-mail"))
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        top = QHBoxLayout()
        self._top_row = top
        top.addWidget(QLabel(_("Language of the document")))
        top.addWidget(self.language_combo)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        top.addWidget(self.print_button)
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
            self._set_actions_enabled(False)
            return
        self.preview.setHtml(self.html)
        self.message_label.clear()
        self._set_actions_enabled(True)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.save_button, self.print_button, self.copy_button):
            button.setEnabled(enabled)

    def save_pdf(self, path: Path) -> Operation:
        """Write the document shown now to ``path`` (the operation's value is the path); the
        message below the preview says where, or why not.

        The pages are laid out here, on the GUI thread: Qt's fonts and text layout are not
        shared safely with a worker thread while the window paints (the worker crashed the
        app). A page or two takes a few milliseconds; the operation only reports the result
        the same way every other save does."""
        language = str(self.language_combo.currentData())
        try:
            written = write_pdf(self.html, path, self.title, language)
        except OSError as error:
            failure = ValidationError.single(
                "file",
                N_("{name} cannot be written: {reason}"),
                name=path.name,
                reason=error.strerror,
            )

            def refuse() -> Path:
                raise failure

            work: Callable[[], Path] = refuse
        else:

            def report() -> Path:
                return written

            work = report

        def saved(done: Path) -> None:
            self.message_label.setText(_("Saved to {path}").format(path=done))

        operation = Operation(self, None, work).errors_in(self.message_label)
        return operation.lock(self.save_button).success(saved).run()

    def print_to(self, device: QPagedPaintDevice) -> None:
        """Print the document shown now on ``device`` (a printer set up by the print dialog)."""
        print_on(self.html, device, self.title, str(self.language_combo.currentData()))
        self.message_label.setText(_("Sent to the printer."))

    def copy_to_clipboard(self) -> None:
        """Put the document on the clipboard, formatted and as plain text, for an e-mail."""
        data = QMimeData()
        data.setHtml(self.html)
        data.setText(self.preview.toPlainText())
        QGuiApplication.clipboard().setMimeData(data)
        self.message_label.setText(_("Copied. Paste it into an e-mail."))

    def _on_print_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def suggested_file_name(self) -> str:
        """The name the save dialog proposes for the document shown now."""
        return f"{self._file_stem}.pdf"

    def _on_save_clicked(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save as PDF"),
            str(Path.home() / self.suggested_file_name()),
            _("PDF files (*.pdf)"),
        )
        if chosen:
            self.save_pdf(Path(chosen))


class Letter(Protocol):
    """A letter the services write in one language (the change notice, the confirmation letter)."""

    @property
    def title(self) -> str: ...

    def html(self) -> str: ...


class LetterPreviewDialog(DocumentDialog):
    """A DocumentDialog of a letter written anew for each language; ``shown`` is the one on view,
    or None when it could not be written."""

    def __init__(
        self,
        window_title: str,
        write: Callable[[str], Letter],
        file_stem: str,
        parent: QWidget | None = None,
        mail: LetterMail | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        shown: list[Letter] = []  # filled while the base class builds the first preview

        def build(language: str) -> tuple[str, str]:
            shown.clear()
            letter = write(language)
            shown.append(letter)
            return letter.title, letter.html()

        super().__init__(window_title, build, file_stem, parent)
        self._shown = shown
        self._mail = mail
        self._hub = hub
        self.mail_button = QPushButton(_("Send by e-mail…"))
        self.mail_button.setToolTip(_("Send the letter to the bank's officers, the PDF attached"))
        self.mail_button.clicked.connect(self._on_mail_clicked)
        self.mail_button.setVisible(mail is not None)
        self.mail_button.setEnabled(bool(self.html))
        self._top_row.insertWidget(self._top_row.indexOf(self.copy_button), self.mail_button)

    def _set_actions_enabled(self, enabled: bool) -> None:
        super()._set_actions_enabled(enabled)
        if hasattr(self, "mail_button"):
            self.mail_button.setEnabled(enabled)

    def send_by_mail(self, addresses: str | None = None) -> Operation | None:
        """Queue the letter shown now for ``addresses`` off the GUI thread, or first ask whom
        to send to (the bank's officers proposed); the message line tells how it went."""
        from desktop_app.ui.notify.send_letter import ask_addresses, send_letter_by_mail

        mail = self._mail
        if mail is None:
            return None
        if addresses is None:
            return ask_addresses(self, mail, self.send_by_mail)
        return send_letter_by_mail(
            self,
            mail,
            self._hub,
            title=self.title,
            html=self.html,
            text=self.preview.toPlainText(),
            language=str(self.language_combo.currentData()),
            file_stem=self._file_stem,
            addresses=addresses,
            say=self.message_label.setText,
        )

    def _on_mail_clicked(self) -> None:
        self.send_by_mail()

    @property
    def shown(self) -> Any:
        return self._shown[0] if self._shown else None
