"""The callback record form: a guided write-up of a bank's call, opened from the log or the desk.

Left, the call: who called (the bank's officer, the number), which contract, who took it. Right,
one tab per topic the bank checks — use of funds, business condition, repayment capacity,
collateral, other — each with the questions typically asked, what the bank asked and what was
answered; below, the documents promised with their deadlines (each becomes a follow-up) and what
worries the bank. The follow-ups this call already has are listed under the form.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.i18n import N_, _, format_moment
from desktop_app.core.common.permissions import Actor
from desktop_app.core.records.call_log import CallLogService
from desktop_app.core.records.callback_records import (
    DIRECTIONS,
    RECORD_TOPICS,
    CallbackDraft,
    CallbackRecordService,
    CallbackRecordView,
    Exchange,
    PromisedDocument,
)
from desktop_app.core.register.banks import BankService
from desktop_app.core.register.contracts import ContractService
from desktop_app.core.register.people import PeopleService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.editable_table import EditableTable
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label

TOPIC_HINTS = {
    "use_of_funds": N_(
        "Typically asked: was the loan spent on the purpose the contract states? Who received "
        "the payments? Can you show the vouchers, invoices and supply contracts?"
    ),
    "business_condition": N_(
        "Typically asked: production, sales and costs this period; orders in hand; any change "
        "of shareholders or management, disputes or large investments?"
    ),
    "repayment_capacity": N_(
        "Typically asked: cash flow and collections; other debts falling due; the latest "
        "financial statements and tax returns."
    ),
    "collateral": N_(
        "Typically asked: the state of the collateral — let, seized, damaged, insured — and "
        "any change in its value."
    ),
    "other": N_("Anything else the bank asked."),
}
DOCUMENT_HEADERS = (N_("Document promised"), N_("Due (e.g. 2026-12-01)"), N_("Who sends it"))
WHOEVER = N_("Whoever took the call")
FIELDS = ("bank_id", "contract_id", "officer_id", "caller_number", "direction", "taken_by_id")


class TopicPage(QWidget):
    """What the bank asked on one topic, and what was answered."""

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        hint_label.setObjectName("infoBanner")
        self.question_edit = QPlainTextEdit()
        self.question_edit.setAccessibleName(_("Questions asked"))
        self.question_edit.setPlaceholderText(_("What the bank asked…"))
        self.answer_edit = QPlainTextEdit()
        self.answer_edit.setAccessibleName(_("Answers given"))
        self.answer_edit.setPlaceholderText(_("What we answered…"))
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label)
        layout.addWidget(QLabel(_("Questions asked")))
        layout.addWidget(self.question_edit, 1)
        layout.addWidget(QLabel(_("Answers given")))
        layout.addWidget(self.answer_edit, 1)

    def filled(self) -> bool:
        return bool(self.question_edit.toPlainText().strip() or self.answer_edit.toPlainText())


class CallbackDialog(QDialog):
    """Writes the record of one call (or of a new call when none is given)."""

    #: Emitted with the saved CallbackRecordView.
    record_saved = Signal(object)

    def __init__(
        self,
        hub: ChangeHub,
        actor: Actor,
        call_id: int | None = None,
        contract_id: int | None = None,
        parent: QWidget | None = None,
        *,
        records: CallbackRecordService,
        call_log: CallLogService,
        banks: BankService,
        contracts: ContractService,
        people: PeopleService,
        clock: Clock,
    ) -> None:
        super().__init__(parent)
        self._records = records
        self._banks = banks
        self._contracts = contracts
        self._clock = clock
        self._hub = hub
        self._actor = actor
        self.call_id = call_id
        self.record: CallbackRecordView | None = (
            records.get(actor, call_id) if call_id is not None else None
        )
        self._people = people.list(actor)
        self._zone = call_log.zone()  # times as the company reads them
        self.setWindowTitle(_("Callback record"))
        self._build()
        self._fill_choices()
        if self.record is not None:
            self.show_record(self.record)
        elif contract_id is not None:
            contract = contracts.get(actor, contract_id)
            self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(contract.bank_id)))
            self.contract_combo.setCurrentIndex(max(0, self.contract_combo.findData(contract.id)))
        self.resize(1040, 720)

    def _build(self) -> None:
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.direction_combo = QComboBox()
        self.direction_combo.setAccessibleName(_("Direction"))
        for code, label in DIRECTIONS.items():
            self.direction_combo.addItem(_(label), code)
        now = self._clock.now().astimezone(self._zone)
        self.when_edit = QDateTimeEdit(
            QDateTime(now.year, now.month, now.day, now.hour, now.minute, 0)
        )
        self.when_edit.setDisplayFormat(formats.date_time_edit_pattern())
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setAccessibleName(_("When"))
        self.bank_combo = QComboBox()
        self.bank_combo.setAccessibleName(_("Bank"))
        self.contract_combo = QComboBox()
        self.contract_combo.setAccessibleName(_("Contract"))
        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName(_("Bank officer"))
        self.caller_edit = QLineEdit()
        self.caller_edit.setAccessibleName(_("Caller's name"))
        self.number_edit = QLineEdit()
        self.number_edit.setAccessibleName(_("Caller's number"))
        self.number_edit.setPlaceholderText(_("e.g. 010-6552 1288"))
        self.taken_combo = QComboBox()
        self.taken_combo.setAccessibleName(_("Taken by"))
        self.labels = {name: error_label() for name in FIELDS}
        call_box = QGroupBox(_("The call"))
        form = QFormLayout(call_box)
        self.when_row_label = QLabel(_("When"))
        form.addRow(self.summary_label)
        form.addRow(_("Direction"), self.direction_combo)
        form.addRow(self.when_row_label, self.when_edit)
        for label, widget, name in (
            (_("Bank"), self.bank_combo, "bank_id"),
            (_("Contract"), self.contract_combo, "contract_id"),
            (_("Bank officer"), self.officer_combo, "officer_id"),
            (_("Caller's name"), self.caller_edit, None),
            (_("Caller's number"), self.number_edit, "caller_number"),
            (_("Taken by"), self.taken_combo, "taken_by_id"),
        ):
            form.addRow(label, widget)
            if name:
                form.addRow("", self.labels[name])
        self.concerns_edit = QPlainTextEdit()
        self.concerns_edit.setAccessibleName(_("Concerns of the bank"))
        self.concerns_edit.setPlaceholderText(
            _("Anything that worries the bank: late documents, falling sales, a dispute…")
        )
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setFixedHeight(60)
        concerns_box = QGroupBox(_("Concerns of the bank"))
        concerns_layout = QVBoxLayout(concerns_box)
        concerns_layout.addWidget(self.concerns_edit)
        concerns_layout.addWidget(QLabel(_("Notes")))
        concerns_layout.addWidget(self.notes_edit)
        self.follow_ups_list = QListWidget()
        self.follow_ups_list.setAccessibleName(_("Follow-ups of this call"))
        self.follow_ups_list.setMaximumHeight(90)
        self.follow_ups_box = QGroupBox(_("Follow-ups of this call"))
        follow_layout = QVBoxLayout(self.follow_ups_box)
        follow_layout.addWidget(self.follow_ups_list)
        self.summary_label.hide()
        self.follow_ups_box.hide()
        left = QVBoxLayout()
        left.addWidget(call_box)
        left.addWidget(concerns_box, 1)
        left.addWidget(self.follow_ups_box)

        self.topic_tabs = QTabWidget()
        self.topic_tabs.setAccessibleName(_("Questions by topic"))
        self.topic_pages: dict[str, TopicPage] = {}
        for code, label in RECORD_TOPICS.items():
            page = TopicPage(_(TOPIC_HINTS.get(code, TOPIC_HINTS["other"])))
            self.topic_pages[code] = page
            self.topic_tabs.addTab(page, _(label))
            page.question_edit.textChanged.connect(self._mark_topics)
            page.answer_edit.textChanged.connect(self._mark_topics)
        self.exchanges_error = error_label()
        senders = {"": WHOEVER, **{str(p.id): p.name for p in self._people}}
        self.documents_table = EditableTable(
            _("Documents promised"), DOCUMENT_HEADERS, {2: senders}
        )
        self.documents_table.model.rowsInserted.connect(self._on_documents_rows_inserted)
        self.documents_table.table.setColumnWidth(0, 280)
        self.documents_table.table.setColumnWidth(1, 180)
        self.documents_error = error_label()
        topics_box = QGroupBox(_("What the bank asked"))
        topics_layout = QVBoxLayout(topics_box)
        topics_layout.addWidget(self.topic_tabs)
        topics_layout.addWidget(self.exchanges_error)
        documents_box = QGroupBox(_("Documents promised (each becomes a follow-up)"))
        documents_layout = QVBoxLayout(documents_box)
        documents_layout.addWidget(self.documents_table)
        documents_layout.addWidget(self.documents_error)
        right = QVBoxLayout()
        right.addWidget(topics_box, 3)
        right.addWidget(documents_box, 2)

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        self.general_error = error_label()
        self.errors = FieldErrors(
            {**self.labels, "exchanges": self.exchanges_error, "documents": self.documents_error},
            self.general_error,
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.bank_combo.currentIndexChanged.connect(self._on_bank_changed)
        self.officer_combo.currentIndexChanged.connect(self._on_officer_changed)

    def _fill_choices(self) -> None:
        self.bank_combo.blockSignals(True)
        self.bank_combo.addItem(_("Choose the bank…"), None)
        for bank in self._banks.list(self._actor):
            self.bank_combo.addItem(bank.name, bank.id)
        self.bank_combo.blockSignals(False)
        self.taken_combo.addItem("—", None)
        for person in self._people:
            label = person.name
            if person.id == self._actor.person_id:
                label = _("Me ({name})").format(name=person.name)
            self.taken_combo.addItem(label, person.id)
        self.taken_combo.setCurrentIndex(max(0, self.taken_combo.findData(self._actor.person_id)))
        self._on_bank_changed()

    def _on_bank_changed(self) -> None:
        bank_id = self.bank_combo.currentData()
        self.contract_combo.clear()
        self.contract_combo.addItem(_("No particular contract"), None)
        self.officer_combo.clear()
        self.officer_combo.addItem(_("Someone else / not known"), None)
        if bank_id is None:
            return
        for contract in self._contracts.list(self._actor, bank_id=bank_id):
            self.contract_combo.addItem(contract.contract_number, contract.id)
        for officer in self._records.officers(self._actor, bank_id):
            number = officer.mobile or officer.phone
            self.officer_combo.addItem(
                f"{officer.name} · {number}" if number else officer.name, officer
            )

    def _on_officer_changed(self) -> None:
        officer = self.officer_combo.currentData()
        if officer is None:
            return
        self.caller_edit.setText(officer.name)
        if not self.number_edit.text().strip():
            self.number_edit.setText(officer.phone or officer.mobile)

    def _on_documents_rows_inserted(self, _parent: object, first: int, _last: int) -> None:
        model = self.documents_table.model
        index = model.index(first, 1)
        if not model.data(index):
            today = self._clock.now().astimezone(self._zone).date()
            model.setData(index, (today + timedelta(days=5)).isoformat())

    def _mark_topics(self) -> None:
        for position, (code, page) in enumerate(self.topic_pages.items()):
            label = _(RECORD_TOPICS[code])
            self.topic_tabs.setTabText(position, f"{label} ✓" if page.filled() else label)

    def show_record(self, record: CallbackRecordView) -> None:
        """Fill the form from a call and what was recorded of it."""
        self.summary_label.setText(
            _("{when} · {bank} · taken by {name}").format(
                when=format_moment(record.occurred_at, self._zone),
                bank=record.bank_name or "—",
                name=record.taken_by_name or "—",
            )
        )
        self.summary_label.show()
        self.direction_combo.setCurrentIndex(
            max(0, self.direction_combo.findData(record.direction))
        )
        self.direction_combo.setEnabled(False)
        self.when_edit.hide()
        self.when_row_label.hide()
        self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(record.bank_id)))
        self.contract_combo.setCurrentIndex(
            max(0, self.contract_combo.findData(record.contract_id))
        )
        for index in range(self.officer_combo.count()):
            officer = self.officer_combo.itemData(index)
            if officer is not None and officer.id == record.officer_id:
                self.officer_combo.setCurrentIndex(index)
        self.caller_edit.setText(record.caller_name)
        self.number_edit.setText(record.caller_number)
        self.taken_combo.setCurrentIndex(max(0, self.taken_combo.findData(record.taken_by_id)))
        for exchange in record.exchanges or ():
            page = self.topic_pages.get(exchange.topic, self.topic_pages["other"])
            for edit, text in (
                (page.question_edit, exchange.question),
                (page.answer_edit, exchange.answer),
            ):
                current = edit.toPlainText()
                edit.setPlainText(f"{current}\n{text}".strip() if current else text)
        self.concerns_edit.setPlainText(record.concerns or "")
        self.notes_edit.setPlainText(record.record_notes or "")
        self.follow_ups_list.clear()
        for follow_up in record.follow_ups:
            self.follow_ups_list.addItem(
                _("{kind}: {what} — {who}, due {due} ({status})").format(
                    kind=follow_up.kind_text(),
                    what=follow_up.description,
                    who=follow_up.assignee_name or "—",
                    due=format_moment(follow_up.due_at, self._zone),
                    status=follow_up.status_text(),
                )
            )
        self.follow_ups_box.setVisible(bool(record.follow_ups))
        if record.restricted:
            self.topic_tabs.setEnabled(False)
            self.concerns_edit.setEnabled(False)

    def draft(self) -> CallbackDraft:
        """The form as a draft for the service."""
        officer = self.officer_combo.currentData()
        exchanges = [
            Exchange(code, page.question_edit.toPlainText(), page.answer_edit.toPlainText())
            for code, page in self.topic_pages.items()
        ]
        documents = [
            PromisedDocument(
                description=row[0], due_on=row[1], assignee_id=int(row[2]) if row[2] else None
            )
            for row in self.documents_table.model.rows()
        ]
        when = self.when_edit.dateTime().toPython()
        return CallbackDraft(
            call_id=self.call_id,
            bank_id=self.bank_combo.currentData(),
            contract_id=self.contract_combo.currentData(),
            officer_id=officer.id if officer is not None else None,
            caller_name=self.caller_edit.text(),
            caller_number=self.number_edit.text(),
            direction=str(self.direction_combo.currentData()),
            occurred_at=when.replace(tzinfo=self._zone) if isinstance(when, datetime) else None,
            taken_by_id=self.taken_combo.currentData(),
            exchanges=exchanges,
            documents=documents,
            concerns=self.concerns_edit.toPlainText(),
            notes=self.notes_edit.toPlainText(),
        )

    def save(self, then_close: bool = False) -> Operation:
        """Save the form off the GUI thread; a problem is shown at its field or below the form,
        and the dialog stays open. ``then_close``: close it once saved."""
        self.errors.clear()
        records = self._records
        actor = self._actor
        draft = self.draft()

        def saved(value: CallbackRecordView) -> None:
            self.call_id = value.call_id
            self.record = value
            self.record_saved.emit(value)
            if then_close:
                self.accept()

        self.operation = (
            Operation(self, self._hub, lambda: records.record(actor, draft))
            .fields(self.errors.show)
            .errors_in(self.general_error)
            .lock(self.buttons)
            .success(saved)
            .run()
        )
        return self.operation

    def _on_buttons_accepted(self) -> None:
        self.save(then_close=True)
