"""Edits a person's office hours: one row per weekday, Monday to Sunday, with start and end.

A person with no office hours at all is treated by the availability rules as working the
company's office hours on every working day; the editor says so instead of showing empty rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QTimeEdit, QVBoxLayout, QWidget

from desktop_app.core.i18n import N_, _
from desktop_app.core.services.availability import Span

WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
TIME_FORMAT = "HH:mm"


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


class OfficeHoursEditor(QWidget):
    """Seven rows: does the person work that weekday, and from when to when."""

    #: Emitted when any day is switched on or off or its times change.
    hours_changed = Signal()

    def __init__(
        self, default_start: time, default_end: time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._default = (default_start, default_end)
        self.works_checks: list[QCheckBox] = []
        self.start_edits: list[QTimeEdit] = []
        self.end_edits: list[QTimeEdit] = []
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Works on")), 0, 0)
        grid.addWidget(QLabel(_("From")), 0, 1)
        grid.addWidget(QLabel(_("Until")), 0, 2)
        for weekday, label in enumerate(WEEKDAYS):
            day_name = _(label)
            check = QCheckBox(day_name)
            check.setAccessibleName(_("Works on {day}").format(day=day_name))
            start = QTimeEdit(_qtime(default_start))
            start.setAccessibleName(_("{day} from").format(day=day_name))
            end = QTimeEdit(_qtime(default_end))
            end.setAccessibleName(_("{day} until").format(day=day_name))
            for edit in (start, end):
                edit.setDisplayFormat(TIME_FORMAT)
                edit.setEnabled(False)
                edit.timeChanged.connect(self._on_edit_time_changed)
            check.toggled.connect(self._on_works_check_toggled)
            grid.addWidget(check, weekday + 1, 0)
            grid.addWidget(start, weekday + 1, 1)
            grid.addWidget(end, weekday + 1, 2)
            self.works_checks.append(check)
            self.start_edits.append(start)
            self.end_edits.append(end)
        grid.setColumnStretch(3, 1)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("emptyState")
        self.hint_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.hint_label)
        layout.addStretch(1)
        self._update_hint()

    def set_hours(self, spans: Sequence[Span]) -> None:
        """Show ``spans``; a day with several spans shows from the first start to the last end."""
        for weekday in range(7):
            todays = [s for s in spans if s.weekday == weekday]
            works = bool(todays)
            starts = min((s.starts for s in todays), default=self._default[0])
            ends = max((s.ends for s in todays), default=self._default[1])
            self.start_edits[weekday].setTime(_qtime(starts))
            self.end_edits[weekday].setTime(_qtime(ends))
            self.works_checks[weekday].setChecked(works)
        self._update_hint()

    def hours(self) -> list[tuple[int, str, str]]:
        """The hours as the service takes them: (weekday, "HH:MM", "HH:MM")."""
        return [
            (
                weekday,
                self.start_edits[weekday].time().toString(TIME_FORMAT),
                self.end_edits[weekday].time().toString(TIME_FORMAT),
            )
            for weekday in range(7)
            if self.works_checks[weekday].isChecked()
        ]

    def set_read_only(self, read_only: bool) -> None:
        for weekday in range(7):
            self.works_checks[weekday].setEnabled(not read_only)
            works = self.works_checks[weekday].isChecked()
            self.start_edits[weekday].setEnabled(works and not read_only)
            self.end_edits[weekday].setEnabled(works and not read_only)

    def _on_works_check_toggled(self, _checked: bool) -> None:
        for weekday, check in enumerate(self.works_checks):
            works = check.isChecked() and check.isEnabled()
            self.start_edits[weekday].setEnabled(works)
            self.end_edits[weekday].setEnabled(works)
        self._update_hint()
        self.hours_changed.emit()

    def _on_edit_time_changed(self, _value: QTime) -> None:
        self.hours_changed.emit()

    def _update_hint(self) -> None:
        if any(check.isChecked() for check in self.works_checks):
            self.hint_label.setText(
                _("On a make-up workday (调休) the person works their usual weekday hours.")
            )
        else:
            self.hint_label.setText(
                _(
                    "No office hours set: the company's office hours ({start}–{end}) apply on "
                    "every working day."
                ).format(start=f"{self._default[0]:%H:%M}", end=f"{self._default[1]:%H:%M}")
            )
