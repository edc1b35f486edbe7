"""The contact-window editor: bank, contract, title, a recurring rule or a one-off appointment,
time range and time zone, validity, a note — and a live preview of the next five occurrences
with their warnings. Problems are shown at the fields they concern; the front desk only looks.
A window saved meanwhile at another desk is not overwritten: the conflict dialog shows what changed,
to reload or re-apply. The editor opens at once: the banks, the bank's contracts and the named time
zones are read off the GUI thread, and the preview follows when they arrive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.zones import ZoneChoice, zone_choices, zone_name
from desktop_app.core.windows.service import KINDS, WindowDraft, WindowService, WindowView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.widgets.bank_pickers import (
    bank_choices,
    contract_choices,
    contract_combo,
    set_banks,
    set_contracts,
)
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.tables import make_table
from desktop_app.ui.widgets.versioned_editor import VersionedEditor, loading_combo
from desktop_app.ui.widgets.zone_combo import ZoneCombo
from desktop_app.ui.windows.occurrences_model import OccurrencesModel, agenda_rows
from desktop_app.ui.windows.rule_fields import RuleFields, with_error
from desktop_app.ui.windows.when_fields import WhenFields

if TYPE_CHECKING:
    from desktop_app.core.common.clock import Clock
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.register.contracts import ContractService

PREVIEW_COUNT = 5
PREVIEW_DELAY_MS = 200


@dataclass(frozen=True)
class WindowChoices:
    """What the editor reads to open: the banks, the bank to select and its contracts, and
    every time zone named in the reader's language."""

    banks: list[tuple[int, str]]
    bank_id: int | None
    contracts: list[tuple[int, str]]
    zones: list[ZoneChoice]


