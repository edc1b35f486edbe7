"""The Reports page on the demo company's year: computed off the GUI thread, tables with their
definitions, charts, a bank opening its calls in the call log, what the front desk sees, exports."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.demo.company import load_demo
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.reports.definitions import FIGURES
from desktop_app.ui.app import app_icon
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.controller import DeskController
from desktop_app.ui.reports.reports_view import ReportsView
from desktop_app.ui.widgets.tables import ListTable
from tests.helpers.operations import settle, written

TIMEOUT = 20_000


@pytest.fixture
def demo_year(app_ctx: AppContext) -> Actor:
    return load_demo(app_ctx.services, "demo-account", history=True)


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> ReportsView:
    view = ReportsView(app_ctx.services.reports, app_ctx.services.banks, ChangeHub(), actor)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    with qtbot.waitSignal(view.report_complete, timeout=TIMEOUT):
        view.show()
    assert view.complete and view.xlsx_button.isEnabled()
    return view


def test_the_page_shows_last_month_with_definitions_and_charts(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_year: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_year)
    report = view.report
    assert report is not None and not view.busy
    assert (report.period.first, report.period.last) == (date(2026, 10, 1), date(2026, 10, 31))
    assert view.summary_label.text().startswith("Oct 1, 2026 – Oct 31, 2026 · ")
    calls = view.models["calls"]
    qtmodeltester.check(calls)
    assert calls.rowCount() == len(report.banks) + 1  # and the total
    assert calls.headerData(7, Qt.Orientation.Horizontal) == "Answer rate"
    tip = calls.headerData(7, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == FIGURES["answer_rate"][1]
    total_row = calls.rowCount() - 1
    assert calls.index(total_row, 0).data() == "All banks"
    assert calls.index(total_row, 1).data() == str(report.totals.received)
    assert view.tabs.tabText(view.tabs.indexOf(view.tables["trend"])) == "Last 12 months"
    assert view.models["trend"].rowCount() == 12
    standing = view.models["standing"]
    assert standing.index(0, 1).data() == str(report.banks[0].windows_expected)
    assert sum(b.windows_expected for b in report.banks) > 0  # the second part is in
    rates = view.charts.views["answer_rate"].chart()
    bars = rates.series()[0].barSets()[0]
    shown = [b for b in report.banks if b.calls.answer_rate is not None]
    assert bars.count() == len(shown)
    assert bars.at(bars.count() - 1) == round((shown[0].calls.answer_rate or 0) * 100, 1)
    outcomes = view.charts.views["outcomes"].chart().series()[0]
    assert [s.label() for s in outcomes.barSets()][:2] == ["Answered by a responder", "Transferred"]
    assert "Answer rate" in view.definitions.toPlainText()


def test_changing_the_period_computes_again(
    qtbot: QtBot, app_ctx: AppContext, demo_year: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_year)
    october = view.report
    started = view.runs_started
    with qtbot.waitSignal(view.report_shown, timeout=TIMEOUT) as shown:
        view.set_period("year", date(2026, 6, 1))  # the kind and the day: one report computed
    assert view.runs_started == started + 2  # its counts, then (started) its standing figures
    year = shown.args[0]
    assert year.period == view.period() and year.period.kind == "year"
    assert october is not None and year.totals.received > october.totals.received
    with qtbot.waitSignal(view.report_shown, timeout=TIMEOUT) as shown:
        view.bank_combo.setCurrentIndex(view.bank_combo.findText("北京银行"))
    assert [b.bank_name for b in shown.args[0].banks] == ["北京银行"]


def test_a_bank_and_a_person_open_their_calls_in_the_call_log(
    qtbot: QtBot, app_ctx: AppContext, demo_year: Actor
) -> None:
    controller = DeskController(app_ctx, demo_year, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    window.show()
    action = next(a for a in window.go_menu.actions() if a.text() == "Reports")
    assert action.shortcut().toString() == "Ctrl+0"
    action.trigger()
    qtbot.waitUntil(lambda: controller.reports_view is not None, timeout=TIMEOUT)
    view = controller.reports_view
    assert view is not None
    qtbot.waitUntil(lambda: view.report is not None and not view.busy, timeout=TIMEOUT)
    report = view.report
    assert report is not None
    row = next(i for i, b in enumerate(report.banks) if b.bank_name == "北京银行")
    view.open_call_log("calls", row)
    settle(qtbot)  # the log's filters are set once their choices were read
    log = controller.call_log_view
    assert log is not None and window.pages.currentWidget().content() is log  # type: ignore[attr-defined]
    query = log.query()
    assert query == CallLogQuery(
        bank_id=report.banks[row].bank_id,
        direction="inbound",
        since=date(2026, 10, 1),
        until=date(2026, 10, 31),
    )
    assert log.model.count_now() == report.banks[row].calls.received  # no wrong numbers here
    person = next(i for i, p in enumerate(report.people) if p.name == "李娜")
    view.open_call_log("people", person)
    assert log.query().person_id == report.people[person].person_id
    assert log.model.count_now() == report.people[person].calls_handled > 0
    assert view.query_for("calls", len(report.banks)) is None  # the total row opens nothing


def test_the_front_desk_sees_only_its_own_counts(
    qtbot: QtBot, app_ctx: AppContext, demo_year: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_view(qtbot, app_ctx, desk)
    assert view.report is not None and view.report.scope == "own"
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert tabs == ["Charts", "Last 12 months", "Definitions"]
    assert view.bank_combo.isHidden() and view.xlsx_button.isHidden()
    assert view.pdf_button.isHidden()
    assert not view.charts.views["answer_rate"].isVisibleTo(view)
    assert view.models["trend"].rowCount() == 12


def test_the_trainee_has_no_reports_page(
    app_ctx: AppContext, demo_year: Actor, qtbot: QtBot
) -> None:
    trainee = app_ctx.services.identity.actor_named("孙强")
    window = DeskController(app_ctx, trainee, app_icon()).build_window()
    qtbot.addWidget(window)
    assert "Reports" not in [a.text() for a in window.go_menu.actions()]


def test_exports_from_the_page(
    qtbot: QtBot, app_ctx: AppContext, demo_year: Actor, tmp_path: Path
) -> None:
    view = make_view(qtbot, app_ctx, demo_year)
    assert view.export_xlsx(tmp_path / "report.xlsx") == 5
    assert load_workbook(tmp_path / "report.xlsx").sheetnames[-1] == "Definitions"
    dialog = view.open_document()
    assert dialog is not None
    qtbot.addWidget(dialog)
    written(qtbot, dialog.save_pdf(tmp_path / "report.pdf"))  # type: ignore[attr-defined]
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages)
    text = unicodedata.normalize("NFKC", text)
    assert "Callback report Oct 1, 2026 – Oct 31, 2026" in " ".join(text.split())
    assert "北京银行" in text.replace("\n", "")


def test_a_chart_without_data_says_so_and_an_unchanged_one_is_not_built_again(
    qtbot: QtBot, app_ctx: AppContext, demo_year: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_year)
    charts = view.charts
    assert not any(charts.is_empty(key) for key in charts.views)
    built = charts.builds
    assert view.report is not None
    charts.show_report(view.report)  # the same figures: nothing built again
    assert charts.builds == built
    with qtbot.waitSignal(view.report_complete, timeout=TIMEOUT):
        view.set_period("month", date(2020, 1, 1))  # years before the demo's first call
    assert charts.is_empty("return_time") and charts.is_empty("answer_rate")
    assert charts.is_empty("outcomes")
    label = charts.empty_labels["return_time"]
    assert label.isVisibleTo(view) and label.text() == "No return calls made in this period"
    assert charts.empty_labels["outcomes"].text() == "No calls received in the last twelve months"
    with qtbot.waitSignal(view.report_complete, timeout=TIMEOUT):
        view.set_period("month", date(2026, 10, 1))
    assert not charts.is_empty("return_time") and charts.views["return_time"].isVisibleTo(view)


def test_only_the_shown_table_is_fitted_to_its_contents(
    qtbot: QtBot, app_ctx: AppContext, demo_year: Actor
) -> None:
    """Five tables measured cell by cell at once held the GUI thread: each is fitted when its tab
    is shown."""
    view = make_view(qtbot, app_ctx, demo_year)
    assert view.tabs.currentWidget() is view.charts
    done = []
    QTimer.singleShot(0, lambda: done.append(True))  # after the fits a report's rows queue
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    tables = {key: table for key, table in view.tables.items() if isinstance(table, ListTable)}
    assert len(tables) == 5 and not any(t.is_fitted() for t in tables.values())
    view.tabs.setCurrentWidget(tables["returns"])
    assert [key for key, t in tables.items() if t.is_fitted()] == ["returns"]
