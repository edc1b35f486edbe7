"""The Contracts screen: a list that filters as you type, and the buttons to edit it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
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
from desktop_app.core.register.contracts import LOAN_TYPES, STATUSES, ContractQuery, ContractView
from desktop_app.core.services import Services
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import ContractDialog
from desktop_app.ui.contracts.contracts_model import ContractsModel
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import run
from desktop_app.ui.widgets.shown_refresh import ShownRefresh
from desktop_app.ui.widgets.tables import make_table

AREAS = (Area.CONTRACTS, Area.RESPONDERS, Area.PEOPLE, Area.BANKS)


class ContractsView(QWidget):
    """Lists contracts; finance staff create, edit and close them."""

    def __init__(
        self, services: Services, hub: ChangeHub, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._hub = hub
        self._actor = actor
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

        self.model = ContractsModel(self)
        self.table = make_table(_("Contracts"), stretch_column=ContractsModel.RESPONDERS)
        self.table.setModel(self.model)
        self.table.setColumnHidden(
            ContractsModel.PRINCIPAL, not actor.can(Permission.VIEW_LOAN_DETAILS)
        )
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.new_button = QPushButton(_("New contract…"), self)
        decorate(self.new_button, "new")
        self.edit_button = QPushButton(_("Open…"))
        decorate(self.edit_button, "open")
        # Closing a contract means the loan was repaid; the button says so, and reopens a
        # contract marked repaid by mistake.
        self.close_button = QPushButton(_("Mark as repaid"), self)
        self.close_button.setToolTip(
            _("The loan is repaid: the contract keeps its history but leaves the active contracts.")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        for button in (self.new_button, self.edit_button, self.close_button):
            buttons.addWidget(button)
        editable = actor.can(Permission.EDIT_REGISTER)
        self.new_button.setVisible(editable)
        self.close_button.setVisible(editable)

        title = QLabel(_("Contracts"))
        title.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

        self.search_edit.textChanged.connect(self.apply_filter)
        for combo in (self.status_combo, self.type_combo, self.responder_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().currentChanged.connect(self._on_table_current_changed)
        #: Refreshes on a change only while shown; a hidden page catches up when shown.
        self.shown_refresh = ShownRefresh(self, self._refresh_list)
        hub.data_changed.connect(self._on_hub_data_changed)
        self._fill_responders()
        self.apply_filter()

    def _fill_responders(self) -> None:
        current = self.responder_combo.currentData()
        self.responder_combo.blockSignals(True)
        self.responder_combo.clear()
        self.responder_combo.addItem(_("Any responder"), None)
        for person in self._services.people.list(self._actor):
            self.responder_combo.addItem(person.name, person.id)
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
        self.model.set_fetch(
            lambda offset, limit: self._services.contracts.search(self._actor, query, offset, limit)
        )
        self._after_load()

    def _after_load(self) -> None:
        rows = self.model.rowCount()
        more = self.model.canFetchMore()
        self.count_label.setText(
            _("{count}+ contracts").format(count=rows)
            if more
            else _("{count} contracts").format(count=rows)
        )
        self.empty_label.setText(
            _("No contract matches these filters.")
            if self._filtered()
            else _("No contracts yet. Add one with “New contract…”, or import a spreadsheet.")
        )
        self.empty_label.setVisible(rows == 0)
        self.table.setVisible(rows > 0)
        if rows:
            self.table.resizeColumnsToContents()

    def _filtered(self) -> bool:
        query = self.query()
        return bool(query.text or query.loan_type or query.responder_id or query.status != "active")

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.PEOPLE):
            self._fill_responders()
        if changes.touches(*AREAS):
            self.shown_refresh.request()

    def _refresh_list(self) -> None:
        self.model.reload()
        self._after_load()

    def selected(self) -> ContractView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_editor(self, contract: ContractView | None) -> ContractDialog:
        dialog = ContractDialog(self._services, self._hub, self._actor, contract, self)
        dialog.open()
        return dialog

    def _on_new_clicked(self) -> None:
        self.open_editor(None)

    def _on_edit_clicked(self) -> None:
        contract = self.selected()
        if contract is not None:
            self.open_editor(contract)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_editor(self.model.row_at(index.row()))

    def _on_table_current_changed(self) -> None:
        contract = self.selected()
        repaid = contract is not None and contract.status == "closed"
        self.close_button.setText(_("Reopen") if repaid else _("Mark as repaid"))

    def _on_close_clicked(self) -> None:
        contract = self.selected()
        if contract is None:
            return
        status = "active" if contract.status == "closed" else "closed"
        contracts, actor = self._services.contracts, self._actor
        run(self, self._hub, lambda: contracts.set_status(actor, contract.id, status))
