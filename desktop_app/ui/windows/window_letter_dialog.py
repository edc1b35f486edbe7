"""The contact-time confirmation letter (回访时间确认函) for one flagged occurrence: a preview in
Chinese or English, printed, saved as PDF or copied into an e-mail."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.notify.letters import LetterMail
from desktop_app.core.windows.letter import WindowLetter
from desktop_app.ui.widgets.document_dialog import LetterPreviewDialog

if TYPE_CHECKING:
    from desktop_app.core.windows.service import WindowService

#: Makes the e-mail of a letter: for an actor, to a bank's officers, the kind of letter, about a
#: contract or none (``LetterMail`` over the store and the outbox).
LetterMailMaker = Callable[[Actor, int, str, int | None], LetterMail]


class WindowLetterDialog(LetterPreviewDialog):
    """Asks the bank to confirm a better time for the occurrence ``key``."""

    def __init__(
        self,
        windows: WindowService,
        letter_mail: LetterMailMaker,
        actor: Actor,
        key: str,
        parent: QWidget | None = None,
    ) -> None:
        occurrence = windows.occurrence(actor, key)
        mail = None
        if occurrence is not None and actor.can(Permission.EDIT_REGISTER):
            mail = letter_mail(
                actor, occurrence.bank_id, "window_confirmation", occurrence.contract_id
            )
        super().__init__(
            _("Confirm a better time with the bank"),
            lambda language: windows.confirmation_letter(actor, key, language),
            "contact-time",
            parent,
            mail=mail,
        )

    @property
    def letter(self) -> WindowLetter | None:
        """The letter shown now, or None when it could not be written."""
        letter: WindowLetter | None = self.shown
        return letter
