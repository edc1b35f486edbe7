"""Edits a person's office hours: one row per weekday, Monday to Sunday, with start and end.

A day may have a break (a lunch break: 09:00–12:00 and 13:30–18:00 are kept as two spans, never
merged into one that would claim the person answers at 12:30).

A person with no office hours at all is treated by the availability rules as working the
company's office hours on every working day; the editor says so instead of showing empty rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QTimeEdit, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.register.availability import Span

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
DEFAULT_BREAK = (time(12), time(13, 30))


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
        self.break_checks: list[QCheckBox] = []
        self.break_start_edits: list[QTimeEdit] = []
        self.break_end_edits: list[QTimeEdit] = []
        self._read_only = False
        grid = QGridLayout()
        for column, heading in enumerate(
            (_("Works on"), _("From"), _("Until"), _("Break"), _("From"), _("Until"))
        ):
            grid.addWidget(QLabel(heading), 0, column)
        for weekday, label in enumerate(WEEKDAYS):
            day_name = _(label)
            check = QCheckBox(day_name)
            check.setAccessibleName(_("Works on {day}").format(day=day_name))
            start = self._time_edit(default_start, _("{day} from").format(day=day_name))
            end = self._time_edit(default_end, _("{day} until").format(day=day_name))
            pause = QCheckBox()
            pause.setAccessibleName(_("Break on {day}").format(day=day_name))
            pause.setEnabled(False)
            pause_start = self._time_edit(
                DEFAULT_BREAK[0], _("{day} break from").format(day=day_name)
            )
            pause_end = self._time_edit(
                DEFAULT_BREAK[1], _("{day} break until").format(day=day_name)
            )
            for box in (check, pause):
                box.toggled.connect(self._on_check_toggled)
            for column, widget in enumerate((check, start, end, pause, pause_start, pause_end)):
                grid.addWidget(widget, weekday + 1, column)
            self.works_checks.append(check)
            self.start_edits.append(start)
            self.end_edits.append(end)
            self.break_checks.append(pause)
            self.break_start_edits.append(pause_start)
            self.break_end_edits.append(pause_end)
        grid.setColumnStretch(6, 1)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("emptyState")
        self.hint_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.hint_label)
        layout.addStretch(1)
        self._update_hint()

    def _time_edit(self, value: time, name: str) -> QTimeEdit:
        edit = QTimeEdit(_qtime(value))
        edit.setAccessibleName(name)
        edit.setDisplayFormat(TIME_FORMAT)
        edit.setEnabled(False)
        edit.timeChanged.connect(self._on_edit_time_changed)
        return edit

    def set_hours(self, spans: Sequence[Span]) -> None:
        """Show ``spans``: a day's first start to its last end, and the gap after its first span
        as the break (a day of more than two spans shows its first gap only)."""
        for weekday in range(7):
            todays = sorted((s for s in spans if s.weekday == weekday), key=lambda s: s.starts)
            starts = todays[0].starts if todays else self._default[0]
            ends = max((s.ends for s in todays), default=self._default[1])
            gap = (todays[0].ends, todays[1].starts) if len(todays) > 1 else None
            self.start_edits[weekday].setTime(_qtime(starts))
            self.end_edits[weekday].setTime(_qtime(ends))
            self.break_start_edits[weekday].setTime(_qtime(gap[0] if gap else DEFAULT_BREAK[0]))
            self.break_end_edits[weekday].setTime(_qtime(gap[1] if gap else DEFAULT_BREAK[1]))
            self.break_checks[weekday].setChecked(gap is not None)
            self.works_checks[weekday].setChecked(bool(todays))
        self._sync_enabled()
        self._update_hint()

    def hours(self) -> list[tuple[int, str, str]]:
        """The hours as the service takes them: (weekday, "HH:MM", "HH:MM"), two spans on a day
        with a break."""
        result: list[tuple[int, str, str]] = []
        for weekday in range(7):
            if not self.works_checks[weekday].isChecked():
                continue
            start = self.start_edits[weekday].time().toString(TIME_FORMAT)
            end = self.end_edits[weekday].time().toString(TIME_FORMAT)
            if self.break_checks[weekday].isChecked():
                pause_start = self.break_start_edits[weekday].time().toString(TIME_FORMAT)
                pause_end = self.break_end_edits[weekday].time().toString(TIME_FORMAT)
                result += [(weekday, start, pause_start), (weekday, pause_end, end)]
            else:
                result.append((weekday, start, end))
        return result

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        editable = not self._read_only
        for weekday in range(7):
            works = self.works_checks[weekday].isChecked()
            pause = works and self.break_checks[weekday].isChecked()
            self.works_checks[weekday].setEnabled(editable)
            self.start_edits[weekday].setEnabled(works and editable)
            self.end_edits[weekday].setEnabled(works and editable)
            self.break_checks[weekday].setEnabled(works and editable)
            self.break_start_edits[weekday].setEnabled(pause and editable)
            self.break_end_edits[weekday].setEnabled(pause and editable)

    def _on_check_toggled(self, _checked: bool) -> None:
        self._sync_enabled()
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
