"""The Banks screen: every bank with its names and calling numbers; finance staff edit them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from desktop_app.core.common.changes import Area
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.banks import BankService, BankView
from desktop_app.ui.banks.bank_dialog import BankDialog
from desktop_app.ui.banks.banks_model import BanksModel
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import run
from desktop_app.ui.widgets.list_screen import ListScreen, button_row, page_title

if TYPE_CHECKING:
    from desktop_app.core.notify.outbox import OutboxService
    from desktop_app.core.register.people import PeopleService
    from desktop_app.core.register.responders import ResponderService
    from desktop_app.core.training.service import TrainingService

#: Opens the form of a bank (None: a new one) over a parent widget (see :func:`bank_editor`).
BankEditor = Callable[[BankView | None, QWidget], BankDialog]


def bank_editor(
    hub: ChangeHub,
    actor: Actor,
    *,
    banks: BankService,
    people: PeopleService,
    responders: ResponderService,
    training: TrainingService,
    outbox: OutboxService,
) -> BankEditor:
    """The bank form the screen opens: it needs more services than the list (people, responders,
    training, outbox), so whoever builds the screen gives it this, not those services."""
    return lambda bank, parent: BankDialog(
        hub,
        actor,
        bank,
        parent,
        banks=banks,
        people=people,
        responders=responders,
        training=training,
        outbox=outbox,
    )


class BanksView(ListScreen[BankView, BanksModel]):
    """Lists banks, filtered as you type by name, alias, pinyin or calling number. It receives
    the bank service and an editor factory (#12: screens get the few services they use)."""

    AREAS = (Area.BANKS,)

    def __init__(
        self,
        banks: BankService,
        hub: ChangeHub,
        actor: Actor,
        editor: BankEditor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            hub, actor, BanksModel(), _("Banks"), stretch_column=BanksModel.ALIASES, parent=parent
        )
        self._banks = banks
        self._editor = editor
        title = page_title(_("Banks"))
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Search banks"))
        self.search_edit.setPlaceholderText(_("Name, alias, pinyin initials or a number…"))
        self.search_edit.setClearButtonEnabled(True)
        self.inactive_check = QCheckBox(_("Show inactive"))
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.inactive_check)
        self.new_button = self.make_new_button(_("New bank…"))
        self.edit_button = self.make_open_button(_("Open…"))
        self.active_button = QPushButton(_("Deactivate"), self)
        decorate(self.active_button, "deactivate")
        editable = actor.can(Permission.EDIT_REGISTER)
        self.new_button.setVisible(editable)
        self.active_button.setVisible(editable)
        buttons = button_row((self.new_button, self.edit_button, self.active_button))
        self.lay_out([title, filters], [buttons])
        self.search_edit.textChanged.connect(self.reload)
        self.inactive_check.toggled.connect(self.reload)
        self.active_button.clicked.connect(self._on_active_clicked)
        self.first_load()

    def reload(self) -> None:
        """Read the banks for the search and checkbox off the GUI thread."""
        banks, actor = self._banks, self._actor
        text, inactive = self.search_edit.text(), self.inactive_check.isChecked()
        self.read(lambda: banks.list(actor, text, include_inactive=inactive), self.model.set_rows)

    def empty_text(self) -> str:
        if self.search_edit.text():
            return _("No bank matches “{text}”.").format(text=self.search_edit.text())
        return _("No banks yet. Add the banks that lend to the company.")

    def update_actions(self) -> None:
        bank = self.selected()
        self.active_button.setText(_("Reactivate") if bank and not bank.active else _("Deactivate"))

    def open_editor(self, bank: BankView | None) -> BankDialog:
        dialog = self._editor(bank, self)
        dialog.open()
        return dialog

    def _on_active_clicked(self) -> None:
        bank = self.selected()
        if bank is None:
            return
        banks, actor = self._banks, self._actor
        run(self, self._hub, lambda: banks.set_active(actor, bank.id, not bank.active))
