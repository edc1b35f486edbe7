"""Sending a letter to a bank by e-mail: its officers' addresses, the body, the PDF attached.

The letter itself (the change notice, the time-confirmation letter) is written by its own service;
the screen renders it to PDF and hands the bytes here, so that the outbox keeps exactly what was
sent. The body is the letter's own text in the letter's language, which names the responder to
call back and their number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.core.common.changes import Outcome
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.models import BankOfficer
from desktop_app.core.notify.outbox import Attachment, Draft, OutboxService
from desktop_app.core.storage.store import Store


@dataclass(frozen=True)
class LetterMail:
    """Queues one kind of letter to one bank's officers."""

    store: Store
    outbox: OutboxService
    actor: Actor
    bank_id: int
    kind: str  # change_notice, window_confirmation
    contract_id: int | None = None

    def officer_addresses(self) -> list[str]:
        """The e-mail addresses of the bank's active officers, relationship managers first."""
        self.actor.require(Permission.VIEW_REGISTER)
        with self.store.read() as session:
            rows = session.execute(
                select(BankOfficer.email, BankOfficer.role)
                .where(
                    BankOfficer.bank_id == self.bank_id,
                    BankOfficer.active.is_(True),
                    BankOfficer.email != "",
                )
                .order_by(BankOfficer.id)
            ).all()
        ordered = sorted(rows, key=lambda row: row[1] != "relationship_manager")
        return list(dict.fromkeys(email for email, _role in ordered))

    def send(
        self,
        recipients: list[str],
        title: str,
        text: str,
        pdf: bytes,
        filename: str,
        language: str,
    ) -> Outcome[int | None]:
        """Queue the letter; the same letter to the same people is queued once."""
        # The PDF differs at each rendering (its creation time); the letter's words do not.
        same = "\n".join([language, title, text, *recipients])
        digest = hashlib.sha256(same.encode("utf-8")).hexdigest()[:24]
        draft = Draft(
            channel="mail",
            kind=self.kind,
            dedupe_key=f"{self.kind}:{self.bank_id}:{digest}",
            recipients=tuple(recipients),
            subject=title,
            body=text,
            language=language,
            bank_id=self.bank_id,
            contract_id=self.contract_id,
            attachments=(Attachment(filename, "application/pdf", pdf),),
        )
        return self.outbox.queue(self.actor, draft)