class WindowDialog(VersionedEditor):
    """Creates or edits one contact window. It receives the window service, the bank and
    contract services its pickers read, the organisation's settings (its time zone) and the
    clock (today's date)."""

    #: Emitted with the saved WindowView.
    window_saved = Signal(object)
    #: Emitted after the preview was recomputed.
    preview_updated = Signal()

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        window: WindowView | None,
        parent: QWidget | None = None,
        *,
        bank_id: int | None = None,
        day: date | None = None,
        windows: WindowService,
        banks: BankService,
        contracts: ContractService,
        org: OrgSettingsService,
        clock: Clock,
    ) -> None:
        super().__init__(hub, parent)
        self._windows = windows
        self._banks = banks
        self._contracts = contracts
        self._actor = actor
        self.contact_window = window
        self.editable = actor.can(Permission.EDIT_REGISTER)
        self._show_errors_live = False
        org_zone = org.get().timezone
        self._org_zone = ZoneInfo(org_zone)
        today = clock.now().astimezone(self._org_zone).date()
        if window is None:
            self.setWindowTitle(_("New contact window"))
        else:
            self.setWindowTitle(window.title or _("Contact window"))

        self.bank_combo = loading_combo(QComboBox())
        self.bank_combo.setAccessibleName(_("Bank"))
        self.contract_combo = loading_combo(contract_combo())
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Subject"))
        self.title_edit.setPlaceholderText(_("e.g. Quarterly post-loan call"))
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Kind"))
        for code, label in KINDS.items():
            self.kind_combo.addItem(_(label), code)
        self.zone_combo = ZoneCombo(choices=[])  # named off the GUI thread
        self.zone_combo.setAccessibleName(_("Time zone"))
        self.zone_combo.set_zone(org_zone)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName(_("Note"))
        self.note_edit.setFixedHeight(54)
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.description_label.setObjectName("infoBanner")

        labels = {
            name: error_label()
            for name in ("bank_id", "contract_id", "title", "kind", "timezone", "note")
        }
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(_("Bank"), with_error(self.bank_combo, labels["bank_id"]))
        self.form.addRow(_("Contract"), with_error(self.contract_combo, labels["contract_id"]))
        self.form.addRow(_("Subject"), with_error(self.title_edit, labels["title"]))
        self.form.addRow(_("Kind"), with_error(self.kind_combo, labels["kind"]))
        self.rule_fields = RuleFields(self.form, self)
        self.when_fields = WhenFields(self.form, day or today, self)
        self.form.addRow(_("Time zone"), with_error(self.zone_combo, labels["timezone"]))
        self.form.addRow(_("Note"), with_error(self.note_edit, labels["note"]))
        self.general_error = error_label()
        self.errors = FieldErrors(
            {**labels, **self.rule_fields.labels, **self.when_fields.labels()}, self.general_error
        )

        self._org_zone_name = zone_name(org_zone)
        self.preview_label = QLabel()
        self._set_preview_heading(PREVIEW_COUNT)
        self.preview_model = OccurrencesModel(self)
        self.preview_table = make_table(_("Next dates"), stretch_column=OccurrencesModel.PROBLEMS)
        self.preview_table.setModel(self.preview_model)
        for column in (OccurrencesModel.BANK, OccurrencesModel.CONTRACT, OccurrencesModel.TITLE):
            self.preview_table.setColumnHidden(column, True)
        self.preview_table.setMinimumHeight(26 * (PREVIEW_COUNT + 1) + 24)
        self.preview_message = QLabel()
        self.preview_message.setObjectName("emptyState")
        self.preview_message.setWordWrap(True)
        self.preview_message.setText(_("Loading…"))  # the preview follows the choices
        self.preview_table.resizeColumnsToContents()  # whole headers while it is empty

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            if self.editable
            else QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.description_label)
        layout.addLayout(self.form)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview_table, 1)
        layout.addWidget(self.preview_message)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.bank_combo.currentIndexChanged.connect(self._on_bank_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        for signal in (
            self.contract_combo.currentIndexChanged,
            self.rule_fields.changed,
            self.when_fields.changed,
            self.zone_combo.currentTextChanged,
        ):
            signal.connect(self._preview_timer.start)

        if window is not None:
            self.fill(window)
        else:
            self.description_label.hide()
            if day is not None:  # a day chosen in the month: an appointment on that day
                self.kind_combo.setCurrentIndex(self.kind_combo.findData("one_off"))
        self._show_kind_rows()
        if not self.editable:
            self._set_read_only()
        self.resize(760, 680)
        wanted = window.bank_id if window is not None else bank_id
        waiting = (self.bank_combo, self.contract_combo, self.zone_combo) if self.editable else ()
        self.load_choices(self._read_choices(wanted), self._show_choices, *waiting)

    def _read_choices(self, wanted: int | None) -> Callable[[], WindowChoices]:
        """The read of the editor's choices (run off the GUI thread; touches no widget)."""
        banks, contracts, actor = self._banks, self._contracts, self._actor

        def read() -> WindowChoices:
            found = bank_choices(banks, actor)
            ids = [bank for bank, _name in found]
            chosen = wanted if wanted is not None else (ids[0] if ids else None)
            return WindowChoices(
                found, chosen, contract_choices(contracts, actor, chosen), zone_choices()
            )

        return read

    def _show_choices(self, choices: WindowChoices) -> None:
        window = self.contact_window
        self.bank_combo.blockSignals(True)  # its contracts came with it
        try:
            set_banks(self.bank_combo, choices.banks, choices.bank_id)
            if window is not None and self.bank_combo.findData(window.bank_id) < 0:
                self.bank_combo.addItem(window.bank_name, window.bank_id)  # an inactive bank
                self.bank_combo.setCurrentIndex(self.bank_combo.count() - 1)
        finally:
            self.bank_combo.blockSignals(False)
        self._set_contract_choices(choices.contracts, window)
        self.zone_combo.set_choices(choices.zones)
        self.refresh_preview()

    # Filling and reading

    def fill(self, window: WindowView) -> None:
        """Show a stored window (its bank and contract once the choices are read)."""
        if self.loaded:
            if self.bank_combo.findData(window.bank_id) < 0:
                self.bank_combo.addItem(window.bank_name, window.bank_id)  # an inactive bank
            self.bank_combo.setCurrentIndex(self.bank_combo.findData(window.bank_id))
            self._fill_contracts(window)
        self.title_edit.setText(window.title)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(window.kind)))
        draft = window.draft()
        self.rule_fields.fill(draft)
        self.when_fields.fill(window, draft)
        self.zone_combo.set_zone(window.timezone)
        self.note_edit.setPlainText(window.note)
        description = window.description
        if not window.active:
            description += "\n" + _("Inactive: it has no dates until it is reactivated.")
        self.description_label.setText(description)
        self.description_label.setVisible(True)

    def _fill_contracts(self, window: WindowView | None) -> None:
        bank_id = self.bank_combo.currentData()
        self._set_contract_choices(contract_choices(self._contracts, self._actor, bank_id), window)

    def _set_contract_choices(
        self, choices: list[tuple[int, str]], window: WindowView | None
    ) -> None:
        chosen = window.contract_id if window is not None else self.contract_combo.currentData()
        self.contract_combo.blockSignals(True)
        set_contracts(self.contract_combo, choices, _("All of the bank's contracts"))
        missing = window is not None and self.contract_combo.findData(window.contract_id) < 0
        if window is not None and window.contract_id is not None and missing:
            self.contract_combo.addItem(window.contract_number, window.contract_id)  # closed
        self.contract_combo.setCurrentIndex(max(0, self.contract_combo.findData(chosen)))
        self.contract_combo.blockSignals(False)

    def draft(self) -> WindowDraft:
        """The window as filled in now."""
        bank_id = self.bank_combo.currentData()
        contract_id = self.contract_combo.currentData()
        draft = WindowDraft(
            bank_id=int(bank_id) if bank_id is not None else 0,
            kind=str(self.kind_combo.currentData()),
            title=self.title_edit.text(),
            contract_id=int(contract_id) if contract_id is not None else None,
            timezone=self.zone_combo.zone(),
            note=self.note_edit.toPlainText(),
        )
        self.rule_fields.apply_to(draft)
        self.when_fields.apply_to(draft)
        return draft

    # Reacting

    def _on_bank_changed(self, _index: int) -> None:
        if not self.loaded:
            return
        self._fill_contracts(None)
        self._preview_timer.start()

    def _on_kind_changed(self, _index: int) -> None:
        self._show_kind_rows()
        self._preview_timer.start()

    def _show_kind_rows(self) -> None:
        recurring = self.kind_combo.currentData() == "recurring"
        self.rule_fields.set_visible(recurring)
        self.when_fields.set_recurring(recurring)

    def refresh_preview(self) -> None:
        """Recompute the next occurrences of the draft (nothing is saved); none until the
        choices are read."""
        self._preview_timer.stop()
        if not self.loaded:
            return
        try:
            found = self._windows.preview(self._actor, self.draft(), PREVIEW_COUNT)
        except ValidationError as error:
            self.preview_model.set_rows([])
            if self._show_errors_live:
                self.errors.show(error)
                self.preview_message.setText(
                    _("Correct the fields marked in red to see the next dates.")
                )
            else:
                self.preview_message.setText(error.text())
        except DeskError as error:
            self.preview_model.set_rows([])
            self.preview_message.setText(error.text())
        else:
            if self._show_errors_live:
                self.errors.clear()
            self.preview_model.set_rows(agenda_rows(found, self._org_zone))
            self._set_preview_heading(len(found))
            notes = _("; ").join(self.preview_model.shared_warnings())
            self.preview_message.setText(notes if found else _("No date in the coming two years."))
            self.preview_table.resizeColumnsToContents()
        self.preview_message.setVisible(bool(self.preview_message.text()))
        self.preview_updated.emit()

    def _set_preview_heading(self, count: int) -> None:
        """ "Next 5 dates", "The only date" — the heading says how many dates the table shows."""
        zone = self._org_zone_name
        if count == 1:
            text = _("The only coming date (times in {zone})").format(zone=zone)
        elif count == 0:
            text = _("Coming dates (times in {zone})").format(zone=zone)
        else:
            text = ngettext(
                "Next {count} date (times in {zone})",
                "Next {count} dates (times in {zone})",
                count,
            ).format(count=count, zone=zone)
        self.preview_label.setText(text)

    def _set_read_only(self) -> None:
        for widget in (self.bank_combo, self.contract_combo, self.kind_combo, self.zone_combo):
            widget.setEnabled(False)
        self.title_edit.setReadOnly(True)
        self.note_edit.setReadOnly(True)
        self.rule_fields.set_read_only(True)
        self.when_fields.set_read_only(True)

    def _on_buttons_accepted(self) -> None:
        self.save()

    def reload_record(self) -> None:
        """Show the window as stored now (the edits in the form are dropped)."""
        if self.contact_window is None:
            return
        try:
            self.contact_window = self._windows.get(self._actor, self.contact_window.id)
        except DeskError as error:
            self.general_error.setText(error.text())
            self.general_error.show()
            return
        self.errors.clear()
        self.fill(self.contact_window)
        self._show_kind_rows()
        self.refresh_preview()

    def save(self, expected_version: int | None = None, keep: frozenset[str] = frozenset()) -> None:
        """Save the window: as the version it was opened at, or ``expected_version`` when
        re-applying after a conflict (``keep``: the fields to leave as stored). On refusal show
        each problem at its field, or the conflict dialog, and keep the editor open."""
        windows = self._windows
        actor = self._actor
        draft = self.draft()
        window = self.contact_window

        def work() -> WindowView:
            if window is None:
                return windows.create(actor, draft).value
            version = window.version if expected_version is None else expected_version
            return windows.update(actor, window.id, draft, version, keep).value

        def saved(value: WindowView) -> None:
            self.contact_window = value
            self.window_saved.emit(value)
            self.accept()

        self.run_save(work, saved)

    def show_validation(self, error: ValidationError) -> None:
        self._show_errors_live = True
        self.refresh_preview()  # shows the problems at their fields, and keeps them current
        self.errors.show(error)
