"""The Checklists screen: every contract with its readiness, and the chosen contract's checklist.

The contract list filters as you type, like the Contracts screen, a page at a time with each
page's readiness read in one go. Finance staff edit the templates from here and make the evidence
pack of the contract shown. Front-desk staff and trainees do not see checklists (they are loan
details); they are told so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.contracts import LOAN_TYPES, ContractQuery, ContractView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklist_models import ContractReadinessModel
from desktop_app.ui.checklists.checklist_panel import ChecklistPanel
from desktop_app.ui.widgets.field_errors import error_label
from desktop_app.ui.widgets.tables import make_table

if TYPE_CHECKING:  # the dialogs are imported when first opened, not at start-up
    from desktop_app.core.checklists.service import ChecklistService
    from desktop_app.core.checklists.templates import ChecklistTemplateService
    from desktop_app.core.register.contracts import ContractService
    from desktop_app.ui.checklists.evidence_pack_dialog import EvidencePackDialog
    from desktop_app.ui.checklists.template_editor import TemplateEditorDialog

AREAS = (Area.CONTRACTS, Area.CHECKLISTS, Area.BANKS)


class ChecklistsView(QWidget):
    """Contracts and their callback checklists. ``panel`` builds the checklist panel of the
    contract chosen (the contract form shows one too, so whoever builds the screen makes it)."""

    def __init__(
        self,
        checklists: ChecklistService,
        contracts: ContractService,
        hub: ChangeHub,
        actor: Actor,
        *,
        templates: ChecklistTemplateService,
        panel: Callable[[], ChecklistPanel],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._checklists = checklists
        self._contracts = contracts
        self._templates = templates
        self._hub = hub
        self._actor = actor
        self._loaded = False
        self._stale = False
        title = QLabel(_("Checklists"))
        title.setObjectName("pageTitle")
        intro = QLabel(
            _(
                "What to have ready when the bank calls, per contract: proof of the use of funds, "
                "the latest statements and returns, the licence, the collateral, major changes."
            )
        )
        intro.setWordWrap(True)
        self.templates_button = QPushButton(_("Edit templates…"))
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.templates_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(intro)
        self.allowed = actor.can(Permission.VIEW_LOAN_DETAILS)
        if not self.allowed:
            self.templates_button.hide()
            notice = QLabel(_("Checklists are kept by the finance staff."))
            notice.setObjectName("emptyState")
            layout.addWidget(notice, 1)
            return
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Search contracts"))
        self.search_edit.setPlaceholderText(_("Bank, short name, pinyin or contract number…"))
        self.search_edit.setClearButtonEnabled(True)
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName(_("Loan type"))
        self.type_combo.addItem(_("All loan types"), "")
        for code, label in LOAN_TYPES.items():
            self.type_combo.addItem(_(label), code)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.type_combo)
        self.model = ContractReadinessModel(self, page_size=100)
        self.table = make_table(_("Contracts and readiness"))
        self.table.setModel(self.model)
        self.table.setColumnHidden(ContractReadinessModel.LOAN_TYPE, True)  # the filter says it
        self.empty_label = QLabel(_("No contract matches these filters."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.hide()  # until the first rows arrived
        #: Where a read of the list that failed is shown (the table keeps its rows).
        self.read_error = error_label()
        self._keep: int | None = None  # the contract to select again when the rows arrive
        self.model.arrived.connect(self._on_model_arrived)
        self.model.read_failed.connect(self._on_read_failed)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.read_error)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label)
        self.panel = panel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        layout.addWidget(splitter, 1)
        self.search_edit.textChanged.connect(self.apply_filter)
        self.type_combo.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_contract_selected)
        self.templates_button.clicked.connect(self.open_templates)
        hub.data_changed.connect(self._on_hub_data_changed)

    def showEvent(self, event: object) -> None:
        # Read the data when the page is first shown, not when the window is built.
        if self.allowed and (not self._loaded or self._stale):
            self._loaded, self._stale = True, False
            self.apply_filter()
        super().showEvent(event)  # type: ignore[arg-type]

    def query(self) -> ContractQuery:
        return ContractQuery(
            text=self.search_edit.text(), loan_type=self.type_combo.currentData() or None
        )

    def _fetch(self, query: ContractQuery, offset: int, limit: int) -> list[object]:
        contracts = self._contracts.search(self._actor, query, offset, limit)
        readiness = self._checklists.readiness_many(self._actor, [c.id for c in contracts])
        return [(c, readiness[c.id]) for c in contracts]

    def apply_filter(self) -> None:
        """Re-read the first page of contracts for the filters (more on scroll)."""
        query = self.query()
        self._keep = self.panel.contract_id
        self.model.set_fetch(lambda offset, limit: self._fetch(query, offset, limit))

    def _on_model_arrived(self, replaced: bool) -> None:
        self.read_error.hide()
        if replaced:
            self._after_load(self._keep)

    def _on_read_failed(self, error: object) -> None:
        self.read_error.setText(error.text() if isinstance(error, DeskError) else str(error))
        self.read_error.show()

    def _after_load(self, keep: int | None) -> None:
        rows = self.model.rowCount()
        self.empty_label.setVisible(rows == 0)
        self.table.setVisible(rows > 0)
        if rows:
            self.table.resizeColumnsToContents()
        target = 0
        for row in range(rows):
            if self.model.row_at(row)[0].id == keep:
                target = row
        if rows:
            self.table.selectRow(target)
        else:
            self.panel.set_contract(None)

    def selected(self) -> ContractView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row())[0] if index.isValid() else None

    def _on_contract_selected(self, *_args: object) -> None:
        contract = self.selected()
        # A reset of the list clears the selection for a moment: keep the checklist shown.
        if contract is not None and contract.id != self.panel.contract_id:
            self.panel.load(contract.id)  # read off the GUI thread

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if not changes.touches(*AREAS):
            return
        if not self.isVisible():
            self._stale = self._loaded
            return
        self._keep = self.panel.contract_id
        self.model.reload()

    def open_templates(self) -> TemplateEditorDialog:
        from desktop_app.ui.checklists.template_editor import TemplateEditorDialog

        dialog = TemplateEditorDialog(self._templates, self._hub, self._actor, self)
        dialog.open()
        return dialog

    def open_evidence_pack(self) -> EvidencePackDialog | None:
        """The evidence pack of the contract shown."""
        return self.panel.open_evidence_pack()
