""" "Send by e-mail…" for a letter preview: ask for the recipients, render the PDF, queue it.

The officers are read and the mail queued off the GUI thread (:class:`Operation`); the PDF is
rendered on it, because Qt's text documents must not be used on a worker thread."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.notify.letters import LetterMail
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.printing import write_pdf


def render_pdf(html: str, title: str) -> bytes:
    """The letter as PDF bytes, exactly as "Save as PDF…" writes it."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_pdf(html, Path(folder) / "letter.pdf", title)
        return path.read_bytes()


def split_addresses(text: str) -> list[str]:
    """Addresses typed with commas, semicolons (Outlook's habit) or spaces between them."""
    for separator in (";", "，", "；", " "):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def ask_addresses(parent: QWidget, mail: LetterMail, then: Callable[[str], object]) -> Operation:
    """Read the bank's officers off the GUI thread, then ask whom to send to (window-modal);
    ``then(addresses)`` runs when the person pressed OK."""

    def ask(officers: list[str]) -> None:
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(_("Send by e-mail"))
        dialog.setLabelText(_("To (the bank's officers; separate addresses with commas):"))
        dialog.setTextValue(", ".join(officers))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(then)
        dialog.open()

    return Operation(parent, None, mail.officer_addresses).success(ask).run()


def send_letter_by_mail(
    parent: QWidget,
    mail: LetterMail,
    hub: ChangeHub | None,
    *,
    title: str,
    html: str,
    text: str,
    language: str,
    file_stem: str,
    addresses: str,
    say: Callable[[str], None],
) -> Operation | None:
    """Queue the letter shown in ``parent`` for ``addresses`` off the GUI thread; ``say`` tells
    the person how it went. The PDF is rendered here, on the GUI thread: Qt's text documents
    must not be used on a worker. None if it could not be rendered (said)."""
    try:
        pdf = render_pdf(html, title)
    except DeskError as error:
        say(error.text())
        return None
    recipients = split_addresses(addresses)

    def queued(message_id: object) -> None:
        if message_id is None:
            say(_("This letter was already sent to these addresses."))
        else:
            say(_("Queued for sending; see the outbox in the Call log."))

    def work() -> object:
        return mail.send(recipients, title, text, pdf, f"{file_stem}.pdf", language)

    operation = Operation(parent, hub, work).errors_to(lambda error: say(error.text()))
    return operation.success(queued).run()
