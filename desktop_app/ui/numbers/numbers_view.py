"""The Registered numbers screen: each bank's numbers on file, which are stale, what to do.

For a stale number the screen offers the number-change letter to the bank (PDF, Chinese or
English) and a follow-up until the bank confirms; "Confirmed by the bank" records the date and
closes that follow-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sized
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.banks import BankService
from desktop_app.core.register.numbers import NumberView, RegisteredNumberService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.icons import decorate
from desktop_app.ui.numbers.letter_dialog import LetterDialog
from desktop_app.ui.numbers.number_dialog import NumberDialog
from desktop_app.ui.numbers.numbers_model import NumbersModel
from desktop_app.ui.operation import Operation, run
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.list_screen import ListScreen, page_title

if TYPE_CHECKING:
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.notify.outbox import OutboxService
    from desktop_app.core.register.contracts import ContractService
    from desktop_app.core.register.people import PeopleService
    from desktop_app.core.storage.store import Store


@dataclass(frozen=True)
class NumberForms:
    """The forms the Numbers screen opens; they need more services than the list, so whoever
    builds the screen gives it these (see :func:`number_forms`), not the services behind them."""

    #: The form of a number (None: a new one, for the bank chosen if any) over a parent.
    editor: Callable[[NumberView | None, int | None, QWidget], NumberDialog]
    #: The letter asking a bank to confirm its numbers, over a parent.
    letter: Callable[[int, QWidget], LetterDialog]


def number_forms(
    hub: ChangeHub,
    actor: Actor,
    *,
    numbers: RegisteredNumberService,
    banks: BankService,
    contracts: ContractService,
    people: PeopleService,
    org: OrgSettingsService,
    store: Store,
    outbox: OutboxService,
) -> NumberForms:
    """The Numbers screen's forms over the services they use (the letter reads the store)."""
    return NumberForms(
        editor=lambda number, bank_id, parent: NumberDialog(
            hub,
            actor,
            number,
            bank_id,
            parent,
            numbers=numbers,
            banks=banks,
            contracts=contracts,
            people=people,
            org=org,
        ),
        letter=lambda bank_id, parent: LetterDialog(numbers, store, outbox, actor, bank_id, parent),
    )


