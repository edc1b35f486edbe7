"""Edits a person's absences: a list with Add and Remove, and a calendar that shows them.

Absences are entered as whole days in the company's time zone. Nothing is written here: the
person dialog saves the additions and removals together with the rest of the form.
"""

from __future__ import annotations

from datetime import date, tzinfo

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import _
from desktop_app.core.register.availability import ABSENCE_KINDS
from desktop_app.ui.people.absence_calendar import (
    AbsenceCalendar,
    absence_colour,
    day_off_colour,
)
from desktop_app.ui.people.absences_model import AbsenceRow, AbsencesModel, whole_day_span
from desktop_app.ui.widgets.field_errors import error_label
from desktop_app.ui.widgets.tables import make_table

DATE_FORMAT = "yyyy-MM-dd"


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _legend(color: str, text: str) -> QLabel:
    label = QLabel(f'<span style="background:{color}">&nbsp;&nbsp;&nbsp;&nbsp;</span> {text}')
    label.setAccessibleName(text)
    return label


class AbsencesEditor(QWidget):
    """The absences of one person, as a list and a month calendar."""

    #: Emitted whenever an absence is added or removed in the editor (nothing is saved yet).
    absences_changed = Signal()

    def __init__(
        self, calendar: WorkingCalendar, zone: tzinfo, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._zone = zone
        self._removed_ids: list[int] = []
        self.model = AbsencesModel(self)
        self.table = make_table(_("Absences"))
        self.table.setModel(self.model)
        self.empty_label = QLabel(_("No absences recorded."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.calendar = AbsenceCalendar(calendar)
        self.calendar.setSelectedDate(QDate(today.year, today.month, today.day))

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Kind of absence"))
        for code, label in ABSENCE_KINDS.items():
            self.kind_combo.addItem(_(label), code)
        self.from_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.from_edit.setAccessibleName(_("First day of absence"))
        self.to_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.to_edit.setAccessibleName(_("Last day of absence"))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName(_("Absence note"))
        self.note_edit.setPlaceholderText(_("e.g. trip to the Shenzhen plant"))
        self.add_button = QPushButton(_("Add absence"))
        self.remove_button = QPushButton(_("Remove absence"))
        self.remove_button.setEnabled(False)
        for button in (self.add_button, self.remove_button):
            button.setAccessibleName(button.text())
        self.error_label = error_label()

        form = QGridLayout()
        form.addWidget(QLabel(_("Kind")), 0, 0)
        form.addWidget(self.kind_combo, 0, 1)
        form.addWidget(QLabel(_("From")), 0, 2)
        form.addWidget(self.from_edit, 0, 3)
        form.addWidget(QLabel(_("To (inclusive)")), 0, 4)
        form.addWidget(self.to_edit, 0, 5)
        form.addWidget(QLabel(_("Note")), 1, 0)
        form.addWidget(self.note_edit, 1, 1, 1, 5)
        form.setColumnStretch(1, 1)
        self.entry_box = QWidget()
        entry_layout = QVBoxLayout(self.entry_box)
        entry_layout.setContentsMargins(0, 0, 0, 0)
        entry_layout.addLayout(form)
        entry_layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        entry_layout.addLayout(buttons)

        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.empty_label, 1)
        left.addWidget(self.entry_box)
        right = QVBoxLayout()
        right.addWidget(self.calendar)
        right.addWidget(_legend(absence_colour().name(), _("Absent")))
        right.addWidget(_legend(day_off_colour().name(), _("Public holiday or weekend")))
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.from_edit.dateChanged.connect(self._on_from_edit_date_changed)
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self._show()

    def set_absences(self, rows: list[AbsenceRow]) -> None:
        """Show the saved absences; forgets any pending change."""
        self._removed_ids = []
        self.model.set_rows(sorted(rows, key=lambda a: a.starts_at))
        self._show()

    def set_read_only(self, read_only: bool) -> None:
        self.entry_box.setVisible(not read_only)

    def added(self) -> list[AbsenceRow]:
        """Absences entered in the editor and not saved yet."""
        return [row for row in self.model.rows() if row.id is None]

    def removed_ids(self) -> list[int]:
        """Saved absences removed in the editor."""
        return list(self._removed_ids)

    def _show(self) -> None:
        rows = self.model.rowCount()
        self.table.setVisible(rows > 0)
        self.empty_label.setVisible(rows == 0)
        self.table.resizeColumnsToContents()
        self.calendar.set_absences(self.model.rows())

    def _on_add_button_clicked(self) -> None:
        first, last = _day(self.from_edit.date()), _day(self.to_edit.date())
        if last < first:
            self.error_label.setText(_("The last day cannot be before the first day."))
            self.error_label.show()
            return
        self.error_label.hide()
        starts_at, ends_at = whole_day_span(first, last, self._zone)
        row = AbsenceRow(
            None,
            str(self.kind_combo.currentData()),
            starts_at,
            ends_at,
            self.note_edit.text().strip(),
            self._zone,
        )
        self.model.add(row)
        self.note_edit.clear()
        self._show()
        self.calendar.setSelectedDate(self.from_edit.date())
        self.absences_changed.emit()

    def _on_remove_button_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row = self.model.remove(index.row())
        if row.id is not None:
            self._removed_ids.append(row.id)
        self._show()
        self.remove_button.setEnabled(False)
        self.absences_changed.emit()

    def _on_from_edit_date_changed(self, value: QDate) -> None:
        if self.to_edit.date() < value:
            self.to_edit.setDate(value)

    def _on_calendar_clicked(self, value: QDate) -> None:
        if not self.entry_box.isHidden():
            self.from_edit.setDate(value)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.remove_button.setEnabled(current.isValid())
        if current.isValid():
            first = self.model.row_at(current.row()).first_day()
            self.calendar.setSelectedDate(QDate(first.year, first.month, first.day))
