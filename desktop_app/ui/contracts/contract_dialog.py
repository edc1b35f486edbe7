"""The contract form: loan terms, the callback clause, its checklist, and the ranked responders.

Everything is validated by the services before anything is written; problems are shown at their
fields (switching to the page that holds the first one). A contract saved meanwhile by someone
else is not overwritten: the conflict dialog shows what they changed, to reload or re-apply.
The form opens at once: the banks, the people to choose responders from, the certificates of its
responders and its checklist are read off the GUI thread, and shown when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.errors import DeskError, FieldProblem, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.contracts import (
    CURRENCIES,
    LOAN_TYPES,
    STATUSES,
    ContractDraft,
    ContractService,
    ContractView,
)
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklist_panel import ChecklistPanel, ChecklistRead
from desktop_app.ui.contracts.clause_page import ClausePage, choice_combo
from desktop_app.ui.widgets.bank_pickers import bank_choices, set_banks
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.ranked_list import RankedListEditor, uncertified
from desktop_app.ui.widgets.versioned_editor import VersionedEditor, loading_combo

if TYPE_CHECKING:
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.notify.outbox import OutboxService
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.register.people import PeopleService
    from desktop_app.core.register.responders import ResponderService
    from desktop_app.core.training.service import TrainingService

LOAN_FIELDS = (
    "bank_id",
    "contract_number",
    "title",
    "loan_type",
    "currency",
    "principal",
    "start_date",
    "maturity_date",
    "drawdown_date",
    "status",
)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(accessible_name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(formats.date_edit_pattern())
    edit.setAccessibleName(accessible_name)
    return edit


@dataclass(frozen=True)
class ContractChoices:
    """What the form reads to open: the banks and people to choose from, which of the
    contract's responders hold no current certificate, and its checklist (None: no tab)."""

    banks: list[tuple[int, str]]
    people: list[tuple[int, str]]
    uncertified: set[int]
    checklist: ChecklistRead | None


