"""Links this computer account to a person when nobody is linked to it yet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import ROLE_LABELS, Actor
from desktop_app.core.register.identity import IdentityService
from desktop_app.ui.style import set_tone


class WhoAmIDialog(QDialog):
    """Lists the people not yet linked to a computer account; the choice links this one."""

    #: Emitted with the Actor once the account is linked.
    person_chosen = Signal(object)

    def __init__(
        self, identity: IdentityService, os_account: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._identity = identity
        self._os_account = os_account
        self.actor: Actor | None = None
        self.setWindowTitle(_("Who are you?"))
        intro = QLabel(
            _(
                "No one is linked to the computer account “{account}” yet. Choose "
                "yourself; an administrator can change this later."
            ).format(account=os_account)
        )
        intro.setWordWrap(True)
        self.people_list = QListWidget()
        self.people_list.setAccessibleName(_("People"))
        for person in identity.unlinked_people():
            item = QListWidgetItem(f"{person.name} — {_(ROLE_LABELS[person.role])}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people_list.addItem(item)
        self.empty_label = QLabel(
            _("Everyone is already linked to a computer account. Ask an administrator to add you.")
        )
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(self.people_list.count() == 0)
        self.error_label = QLabel()
        set_tone(self.error_label, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.people_list.itemDoubleClicked.connect(self._on_buttons_accepted)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.people_list)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        if self.people_list.count():
            self.people_list.setCurrentRow(0)

    def _on_buttons_accepted(self) -> None:
        item = self.people_list.currentItem()
        if item is None:
            return
        try:
            self.actor = self._identity.link_account(
                int(item.data(Qt.ItemDataRole.UserRole)), self._os_account
            ).value
        except DeskError as error:
            self.error_label.setText(error.text())
            return
        self.person_chosen.emit(self.actor)
        self.accept()
