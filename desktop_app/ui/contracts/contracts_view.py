"""The Contracts screen: a list that filters as you type, and the buttons to edit it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.contracts import (
    LOAN_TYPES,
    STATUSES,
    ContractQuery,
    ContractService,
    ContractView,
)
from desktop_app.core.register.people import PeopleService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import ContractDialog
from desktop_app.ui.contracts.contracts_model import ContractsModel
from desktop_app.ui.operation import run
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.list_screen import ListScreen, button_row, page_title

if TYPE_CHECKING:
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.notify.outbox import OutboxService
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.register.responders import ResponderService
    from desktop_app.core.training.service import TrainingService
    from desktop_app.ui.checklists.checklist_panel import ChecklistPanel

#: Opens the form of a contract (None: a new one) over a parent widget (see
#: :func:`contract_editor`).
ContractEditor = Callable[[ContractView | None, QWidget], ContractDialog]


def contract_editor(
    hub: ChangeHub,
    actor: Actor,
    *,
    contracts: ContractService,
    banks: BankService,
    people: PeopleService,
    responders: ResponderService,
    training: TrainingService,
    org: OrgSettingsService,
    outbox: OutboxService,
    checklist_panel: Callable[[], ChecklistPanel],
) -> ContractEditor:
    """The contract form the screen opens: it needs more services than the list (banks,
    responders, training, the organisation's settings, outbox) and a maker of its checklist tab,
    so whoever builds the screen gives it this, not those services."""
    return lambda contract, parent: ContractDialog(
        hub,
        actor,
        contract,
        parent,
        contracts=contracts,
        banks=banks,
        people=people,
        responders=responders,
        training=training,
        org=org,
        outbox=outbox,
        checklist_panel=checklist_panel,
    )


class ContractsView(ListScreen[ContractView, ContractsModel]):
    """Lists contracts; finance staff create, edit and close them. It receives the contract and
    people services and an editor factory (#12: screens get the few services they use)."""

    AREAS = (Area.CONTRACTS, Area.RESPONDERS, Area.PEOPLE, Area.BANKS)

    def __init__(
        self,
        contracts: ContractService,
        people: PeopleService,
        hub: ChangeHub,
        actor: Actor,
        editor: ContractEditor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            hub,
            actor,
            ContractsModel(),
            _("Contracts"),
            stretch_column=ContractsModel.RESPONDERS,
            parent=parent,
        )
        self._contracts = contracts
        self._people = people
        self._editor = editor
        #: Re-reads the responder filter's choices after a change elsewhere, off the GUI thread.
        self.choices_read = BackgroundRead(self, self._read_responders, self._show_read_responders)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Search contracts"))
        self.search_edit.setPlaceholderText(_("Bank, short name, pinyin or contract number…"))
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        self.status_combo.addItem(_("All statuses"), "")
        for code, label in STATUSES.items():
            self.status_combo.addItem(_(label), code)
        self.status_combo.setCurrentIndex(self.status_combo.findData("active"))
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName(_("Loan type"))
        self.type_combo.addItem(_("All loan types"), "")
        for code, label in LOAN_TYPES.items():
            self.type_combo.addItem(_(label), code)
        self.responder_combo = QComboBox()
        self.responder_combo.setAccessibleName(_("Responder"))
        self.count_label = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.type_combo)
        filters.addWidget(self.responder_combo)

        self.table.setColumnHidden(
            ContractsModel.PRINCIPAL, not actor.can(Permission.VIEW_LOAN_DETAILS)
        )
        self.new_button = self.make_new_button(_("New contract…"))
        self.edit_button = self.make_open_button(_("Open…"))
        # Closing a contract means the loan was repaid; the button says so, and reopens a
        # contract marked repaid by mistake.
        self.close_button = QPushButton(_("Mark as repaid"), self)
        self.close_button.setToolTip(
            _("The loan is repaid: the contract keeps its history but leaves the active contracts.")
        )
        buttons = button_row(
            (self.new_button, self.edit_button, self.close_button), leading=self.count_label
        )
        editable = actor.can(Permission.EDIT_REGISTER)
        self.new_button.setVisible(editable)
        self.close_button.setVisible(editable)
        self.lay_out([page_title(_("Contracts")), filters], [buttons])

        self.search_edit.textChanged.connect(self.apply_filter)
        for combo in (self.status_combo, self.type_combo, self.responder_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.first_load()

    def first_load(self) -> None:
        self._fill_responders()
        self.apply_filter()

    def _fill_responders(self) -> None:
        self._show_responders(self._read_responders()())

    def _read_responders(self) -> Callable[[], list[tuple[str, int]]]:
        people, actor = self._people, self._actor
        return lambda: [(person.name, person.id) for person in people.list(actor)]

    def _show_read_responders(self, people: list[tuple[str, int]]) -> None:
        chosen = self.responder_combo.currentData()
        self._show_responders(people)
        if self.responder_combo.currentData() != chosen:  # the one chosen is gone: filter again
            self.reload()

    def _show_responders(self, people: list[tuple[str, int]]) -> None:
        current = self.responder_combo.currentData()
        self.responder_combo.blockSignals(True)
        self.responder_combo.clear()
        self.responder_combo.addItem(_("Any responder"), None)
        for name, person_id in people:
            self.responder_combo.addItem(name, person_id)
        index = self.responder_combo.findData(current)
        self.responder_combo.setCurrentIndex(max(0, index))
        self.responder_combo.blockSignals(False)

    def query(self) -> ContractQuery:
        return ContractQuery(
            text=self.search_edit.text(),
            status=self.status_combo.currentData() or None,
            loan_type=self.type_combo.currentData() or None,
            responder_id=self.responder_combo.currentData(),
        )

    def apply_filter(self) -> None:
        """Re-run the query for the current filters (first page only; more on scroll)."""
        query = self.query()
        contracts, actor = self._contracts, self._actor
        self.model.set_fetch(lambda offset, limit: contracts.search(actor, query, offset, limit))
        self.show_rows()

    def reload(self) -> None:
        self.apply_filter()

    def refresh(self) -> None:
        self.model.reload()
        self.show_rows()

    def show_rows(self) -> None:
        rows = self.model.rowCount()
        self.count_label.setText(
            _("{count}+ contracts").format(count=rows)
            if self.model.canFetchMore()
            else _("{count} contracts").format(count=rows)
        )
        super().show_rows()

    def empty_text(self) -> str:
        if self._filtered():
            return _("No contract matches these filters.")
        return _("No contracts yet. Add one with “New contract…”, or import a spreadsheet.")

    def _filtered(self) -> bool:
        query = self.query()
        return bool(query.text or query.loan_type or query.responder_id or query.status != "active")

    def changed(self, changes: Changes) -> None:
        if changes.touches(Area.PEOPLE):
            self.choices_read.request()  # off the GUI thread; when shown

    def open_editor(self, contract: ContractView | None) -> ContractDialog:
        dialog = self._editor(contract, self)
        dialog.open()
        return dialog

    def update_actions(self) -> None:
        contract = self.selected()
        repaid = contract is not None and contract.status == "closed"
        self.close_button.setText(_("Reopen") if repaid else _("Mark as repaid"))

    def _on_close_clicked(self) -> None:
        contract = self.selected()
        if contract is None:
            return
        status = "active" if contract.status == "closed" else "closed"
        contracts, actor = self._contracts, self._actor
        run(self, self._hub, lambda: contracts.set_status(actor, contract.id, status))
