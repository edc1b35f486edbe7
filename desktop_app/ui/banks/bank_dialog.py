"""The bank form: names and aliases, branches, officers, calling numbers, default responders.

A bank saved meanwhile by someone else is not overwritten: the conflict dialog shows what they
changed, to reload or re-apply. The form opens at once; the people to choose responders from and
the bank's own responders are read off the GUI thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.banks import (
    OFFICER_ROLES,
    BankDraft,
    BankService,
    BankView,
    OfficerDraft,
    PhoneDraft,
)
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.widgets.editable_table import EditableTable
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.ranked_list import RankedListEditor, uncertified
from desktop_app.ui.widgets.versioned_editor import VersionedEditor, loading_combo

if TYPE_CHECKING:
    from desktop_app.core.notify.outbox import OutboxService
    from desktop_app.core.register.people import PeopleService
    from desktop_app.core.register.responders import ResponderService, ResponderView
    from desktop_app.core.training.service import TrainingService

OFFICER_HEADERS = (N_("Name"), N_("Role"), N_("Phone"), N_("Mobile"), N_("E-mail"))
PHONE_HEADERS = (N_("Number"), N_("Label"))


@dataclass(frozen=True)
class BankChoices:
    """What the form reads to open: the people to choose from, the bank's responders (in rank
    order) and which of them hold no current certificate."""

    people: list[tuple[int, str]]
    responders: tuple[ResponderView, ...]
    uncertified: set[int]


def split_names(text: str) -> list[str]:
    """Aliases typed as "工行, ICBC、工商银行"."""
    return [part.strip() for part in re.split(r"[,，、;；\n]", text) if part.strip()]


class BankDialog(VersionedEditor):
    """Creates or edits one bank. It receives the bank, people and responder services, training
    (to flag responders without a certificate) and the outbox (its "Mail sent" tab)."""

    #: Emitted with the saved BankView.
    bank_saved = Signal(object)

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        bank: BankView | None,
        parent: QWidget | None = None,
        *,
        banks: BankService,
        people: PeopleService,
        responders: ResponderService,
        training: TrainingService,
        outbox: OutboxService,
    ) -> None:
        super().__init__(hub, parent)
        self._banks = banks
        self._people = people
        self._responders = responders
        self._training = training
        self._actor = actor
        self.bank = bank
        self.editable = actor.can(Permission.EDIT_REGISTER)
        self.setWindowTitle(bank.name if bank else _("New bank"))
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Bank name"))
        self.short_edit = QLineEdit()
        self.short_edit.setAccessibleName(_("Short name"))
        self.aliases_edit = QLineEdit()
        self.aliases_edit.setAccessibleName(_("Aliases"))
        self.aliases_edit.setPlaceholderText(_("e.g. ICBC, 工商银行 (separate with commas)"))
        self.branches_edit = QPlainTextEdit()
        self.branches_edit.setAccessibleName(_("Branches"))
        self.branches_edit.setPlaceholderText(_("One branch per line"))
        self.branches_edit.setFixedHeight(70)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setFixedHeight(60)
        self.officers_table = EditableTable(_("Officers"), OFFICER_HEADERS, {1: OFFICER_ROLES})
        self.phones_table = EditableTable(_("Numbers the bank calls from"), PHONE_HEADERS)
        self.responders_editor = RankedListEditor(_("Default responders"))
        loading_combo(self.responders_editor.candidates_combo)
        labels = {name: error_label() for name in ("name", "officers", "phones", "responders")}
        self.general_error = error_label()
        self.errors = FieldErrors(labels, self.general_error)

        general = QWidget()
        form = QFormLayout(general)
        form.addRow(_("Bank name"), self.name_edit)
        form.addRow("", labels["name"])
        form.addRow(_("Short name"), self.short_edit)
        form.addRow(_("Aliases"), self.aliases_edit)
        form.addRow(_("Branches"), self.branches_edit)
        form.addRow(_("Notes"), self.notes_edit)
        officers = QWidget()
        officers_layout = QVBoxLayout(officers)
        officers_layout.addWidget(self.officers_table)
        officers_layout.addWidget(labels["officers"])
        phones = QWidget()
        phones_layout = QVBoxLayout(phones)
        phones_layout.addWidget(
            QLabel(
                _(
                    "The numbers this bank calls from: its service number, "
                    "branch lines, officers' mobiles. The front desk "
                    "recognises the bank by them."
                )
            )
        )
        phones_layout.addWidget(self.phones_table)
        phones_layout.addWidget(labels["phones"])
        responders_page = QWidget()
        responders_layout = QVBoxLayout(responders_page)
        responders_layout.addWidget(
            QLabel(
                _(
                    "Who answers for this bank's contracts that have no "
                    "responder list of their own, primary first."
                )
            )
        )
        responders_layout.addWidget(self.responders_editor)
        responders_layout.addWidget(labels["responders"])
        self.tabs = QTabWidget()
        self.tabs.addTab(general, _("Bank"))
        self.tabs.addTab(officers, _("Officers"))
        self.tabs.addTab(phones, _("Calls from"))
        self.tabs.addTab(responders_page, _("Default responders"))
        self._tab_of = {"name": 0, "officers": 1, "phones": 2, "responders": 3}
        if bank is not None and actor.can(Permission.VIEW_LOAN_DETAILS):
            from desktop_app.ui.notify.outbox_panel import OutboxPanel

            self.tabs.addTab(OutboxPanel(outbox, hub, actor, bank_id=bank.id), _("Mail sent"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            if self.editable
            else QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._initial_responders: list[int] = []
        if bank is not None:
            self.show_bank(bank)
        if not self.editable:
            for edit in (self.name_edit, self.short_edit, self.aliases_edit):
                edit.setReadOnly(True)
            for text in (self.branches_edit, self.notes_edit):
                text.setReadOnly(True)
            self.officers_table.set_read_only(True)
            self.phones_table.set_read_only(True)
            self.responders_editor.setEnabled(False)
        self.resize(720, 520)
        waiting = (self.responders_editor,) if self.editable else ()
        self.load_choices(self._read_choices(bank), self._show_choices, *waiting)

    def _read_choices(self, bank: BankView | None) -> Callable[[], BankChoices]:
        """The read of the form's choices (run off the GUI thread; touches no widget)."""
        people, responders, training, actor = (
            self._people,
            self._responders,
            self._training,
            self._actor,
        )

        def read() -> BankChoices:
            ranked = responders.for_bank(actor, bank.id) if bank is not None else ()
            return BankChoices(
                [(p.id, p.name) for p in people.list(actor)],
                ranked,
                uncertified(training, actor, [r.person_id for r in ranked]),
            )

        return read

    def _show_choices(self, choices: BankChoices) -> None:
        self.responders_editor.set_candidates(choices.people)
        ranked = choices.responders
        self.responders_editor.set_people([(r.person_id, r.name, r.active) for r in ranked])
        self.responders_editor.set_uncertified(choices.uncertified)
        self._initial_responders = [r.person_id for r in ranked]

    def show_bank(self, bank: BankView) -> None:
        self.name_edit.setText(bank.name)
        self.short_edit.setText(bank.short_name)
        self.aliases_edit.setText(", ".join(bank.aliases))
        self.branches_edit.setPlainText("\n".join(bank.branches))
        self.notes_edit.setPlainText(bank.notes)
        self.officers_table.set_rows(
            [[o.name, o.role, o.phone, o.mobile, o.email] for o in bank.officers]
        )
        self.phones_table.set_rows([[display, label] for _key, display, label in bank.phones])

    def draft(self) -> BankDraft:
        return BankDraft(
            name=self.name_edit.text(),
            short_name=self.short_edit.text(),
            aliases=split_names(self.aliases_edit.text()),
            notes=self.notes_edit.toPlainText(),
            branches=[b for b in self.branches_edit.toPlainText().splitlines() if b.strip()],
            officers=[OfficerDraft(*row[:5]) for row in self.officers_table.model.rows()],
            phones=[PhoneDraft(row[0], row[1]) for row in self.phones_table.model.rows()],
        )

    def _on_buttons_accepted(self) -> None:
        self.save()

    def reload_record(self) -> None:
        """Show the bank as stored now (the edits in the form are dropped)."""
        if self.bank is None:
            return
        try:
            self.bank = self._banks.get(self._actor, self.bank.id)
        except DeskError as error:
            self.show_general(error)
            return
        self.errors.clear()
        self.show_bank(self.bank)
        self.load_choices(self._read_choices(self.bank), self._show_choices)

    def show_validation(self, error: ValidationError) -> None:
        self.errors.show(error)
        self.tabs.setCurrentIndex(self._tab_of.get(error.field.split(".")[0], 0))

    def save(self, expected_version: int | None = None, keep: frozenset[str] = frozenset()) -> None:
        """Save the form: as the version it was opened at, or ``expected_version`` when
        re-applying after a conflict (``keep``: the fields to leave as stored)."""
        self.errors.clear()
        banks = self._banks
        responders_service = self._responders
        actor = self._actor
        responders = self.responders_editor.person_ids()
        inactive = self.responders_editor.inactive_names()
        if responders != self._initial_responders and inactive:
            self.show_validation(
                ValidationError.single(
                    "responders",
                    N_("{name} is not active and cannot answer the bank."),
                    name=inactive[0],
                )
            )
            return
        changed = responders if responders != self._initial_responders else None
        draft = self.draft()
        bank = self.bank

        def work() -> BankView:
            if bank is None:
                created = banks.create(actor, draft).value
                if changed is not None:
                    responders_service.set_for_bank(actor, created.id, changed)
                return created
            version = bank.version if expected_version is None else expected_version
            return banks.update(actor, bank.id, draft, version, changed, keep).value

        def saved(value: BankView) -> None:
            self.bank = value
            self._initial_responders = responders
            self.bank_saved.emit(value)
            self.accept()

        self.run_save(work, saved)
