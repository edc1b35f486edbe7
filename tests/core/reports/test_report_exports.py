"""The demo company's year in a report, its .xlsx workbook with native charts and its document."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from desktop_app.core.common.permissions import Actor
from desktop_app.core.demo.company import load_demo
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.reports.document import report_html
from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.periods import Period
from desktop_app.core.reports.report_xlsx import write_report
from desktop_app.core.services import Services

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def demo(services: Services) -> Actor:
    return load_demo(services, "demo-account", history=True)


@pytest.fixture
def october(services: Services, demo: Actor) -> Report:
    return services.reports.build(demo, Period.month(date(2026, 10, 1)))


def test_the_demo_year_gives_real_figures_that_trace_to_the_call_log(
    services: Services, demo: Actor, october: Report
) -> None:
    assert october.totals.received > 20  # a year of history: every month has calls
    assert all(m.calls.received > 0 for m in october.trend)
    assert october.returns.due > 0 and october.returns.median_hours is not None
    for bank in october.banks:
        query = CallLogQuery(
            bank_id=bank.bank_id, direction="inbound", since=date(2026, 10, 1),
            until=date(2026, 10, 31),
        )  # fmt: skip
        assert bank.calls.received == services.call_log.count(demo, query), bank.bank_name
    by_name = {b.bank_name: b for b in october.banks}
    # standing figures, as the demo company has them today
    assert by_name["中国工商银行"].responders >= 2
    assert by_name["中国工商银行"].stale_numbers == 1  # the unassigned landline, unconfirmed
    assert by_name["北京银行"].windows_expected > by_name["北京银行"].windows_covered  # evenings
    assert by_name["中国工商银行"].checklist_total > 0


def test_the_workbook_has_a_sheet_and_a_native_chart_per_view(
    october: Report, tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    assert write_report(path, october, SHANGHAI, "zh_CN") == 5
    book = load_workbook(path)
    assert book.sheetnames == [
        "各银行来电",
        "各银行回电",
        "窗口、接听人、号码",
        "按人员",
        "近 12 个月",
        "指标定义",
    ]
    calls = book["各银行来电"]
    assert calls["A4"].value == "银行" and calls["H4"].value == "接听率"
    rows = {calls.cell(r, 1).value: r for r in range(5, calls.max_row + 1)}
    for bank in october.banks:
        row = rows[bank.bank_name]
        assert calls.cell(row, 2).value == bank.calls.received
        assert calls.cell(row, 8).number_format == "0.0%"
    assert calls.cell(rows["全部银行"], 2).value == october.totals.received
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 5
        assert all(b"<barChart>" in archive.read(n) for n in charts)
        assert b'<grouping val="stacked"' in archive.read(charts[-1])  # outcomes by month


def test_the_document_names_the_period_who_and_every_bank(october: Report) -> None:
    title, body = report_html(october, SHANGHAI, "zh_CN")
    assert title == "回访接听报告 2026年10月1日 – 2026年10月31日"
    assert "由吴晓东于" in body
    for bank in october.banks:
        assert bank.bank_name in body
    assert "接听率" in body and "指标定义" in body
    english_title, english = report_html(october, SHANGHAI, "en")
    assert english_title.startswith("Callback report") and "Answer rate per bank" in english
