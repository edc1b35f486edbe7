"""The feedback register: issues between the company and its banks, with owner, due date, status.

A tab of the Call log page. Open issues come first, soonest due first; an overdue one is red.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_, _, format_day
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.records.feedback import (
    RAISED_BY,
    STATUSES,
    FeedbackDraft,
    FeedbackService,
    FeedbackView,
)
from desktop_app.core.register.banks import BankService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.clause_page import choice_combo
from desktop_app.ui.contracts.contract_dialog import from_qdate, to_qdate
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.bank_pickers import bank_combo, contract_combo, fill_contracts
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.list_screen import ListScreen, button_row
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.versioned_editor import VersionedEditor

if TYPE_CHECKING:
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.register.contracts import ContractService
    from desktop_app.core.register.people import PeopleService

FIELDS = ("bank_id", "contract_id", "raised_by", "title", "owner_id", "due_on", "status")


def _tone(item: FeedbackView) -> str:
    if item.status == "closed":
        return "muted"
    return "warning" if item.overdue else ""


class FeedbackModel(RowsModel[FeedbackView]):
    """Issues in the register."""

    BANK, CONTRACT, RAISED, TITLE, OWNER, DUE, STATUS = range(7)
    COLUMNS = (
        Column(N_("Bank"), lambda f: f.bank_name),
        Column(N_("Contract"), lambda f: f.contract_number or "—"),
        Column(N_("Raised by"), lambda f: f.raised_by_text()),
        Column(N_("Issue"), lambda f: f.title),
        Column(N_("Owner"), lambda f: f.owner_name or "—"),
        Column(N_("Due"), lambda f: format_day(f.due_on), tone=_tone),
        Column(N_("Status"), lambda f: f.status_text(), tone=_tone),
    )


class FeedbackDialog(VersionedEditor):
    """Creates or edits one issue. It receives the feedback service, the bank, contract and
    people services its pickers read and the organisation's settings (today's date)."""

    #: Emitted with the saved FeedbackView.
    issue_saved = Signal(object)

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        item: FeedbackView | None,
        parent: QWidget | None = None,
        *,
        feedback: FeedbackService,
        banks: BankService,
        contracts: ContractService,
        people: PeopleService,
        org: OrgSettingsService,
    ) -> None:
        super().__init__(hub, parent)
        self._feedback = feedback
        self._contracts = contracts
        self._actor = actor
        self.item = item
        self.setWindowTitle(_("Issue") if item else _("New issue"))
        self.bank_combo = bank_combo(banks, actor)
        self.contract_combo = contract_combo()
        self.raised_combo = choice_combo(RAISED_BY, _("Raised by"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Issue"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName(_("Details"))
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName(_("Owner"))
        self.owner_combo.addItem("—", None)
        for person in people.list(actor):
            self.owner_combo.addItem(person.name, person.id)
        self.due_check = QCheckBox()
        self.due_check.setAccessibleName(_("Has a due date"))
        self.due_edit = QDateEdit(to_qdate(org.today() + timedelta(days=14)))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat(formats.date_edit_pattern())
        self.due_edit.setAccessibleName(_("Due on"))
        self.due_edit.setEnabled(False)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.status_combo = choice_combo(STATUSES, _("Status"))
        self.resolution_edit = QPlainTextEdit()
        self.resolution_edit.setAccessibleName(_("Resolution"))
        self.resolution_edit.setFixedHeight(60)
        self.labels = {name: error_label() for name in FIELDS}
        self.general_error = error_label()
        self.errors = FieldErrors(self.labels, self.general_error)
        due = QHBoxLayout()
        due.addWidget(self.due_check)
        due.addWidget(self.due_edit, 1)
        form = QFormLayout()
        for label, widget, name in (
            (_("Bank"), self.bank_combo, "bank_id"),
            (_("Contract"), self.contract_combo, "contract_id"),
            (_("Raised by"), self.raised_combo, "raised_by"),
            (_("Issue"), self.title_edit, "title"),
            (_("Details"), self.description_edit, None),
            (_("Owner"), self.owner_combo, "owner_id"),
            (_("Due"), due, "due_on"),
            (_("Status"), self.status_combo, "status"),
            (_("Resolution"), self.resolution_edit, None),
        ):
            form.addRow(label, widget)
            if name:
                form.addRow("", self.labels[name])
        editable = actor.can(Permission.EDIT_REGISTER)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            if editable
            else QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.bank_combo.currentIndexChanged.connect(self._fill_contracts)
        self._fill_contracts()
        if item is not None:
            self.show_item(item)
        self.resize(560, 560)

    def _fill_contracts(self) -> None:
        fill_contracts(
            self.contract_combo,
            self._contracts,
            self._actor,
            self.bank_combo.currentData(),
            _("No particular contract"),
        )

    def show_item(self, item: FeedbackView) -> None:
        self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(item.bank_id)))
        self.contract_combo.setCurrentIndex(max(0, self.contract_combo.findData(item.contract_id)))
        self.raised_combo.setCurrentIndex(max(0, self.raised_combo.findData(item.raised_by)))
        self.title_edit.setText(item.title)
        self.description_edit.setPlainText(item.description)
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(item.owner_id)))
        self.due_check.setChecked(item.due_on is not None)
        if item.due_on is not None:
            self.due_edit.setDate(to_qdate(item.due_on))
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(item.status)))
        self.resolution_edit.setPlainText(item.resolution)

    def draft(self) -> FeedbackDraft:
        return FeedbackDraft(
            bank_id=self.bank_combo.currentData(),
            contract_id=self.contract_combo.currentData(),
            raised_by=str(self.raised_combo.currentData()),
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            owner_id=self.owner_combo.currentData(),
            due_on=from_qdate(self.due_edit.date()) if self.due_check.isChecked() else None,
            status=str(self.status_combo.currentData()),
            resolution=self.resolution_edit.toPlainText(),
            call_id=self.item.call_id if self.item else None,
        )

    def _on_buttons_accepted(self) -> None:
        self.save()

    def reload_record(self) -> None:
        """Show the issue as stored now (the edits in the form are dropped)."""
        if self.item is None:
            return
        try:
            self.item = self._feedback.get(self._actor, self.item.id)
        except DeskError as error:
            self.general_error.setText(error.text())
            self.general_error.show()
            return
        self.errors.clear()
        self.show_item(self.item)

    def save(self, expected_version: int | None = None, keep: frozenset[str] = frozenset()) -> None:
        """Save the form: as the version it was opened at, or ``expected_version`` when
        re-applying after a conflict (``keep``: the fields to leave as stored)."""
        feedback = self._feedback
        actor = self._actor
        draft = self.draft()
        item = self.item

        def work() -> FeedbackView:
            if item is None:
                return feedback.create(actor, draft).value
            version = item.version if expected_version is None else expected_version
            return feedback.update(actor, item.id, draft, version, keep).value

        def saved(value: FeedbackView) -> None:
            self.item = value
            self.issue_saved.emit(value)
            self.accept()

        self.run_save(work, saved)


#: Opens the form of an issue (None: a new one) over a parent widget (see :func:`issue_editor`).
IssueEditor = Callable[[FeedbackView | None, QWidget], FeedbackDialog]


def issue_editor(
    hub: ChangeHub,
    actor: Actor,
    *,
    feedback: FeedbackService,
    banks: BankService,
    contracts: ContractService,
    people: PeopleService,
    org: OrgSettingsService,
) -> IssueEditor:
    """The issue form the register opens: it needs more services than the list (contracts,
    people, organisation settings), so whoever builds the register gives it this, not those
    services."""
    return lambda item, parent: FeedbackDialog(
        hub,
        actor,
        item,
        parent,
        feedback=feedback,
        banks=banks,
        contracts=contracts,
        people=people,
        org=org,
    )


class FeedbackRegisterView(ListScreen[FeedbackView, FeedbackModel]):
    """The register's list with its filters and buttons. It receives the bank and feedback
    services and an editor factory (#12: screens get the few services they use); nothing is
    read until its tab is first shown."""

    AREAS = (Area.FEEDBACK, Area.BANKS, Area.CONTRACTS, Area.PEOPLE)

    def __init__(
        self,
        banks: BankService,
        feedback: FeedbackService,
        hub: ChangeHub,
        actor: Actor,
        editor: IssueEditor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            hub,
            actor,
            FeedbackModel(),
            _("Feedback register"),
            stretch_column=FeedbackModel.TITLE,
            lazy=True,
            parent=parent,
        )
        self._banks = banks
        self._feedback = feedback
        self._editor = editor
        intro = QLabel(
            _(
                "Issues raised between the company and its banks — a question the bank wants "
                "answered, a document it is waiting for, a complaint of ours — until settled."
            )
        )
        intro.setWordWrap(True)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        self.status_combo.addItem(_("Not settled"), "not_closed")
        self.status_combo.addItem(_("All"), "")
        for code, label in STATUSES.items():
            self.status_combo.addItem(_(label), code)
        self.bank_combo = QComboBox()
        self.bank_combo.setAccessibleName(_("Bank"))
        filters = QHBoxLayout()
        filters.addWidget(self.bank_combo, 1)
        filters.addWidget(self.status_combo)
        self.empty_label.setText(self.empty_text())
        self.new_button = self.make_new_button(_("New issue…"))
        self.open_button = self.make_open_button(_("Open…"))
        self.new_button.setVisible(actor.can(Permission.EDIT_REGISTER))
        self.lay_out([intro, filters], [button_row((self.new_button, self.open_button))])
        self.status_combo.currentIndexChanged.connect(self.reload)
        self.bank_combo.currentIndexChanged.connect(self.reload)
        #: Re-reads the bank filter's choices after a change elsewhere, off the GUI thread.
        self.choices_read = BackgroundRead(self, self._read_banks, self._show_read_banks)

    def first_load(self) -> None:
        self._fill_banks()
        self.reload()

    def _fill_banks(self) -> None:
        """Read the bank filter's choices off the GUI thread, keeping the one chosen."""
        self.read(self._read_banks(), self._show_banks, key="banks")

    def _read_banks(self) -> Callable[[], list[tuple[str, int]]]:
        banks, actor = self._banks, self._actor
        return lambda: [(bank.name, bank.id) for bank in banks.list(actor)]

    def _show_read_banks(self, banks: list[tuple[str, int]]) -> None:
        chosen = self.bank_combo.currentData()
        self._show_banks(banks)
        if self.bank_combo.currentData() != chosen:  # the bank chosen is gone: filter again
            self.reload()

    def _show_banks(self, choices: list[tuple[str, int]]) -> None:
        current = self.bank_combo.currentData()
        self.bank_combo.blockSignals(True)
        self.bank_combo.clear()
        self.bank_combo.addItem(_("All banks"), None)
        for name, bank_id in choices:
            self.bank_combo.addItem(name, bank_id)
        self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(current)))
        self.bank_combo.blockSignals(False)

    def reload(self) -> None:
        """Read the issues for the filters off the GUI thread."""
        feedback, actor = self._feedback, self._actor
        status = self.status_combo.currentData()
        bank_id = self.bank_combo.currentData()
        self.read(
            lambda: feedback.list(
                actor,
                status=status if status not in ("", "not_closed") else None,
                bank_id=bank_id,
                open_only=status == "not_closed",
            ),
            self.model.set_rows,
        )

    def empty_text(self) -> str:
        return _("No issues here.")

    def changed(self, changes: Changes) -> None:
        if changes.touches(Area.BANKS):
            self.choices_read.request()  # off the GUI thread; when shown

    def open_editor(self, item: FeedbackView | None) -> FeedbackDialog:
        dialog = self._editor(item, self)
        dialog.open()
        return dialog
