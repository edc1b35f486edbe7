"""When a contact window happens, as rows of the editor's form: for a recurring window its time of
day and the days it is valid from and until; for a one-off appointment its start and end (both in
the window's time zone)."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDateTime, QObject, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import _
from desktop_app.core.windows.service import WindowDraft, WindowView
from desktop_app.ui.contracts.contract_dialog import from_qdate, to_qdate
from desktop_app.ui.widgets.field_errors import error_label
from desktop_app.ui.windows.rule_fields import with_error


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(to_qdate(value.date()), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _row(layout: QHBoxLayout, label: QLabel) -> QWidget:
    """A row of fields with one error label under it."""
    layout.addStretch(1)
    return with_error(layout, label)


class WhenFields(QObject):
    """Time of day and validity (recurring), or start and end (one-off)."""

    #: Emitted whenever one of the fields changes.
    changed = Signal()

    def __init__(self, form: QFormLayout, first_day: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._form = form
        self.starts_edit = QTimeEdit(QTime(10, 0))
        self.starts_edit.setAccessibleName(_("From"))
        self.ends_edit = QTimeEdit(QTime(11, 0))
        self.ends_edit.setAccessibleName(_("Until"))
        for edit in (self.starts_edit, self.ends_edit):
            edit.setDisplayFormat("HH:mm")
        self.from_check = QCheckBox(_("From"))
        self.from_edit = QDateEdit(to_qdate(first_day))
        self.until_check = QCheckBox(_("until"))
        self.until_edit = QDateEdit(to_qdate(first_day).addYears(1))
        for check, day_edit in (
            (self.from_check, self.from_edit),
            (self.until_check, self.until_edit),
        ):
            day_edit.setCalendarPopup(True)
            day_edit.setDisplayFormat(formats.date_edit_pattern())
            day_edit.setEnabled(False)
            day_edit.setAccessibleName(check.text())
            check.toggled.connect(day_edit.setEnabled)
        start = datetime.combine(first_day, time(10, 0))
        self.one_off_start_edit = QDateTimeEdit(to_qdatetime(start))
        self.one_off_start_edit.setAccessibleName(_("Starts"))
        self.one_off_end_edit = QDateTimeEdit(to_qdatetime(start.replace(hour=11)))
        self.one_off_end_edit.setAccessibleName(_("Ends"))
        for moment_edit in (self.one_off_start_edit, self.one_off_end_edit):
            moment_edit.setCalendarPopup(True)
            moment_edit.setDisplayFormat(formats.date_time_edit_pattern())

        self.times_error = error_label()
        self.validity_error = error_label()
        self.one_off_error = error_label()
        times = QHBoxLayout()
        times.addWidget(self.starts_edit)
        times.addWidget(QLabel("–"))
        times.addWidget(self.ends_edit)
        validity = QHBoxLayout()
        validity.addWidget(self.from_check)
        validity.addWidget(self.from_edit)
        validity.addSpacing(12)
        validity.addWidget(self.until_check)
        validity.addWidget(self.until_edit)
        one_off = QHBoxLayout()
        one_off.addWidget(self.one_off_start_edit)
        one_off.addWidget(QLabel("–"))
        one_off.addWidget(self.one_off_end_edit)
        self._recurring_rows = (_row(times, self.times_error), _row(validity, self.validity_error))
        self._one_off_row = _row(one_off, self.one_off_error)
        form.addRow(_("Time of day"), self._recurring_rows[0])
        form.addRow(_("Valid"), self._recurring_rows[1])
        form.addRow(_("Appointment"), self._one_off_row)
        for signal in (
            self.starts_edit.timeChanged,
            self.ends_edit.timeChanged,
            self.one_off_start_edit.dateTimeChanged,
            self.one_off_end_edit.dateTimeChanged,
            self.from_check.toggled,
            self.until_check.toggled,
            self.from_edit.dateChanged,
            self.until_edit.dateChanged,
        ):
            signal.connect(self.changed)

    def labels(self) -> dict[str, QLabel]:
        """The error label of each field a ValidationError may name."""
        return {
            "starts": self.times_error,
            "ends": self.times_error,
            "valid_from": self.validity_error,
            "valid_until": self.validity_error,
            "one_off_start": self.one_off_error,
            "one_off_end": self.one_off_error,
        }

    def set_recurring(self, recurring: bool) -> None:
        """Show the rows of a recurring window, or those of a one-off appointment."""
        for row in self._recurring_rows:
            self._form.setRowVisible(row, recurring)
        self._form.setRowVisible(self._one_off_row, not recurring)

    def fill(self, window: WindowView, draft: WindowDraft) -> None:
        """Show a stored window (``draft`` has its appointment in the window's time zone)."""
        if window.starts is not None and window.ends is not None:
            self.starts_edit.setTime(QTime(window.starts.hour, window.starts.minute))
            self.ends_edit.setTime(QTime(window.ends.hour, window.ends.minute))
        if isinstance(draft.one_off_start, datetime) and isinstance(draft.one_off_end, datetime):
            self.one_off_start_edit.setDateTime(to_qdatetime(draft.one_off_start))
            self.one_off_end_edit.setDateTime(to_qdatetime(draft.one_off_end))
        for check, edit, value in (
            (self.from_check, self.from_edit, window.valid_from),
            (self.until_check, self.until_edit, window.valid_until),
        ):
            check.setChecked(value is not None)
            if value is not None:
                edit.setDate(to_qdate(value))

    def apply_to(self, draft: WindowDraft) -> None:
        """Write the times into ``draft``."""
        draft.starts = from_qtime(self.starts_edit.time())
        draft.ends = from_qtime(self.ends_edit.time())
        draft.valid_from = (
            from_qdate(self.from_edit.date()) if self.from_check.isChecked() else None
        )
        draft.valid_until = (
            from_qdate(self.until_edit.date()) if self.until_check.isChecked() else None
        )
        draft.one_off_start = from_qdatetime(self.one_off_start_edit.dateTime())
        draft.one_off_end = from_qdatetime(self.one_off_end_edit.dateTime())

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.starts_edit,
            self.ends_edit,
            self.one_off_start_edit,
            self.one_off_end_edit,
            self.from_check,
            self.until_check,
        ):
            widget.setEnabled(not read_only)
        self.from_edit.setEnabled(not read_only and self.from_check.isChecked())
        self.until_edit.setEnabled(not read_only and self.until_check.isChecked())
