"""Settings › Working calendar: the company's own working days and days off.

The official schedule of public holidays and make-up workdays (调休) for next year is published
each November; until the installed package knows it, an administrator enters it here, and the
page says for which years the official schedule is known.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common import formats
from desktop_app.core.common.calendar import DayInfo, WorkingCalendar
from desktop_app.core.common.clock import Clock, local_today
from desktop_app.core.common.i18n import N_, _, format_day
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import from_qdate
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.tables import make_table


class OverridesModel(RowsModel[DayInfo]):
    """The company's calendar entries."""

    DAY, KIND, NOTE = range(3)
    COLUMNS = (
        Column(N_("Day"), lambda d: format_day(d.day, "full")),
        Column(
            N_("Company decision"), lambda d: _("Working day") if d.is_workday else _("Day off")
        ),
        Column(N_("Note"), lambda d: d.holiday_name),
    )


class CalendarPage(QWidget):
    """Lists and edits the company's calendar entries for one year."""

    def __init__(
        self,
        calendar: WorkingCalendar,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._hub = hub
        self._actor = actor
        today = local_today(clock, zone)  # the company's day, not the computer's or UTC's
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year + 1 if today.month >= 11 else today.year)
        self.year_spin.setAccessibleName(_("Year"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.model = OverridesModel(self)
        self.table = make_table(_("Company calendar entries"))
        self.table.setModel(self.model)
        self.day_edit = QDateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat(formats.date_edit_pattern())
        self.day_edit.setDate(QDate(self.year_spin.value(), 1, 1))
        self.day_edit.setAccessibleName(_("Day"))
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Company decision"))
        self.kind_combo.addItem(_("Day off"), False)
        self.kind_combo.addItem(_("Working day"), True)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName(_("Note"))
        self.note_edit.setPlaceholderText(_("e.g. 元旦 / Spring Festival make-up workday"))
        self.add_button = QPushButton(_("Add or change"))
        self.remove_button = QPushButton(_("Remove selected"))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel(_("Year")))
        year_row.addWidget(self.year_spin)
        year_row.addStretch(1)
        editor = QHBoxLayout()
        editor.addWidget(self.day_edit)
        editor.addWidget(self.kind_combo)
        editor.addWidget(self.note_edit, 1)
        editor.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(year_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(editor)
        layout.addWidget(self.remove_button)
        layout.addWidget(self.message_label)
        editable = actor.can(Permission.EDIT_SETTINGS)
        for widget in (
            self.day_edit,
            self.kind_combo,
            self.note_edit,
            self.add_button,
            self.remove_button,
        ):
            widget.setEnabled(editable)
        self.year_spin.valueChanged.connect(self.reload)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.reload()

    def reload(self) -> None:
        year = self.year_spin.value()
        entries = self._calendar.overrides(year)
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        if self._calendar.official_is_published(year):
            status = _(
                "The official holiday schedule for {year} is built in. Entries here "
                "override it for the company."
            )
        elif entries:
            status = _(
                "The official schedule for {year} is not built in yet; the entries below "
                "are used instead. Enter every public holiday and make-up workday."
            )
        else:
            status = _(
                "The official schedule for {year} is not known yet: weekdays count as "
                "working days and no holiday is assumed. Enter the State Council's "
                "schedule here once it is published (usually in November)."
            )
        self.status_label.setText(status.format(year=year))

    def _on_add_clicked(self) -> Operation:
        """Write the day off the GUI thread; the list shows it once it is written."""
        day = from_qdate(self.day_edit.date())
        working = bool(self.kind_combo.currentData())
        note = self.note_edit.text().strip()
        operation = Operation(
            self,
            self._hub,
            lambda: self._calendar.set_override(self._actor, day, working, note),
        )
        operation.errors_in(self.message_label).lock(self.add_button)
        return operation.success(self._on_day_added).run()

    def _on_day_added(self, _value: object) -> None:
        self.message_label.clear()
        self.note_edit.clear()
        self.year_spin.setValue(self.day_edit.date().year())
        self.reload()

    def _on_remove_clicked(self) -> Operation | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        day = self.model.row_at(index.row()).day
        operation = Operation(
            self, self._hub, lambda: self._calendar.set_override(self._actor, day, None)
        )
        operation.errors_in(self.message_label).lock(self.remove_button)
        return operation.success(lambda _value: self.reload()).run()
