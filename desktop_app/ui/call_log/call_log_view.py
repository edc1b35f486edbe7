"""The Call log screen: every call, filtered by bank, contract, outcome, person and days.

The table reads only the pages on screen (see ``call_log_model``), so a million calls scroll as
freely as ten. A call opens its callback record with its follow-ups; "New record…" writes down a
call that was not logged at the desk. The log exports to .xlsx or .csv. The second tab is the
feedback register. Nothing is read until the page is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_, _, format_number, ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.notify.outbox import OutboxService
from desktop_app.core.records.call_log import (
    DIRECTION_LABELS,
    FILTER_OUTCOMES,
    CallLogQuery,
    CallLogRow,
    CallLogService,
)
from desktop_app.core.records.feedback import FeedbackService
from desktop_app.core.register.banks import BankService
from desktop_app.core.register.contracts import ContractService
from desktop_app.core.register.people import PeopleService
from desktop_app.ui.call_log.call_log_model import CallLogModel
from desktop_app.ui.call_log.feedback_view import FeedbackRegisterView, IssueEditor, issue_editor
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import from_qdate
from desktop_app.ui.icons import decorate
from desktop_app.ui.notify.outbox_panel import OutboxPanel
from desktop_app.ui.operation import Operation, ProgressRelay
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.list_screen import ListScreen, button_row, page_title

if TYPE_CHECKING:  # the dialog is imported when first opened, not at start-up
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.records.callback_records import CallbackRecordService
    from desktop_app.ui.call_log.callback_dialog import CallbackDialog

#: Opens the callback record of a call (None: a new call, for the contract given if any) over a
#: parent widget.
RecordEditor = Callable[[int | None, int | None, QWidget], "CallbackDialog"]


@dataclass(frozen=True)
class CallLogForms:
    """The forms the Call log page opens; they need more services than the lists, so whoever
    builds the page gives it these (see :func:`call_log_forms`), not the services behind them."""

    #: The callback record of a call.
    record: RecordEditor
    #: The form of an issue in the feedback register.
    issue: IssueEditor


def call_log_forms(
    hub: ChangeHub,
    actor: Actor,
    *,
    records: CallbackRecordService,
    call_log: CallLogService,
    banks: BankService,
    contracts: ContractService,
    people: PeopleService,
    feedback: FeedbackService,
    org: OrgSettingsService,
    clock: Clock,
) -> CallLogForms:
    """The Call log page's forms over the services they use."""

    def record(call_id: int | None, contract_id: int | None, parent: QWidget) -> CallbackDialog:
        # imported when first opened, not at start-up
        from desktop_app.ui.call_log.callback_dialog import CallbackDialog

        return CallbackDialog(
            hub,
            actor,
            call_id,
            contract_id,
            parent,
            records=records,
            call_log=call_log,
            banks=banks,
            contracts=contracts,
            people=people,
            clock=clock,
        )

    issue = issue_editor(
        hub, actor, feedback=feedback, banks=banks, contracts=contracts, people=people, org=org
    )
    return CallLogForms(record=record, issue=issue)


@dataclass(frozen=True)
class Choices:
    """What the filters offer: banks and people as (name, id), the contracts of ``bank_id``."""

    banks: list[tuple[str, int]]
    people: list[tuple[str, int]]
    bank_id: int | None
    contracts: list[tuple[str, int]]


