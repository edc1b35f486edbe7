"""The report's charts with Qt's own chart module (QtCharts, from PySide6-Addons): answer rate per
bank, calls by outcome per month, time to return a call per bank.

Imported only by the Reports page, so that start-up never loads QtCharts. Charts are drawn
without animation (a report is read, not watched), in the app's colours — the same ones the PDF
uses for each outcome — with translated titles and legends, and without antialiasing (upright
bars need none; text keeps its own). Each chart, its series and axes are made once and refilled
with each report's bars, only when what it plots has changed (the page shows a report twice: the
counts, then the standing figures); a chart with nothing to plot says so in words instead of
drawing an empty 0–1 axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCharts import (
    QAbstractBarSeries,
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


def _chart() -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class BarChart:
    """One chart for the page's life: its series and axes are made once, and each report only
    puts new bars and names in them (building a chart anew cost more than drawing it)."""

    def __init__(self, series: QAbstractBarSeries, names_side: Qt.AlignmentFlag) -> None:
        self.chart = _chart()
        self.series = series
        self.names = QBarCategoryAxis()
        self.names.setTruncateLabels(False)  # a bank's name in full, never "…"
        self.values = QValueAxis()
        self.chart.addSeries(series)
        values_side = (
            Qt.AlignmentFlag.AlignBottom
            if names_side == Qt.AlignmentFlag.AlignLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        self.chart.addAxis(self.names, names_side)
        self.chart.addAxis(self.values, values_side)
        series.attachAxis(self.names)
        series.attachAxis(self.values)

    def fill(self, title: str, bars: list[tuple[str, str, list[float]]], names: list[str]) -> None:
        """Show ``bars`` — (label, colour, one value per name) — over ``names``."""
        self.chart.setTitle(title)
        self.series.clear()  # the old bar sets go (and are deleted)
        for label, colour, values in bars:
            found = QBarSet(label)
            found.setColor(QColor(colour))
            found.append(values)
            self.series.append(found)
        self.names.setCategories(names)


def answer_rate_chart() -> BarChart:
    series = QHorizontalBarSeries()
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    made = BarChart(series, Qt.AlignmentFlag.AlignLeft)
    made.values.setRange(0, 100)
    made.values.setLabelFormat("%d%%")
    made.chart.legend().setVisible(False)
    return made


def fill_answer_rate(chart: BarChart, report: Report) -> None:
    """Answered or transferred as a share of each bank's calls, in per cent."""
    banks = [b for b in report.banks if b.calls.answer_rate is not None]
    title = _(FIGURES["answer_rate"][0])
    if len(banks) > CHART_BANKS:  # forty bars are read by nobody: the lowest, lowest on top
        banks = sorted(banks, key=lambda b: b.calls.answer_rate or 0, reverse=True)[-CHART_BANKS:]
        title = _("Answer rate: the {count} lowest banks").format(count=CHART_BANKS)
    banks.reverse()  # the first bank on top
    rates = [round((b.calls.answer_rate or 0) * 100, 1) for b in banks]
    chart.fill(title, [(_(FIGURES["answer_rate"][0]), BAR, rates)], [b.bank_name for b in banks])


def outcomes_chart() -> BarChart:
    made = BarChart(QStackedBarSeries(), Qt.AlignmentFlag.AlignBottom)
    made.values.setTickType(QValueAxis.TickType.TicksDynamic)
    made.values.setTickAnchor(0)
    made.values.setLabelFormat("%d")
    return made


def fill_outcomes(chart: BarChart, report: Report) -> None:
    """Calls received each month of the trend, stacked by outcome."""
    bars = [
        (_(label), COLOURS[key], [float(m.calls.get(key)) for m in report.trend])
        for key, label in CATEGORIES
    ]
    chart.fill(_("Calls by outcome per month"), bars, [f"{m.month:%Y-%m}" for m in report.trend])
    peak = max((m.calls.received for m in report.trend), default=0)
    step = max(1, math.ceil(peak / 5))  # whole calls: never a tick between 0 and 1
    chart.values.setRange(0, step * max(1, math.ceil(peak / step)))
    chart.values.setTickInterval(step)


def return_time_chart() -> BarChart:
    return BarChart(QHorizontalBarSeries(), Qt.AlignmentFlag.AlignLeft)


def fill_return_time(chart: BarChart, report: Report) -> None:
    """Median and 90th percentile of the working hours to return a call, per bank."""
    banks = [b for b in report.banks if b.returns.median_hours is not None]
    title = _("Time to return a call (working hours)")
    if len(banks) > TIME_CHART_BANKS:  # the slowest, slowest first
        banks = sorted(banks, key=lambda b: b.returns.p90_hours or 0, reverse=True)
        banks = banks[:TIME_CHART_BANKS]
        title = _("Time to return a call: the {count} slowest banks (working hours)").format(
            count=TIME_CHART_BANKS
        )
    banks.reverse()  # lying bars, the first bank on top: names read in full
    median = [round(b.returns.median_hours or 0, 1) for b in banks]
    slow = [round(b.returns.p90_hours or 0, 1) for b in banks]
    chart.fill(
        title,
        [
            (_(FIGURES["median_hours"][0]), BAR, median),
            (_(FIGURES["p90_hours"][0]), P90_COLOUR, slow),
        ],
        [b.bank_name for b in banks],
    )
    peak = max((b.returns.p90_hours or 0 for b in banks), default=0)
    chart.values.setRange(0, max(1.0, peak))
    chart.values.applyNiceNumbers()


#: Each chart: how it is made (once), and how a report fills it.
CHARTS: dict[str, tuple[Callable[[], BarChart], Callable[[BarChart, Report], None]]] = {
    "answer_rate": (answer_rate_chart, fill_answer_rate),
    "return_time": (return_time_chart, fill_return_time),
    "outcomes": (outcomes_chart, fill_outcomes),
}


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
        self._made: dict[str, BarChart] = {}
        self.builds = 0  # charts filled so far (a chart's data unchanged fills none)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, row, column in (
            ("answer_rate", 0, 0),
            ("return_time", 0, 1),
            ("outcomes", 1, 0),
        ):
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # upright bars: no need
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

    def _show(self, key: str, report: Report) -> None:
        data = plotted(key, report)
        if data == self._plotted.get(key):
            return  # the same bars: the chart shown stays
        self._plotted[key] = data
        place = self._places[key]
        if not data:
            place.setCurrentWidget(self.empty_labels[key])
            return
        make, fill = CHARTS[key]
        chart = self._made.get(key)
        if chart is None:  # made the first time it has something to show, then kept
            chart = self._made[key] = make()
            self.views[key].setChart(chart.chart)  # the view owns it from now on
            self.charts[key] = chart.chart
        fill(chart, report)
        self.builds += 1
        place.setCurrentWidget(self.views[key])

    def forget(self) -> None:
        """Fill every chart at the next report even if its data is the same (the benchmark)."""
        self._plotted.clear()

    def show_report(self, report: Report) -> None:
        """Show the charts of ``report`` (filling only those whose data changed)."""
        full = report.scope == "full"
        self._show("outcomes", report)
        for key in ("answer_rate", "return_time"):
            self._places[key].setVisible(full)
            if full:
                self._show(key, report)
