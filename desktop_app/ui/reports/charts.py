"""The report's charts with Qt's own chart module (QtCharts, from PySide6-Addons): answer rate per
bank, calls by outcome per month, time to return a call per bank.

Imported only by the Reports page, so that start-up never loads QtCharts. Charts are drawn
without animation (a report is read, not watched), in the app's colours — the same ones the PDF
uses for each outcome — with translated titles and legends. A chart is built again only when
what it plots has changed (the page shows a report twice: the counts, then the standing figures),
and a chart with nothing to plot says so in words instead of drawing an empty 0–1 axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QStackedWidget, QWidget

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.reports.definitions import FIGURES
from desktop_app.core.reports.document import BAR, COLOURS
from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.outcomes import CATEGORIES

P90_COLOUR = "#90caf9"

#: The most banks a chart shows: beyond it, those doing worst (the tables list every bank).
CHART_BANKS = 12
#: … and the time chart, two bars a bank beside its legend.
TIME_CHART_BANKS = 8

#: What each chart says when it has nothing to plot.
EMPTY = {
    "answer_rate": N_("No calls received in this period"),
    "return_time": N_("No return calls made in this period"),
    "outcomes": N_("No calls received in the last twelve months"),
}


def plotted(key: str, report: Report) -> tuple[object, ...]:
    """What chart ``key`` draws of ``report``: equal values, an equal chart (empty: nothing)."""
    if key == "answer_rate":
        return tuple(
            (b.bank_name, round((b.calls.answer_rate or 0) * 100, 1))
            for b in report.banks
            if b.calls.answer_rate is not None
        )
    if key == "return_time":
        return tuple(
            (b.bank_name, round(b.returns.median_hours, 1), round(b.returns.p90_hours or 0, 1))
            for b in report.banks
            if b.returns.median_hours is not None
        )
    if not any(m.calls.received for m in report.trend):
        return ()
    return tuple(
        (m.month, tuple(m.calls.get(key) for key, _label in CATEGORIES)) for m in report.trend
    )


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
    banks = [b for b in report.banks if b.calls.answer_rate is not None]
    title = _(FIGURES["answer_rate"][0])
    if len(banks) > CHART_BANKS:  # forty bars are read by nobody: the lowest, lowest on top
        banks = sorted(banks, key=lambda b: b.calls.answer_rate or 0, reverse=True)[-CHART_BANKS:]
        title = _("Answer rate: the {count} lowest banks").format(count=CHART_BANKS)
    chart = _chart(title)
    rates = QBarSet(_(FIGURES["answer_rate"][0]))
    rates.setColor(QColor(BAR))
    for bank in reversed(banks):  # the first bank on top
        rates.append(round((bank.calls.answer_rate or 0) * 100, 1))
    series = QHorizontalBarSeries()
    series.append(rates)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.setTruncateLabels(False)  # a bank's name in full, never "…"
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
    banks = [b for b in report.banks if b.returns.median_hours is not None]
    title = _("Time to return a call (working hours)")
    if len(banks) > TIME_CHART_BANKS:  # the slowest, slowest first
        banks = sorted(banks, key=lambda b: b.returns.p90_hours or 0, reverse=True)
        banks = banks[:TIME_CHART_BANKS]
        title = _("Time to return a call: the {count} slowest banks (working hours)").format(
            count=TIME_CHART_BANKS
        )
    chart = _chart(title)
    median = QBarSet(_(FIGURES["median_hours"][0]))
    median.setColor(QColor(BAR))
    slow = QBarSet(_(FIGURES["p90_hours"][0]))
    slow.setColor(QColor(P90_COLOUR))
    for bank in reversed(banks):  # lying bars, the first bank on top: names read in full
        median.append(round(bank.returns.median_hours or 0, 1))
        slow.append(round(bank.returns.p90_hours or 0, 1))
    series = QHorizontalBarSeries()
    series.append(median)
    series.append(slow)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.setTruncateLabels(False)
    names.append([b.bank_name for b in reversed(banks)])
    values = QValueAxis()
    peak = max((b.returns.p90_hours or 0 for b in banks), default=0)
    values.setRange(0, max(1.0, peak))
    values.applyNiceNumbers()
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(values)
    return chart


class ChartsPanel(QWidget):
    """The report's charts side by side (the front desk's own report: calls per month only).

    Each place holds the chart and, in front of it when there is nothing to plot, a sentence.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views: dict[str, QChartView] = {}
        self.charts: dict[str, QChart] = {}
        self.empty_labels: dict[str, QLabel] = {}
        self._places: dict[str, QStackedWidget] = {}
        self._plotted: dict[str, tuple[object, ...] | None] = {}
        self.builds = 0  # charts built so far (a chart's data unchanged builds none)
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
            empty = QLabel(_(EMPTY[key]))
            empty.setObjectName("emptyState")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.setWordWrap(True)
            place = QStackedWidget()
            place.addWidget(view)
            place.addWidget(empty)
            self.views[key], self.empty_labels[key], self._places[key] = view, empty, place
            layout.addWidget(place, row, column, 1, 2 if key == "outcomes" else 1)

    def is_empty(self, key: str) -> bool:
        """Whether place ``key`` shows its sentence instead of a chart."""
        return self._places[key].currentWidget() is self.empty_labels[key]

    def _set(self, key: str, chart: QChart) -> None:
        # A chart view does not delete the chart it shows when given another: ours go here.
        old = self.charts.get(key)
        self.views[key].setChart(chart)
        self.charts[key] = chart
        if old is not None:
            old.deleteLater()

    def _show(self, key: str, report: Report, build: Callable[[Report], QChart]) -> None:
        data = plotted(key, report)
        if data == self._plotted.get(key):
            return  # the same bars: the chart shown stays
        self._plotted[key] = data
        place = self._places[key]
        if not data:
            place.setCurrentWidget(self.empty_labels[key])
            return
        self._set(key, build(report))
        self.builds += 1
        place.setCurrentWidget(self.views[key])

    def forget(self) -> None:
        """Build every chart at the next report even if its data is the same (the benchmark)."""
        self._plotted.clear()

    def show_report(self, report: Report) -> None:
        """Show the charts of ``report`` (building only those whose data changed)."""
        full = report.scope == "full"
        self._show("outcomes", report, outcomes_chart)
        for key, build in (("answer_rate", answer_rate_chart), ("return_time", return_time_chart)):
            self._places[key].setVisible(full)
            if full:
                self._show(key, report, build)