class CallLogView(ListScreen[CallLogRow, CallLogModel]):
    """The call log and the feedback register. It receives the services it reads (the call log,
    banks, contracts and people for the filters, feedback and the outbox for the other tabs),
    the clock and its forms (#12: screens get the few services they use)."""

    AREAS = (Area.CALLS, Area.FOLLOW_UPS, Area.BANKS, Area.CONTRACTS, Area.PEOPLE)

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        *,
        call_log: CallLogService,
        banks: BankService,
        contracts: ContractService,
        people: PeopleService,
        feedback: FeedbackService,
        outbox: OutboxService,
        clock: Clock,
        forms: CallLogForms,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            hub,
            actor,
            CallLogModel(call_log, actor, call_log.zone()),
            _("Calls"),
            stretch_column=CallLogModel.TOPICS,
            lazy=True,
            parent=parent,
        )
        self._call_log = call_log
        self._banks = banks
        self._contracts = contracts
        self._people = people
        self._clock = clock
        self._forms = forms
        #: Re-reads the filters' choices after a change elsewhere, off the GUI thread.
        self.choices_read = BackgroundRead(self, self._read_choices, self._show_choices)
        title = page_title(_("Call log"))
        self.tabs = QTabWidget()
        calls_page = QWidget()
        self._build_calls(calls_page)
        self.tabs.addTab(calls_page, _("Calls"))
        self.feedback_view: FeedbackRegisterView | None = None
        if actor.can(Permission.VIEW_LOAN_DETAILS):
            self.feedback_view = FeedbackRegisterView(banks, feedback, hub, actor, forms.issue)
            self.tabs.addTab(self.feedback_view, _("Feedback register"))
            self.outbox_panel = OutboxPanel(outbox, hub, actor)
            self.tabs.addTab(self.outbox_panel, _("Outbox"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def _build_calls(self, page: QWidget) -> None:
        self.bank_combo = QComboBox()
        self.bank_combo.setAccessibleName(_("Bank"))
        self.contract_combo = QComboBox()
        self.contract_combo.setAccessibleName(_("Contract"))
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName(_("Outcome"))
        self.outcome_combo.addItem(_("Any outcome"), None)
        for code, label in FILTER_OUTCOMES.items():
            self.outcome_combo.addItem(_(label), code)
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName(_("Taken by"))
        self.direction_combo = QComboBox()
        self.direction_combo.setAccessibleName(_("Direction"))
        self.direction_combo.addItem(_("Calls and return calls"), None)
        for code, label in DIRECTION_LABELS.items():
            self.direction_combo.addItem(_(label), code)
        self.since_check = QCheckBox(_("From"))
        self.until_check = QCheckBox(_("To"))
        now = self._clock.now().astimezone(self._call_log.zone())
        today = QDate(now.year, now.month, now.day)
        self.since_edit = QDateEdit(today.addMonths(-1))
        self.until_edit = QDateEdit(today)
        for check, edit in (
            (self.since_check, self.since_edit),
            (self.until_check, self.until_edit),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(formats.date_edit_pattern())
            edit.setAccessibleName(check.text())
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        filters = QHBoxLayout()
        for combo in (
            self.bank_combo,
            self.contract_combo,
            self.outcome_combo,
            self.person_combo,
            self.direction_combo,
        ):
            # A long bank name must not make the whole window wider.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
            filters.addWidget(combo, 1)
        days = QHBoxLayout()
        for widget in (self.since_check, self.since_edit, self.until_check, self.until_edit):
            days.addWidget(widget)
        days.addStretch(1)
        header = self.table.verticalHeader()
        header.setSectionResizeMode(header.ResizeMode.Fixed)
        self.count_label = QLabel()
        self.open_button = self.make_open_button(_("Open record…"))
        self.new_button = self.make_new_button(_("New record…"))
        self.export_button = QPushButton(_("Export…"))
        decorate(self.export_button, "export")
        self.new_button.setVisible(self._actor.can(Permission.LOG_CALLS))
        buttons = button_row(
            (self.open_button, self.new_button, self.export_button), leading=self.count_label
        )
        self.lay_out([filters, days], [buttons], page=page)
        self.bank_combo.currentIndexChanged.connect(self._on_bank_changed)
        for combo in (
            self.contract_combo,
            self.outcome_combo,
            self.person_combo,
            self.direction_combo,
        ):
            combo.currentIndexChanged.connect(self.apply_filter)
        for check in (self.since_check, self.until_check):
            check.toggled.connect(self.apply_filter)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(self.apply_filter)
        self.model.counted.connect(self._show_count)
        self.export_button.clicked.connect(self._on_export_clicked)

    def first_load(self) -> None:
        # Count and read the first page when the page is first shown, not at start-up.
        self._fill_choices()
        self.apply_filter()

    def _fill_choices(self) -> None:
        """Read and fill the bank, person and contract filters now (the first time)."""
        self._show_choices(self._read_choices()())

    def _read_choices(self) -> Callable[[], Choices]:
        """The call that reads the filters' choices, for the bank chosen now."""
        banks, people, contracts, actor = self._banks, self._people, self._contracts, self._actor
        bank_id = self.bank_combo.currentData()

        def read() -> Choices:
            return Choices(
                banks=[(b.name, b.id) for b in banks.list(actor, include_inactive=True)],
                people=[(p.name, p.id) for p in people.list(actor, include_inactive=True)],
                bank_id=bank_id,
                contracts=[
                    (c.contract_number, c.id)
                    for c in contracts.list(actor, status=None, bank_id=bank_id)
                ]
                if bank_id is not None
                else [],
            )

        return read

    def _show_choices(self, choices: Choices) -> None:
        """Fill the filters with ``choices``, keeping what is chosen; if a choice is gone, the
        calls are filtered again."""
        before = self.query()
        for combo, first, items in (
            (self.bank_combo, _("All banks"), choices.banks),
            (self.person_combo, _("Anyone"), choices.people),
        ):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            combo.addItem(first, None)
            for name, key in items:
                combo.addItem(name, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        if self.bank_combo.currentData() == choices.bank_id:
            self._show_contracts(choices.bank_id, choices.contracts)
        else:  # the bank chosen is gone from the list: its contracts go too
            self._fill_contracts()
        if self.loaded and self.query() != before:
            self.apply_filter()

    def _fill_contracts(self) -> None:
        """The contract filter lists the chosen bank's contracts (all banks: none to pick)."""
        bank_id = self.bank_combo.currentData()
        found = (
            self._contracts.list(self._actor, status=None, bank_id=bank_id)
            if bank_id is not None
            else []
        )
        self._show_contracts(bank_id, [(c.contract_number, c.id) for c in found])

    def _show_contracts(self, bank_id: int | None, contracts: list[tuple[str, int]]) -> None:
        current = self.contract_combo.currentData()
        self.contract_combo.blockSignals(True)
        self.contract_combo.clear()
        self.contract_combo.addItem(_("All contracts"), None)
        for number, key in contracts:
            self.contract_combo.addItem(number, key)
        self.contract_combo.setCurrentIndex(max(0, self.contract_combo.findData(current)))
        self.contract_combo.setEnabled(bank_id is not None)
        self.contract_combo.blockSignals(False)

    def _on_bank_changed(self) -> None:
        self._fill_contracts()
        self.apply_filter()

    def query(self) -> CallLogQuery:
        return CallLogQuery(
            bank_id=self.bank_combo.currentData(),
            contract_id=self.contract_combo.currentData(),
            outcome=self.outcome_combo.currentData(),
            person_id=self.person_combo.currentData(),
            direction=self.direction_combo.currentData(),
            since=from_qdate(self.since_edit.date()) if self.since_check.isChecked() else None,
            until=from_qdate(self.until_edit.date()) if self.until_check.isChecked() else None,
        )

    def show_query(self, query: CallLogQuery) -> None:
        """Set the filters to ``query`` (from the Reports page: a figure's records) and apply."""
        if not self.loaded:
            self.loaded = True
            self._fill_choices()
        widgets = (
            self.bank_combo,
            self.contract_combo,
            self.outcome_combo,
            self.person_combo,
            self.direction_combo,
            self.since_check,
            self.until_check,
            self.since_edit,
            self.until_edit,
        )
        for widget in widgets:
            widget.blockSignals(True)
        for combo, value in (
            (self.bank_combo, query.bank_id),
            (self.outcome_combo, query.outcome),
            (self.person_combo, query.person_id),
            (self.direction_combo, query.direction),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self._fill_contracts()
        self.contract_combo.setCurrentIndex(max(0, self.contract_combo.findData(query.contract_id)))
        for check, edit, day in (
            (self.since_check, self.since_edit, query.since),
            (self.until_check, self.until_edit, query.until),
        ):
            check.setChecked(day is not None)
            edit.setEnabled(day is not None)
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
        for widget in widgets:
            widget.blockSignals(False)
        self.tabs.setCurrentIndex(0)
        self.apply_filter()

    def apply_filter(self) -> None:
        """Count the calls matching the filters and show the first screen of them."""
        self.model.set_query(self.query())
        self.show_rows()

    def reload(self) -> None:
        self.apply_filter()

    def refresh(self) -> None:
        self.model.reload()
        self.show_rows()

    def _show_count(self, total: int) -> None:
        self.count_label.setText(
            ngettext("{count} call", "{count} calls", total).format(count=format_number(total))
        )

    def show_rows(self) -> None:
        if self.model.exact:
            self._show_count(self.model.rowCount())
        else:
            self.count_label.setText(_("Counting calls…"))
        super().show_rows()

    def empty_text(self) -> str:
        if self.query() != CallLogQuery():
            return _("No call matches these filters.")
        return _("No calls yet. Calls logged at the front desk appear here.")

    def changed(self, changes: Changes) -> None:
        if changes.touches(Area.BANKS, Area.PEOPLE, Area.CONTRACTS):
            self.choices_read.request()  # off the GUI thread; when shown

    def open_record(self, call_id: int | None, contract_id: int | None = None) -> CallbackDialog:
        """The callback record of a call (a new call when ``call_id`` is None)."""
        dialog = self._forms.record(call_id, contract_id, self)
        dialog.open()
        return dialog

    def open_editor(self, row: CallLogRow | None) -> CallbackDialog:
        return self.open_record(row.id if row is not None else None)

    def open_new(self) -> CallbackDialog:
        return self.open_record(None, self.contract_combo.currentData())

    def export(self, path: Path) -> Operation:
        """Export the calls matching the filters to ``path`` off the GUI thread, with a
        cancellable progress; the operation's value is how many were written (None when
        cancelled)."""
        from desktop_app.core.records.call_log_export import Cancelled, export_call_log

        total = self.model.count_now()
        progress = QProgressDialog(_("Exporting calls…"), _("Cancel"), 0, max(total, 1), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        relay = ProgressRelay(progress)
        log, actor, query = self._call_log, self._actor, self.query()

        def work() -> int | None:
            try:
                return export_call_log(log, actor, query, path, relay.report)
            except Cancelled:
                return None
            except OSError as error:
                raise ValidationError.single(
                    "file",
                    N_("{name} cannot be written: {reason}"),
                    name=path.name,
                    reason=error.strerror,
                ) from error

        operation = Operation(self, None, work).success(self._on_export_done(path))
        operation.finished.connect(progress.close)
        operation.finished.connect(relay.deleteLater)
        return operation.run()

    def _on_export_done(self, path: Path) -> Callable[[int | None], None]:
        def done(written: int | None) -> None:
            if written is None:
                return
            window = self.window()
            show = getattr(window, "show_status", None)
            message = ngettext(
                "{count} call exported to {path}", "{count} calls exported to {path}", written
            ).format(count=format_number(written), path=path)
            if show is not None:
                show(message)
            else:  # not modal: nothing waits on the person's OK
                box = QMessageBox(QMessageBox.Icon.Information, _("Call log"), message)
                box.setParent(self, box.windowFlags())
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()

        return done

    def _on_export_clicked(self) -> None:
        chosen, selected_filter = QFileDialog.getSaveFileName(
            self,
            _("Export the call log"),
            str(Path.home() / _("call-log.xlsx")),
            ";;".join((_("Excel workbook (*.xlsx)"), _("CSV, UTF-8 (*.csv)"))),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if "csv" in selected_filter.lower() else ".xlsx")
        self.export(path)
