"""The change-notice letter: a preview in Chinese or English, saved as PDF for the bank."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.notify.letters import LetterMail
from desktop_app.core.notify.outbox import OutboxService
from desktop_app.core.register.change_notice import ChangeNotice
from desktop_app.core.register.numbers import RegisteredNumberService
from desktop_app.ui.widgets.document_dialog import LetterPreviewDialog

if TYPE_CHECKING:  # the UI imports no database library at run time
    from desktop_app.core.storage.store import Store


class LetterDialog(LetterPreviewDialog):
    """Shows the number-change notice for one bank and writes it to PDF (or queues it to the
    bank's officers, for those who may edit the register)."""

    def __init__(
        self,
        numbers: RegisteredNumberService,
        store: Store,
        outbox: OutboxService,
        actor: Actor,
        bank_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Number-change notice"),
            lambda language: numbers.change_notice(actor, bank_id, language),
            "change-notice",
            parent,
            mail=LetterMail(store, outbox, actor, bank_id, "change_notice")
            if actor.can(Permission.EDIT_REGISTER)
            else None,
        )

    @property
    def notice(self) -> ChangeNotice | None:
        """The letter shown now, or None when the bank has nothing to notify."""
        notice: ChangeNotice | None = self.shown
        return notice
