"""The contact-time confirmation letter (回访时间确认函) for one flagged occurrence: a preview in
Chinese or English, printed, saved as PDF or copied into an e-mail."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.notify.letters import LetterMail
from desktop_app.core.services import Services
from desktop_app.core.windows.letter import WindowLetter
from desktop_app.ui.widgets.document_dialog import LetterPreviewDialog


class WindowLetterDialog(LetterPreviewDialog):
    """Asks the bank to confirm a better time for the occurrence ``key``."""

    def __init__(
        self, services: Services, actor: Actor, key: str, parent: QWidget | None = None
    ) -> None:
        occurrence = services.windows.occurrence(actor, key)
        mail = None
        if occurrence is not None and actor.can(Permission.EDIT_REGISTER):
            mail = LetterMail(
                services.store,
                services.outbox,
                actor,
                occurrence.bank_id,
                "window_confirmation",
                occurrence.contract_id,
            )
        super().__init__(
            _("Confirm a better time with the bank"),
            lambda language: services.windows.confirmation_letter(actor, key, language),
            "contact-time",
            parent,
            mail=mail,
        )

    @property
    def letter(self) -> WindowLetter | None:
        """The letter shown now, or None when it could not be written."""
        letter: WindowLetter | None = self.shown
        return letter
