"""A report as an .xlsx workbook: one sheet per view, each with its table and a native Excel
chart (openpyxl's chart module, so Excel and WPS draw and restyle it), and a sheet of definitions.

Counts are numbers, shares are numbers formatted as percentages, months and days real dates, so
the file sorts, filters and recalculates as expected. Headers are in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.reports.definitions import FIGURES
from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.tables import Table, report_tables

# Which columns each view charts, and how: (chart kind, figure keys).
CHARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "calls": ("bar", ("answer_rate",)),
    "returns": ("bar", ("median_hours", "p90_hours")),
    "standing": ("bar", ("windows_expected", "windows_covered")),
    "people": ("bar", ("calls_handled", "person_returns_open")),
    "trend": ("stacked", ("answered", "transferred", "message", "no_one", "missed")),
}
CHART_TITLES = {
    "calls": N_("Answer rate per bank"),
    "returns": N_("Time to return a call (working hours)"),
    "trend": N_("Calls by outcome per month"),
}
FORMATS = {"share": "0.0%", "hours": "0.0", "month": "yyyy-mm", "day": "yyyy-mm-dd"}


def _cell(value: Any, zone: tzinfo) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(zone).date()
    return value


def _sheet_title(text: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the book."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in text)[:31]
    title, n = clean, 2
    while title in used:
        title = f"{clean[:28]} {n}"
        n += 1
    used.add(title)
    return title


def _chart(sheet: Any, table: Table, tr: Callable[[str], str], first_row: int) -> None:
    from openpyxl.chart import BarChart, Reference

    kind, keys = CHARTS[table.key]
    last_row = first_row + len(table.rows)
    if not table.rows:
        return
    chart = BarChart()
    chart.type = "bar" if table.key in ("calls", "people") else "col"
    if kind == "stacked":
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.title = tr(CHART_TITLES[table.key]) if table.key in CHART_TITLES else table.title(tr)
    chart.height = max(7.5, 0.6 * len(table.rows) + 3)
    chart.width = 18
    for key in keys:
        column = next(i for i, c in enumerate(table.columns) if c.key == key) + 1
        data = Reference(sheet, min_col=column, min_row=first_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    categories = Reference(sheet, min_col=1, min_row=first_row + 1, max_row=last_row)
    chart.set_categories(categories)
    if keys == ("answer_rate",):
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
    sheet.add_chart(chart, f"{chr(ord('A') + len(table.columns) + 1)}{first_row}")


def write_report(path: Path, report: Report, zone: tzinfo, language: str) -> int:
    """Write ``report`` to ``path`` in ``language``; returns the number of sheets of views."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    tr = translator_for(language)
    book = Workbook()
    used: set[str] = set()
    tables = report_tables(report, tr)
    for index, table in enumerate(tables):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = _sheet_title(table.title(tr), used)
        sheet.append([tr(N_("Period")), report.period.first, report.period.last])
        sheet.append([tr(N_("Bank")), report.bank_filter or tr(N_("All banks"))])
        for cell in sheet[1][1:]:
            cell.number_format = "yyyy-mm-dd"
        header_row = 4
        sheet.append([])
        sheet.append([c.header(tr) for c in table.columns])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        rows = list(table.rows) + ([table.total] if table.total else [])
        for row_number, row in enumerate(rows, start=header_row + 1):
            sheet.append([_cell(v, zone) for v in row])
            for column, spec in enumerate(table.columns, start=1):
                if spec.kind in FORMATS:
                    sheet.cell(row_number, column).number_format = FORMATS[spec.kind]
        if table.total:
            total_row = header_row + len(rows)
            sheet.cell(total_row, 1, tr(N_("All banks"))).font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
        for column in range(2, len(table.columns) + 1):
            sheet.column_dimensions[chr(ord("A") + column - 1)].width = 14
        sheet.freeze_panes = sheet.cell(header_row + 1, 2)
        _chart(sheet, table, tr, header_row)
    notes = book.create_sheet(_sheet_title(tr(N_("Definitions")), used))
    notes.append([tr(N_("Figure")), tr(N_("Definition"))])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for label, meaning in FIGURES.values():
        notes.append([tr(label), tr(meaning)])
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
    notes.append([])
    notes.append([tr(N_("Produced by")), report.generated_by])
    notes.append([tr(N_("Produced at")), report.generated_at.astimezone(zone).replace(tzinfo=None)])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return len(tables)
