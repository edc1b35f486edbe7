"""The Month tab of the Contact windows page: previous/next month and "Today", the month grid, and
the windows of the selected day in a table below it (where one is chosen to edit).

The page does not read data itself: when the month changes it asks its owner (``month_changed``)
and is handed the rows to show with :meth:`MonthPage.set_rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import _, format_day, ngettext
from desktop_app.ui.style import set_tone
from desktop_app.ui.widgets.tables import make_table
from desktop_app.ui.windows.month_grid import DayCell, MonthGrid, MonthModel
from desktop_app.ui.windows.occurrences_model import AgendaRow, OccurrencesModel, day_skeleton


class MonthPage(QWidget):
    """One month of days, and the selected day's windows."""

    #: Emitted after the month shown changed: the owner reads its rows and calls set_rows().
    month_changed = Signal()
    #: Emitted when the selected day, or the window selected in it, changed.
    selection_changed = Signal()

    def __init__(
        self,
        calendar: WorkingCalendar,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._today = today
        self.previous_button = QPushButton("‹")
        self.previous_button.setAccessibleName(_("Previous month"))
        self.previous_button.setToolTip(_("Previous month (Page Up)"))
        self.next_button = QPushButton("›")
        self.next_button.setAccessibleName(_("Next month"))
        self.next_button.setToolTip(_("Next month (Page Down)"))
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(36)
        self.today_button = QPushButton(_("Today"))
        self.today_button.setToolTip(_("Back to this month (Home)"))
        self.month_label = QLabel()
        self.month_label.setObjectName("monthTitle")
        self.month_label.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.year_note = QLabel()
        set_tone(self.year_note, "error")
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.next_button)
        navigation.addWidget(self.today_button)
        navigation.addSpacing(12)
        navigation.addWidget(self.month_label)
        navigation.addSpacing(12)
        navigation.addWidget(self.year_note, 1)
        self.model = MonthModel(calendar, self)
        self.grid = MonthGrid(self.model)
        self.day_label = QLabel()
        self.day_model = OccurrencesModel(self)
        self.day_table = make_table(_("Windows on the selected day"))
        self.day_table.setModel(self.day_model)
        self.day_table.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.day_label)
        layout.addWidget(self.day_table)
        self.previous_button.clicked.connect(lambda: self.step_month(-1))
        self.next_button.clicked.connect(lambda: self.step_month(1))
        self.today_button.clicked.connect(self.go_to_today)
        self.grid.month_step_requested.connect(self.step_month)
        self.grid.today_requested.connect(self.go_to_today)
        self.grid.selectionModel().currentChanged.connect(self._on_grid_current_changed)
        self.day_table.selectionModel().currentRowChanged.connect(self.selection_changed)
        day = today()
        self.model.set_month(day.year, day.month, day, [])

    @property
    def year(self) -> int:
        return self.model.year

    @property
    def month(self) -> int:
        return self.model.month

    def current_cell(self) -> DayCell | None:
        return self.model.cell(self.grid.currentIndex())

    def select_day(self, day: date) -> None:
        self.grid.setCurrentIndex(self.model.index_of(day))

    def set_rows(self, rows: Sequence[AgendaRow]) -> None:
        """Show ``rows`` (the month's windows, already filtered) on their days."""
        cell = self.current_cell()
        self.model.set_month(self.year, self.month, self._today(), rows)
        self.month_label.setText(day_skeleton(date(self.year, self.month, 1), "yMMMM"))
        known = self._calendar.year_is_known(self.year)
        self.year_note.setText(
            ""
            if known
            else _(
                "Holidays for {year} are not published yet: weekdays count as working days."
            ).format(year=self.year)
        )
        if cell is not None:
            self.select_day(cell.day)
        self._show_day()

    def show_month(self, year: int, month: int, day: date | None = None) -> None:
        self.model.set_month(year, month, self._today(), [])
        self.month_label.setText(day_skeleton(date(year, month, 1), "yMMMM"))  # its days follow
        self.select_day(day or date(year, month, 1))
        self.month_changed.emit()

    def step_month(self, step: int) -> None:
        month = self.year * 12 + self.month - 1 + step
        self.show_month(month // 12, month % 12 + 1)

    def go_to_today(self) -> None:
        today = self._today()
        self.show_month(today.year, today.month, today)
        self.grid.setFocus()

    def _on_grid_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_day()

    def _show_day(self) -> None:
        cell = self.current_cell()
        rows = cell.rows if cell is not None else []
        self.day_model.set_rows(rows)
        self.day_label.setText(
            ""
            if cell is None
            else ngettext("{day}: {count} window", "{day}: {count} windows", len(rows)).format(
                day=format_day(cell.day, "full"), count=len(rows)
            )
        )
        self.day_table.setHidden(not rows)  # the label says "0 windows"; no empty header row
        if rows:
            self.day_table.selectRow(0)
            self.day_table.resizeColumnsToContents()
        self.selection_changed.emit()
