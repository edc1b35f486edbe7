"""The Reports page: how well each bank's calls are answered, per bank and per person, the last
twelve months, charts, and the exports (.xlsx with charts, the monthly PDF).

The report is computed off the GUI thread (``report_worker``), its tables and summary laid out
there too; the GUI thread only fills the models and the charts. The page shows "Computing…" and
keeps its last figures meanwhile. Every header says what its figure means (tooltip), and the
Definitions tab lists them all. Double-clicking a bank or a person opens the call log filtered to
the calls behind the figures. The front desk sees only the counts of the calls it logged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.changes import Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, current_language, format_number, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.reports.definitions import FIGURES
from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.periods import KINDS, Period
from desktop_app.core.reports.tables import report_tables
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import from_qdate, to_qdate
from desktop_app.ui.icons import decorate
from desktop_app.ui.printing import escape
from desktop_app.ui.reports.charts import ChartsPanel
from desktop_app.ui.reports.report_models import ReportTableModel, table_texts
from desktop_app.ui.reports.report_worker import Latest, Prepared, ReportRun
from desktop_app.ui.widgets.tables import make_table

if TYPE_CHECKING:
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.reports.service import ReportService

BANK_VIEWS = ("calls", "returns", "standing")


class ReportsView(QWidget):
    """Figures, trends and charts for a period, and their exports."""

    #: Emitted with a CallLogQuery: the calls behind a bank's or a person's figures.
    call_log_requested = Signal(object)
    #: Emitted with the Report each time one has been computed and shown (twice for finance:
    #: the counts, then with each bank's standing figures).
    report_shown = Signal(object)
    #: Emitted with the Report once all of it is shown.
    report_complete = Signal(object)

    def __init__(
        self,
        reports: ReportService,
        banks: BankService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._banks = banks
        self._actor = actor
        self.scope = reports.scope_of(actor)
        self.report: Report | None = None
        self._runs: dict[int, ReportRun] = {}
        self._number = 0  # runs started so far (counts and standing figures each one)
        self._latest = Latest()
        self._stale = False
        self.complete = False  # True once the standing figures are in too
        self._counts_shown = False
        self._unfitted: set[str] = set()  # tables whose columns wait for their tab to be shown
        title = QLabel(_("Reports"))
        title.setObjectName("pageTitle")
        self._build_filters()
        self.status_label = QLabel()
        self.status_label.setObjectName("emptyState")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.tabs = QTabWidget()
        self.charts = ChartsPanel()
        self.tabs.addTab(self.charts, _("Charts"))
        self.models: dict[str, ReportTableModel] = {}
        self.tables: dict[str, QTableView] = {}
        keys = (
            ("calls", "returns", "standing", "people", "trend")
            if self.scope == "full"
            else ("trend",)
        )
        for key in keys:
            model = ReportTableModel(self)
            table = make_table(key)
            table.fit_only_when_asked()  # when its tab is shown: see _fit_current_table
            table.setModel(model)
            table.horizontalHeader().setStretchLastSection(False)
            table.activated.connect(self._activation_handler(key))
            self.models[key], self.tables[key] = model, table
            self.tabs.addTab(table, "")
        self.definitions = QTextBrowser()
        self.definitions.setAccessibleName(_("Definitions"))
        self.definitions.setHtml(definitions_html())
        self.tabs.addTab(self.definitions, _("Definitions"))
        legend = QLabel(
            _(
                "Point at a column heading to see what the figure means. Double-click a bank or "
                "a person to open their calls in the call log."
            )
            if self.scope == "full"
            else _("Only the calls you logged are counted here.")
        )
        legend.setWordWrap(True)
        legend.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(self._filters)
        layout.addWidget(self.status_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(legend)
        hub.data_changed.connect(self._on_hub_data_changed)
        self.tabs.currentChanged.connect(self._fit_current_table)
        self._on_kind_changed()

    def _build_filters(self) -> None:
        today = self._reports.today()
        last_month = today.replace(day=1) - timedelta(days=1)  # the monthly report's month
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Period"))
        for code, label in KINDS.items():
            self.kind_combo.addItem(_(label), code)
        self.day_edit = QDateEdit(to_qdate(last_month), self)
        self.day_edit.setAccessibleName(_("Period"))
        self.from_edit = QDateEdit(to_qdate(today.replace(day=1)), self)
        self.from_edit.setAccessibleName(_("From"))
        self.to_edit = QDateEdit(to_qdate(today), self)
        self.to_edit.setAccessibleName(_("To"))
        for edit in (self.day_edit, self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(formats.date_edit_pattern())
            edit.dateChanged.connect(self.refresh)
        self.day_edit.setDisplayFormat(formats.month_edit_pattern())
        self.bank_combo = QComboBox(self)
        self.bank_combo.setAccessibleName(_("Bank"))
        self.bank_combo.addItem(_("All banks"), None)
        self.xlsx_button = QPushButton(_("Export .xlsx…"), self)
        decorate(self.xlsx_button, "export")
        self.pdf_button = QPushButton(_("Print or PDF…"), self)
        decorate(self.pdf_button, "print")
        self.pdf_button.setToolTip(_("The report as a document to print or save as PDF"))
        self._filters = QHBoxLayout()
        for widget in (self.kind_combo, self.day_edit, self.from_edit, self.to_edit):
            self._filters.addWidget(widget)
        self._filters.addWidget(self.bank_combo, 1)
        self._filters.addStretch(1)
        self._filters.addWidget(self.xlsx_button)
        self._filters.addWidget(self.pdf_button)
        if self.scope == "full":
            for bank in self._banks.list(self._actor, include_inactive=True):
                self.bank_combo.addItem(bank.name, bank.id)
        for hidden in (self.bank_combo, self.xlsx_button, self.pdf_button):
            hidden.setVisible(self.scope == "full")
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.bank_combo.currentIndexChanged.connect(self.refresh)
        self.xlsx_button.clicked.connect(self._on_xlsx_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)

    # ------------------------------------------------------------ computing

    def period(self) -> Period:
        """The period the filters describe."""
        kind = str(self.kind_combo.currentData())
        if kind == "custom":
            return Period.custom(from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date()))
        return Period.of(kind, from_qdate(self.day_edit.date()))

    def set_period(self, kind: str, day: date) -> None:
        """Show the month, quarter or year holding ``day`` (for tests and links)."""
        for edit in (self.day_edit, self.kind_combo):  # one report computed, not one a change
            edit.blockSignals(True)
        self.day_edit.setDate(to_qdate(day))
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        for edit in (self.day_edit, self.kind_combo):
            edit.blockSignals(False)
        self._show_date_edits()
        self.refresh()

    def _show_date_edits(self) -> None:
        custom = self.kind_combo.currentData() == "custom"
        self.day_edit.setVisible(not custom)
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)

    def _on_kind_changed(self) -> None:
        self._show_date_edits()
        self.refresh()

    def refresh(self) -> None:
        """Compute the report for the filters, off the GUI thread."""
        try:
            period = self.period()
        except DeskError as problem:
            self._say(problem.text())
            return
        bank_id = self.bank_combo.currentData()
        reports, actor = self._reports, self._actor
        self.complete = False
        self._counts_shown = False
        self.xlsx_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self._start(lambda: prepare(reports.build(actor, period, bank_id, with_standing=False)))
        self._say(_("Computing…"))

    def _start(self, build: Callable[[], Prepared]) -> None:
        self._number += 1
        self._latest.number = self._number
        run = ReportRun(self._number, build, self._latest)
        run.signals.report_ready.connect(self._on_run_report_ready)
        run.signals.report_failed.connect(self._on_run_report_failed)
        self._runs[self._number] = run
        run.start()

    @property
    def runs_started(self) -> int:
        return self._number

    @property
    def busy(self) -> bool:
        return bool(self._runs)

    def _on_run_report_ready(self, number: int, prepared: Prepared) -> None:
        self._runs.pop(number, None)
        if number != self._number:
            return  # an older question; a newer answer is on its way
        report = prepared.report
        first_part = not self.complete and self.report_stage(report) == "counts"
        self.show_report(report, prepared)
        if first_part and report.scope == "full":
            # then each bank's windows, responders, numbers and checklists, which take longer
            reports, actor = self._reports, self._actor
            self._start(lambda: prepare(reports.standing(actor, report)))
            self._say(_("Computing the contact windows…"))
            self._counts_shown = True
        else:
            self.complete = True
            self.xlsx_button.setEnabled(True)
            self.pdf_button.setEnabled(True)
            self.report_complete.emit(report)

    def report_stage(self, report: Report) -> str:
        """ "counts" for a report without the standing figures yet, else "complete"."""
        return "complete" if self._counts_shown else "counts"

    def _on_run_report_failed(self, number: int, problem: Exception) -> None:
        self._runs.pop(number, None)
        if number != self._number:
            return
        if not isinstance(problem, DeskError):
            raise problem  # a bug: the app's error hook reports it
        self._say(problem.text())

    def _say(self, message: str) -> None:
        self.status_label.setText(message)
        self.status_label.setVisible(bool(message))

    def show_report(self, report: Report, prepared: Prepared | None = None) -> None:
        """Show ``report`` in the tables, charts and summary (laid out already: ``prepared``)."""
        prepared = prepared or prepare(report)
        self.report = report
        self._say("")
        self.summary_label.setText(prepared.summary)
        for table, texts in zip(prepared.tables, prepared.texts, strict=True):
            self.models[table.key].set_table(table, texts)
            index = self.tabs.indexOf(self.tables[table.key])
            self.tabs.setTabText(index, table.title(_))
            self.tables[table.key].setAccessibleName(table.title(_))
            self._unfitted.add(table.key)
        self._fit_current_table()
        self.charts.show_report(report)
        self.report_shown.emit(report)

    def _fit_current_table(self) -> None:
        """Fit the shown table's columns to its contents (the others when their tab opens:
        measuring every cell of five tables at once held the GUI thread)."""
        for key, table in self.tables.items():
            if key in self._unfitted and self.tabs.currentWidget() is table:
                self._unfitted.discard(key)
                table.resizeColumnsToContents()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: object) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    # ------------------------------------------------------------ tracing figures

    def _activation_handler(self, key: str) -> object:
        def handler(index: QModelIndex) -> None:
            self.open_call_log(key, index.row())

        return handler

    def query_for(self, key: str, row: int) -> CallLogQuery | None:
        """The call log filter behind a row of a view (None: a total or a month)."""
        model = self.models.get(key)
        if model is None or self.report is None:
            return None
        row_id = model.row_id(row)
        if row_id is None:
            return None
        period = self.report.period
        if key in BANK_VIEWS:
            return CallLogQuery(
                bank_id=row_id, direction="inbound", since=period.first, until=period.last
            )
        if key == "people":
            return CallLogQuery(person_id=row_id, since=period.first, until=period.last)
        return None

    def open_call_log(self, key: str, row: int) -> None:
        query = self.query_for(key, row)
        if query is not None:
            self.call_log_requested.emit(query)

    # ------------------------------------------------------------ exports

    def export_xlsx(self, path: Path) -> int:
        """Write the report shown to ``path``; returns the number of sheets of views."""
        from desktop_app.core.reports.report_xlsx import write_report

        assert self.report is not None
        return write_report(path, self.report, self._reports.zone(), current_language())

    def _on_xlsx_clicked(self) -> None:
        if self.report is None:
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the report"),
            str(Path.home() / _("callback-report.xlsx")),
            _("Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            self.export_xlsx(path)
        except OSError as problem:
            QMessageBox.warning(self, _("Reports"), str(problem))
            return
        self._say(_("Saved to {path}").format(path=path))

    def open_document(self) -> QWidget | None:
        """The monthly report in the shared document dialog (print, PDF, copy)."""
        from desktop_app.core.reports.document import report_html
        from desktop_app.ui.widgets.document_dialog import DocumentDialog

        report = self.report
        if report is None:
            return None
        zone = self._reports.zone()

        def build(language: str) -> tuple[str, str]:
            return report_html(report, zone, language)

        stem = f"callback-report-{report.period.first:%Y%m%d}-{report.period.last:%Y%m%d}"
        dialog = DocumentDialog(_("Monthly report"), build, stem, self)
        dialog.open()
        return dialog

    def _on_pdf_clicked(self) -> None:
        self.open_document()


def prepare(report: Report) -> Prepared:
    """``report`` with its tables and summary in words (on the worker thread)."""
    tables = tuple(report_tables(report, _))
    texts = tuple(table_texts(table) for table in tables)
    return Prepared(report, tables, texts, summary_text(report))


def summary_text(report: Report) -> str:
    """The period and its headline figures, in one line."""
    totals, rate = report.totals, report.totals.answer_rate
    values = {
        "received": format_number(totals.received),
        "rate": "—"
        if rate is None
        else _("{percent}%").format(percent=format_number(round(rate * 100, 1))),
        "missed": format_number(totals.missed),
        "late": format_number(report.returns.late),
        "open": format_number(report.returns.still_open),
    }
    text = ngettext(
        "{received} call received, answer rate {rate}, {missed} missed.",
        "{received} calls received, answer rate {rate}, {missed} missed.",
        totals.received,
    ).format(**values)
    if report.scope == "full":
        space = "" if current_language().startswith("zh") else " "  # none after "。"
        text += space + _("Return calls: {late} late, {open} still open.").format(**values)
    return f"{report.period.text()} · {text}"


def definitions_html() -> str:
    rows = "".join(
        f"<tr><td><b>{escape(_(label))}</b></td><td>{escape(_(meaning))}</td></tr>"
        for label, meaning in FIGURES.values()
    )
    return f'<table cellpadding="4">{rows}</table>'
