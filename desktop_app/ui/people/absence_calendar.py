"""A month calendar that marks a person's absences and the company's days off.

Absence days get one colour; public holidays and weekends (as the working calendar sees them, so
a make-up workday 调休 is not greyed out) another. Each marked day explains itself in a tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import _
from desktop_app.core.register.availability import ABSENCE_KINDS
from desktop_app.ui.people.absences_model import AbsenceRow
from desktop_app.ui.style import colours


def absence_colour() -> QColor:
    """The background of a day a person is away, in the current scheme."""
    return QColor(colours().absence_bg)


def day_off_colour() -> QColor:
    """The background of a weekend day or public holiday, in the current scheme."""
    return QColor(colours().day_off_bg)


def day_off_text() -> QColor:
    return QColor(colours().day_off_fg)


def makeup_text() -> QColor:
    """The text of a working weekend day (调休)."""
    return QColor(colours().makeup_fg)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AbsenceCalendar(QCalendarWidget):
    """Shows one month; re-marks the days whenever the month or the absences change."""

    def __init__(self, calendar: WorkingCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._absences: dict[date, list[AbsenceRow]] = {}
        self.setAccessibleName(_("Absence calendar"))
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        plain = QTextCharFormat()
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekday, plain)  # the working calendar decides instead
        self.currentPageChanged.connect(self._on_self_current_page_changed)
        self._mark()

    def set_absences(self, absences: Iterable[AbsenceRow]) -> None:
        self._absences = {}
        for absence in absences:
            for day in absence.days():
                self._absences.setdefault(day, []).append(absence)
        self._mark()

    def is_absence_day(self, day: date) -> bool:
        return day in self._absences

    def _on_self_current_page_changed(self, _year: int, _month: int) -> None:
        self._mark()

    def _mark(self) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears every format
        first = date(self.yearShown(), self.monthShown(), 1)
        day = first - timedelta(days=7)
        end = first + timedelta(days=31 + 14)
        while day < end:
            self.setDateTextFormat(_qdate(day), self._format(day))
            day += timedelta(days=1)

    def _format(self, day: date) -> QTextCharFormat:
        shape = QTextCharFormat()
        tips: list[str] = []
        info = self._calendar.day(day)
        if not info.is_workday:
            shape.setBackground(QBrush(day_off_colour()))
            shape.setForeground(QBrush(day_off_text()))
            if info.holiday_name:
                tips.append(_("Public holiday: {name}").format(name=info.holiday_name))
            else:
                tips.append(_("Day off"))
        elif info.reason == "makeup_workday":
            shape.setForeground(QBrush(makeup_text()))
            shape.setFontWeight(600)
            tips.append(_("Make-up workday (调休)"))
        for absence in self._absences.get(day, []):
            shape.setBackground(QBrush(absence_colour()))
            shape.setForeground(QBrush(QColor(colours().text)))
            kind = _(ABSENCE_KINDS.get(absence.kind, absence.kind))
            tips.append(f"{kind}: {absence.note}" if absence.note else kind)
        if tips:
            shape.setToolTip("\n".join(tips))
        return shape
