"""The Call log screen: every call, filtered by bank, contract, outcome, person and days.

The table reads only the pages on screen (see ``call_log_model``), so a million calls scroll as
freely as ten. A call opens its callback record with its follow-ups; "New record…" writes down a
call that was not logged at the desk. The log exports to .xlsx or .csv. The second tab is the
feedback register. Nothing is read until the page is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt
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
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_, _, format_number, ngettext
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.records.call_log import (
    DIRECTION_LABELS,
    FILTER_OUTCOMES,
    CallLogQuery,
    CallLogRow,
)
from desktop_app.core.services import Services
from desktop_app.ui.call_log.call_log_model import CallLogModel
from desktop_app.ui.call_log.feedback_view import FeedbackRegisterView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import from_qdate
from desktop_app.ui.icons import decorate
from desktop_app.ui.notify.outbox_panel import OutboxPanel
from desktop_app.ui.operation import Operation, ProgressRelay
from desktop_app.ui.widgets.tables import make_table

if TYPE_CHECKING:  # the dialog is imported when first opened, not at start-up
    from desktop_app.ui.call_log.callback_dialog import CallbackDialog

AREAS = (Area.CALLS, Area.FOLLOW_UPS, Area.BANKS, Area.CONTRACTS, Area.PEOPLE)


class CallLogView(QWidget):
    """The call log and the feedback register."""

    def __init__(
        self, services: Services, hub: ChangeHub, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._hub = hub
        self._actor = actor
        self._loaded = False
        self._stale = False
        title = QLabel(_("Call log"))
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        calls_page = QWidget()
        self._build_calls(calls_page)
        self.tabs.addTab(calls_page, _("Calls"))
        self.feedback_view: FeedbackRegisterView | None = None
        if actor.can(Permission.VIEW_LOAN_DETAILS):
            self.feedback_view = FeedbackRegisterView(services, hub, actor)
            self.tabs.addTab(self.feedback_view, _("Feedback register"))
            self.outbox_panel = OutboxPanel(services.outbox, hub, actor)
            self.tabs.addTab(self.outbox_panel, _("Outbox"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        hub.data_changed.connect(self._on_hub_data_changed)

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
        now = self._services.store.clock.now().astimezone(self._services.call_log.zone())
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
        self.model = CallLogModel(
            self._services.call_log, self._actor, self._services.call_log.zone(), self
        )
        self.table = make_table(_("Calls"), stretch_column=CallLogModel.TOPICS)
        self.table.setModel(self.model)
        header = self.table.verticalHeader()
        header.setSectionResizeMode(header.ResizeMode.Fixed)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.count_label = QLabel()
        self.open_button = QPushButton(_("Open record…"))
        decorate(self.open_button, "open")
        self.new_button = QPushButton(_("New record…"), self)
        decorate(self.new_button, "new")
        self.export_button = QPushButton(_("Export…"))
        decorate(self.export_button, "export")
        self.new_button.setVisible(self._actor.can(Permission.LOG_CALLS))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        for button in (self.open_button, self.new_button, self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addLayout(days)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
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
        self.table.activated.connect(self._on_table_activated)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)

    def showEvent(self, event: object) -> None:
        # Count and read the first page when the page is first shown, not at start-up.
        if not self._loaded:
            self._loaded = True
            self._fill_choices()
            self.apply_filter()
        elif self._stale:
            self._stale = False
            self._refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def _fill_choices(self) -> None:
        for combo in (self.bank_combo, self.person_combo):
            combo.blockSignals(True)
        bank = self.bank_combo.currentData()
        person = self.person_combo.currentData()
        self.bank_combo.clear()
        self.bank_combo.addItem(_("All banks"), None)
        for each in self._services.banks.list(self._actor, include_inactive=True):
            self.bank_combo.addItem(each.name, each.id)
        self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(bank)))
        self.person_combo.clear()
        self.person_combo.addItem(_("Anyone"), None)
        for someone in self._services.people.list(self._actor, include_inactive=True):
            self.person_combo.addItem(someone.name, someone.id)
        self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(person)))
        for combo in (self.bank_combo, self.person_combo):
            combo.blockSignals(False)
        self._fill_contracts()

    def _fill_contracts(self) -> None:
        """The contract filter lists the chosen bank's contracts (all banks: none to pick)."""
        current = self.contract_combo.currentData()
        self.contract_combo.blockSignals(True)
        self.contract_combo.clear()
        self.contract_combo.addItem(_("All contracts"), None)
        bank_id = self.bank_combo.currentData()
        if bank_id is not None:
            for contract in self._services.contracts.list(
                self._actor, status=None, bank_id=bank_id
            ):
                self.contract_combo.addItem(contract.contract_number, contract.id)
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
        if not self._loaded:
            self._loaded = True
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
        self._after_load()

    def _refresh(self) -> None:
        self.model.reload()
        self._after_load()

    def _show_count(self, total: int) -> None:
        self.count_label.setText(
            ngettext("{count} call", "{count} calls", total).format(count=format_number(total))
        )

    def _after_load(self) -> None:
        total = self.model.rowCount()
        if self.model.exact:
            self._show_count(total)
        else:
            self.count_label.setText(_("Counting calls…"))
        filtered = self.query() != CallLogQuery()
        self.empty_label.setText(
            _("No call matches these filters.")
            if filtered
            else _("No calls yet. Calls logged at the front desk appear here.")
        )
        self.empty_label.setVisible(total == 0)
        self.table.resizeColumnsToContents()  # the first page read; later pages keep the widths
        self.table.setVisible(total > 0)

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if not self._loaded or not changes.touches(*AREAS):
            return
        if changes.touches(Area.BANKS, Area.PEOPLE, Area.CONTRACTS):
            self._fill_choices()
        if self.isVisible():
            self._refresh()
        else:
            self._stale = True

    def selected(self) -> CallLogRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_record(self, call_id: int | None, contract_id: int | None = None) -> CallbackDialog:
        """The callback record of a call (a new call when ``call_id`` is None)."""
        from desktop_app.ui.call_log.callback_dialog import CallbackDialog

        dialog = CallbackDialog(self._services, self._hub, self._actor, call_id, contract_id, self)
        dialog.open()
        return dialog

    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is not None:
            self.open_record(row.id)

    def _on_open_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_record(row.id)

    def _on_new_clicked(self) -> None:
        self.open_record(None, self.contract_combo.currentData())

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
        log, actor, query = self._services.call_log, self._actor, self.query()

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
