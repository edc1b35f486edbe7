""" "Send by e-mail…" for a letter preview: ask for the recipients, render the PDF, queue it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.notify.letters import LetterMail
from desktop_app.ui.change_hub import ChangeHub
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
    addresses: str | None = None,
) -> str:
    """Queue the letter shown in ``parent``; returns what to tell the person."""
    if addresses is None:
        chosen, ok = QInputDialog.getText(
            parent,
            _("Send by e-mail"),
            _("To (the bank's officers; separate addresses with commas):"),
            QLineEdit.EchoMode.Normal,
            ", ".join(mail.officer_addresses()),
        )
        if not ok:
            return ""
        addresses = chosen
    try:
        outcome = mail.send(
            split_addresses(addresses),
            title,
            text,
            render_pdf(html, title),
            f"{file_stem}.pdf",
            language,
        )
    except DeskError as error:
        return error.text()
    if hub is not None:
        hub.apply(outcome)
    if outcome.value is None:
        return _("This letter was already sent to these addresses.")
    return _("Queued for sending; see the outbox in the Call log.")
