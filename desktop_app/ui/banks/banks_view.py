"""The Banks screen: every bank with its names and calling numbers; finance staff edit them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.banks import BankService, BankView
from desktop_app.core.services import Services
from desktop_app.ui.banks.bank_dialog import BankDialog
from desktop_app.ui.banks.banks_model import BanksModel
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import run
from desktop_app.ui.widgets.shown_refresh import ShownRefresh
from desktop_app.ui.widgets.tables import make_table

#: Opens the form of a bank (None: a new one) over a parent widget (see :func:`bank_editor`).
BankEditor = Callable[[BankView | None, QWidget], BankDialog]


def bank_editor(services: Services, hub: ChangeHub, actor: Actor) -> BankEditor:
    """The bank form the screen opens: it needs more services than the list (people, outbox,
    responders), so whoever builds the screen gives it this, not the whole ``Services``."""
    return lambda bank, parent: BankDialog(services, hub, actor, bank, parent)


class BanksView(QWidget):
    """Lists banks, filtered as you type by name, alias, pinyin or calling number. It receives
    the bank service and an editor factory (#12: screens get the few services they use)."""

    def __init__(
        self,
        banks: BankService,
        hub: ChangeHub,
        actor: Actor,
        editor: BankEditor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._banks = banks
        self._editor = editor
        self._hub = hub
        self._actor = actor
        title = QLabel(_("Banks"))
        title.setObjectName("pageTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Search banks"))
        self.search_edit.setPlaceholderText(_("Name, alias, pinyin initials or a number…"))
        self.search_edit.setClearButtonEnabled(True)
        self.inactive_check = QCheckBox(_("Show inactive"))
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.inactive_check)
        self.model = BanksModel(self)
        self.table = make_table(_("Banks"), stretch_column=BanksModel.ALIASES)
        self.table.setModel(self.model)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.new_button = QPushButton(_("New bank…"), self)
        decorate(self.new_button, "new")
        self.edit_button = QPushButton(_("Open…"))
        decorate(self.edit_button, "open")
        self.active_button = QPushButton(_("Deactivate"), self)
        decorate(self.active_button, "deactivate")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.edit_button, self.active_button):
            buttons.addWidget(button)
        editable = actor.can(Permission.EDIT_REGISTER)
        self.new_button.setVisible(editable)
        self.active_button.setVisible(editable)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.search_edit.textChanged.connect(self.reload)
        self.inactive_check.toggled.connect(self.reload)
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.active_button.clicked.connect(self._on_active_clicked)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_selection_changed)
        #: Refreshes on a change only while shown; a hidden page catches up when shown.
        self.shown_refresh = ShownRefresh(self, self.reload)
        hub.data_changed.connect(self._on_hub_data_changed)
        self.reload()

    def reload(self) -> None:
        banks = self._banks.list(
            self._actor, self.search_edit.text(), include_inactive=self.inactive_check.isChecked()
        )
        self.model.set_rows(banks)
        self.empty_label.setText(
            _("No bank matches “{text}”.").format(text=self.search_edit.text())
            if self.search_edit.text()
            else _("No banks yet. Add the banks that lend to the company.")
        )
        self.empty_label.setVisible(not banks)
        self.table.setVisible(bool(banks))
        self.table.resizeColumnsToContents()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.BANKS):
            self.shown_refresh.request()

    def selected(self) -> BankView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_editor(self, bank: BankView | None) -> BankDialog:
        dialog = self._editor(bank, self)
        dialog.open()
        return dialog

    def _on_edit_clicked(self) -> None:
        bank = self.selected()
        if bank is not None:
            self.open_editor(bank)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_editor(self.model.row_at(index.row()))

    def _on_selection_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        bank = self.model.row_at(current.row()) if current.isValid() else None
        self.active_button.setText(_("Reactivate") if bank and not bank.active else _("Deactivate"))

    def _on_active_clicked(self) -> None:
        bank = self.selected()
        if bank is None:
            return
        banks, actor = self._banks, self._actor
        run(self, self._hub, lambda: banks.set_active(actor, bank.id, not bank.active))