class ContractDialog(VersionedEditor):
    """Creates or edits one contract. It receives the services it reads and writes (contracts,
    banks, people, responders, training for the certificates, the organisation's today, the
    outbox for its "Mail sent" tab) and a maker of its checklist tab."""

    #: Emitted with the saved ContractView.
    contract_saved = Signal(object)

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        contract: ContractView | None,
        parent: QWidget | None = None,
        *,
        contracts: ContractService,
        banks: BankService,
        people: PeopleService,
        responders: ResponderService,
        training: TrainingService,
        org: OrgSettingsService,
        outbox: OutboxService,
        checklist_panel: Callable[[], ChecklistPanel],
    ) -> None:
        super().__init__(hub, parent)
        self._contracts = contracts
        self._banks = banks
        self._people = people
        self._responders = responders
        self._training = training
        self._org = org
        self._actor = actor
        self.contract = contract
        self.editable = actor.can(Permission.EDIT_REGISTER)
        self.setWindowTitle(
            _("Contract {number}").format(number=contract.contract_number)
            if contract
            else _("New contract")
        )
        self.tabs = QTabWidget()
        self.loan_page = QWidget()
        self._build_loan_page()
        self.clause_page = ClausePage()
        self.responders_editor = RankedListEditor(_("Responders"))
        loading_combo(self.responders_editor.candidates_combo)
        self.inherited_label = QLabel()
        self.inherited_label.setWordWrap(True)
        self.responders_error = error_label()
        responders_page = QWidget()
        responders_layout = QVBoxLayout(responders_page)
        responders_layout.addWidget(
            QLabel(
                _(
                    "Who answers the bank for this contract, primary "
                    "first. Reorder with the mouse or Alt+Up/Alt+Down."
                )
            )
        )
        responders_layout.addWidget(self.responders_editor, 1)
        responders_layout.addWidget(self.inherited_label)
        responders_layout.addWidget(self.responders_error)
        self.tabs.addTab(self.loan_page, _("Loan"))
        if actor.can(Permission.VIEW_LOAN_DETAILS):
            self.tabs.addTab(self.clause_page, _("Callback clause"))
        self.checklist_panel: ChecklistPanel | None = None
        if contract is not None and actor.can(Permission.VIEW_LOAN_DETAILS):
            self.checklist_panel = checklist_panel()
            self.checklist_panel.setEnabled(False)
            self.tabs.addTab(self.checklist_panel, _("Checklist (…)"))
        self.tabs.addTab(responders_page, _("Responders"))
        if contract is not None and actor.can(Permission.VIEW_LOAN_DETAILS):
            from desktop_app.ui.notify.outbox_panel import OutboxPanel

            self.tabs.addTab(
                OutboxPanel(outbox, hub, actor, contract_id=contract.id), _("Mail sent")
            )
        self.general_error = error_label()
        buttons = (
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            if self.editable
            else QDialogButtonBox.StandardButton.Close
        )
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.errors = FieldErrors(
            {
                **self.field_errors,
                "responders": self.responders_error,
                "clause_topics": self.clause_page.topics_error,
            },
            self.general_error,
        )
        if contract is not None:
            self.show_contract(contract)
        if not self.editable:
            self._set_read_only()
        self.resize(860, 620)
        waiting = (self.bank_combo, self.responders_editor) if self.editable else ()
        self.load_choices(self._read_choices(), self._show_choices, *waiting)

    def _read_choices(self) -> Callable[[], ContractChoices]:
        """The read of the form's choices (run off the GUI thread; touches no widget)."""
        banks, people, training, actor = self._banks, self._people, self._training, self._actor
        own = (
            [r.person_id for r in self.contract.responders if not r.inherited]
            if self.contract
            else []
        )
        panel = self.checklist_panel
        contract_id = self.contract.id if self.contract is not None else None

        def read() -> ContractChoices:
            return ContractChoices(
                bank_choices(banks, actor),
                [(p.id, p.name) for p in people.list(actor)],
                uncertified(training, actor, own),
                panel.read(contract_id) if panel is not None else None,
            )

        return read

    def _show_choices(self, choices: ContractChoices) -> None:
        set_banks(self.bank_combo, choices.banks, self.contract.bank_id if self.contract else None)
        self.responders_editor.set_candidates(choices.people)
        self.responders_editor.set_uncertified(choices.uncertified)
        panel = self.checklist_panel
        if panel is not None and choices.checklist is not None:
            panel.show_read(choices.checklist)
            panel.setEnabled(True)
            readiness = choices.checklist.checklist.readiness
            self.tabs.setTabText(
                self.tabs.indexOf(panel),
                _("Checklist ({ready}/{total})").format(
                    ready=readiness.ready, total=readiness.total
                ),
            )

    def _build_loan_page(self) -> None:
        self.bank_combo = loading_combo(QComboBox())
        self.bank_combo.setAccessibleName(_("Bank"))
        self.number_edit = QLineEdit()
        self.number_edit.setAccessibleName(_("Contract number"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Title"))
        self.type_combo = choice_combo(LOAN_TYPES, _("Loan type"))
        self.currency_combo = QComboBox()
        self.currency_combo.setEditable(True)
        self.currency_combo.addItems(list(CURRENCIES))
        self.currency_combo.setAccessibleName(_("Currency"))
        self.principal_edit = QLineEdit()
        self.principal_edit.setAccessibleName(_("Principal"))
        self.principal_edit.setPlaceholderText(_("e.g. 5,000,000.00 or 500万"))
        self.start_edit = date_edit(_("Start date"))
        self.maturity_edit = date_edit(_("Maturity date"))
        self.drawdown_check = QCheckBox(_("Drawn down on"))
        self.drawdown_edit = date_edit(_("Drawdown date"))
        self.drawdown_edit.setEnabled(False)
        self.drawdown_check.toggled.connect(self.drawdown_edit.setEnabled)
        today = to_qdate(self._org.today())  # the company's today, not the computer's
        for edit in (self.start_edit, self.drawdown_edit):
            edit.setDate(today)
        self.maturity_edit.setDate(today.addYears(1))
        self.status_combo = choice_combo(STATUSES, _("Status"))
        self.field_errors = {name: error_label() for name in LOAN_FIELDS}
        drawdown = QHBoxLayout()
        drawdown.addWidget(self.drawdown_check)
        drawdown.addWidget(self.drawdown_edit, 1)
        money = QHBoxLayout()
        money.addWidget(self.currency_combo)
        money.addWidget(self.principal_edit, 1)
        form = QFormLayout(self.loan_page)
        rows: list[tuple[str, QWidget | QLayout, str]] = [
            (_("Bank"), self.bank_combo, "bank_id"),
            (_("Contract number"), self.number_edit, "contract_number"),
            (_("Title"), self.title_edit, "title"),
            (_("Loan type"), self.type_combo, "loan_type"),
        ]
        if self._actor.can(Permission.VIEW_LOAN_DETAILS):
            rows.append((_("Principal"), money, "principal"))
        rows += [
            (_("Start date"), self.start_edit, "start_date"),
            (_("Maturity date"), self.maturity_edit, "maturity_date"),
            (_("Drawdown"), drawdown, "drawdown_date"),
            (_("Status"), self.status_combo, "status"),
        ]
        for label, widget, name in rows:
            form.addRow(label, widget)
            form.addRow("", self.field_errors[name])
        form.addRow("", self.field_errors["currency"])

    def show_contract(self, contract: ContractView) -> None:
        self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(contract.bank_id)))
        self.number_edit.setText(contract.contract_number)
        self.title_edit.setText(contract.title)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(contract.loan_type)))
        self.currency_combo.setCurrentText(contract.currency)
        self.principal_edit.setText("" if contract.principal is None else f"{contract.principal:,}")
        self.start_edit.setDate(to_qdate(contract.start_date))
        self.maturity_edit.setDate(to_qdate(contract.maturity_date))
        self.drawdown_check.setChecked(contract.drawdown_date is not None)
        if contract.drawdown_date is not None:
            self.drawdown_edit.setDate(to_qdate(contract.drawdown_date))
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(contract.status)))
        self.clause_page.show_contract(contract)
        own = [r for r in contract.responders if not r.inherited]
        self.responders_editor.set_people([(r.person_id, r.name, r.active) for r in own])
        inherited = [r.name for r in contract.responders if r.inherited]
        self.inherited_label.setText(
            _("No list of its own: the bank's default applies ({names}).").format(
                names=" › ".join(inherited)
            )
            if inherited
            else ""
        )
        self._initial_responders = [r.person_id for r in own]

    def _set_read_only(self) -> None:
        for widget in (
            self.bank_combo,
            self.type_combo,
            self.currency_combo,
            self.start_edit,
            self.maturity_edit,
            self.drawdown_check,
            self.drawdown_edit,
            self.status_combo,
            self.responders_editor,
        ):
            widget.setEnabled(False)
        for edit in (self.number_edit, self.title_edit, self.principal_edit):
            edit.setReadOnly(True)
        self.clause_page.set_read_only(True)

    def draft(self) -> ContractDraft:
        """The form as a draft for the service (values still as typed)."""
        clause = self.clause_page.values()
        return ContractDraft(
            bank_id=int(self.bank_combo.currentData() or 0),
            contract_number=self.number_edit.text(),
            title=self.title_edit.text(),
            loan_type=str(self.type_combo.currentData()),
            currency=self.currency_combo.currentText(),
            principal=self.principal_edit.text(),
            start_date=from_qdate(self.start_edit.date()),
            maturity_date=from_qdate(self.maturity_edit.date()),
            drawdown_date=(
                from_qdate(self.drawdown_edit.date()) if self.drawdown_check.isChecked() else None
            ),
            status=str(self.status_combo.currentData()),
            purpose_of_funds=str(clause["purpose_of_funds"]),
            clause_text=str(clause["clause_text"]),
            clause_caller=str(clause["clause_caller"]),
            clause_method=str(clause["clause_method"]),
            clause_cadence=str(clause["clause_cadence"]),
            clause_topics=list(clause["clause_topics"]),  # type: ignore[call-overload]
            clause_documents=list(clause["clause_documents"]),  # type: ignore[call-overload]
            consequences=str(clause["consequences"]),
            notes=(self.contract.notes or "") if self.contract else "",  # not in this form
        )

    def _check_responders(self) -> list[int] | None:
        """The new responder list if it changed; raises ValidationError for inactive people."""
        ids = self.responders_editor.person_ids()
        if ids == getattr(self, "_initial_responders", []):
            return None
        inactive = self.responders_editor.inactive_names()
        if inactive:
            raise ValidationError(
                [
                    FieldProblem(
                        "responders",
                        N_("{name} is not active and cannot answer the bank."),
                        {"name": inactive[0]},
                    )
                ]
            )
        return ids

    def _on_buttons_accepted(self) -> None:
        self.save()

    def save(self, expected_version: int | None = None, keep: frozenset[str] = frozenset()) -> None:
        """Save the form: as the version it was opened at, or ``expected_version`` when
        re-applying after a conflict (``keep``: the fields to leave as stored)."""
        self.errors.clear()
        contracts = self._contracts
        responders_service = self._responders
        actor = self._actor
        try:
            responders = self._check_responders()
        except ValidationError as error:
            self.show_validation(error)
            return
        draft = self.draft()
        contract = self.contract

        def work() -> ContractView:
            if contract is None:
                saved = contracts.create(actor, draft).value
                if responders is not None:
                    responders_service.set_for_contract(actor, saved.id, responders)
            else:
                version = contract.version if expected_version is None else expected_version
                saved = contracts.update(actor, contract.id, draft, version, responders, keep).value
            return contracts.get(actor, saved.id)  # with the responders just set

        def saved(value: ContractView) -> None:
            self.contract = value
            if responders is not None:
                self._initial_responders = responders
            self.contract_saved.emit(value)
            self.accept()

        self.run_save(work, saved)

    def show_validation(self, error: ValidationError) -> None:
        self.errors.show(error)
        self._show_tab_of(error.field)

    def _show_tab_of(self, field: str) -> None:
        if field == "responders":
            self.tabs.setCurrentIndex(self.tabs.count() - 1)
        elif field.startswith("clause") or field in ("purpose_of_funds", "consequences"):
            self.tabs.setCurrentWidget(self.clause_page)
        else:
            self.tabs.setCurrentWidget(self.loan_page)

    def reload_record(self) -> None:
        """Show the contract as stored now (the edits in the form are dropped)."""
        if self.contract is None:
            return
        try:
            self.contract = self._contracts.get(self._actor, self.contract.id)
        except DeskError as error:
            self.general_error.setText(error.text())
            self.general_error.show()
            return
        self.errors.clear()
        self.show_contract(self.contract)
        self.load_choices(self._read_choices(), self._show_choices)
