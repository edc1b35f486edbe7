"""The report's charts with Qt's own chart module (QtCharts, from PySide6-Addons): answer rate per
bank, calls by outcome per month, time to return a call per bank.

Imported only by the Reports page, so that start-up never loads QtCharts. Charts are drawn
without animation (a report is read, not watched), in the app's colours — the same ones the PDF
uses for each outcome — with translated titles and legends.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.reports.definitions import FIGURES
from desktop_app.core.reports.document import BAR, COLOURS
from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.outcomes import CATEGORIES

P90_COLOUR = "#90caf9"


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def answer_rate_chart(report: Report) -> QChart:
    """Answered or transferred as a share of each bank's calls, in per cent."""
    chart = _chart(_(FIGURES["answer_rate"][0]))
    banks = [b for b in report.banks if b.calls.answer_rate is not None]
    rates = QBarSet(_(FIGURES["answer_rate"][0]))
    rates.setColor(QColor(BAR))
    for bank in reversed(banks):  # the first bank on top
        rates.append(round((bank.calls.answer_rate or 0) * 100, 1))
    series = QHorizontalBarSeries()
    series.append(rates)
    # Labels on every bar cost most of the painting; with many banks the axis says enough.
    series.setLabelsVisible(len(banks) <= 12)
    series.setLabelsFormat("@value%")
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([b.bank_name for b in reversed(banks)])
    values = QValueAxis()
    values.setRange(0, 100)
    values.setLabelFormat("%d%%")
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(values)
    chart.legend().setVisible(False)
    return chart


def outcomes_chart(report: Report) -> QChart:
    """Calls received each month of the trend, stacked by outcome."""
    chart = _chart(_("Calls by outcome per month"))
    series = QStackedBarSeries()
    peak = 0
    for key, label in CATEGORIES:
        bars = QBarSet(_(label))
        bars.setColor(QColor(COLOURS[key]))
        for month in report.trend:
            bars.append(month.calls.get(key))
        series.append(bars)
    peak = max((m.calls.received for m in report.trend), default=0)
    chart.addSeries(series)
    months = QBarCategoryAxis()
    months.append([f"{m.month:%Y-%m}" for m in report.trend])
    values = QValueAxis()
    step = max(1, math.ceil(peak / 5))  # whole calls: never a tick between 0 and 1
    values.setRange(0, step * max(1, math.ceil(peak / step)))
    values.setTickType(QValueAxis.TickType.TicksDynamic)
    values.setTickAnchor(0)
    values.setTickInterval(step)
    values.setLabelFormat("%d")
    chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(months)
    series.attachAxis(values)
    return chart


def return_time_chart(report: Report) -> QChart:
    """Median and 90th percentile of the working hours to return a call, per bank."""
    chart = _chart(_("Time to return a call (working hours)"))
    banks = [b for b in report.banks if b.returns.median_hours is not None]
    median = QBarSet(_(FIGURES["median_hours"][0]))
    median.setColor(QColor(BAR))
    slow = QBarSet(_(FIGURES["p90_hours"][0]))
    slow.setColor(QColor(P90_COLOUR))
    for bank in banks:
        median.append(round(bank.returns.median_hours or 0, 1))
        slow.append(round(bank.returns.p90_hours or 0, 1))
    series = QBarSeries()
    series.append(median)
    series.append(slow)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([b.bank_name for b in banks])
    values = QValueAxis()
    peak = max((b.returns.p90_hours or 0 for b in banks), default=0)
    values.setRange(0, max(1.0, peak))
    values.applyNiceNumbers()
    chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)
    return chart


class ChartsPanel(QWidget):
    """The report's charts side by side (the front desk's own report: calls per month only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views: dict[str, QChartView] = {}
        self.charts: dict[str, QChart] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, row, column in (
            ("answer_rate", 0, 0),
            ("return_time", 0, 1),
            ("outcomes", 1, 0),
        ):
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(220)
            self.views[key] = view
            layout.addWidget(view, row, column, 1, 2 if key == "outcomes" else 1)

    def _set(self, key: str, chart: QChart) -> None:
        # A chart view does not delete the chart it shows when given another: ours go here.
        old = self.charts.get(key)
        self.views[key].setChart(chart)
        self.charts[key] = chart
        if old is not None:
            old.deleteLater()

    def show_report(self, report: Report) -> None:
        """Replace the charts with those of ``report``."""
        full = report.scope == "full"
        self._set("outcomes", outcomes_chart(report))
        for key, build in (("answer_rate", answer_rate_chart), ("return_time", return_time_chart)):
            self.views[key].setVisible(full)
            if full:
                self._set(key, build(report))
