"""The form for one registered number: bank, contract, number, person, last confirmation.

A number saved meanwhile by someone else is not overwritten: the conflict dialog shows what they
changed, to reload or re-apply. The form opens at once: the banks, the chosen bank's contracts and
the people are read off the GUI thread (again for the contracts when another bank is chosen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.numbers import NumberDraft, NumberView, RegisteredNumberService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import from_qdate, to_qdate
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.bank_pickers import (
    bank_choices,
    contract_choices,
    contract_combo,
    set_banks,
    set_contracts,
)
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.versioned_editor import VersionedEditor, loading_combo

if TYPE_CHECKING:
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.register.contracts import ContractService
    from desktop_app.core.register.people import PeopleService

FIELDS = (
    "bank_id",
    "contract_id",
    "number",
    "extension",
    "label",
    "person_id",
    "last_confirmed_on",
)


@dataclass(frozen=True)
class NumberChoices:
    """What the form reads to open: the banks, the bank to select and its contracts, and the
    people to choose from."""

    banks: list[tuple[int, str]]
    bank_id: int | None
    contracts: list[tuple[int, str]]
    people: list[tuple[int, str]]


class NumberDialog(VersionedEditor):
    """Creates or edits a registered number. It receives the number service, the bank, contract
    and people services its pickers read and the organisation's settings (today's date)."""

    #: Emitted with the saved NumberView.
    number_saved = Signal(object)

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        number: NumberView | None,
        bank_id: int | None = None,
        parent: QWidget | None = None,
        *,
        numbers: RegisteredNumberService,
        banks: BankService,
        contracts: ContractService,
        people: PeopleService,
        org: OrgSettingsService,
    ) -> None:
        super().__init__(hub, parent)
        self._numbers = numbers
        self._banks = banks
        self._contracts = contracts
        self._people = people
        self._actor = actor
        self.number = number
        self.setWindowTitle(_("Registered number") if number else _("New registered number"))
        self.bank_combo = loading_combo(QComboBox())
        self.bank_combo.setAccessibleName(_("Bank"))
        self.contract_combo = loading_combo(contract_combo())
        self.number_edit = QLineEdit()
        self.number_edit.setAccessibleName(_("Number"))
        self.number_edit.setPlaceholderText(_("e.g. 010-6552 1234 or 138 0101 2345"))
        self.extension_edit = QLineEdit()
        self.extension_edit.setAccessibleName(_("Extension"))
        self.extension_edit.setPlaceholderText(_("Digits dialled after the number, e.g. 808"))
        self.extension_edit.setMaxLength(12)
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(_("Label"))
        self.person_combo = loading_combo(QComboBox())
        self.person_combo.setAccessibleName(_("Person"))
        self.confirmed_check = QCheckBox(_("Confirmed by the bank on"))
        self.confirmed_edit = QDateEdit()
        self.confirmed_edit.setCalendarPopup(True)
        self.confirmed_edit.setDisplayFormat(formats.date_edit_pattern())
        self.confirmed_edit.setAccessibleName(_("Last confirmed"))
        self.confirmed_edit.setDate(to_qdate(org.today()))
        self.confirmed_edit.setEnabled(False)
        self.confirmed_check.toggled.connect(self.confirmed_edit.setEnabled)
        self.labels = {name: error_label() for name in FIELDS}
        self.general_error = error_label()
        self.errors = FieldErrors(self.labels, self.general_error)
        confirmed = QHBoxLayout()
        confirmed.addWidget(self.confirmed_check)
        confirmed.addWidget(self.confirmed_edit, 1)
        form = QFormLayout()
        for label, widget, name in (
            (_("Bank"), self.bank_combo, "bank_id"),
            (_("Contract"), self.contract_combo, "contract_id"),
            (_("Number"), self.number_edit, "number"),
            (_("Extension"), self.extension_edit, "extension"),
            (_("Label"), self.label_edit, "label"),
            (_("Person"), self.person_combo, "person_id"),
            (_("Last confirmed"), confirmed, "last_confirmed_on"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.labels[name])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        #: The read of the chosen bank's contracts, while it runs.
        self.contracts_read: Operation | None = None
        if number is not None:
            self._show(number)
        self.resize(520, self.sizeHint().height())
        wanted = number.bank_id if number is not None else bank_id
        self.load_choices(
            self._read_choices(wanted),
            self._show_choices,
            self.bank_combo,
            self.contract_combo,
            self.person_combo,
        )
        self.bank_combo.currentIndexChanged.connect(self._on_bank_changed)

    def _read_choices(self, wanted: int | None) -> Callable[[], NumberChoices]:
        """The read of the form's choices (run off the GUI thread; touches no widget)."""
        banks, contracts, people, actor = self._banks, self._contracts, self._people, self._actor

        def read() -> NumberChoices:
            found = bank_choices(banks, actor)
            ids = [bank for bank, _name in found]
            chosen = wanted if wanted in ids else (ids[0] if ids else None)
            return NumberChoices(
                found,
                chosen,
                contract_choices(contracts, actor, chosen),
                [(p.id, p.name) for p in people.list(actor)],
            )

        return read

    def _show_choices(self, choices: NumberChoices) -> None:
        self.bank_combo.blockSignals(True)  # its contracts came with it
        try:
            set_banks(self.bank_combo, choices.banks, choices.bank_id)
        finally:
            self.bank_combo.blockSignals(False)
        set_contracts(self.contract_combo, choices.contracts, _("All loans at this bank"))
        self.person_combo.clear()
        self.person_combo.addItem(_("Nobody (a general line)"), None)
        for person_id, name in choices.people:
            self.person_combo.addItem(name, person_id)
        if self.number is not None:
            self._show(self.number)

    def _on_bank_changed(self) -> None:
        """Another bank was chosen: read its contracts off the GUI thread; meanwhile the
        contract cannot be chosen and the form cannot be saved."""
        if not self.loaded:
            return
        contracts, actor = self._contracts, self._actor
        bank_id = self.bank_combo.currentData()
        loading_combo(self.contract_combo)

        def shown(choices: list[tuple[int, str]]) -> None:
            if self.bank_combo.currentData() == bank_id:  # else a later read shows its own
                set_contracts(self.contract_combo, choices, _("All loans at this bank"))

        self.contracts_read = (
            Operation(self, None, lambda: contract_choices(contracts, actor, bank_id))
            .errors_in(self.general_error)
            .lock(self.contract_combo, self.buttons)
            .success(shown)
            .run()
        )

    def _show(self, number: NumberView) -> None:
        self.contract_combo.setCurrentIndex(
            max(0, self.contract_combo.findData(number.contract_id))
        )
        self.number_edit.setText(number.base_number)
        self.extension_edit.setText(number.extension)
        self.label_edit.setText(number.label)
        self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(number.person_id)))
        self.confirmed_check.setChecked(number.last_confirmed_on is not None)
        if number.last_confirmed_on is not None:
            self.confirmed_edit.setDate(to_qdate(number.last_confirmed_on))

    def draft(self) -> NumberDraft:
        return NumberDraft(
            bank_id=int(self.bank_combo.currentData() or 0),
            number=self.number_edit.text(),
            extension=self.extension_edit.text(),
            label=self.label_edit.text(),
            person_id=self.person_combo.currentData(),
            contract_id=self.contract_combo.currentData(),
            last_confirmed_on=(
                from_qdate(self.confirmed_edit.date()) if self.confirmed_check.isChecked() else None
            ),
        )

    def _on_buttons_accepted(self) -> None:
        self.save()

    def reload_record(self) -> None:
        """Show the number as stored now (the edits in the form are dropped)."""
        if self.number is None:
            return
        try:
            self.number = self._numbers.get(self._actor, self.number.id)
        except DeskError as error:
            self.general_error.setText(error.text())
            self.general_error.show()
            return
        self.errors.clear()
        self._show(self.number)
        self.load_choices(self._read_choices(self.number.bank_id), self._show_choices)

    def save(self, expected_version: int | None = None, keep: frozenset[str] = frozenset()) -> None:
        """Save the form: as the version it was opened at, or ``expected_version`` when
        re-applying after a conflict (``keep``: the fields to leave as stored)."""
        numbers = self._numbers
        actor = self._actor
        draft = self.draft()
        number = self.number

        def work() -> NumberView:
            if number is None:
                return numbers.create(actor, draft).value
            version = number.version if expected_version is None else expected_version
            return numbers.update(actor, number.id, draft, version, keep).value

        def saved(value: NumberView) -> None:
            self.number = value
            self.number_saved.emit(value)
            self.accept()

        self.run_save(work, saved)