class NumbersView(ListScreen[NumberView, NumbersModel]):
    """Lists registered numbers by bank, stale ones flagged with the reason. It receives the
    bank and number services and its forms (#12: screens get the few services they use)."""

    AREAS = (Area.NUMBERS, Area.PEOPLE, Area.BANKS, Area.CONTRACTS, Area.FOLLOW_UPS, Area.SETTINGS)

    def __init__(
        self,
        banks: BankService,
        numbers: RegisteredNumberService,
        hub: ChangeHub,
        actor: Actor,
        forms: NumberForms,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            hub,
            actor,
            NumbersModel(),
            _("Registered numbers"),
            stretch_column=NumbersModel.LABEL,
            parent=parent,
        )
        self._banks = banks
        self._numbers = numbers
        self._forms = forms
        #: Re-reads the bank filter's choices after a change elsewhere, off the GUI thread.
        self.choices_read = BackgroundRead(self, self._read_banks, self._show_read_banks)
        title = page_title(_("Registered numbers"))
        intro = QLabel(
            _(
                "The company numbers each bank has on file. A number is stale when its "
                "person has left or is away for long, when it belongs to no one, or when "
                "the bank has not confirmed it recently."
            )
        )
        intro.setWordWrap(True)
        self.bank_combo = QComboBox()
        self.bank_combo.setAccessibleName(_("Bank"))
        self.stale_check = QCheckBox(_("Stale only"))
        self.inactive_check = QCheckBox(_("Show deactivated"))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("warningBanner")
        self.summary_label.setWordWrap(True)
        filters = QHBoxLayout()
        filters.addWidget(self.bank_combo, 1)
        filters.addWidget(self.stale_check)
        filters.addWidget(self.inactive_check)
        self.new_button = self.make_new_button(_("New number…"))
        self.edit_button = self.make_open_button(_("Open…"))
        self.confirm_button = QPushButton(_("Confirmed by the bank"), self)
        self.deactivate_button = QPushButton(_("Deactivate"), self)
        decorate(self.deactivate_button, "deactivate")
        self.letter_button = QPushButton(_("Change-notice letter…"), self)
        decorate(self.letter_button, "letter")
        self.follow_up_button = QPushButton(_("Follow up until confirmed"), self)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        bank_actions = QHBoxLayout()
        bank_actions.addWidget(QLabel(_("For the bank:")))
        for button in (self.confirm_button, self.letter_button, self.follow_up_button):
            bank_actions.addWidget(button)
        bank_actions.addStretch(1)
        editable = actor.can(Permission.EDIT_REGISTER)
        for button in (
            self.new_button,
            self.confirm_button,
            self.deactivate_button,
            self.letter_button,
            self.follow_up_button,
        ):
            button.setVisible(editable)
        self.lay_out([title, intro, filters, self.summary_label], [buttons, bank_actions])
        self.bank_combo.currentIndexChanged.connect(self.reload)
        self.stale_check.toggled.connect(self.reload)
        self.inactive_check.toggled.connect(self.reload)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self.deactivate_button.clicked.connect(self._on_deactivate_clicked)
        self.letter_button.clicked.connect(self._on_letter_clicked)
        self.follow_up_button.clicked.connect(self._on_follow_up_clicked)
        self.first_load()

    def first_load(self) -> None:
        self._fill_banks()
        self._count_stale()
        self.reload()

    def refresh(self) -> None:
        """After a change: the stale count (which no filter changes) and the rows shown."""
        self._count_stale()
        self.model.reload()
        self.show_rows()

    def _fill_banks(self) -> None:
        self._show_banks(self._read_banks()())

    def _read_banks(self) -> Callable[[], list[tuple[str, int]]]:
        banks, actor = self._banks, self._actor
        return lambda: [(bank.name, bank.id) for bank in banks.list(actor)]

    def _show_banks(self, banks: list[tuple[str, int]]) -> None:
        current = self.bank_combo.currentData()
        self.bank_combo.blockSignals(True)
        self.bank_combo.clear()
        self.bank_combo.addItem(_("All banks"), None)
        for name, bank_id in banks:
            self.bank_combo.addItem(name, bank_id)
        self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(current)))
        self.bank_combo.blockSignals(False)

    def _show_read_banks(self, banks: list[tuple[str, int]]) -> None:
        chosen = self.bank_combo.currentData()
        self._show_banks(banks)
        if self.bank_combo.currentData() != chosen:  # the bank chosen is gone: filter again
            self.reload()

    def reload(self) -> None:
        """Read the first page for the current filters (more as the table scrolls)."""
        numbers, actor = self._numbers, self._actor
        bank_id = self.bank_combo.currentData()
        stale_only = self.stale_check.isChecked()
        include_inactive = self.inactive_check.isChecked()
        self.model.set_fetch(
            lambda offset, limit: numbers.window(
                actor, bank_id, stale_only, include_inactive, offset, limit
            )
        )
        self.show_rows()

    def _count_stale(self) -> None:
        """The banner over the list: how many numbers are stale, whatever the filters show
        (counted when the screen opens and after a change, not on each choice of filter)."""
        stale = self._numbers.stale_count(self._actor)
        self.summary_label.setText(
            ngettext(
                "{count} number needs the bank to be told or to confirm it.",
                "{count} numbers need the bank to be told or to confirm them.",
                stale,
            ).format(count=stale)
        )
        self.summary_label.setVisible(stale > 0)

    def empty_text(self) -> str:
        return _("No registered numbers here yet.")

    def changed(self, changes: Changes) -> None:
        if changes.touches(Area.BANKS):
            self.choices_read.request()  # off the GUI thread; when shown

    def _selected_bank_id(self) -> int | None:
        number = self.selected()
        return number.bank_id if number else self.bank_combo.currentData()

    def update_actions(self) -> None:
        has_bank = self._selected_bank_id() is not None
        self.letter_button.setEnabled(has_bank)
        self.follow_up_button.setEnabled(has_bank)

    def open_editor(self, number: NumberView | None) -> NumberDialog:
        dialog = self._forms.editor(number, self.bank_combo.currentData(), self)
        dialog.open()
        return dialog

    def open_letter(self, bank_id: int) -> LetterDialog:
        dialog = self._forms.letter(bank_id, self)
        dialog.open()
        return dialog

    def _run(self, call: Callable[[], object]) -> None:
        run(self, self._hub, call)

    def _on_confirm_clicked(self) -> None:
        number = self.selected()
        if number is not None:
            self._run(lambda: self._numbers.confirm(self._actor, number.id))

    def _on_deactivate_clicked(self) -> None:
        number = self.selected()
        if number is not None:
            self._run(lambda: self._numbers.deactivate(self._actor, number.id))

    def _on_letter_clicked(self) -> None:
        bank_id = self._selected_bank_id()
        if bank_id is not None:
            self.open_letter(bank_id)

    def _on_follow_up_clicked(self) -> Operation | None:
        bank_id = self._selected_bank_id()
        if bank_id is None:
            return None
        numbers, actor = self._numbers, self._actor
        return run(
            self,
            self._hub,
            lambda: numbers.request_confirmation(actor, bank_id),
            self._on_follow_ups_created,
        )

    def _on_follow_ups_created(self, created: Sized) -> None:
        QMessageBox.information(
            self,
            _("Registered numbers"),
            ngettext(
                "{count} follow-up created until the bank confirms.",
                "{count} follow-ups created until the bank confirms.",
                len(created),
            ).format(count=len(created)),
        )
