"""The Contact windows page: when each bank is expected to call, as a month grid or an agenda, and
the windows themselves (the rules, active or not) in a third tab.

The month and the agenda show the same occurrences (filtered by bank, or to those with a problem)
with their times in the organisation's time zone; the Windows tab lists the bank's windows, where
an inactive one is reactivated. Finance staff add, edit and deactivate windows, ask the bank
for a better time when a window falls outside office hours or on a day off, and export the
windows to a calendar file; the front desk and trainees only look. Nothing is re-read while the
page is hidden: a change elsewhere marks it stale and it reloads when shown again. The
occurrences and windows are read on the operation worker, never on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.banks import BankView
from desktop_app.core.windows.service import WindowView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import Operation
from desktop_app.ui.windows.agenda_page import AgendaPage
from desktop_app.ui.windows.month_grid import grid_range
from desktop_app.ui.windows.month_page import MonthPage
from desktop_app.ui.windows.occurrences_model import (
    AgendaRow,
    OccurrencesModel,
    agenda_rows,
)
from desktop_app.ui.windows.rules_page import RulesPage
from desktop_app.ui.windows.window_actions import WindowActions, WindowEditor

if TYPE_CHECKING:
    from desktop_app.core.common.calendar import WorkingCalendar
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.notify.producers import NotifyProducer
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.windows.ics_export import IcsExportService
    from desktop_app.core.windows.service import WindowService
    from desktop_app.ui.windows.window_dialog import WindowDialog
    from desktop_app.ui.windows.window_letter_dialog import LetterMailMaker

AREAS = (
    Area.WINDOWS,
    Area.BANKS,
    Area.CONTRACTS,
    Area.PEOPLE,
    Area.RESPONDERS,
    Area.CALENDAR,
    Area.TRAINING,
    Area.SETTINGS,
)


@dataclass(frozen=True)
class _Read:
    """What one reload read on the worker."""

    zone: ZoneInfo
    month: list[AgendaRow]
    agenda: list[AgendaRow]
    windows: list[WindowView]


class WindowsView(QWidget):
    """The month grid and the agenda of contact windows, and the windows as rules."""

    MONTH_TAB, AGENDA_TAB, RULES_TAB = range(3)

    #: Emitted when a reload's data is shown.
    reloaded = Signal()

    def __init__(
        self,
        windows: WindowService,
        banks: BankService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        *,
        calendar: WorkingCalendar,
        org: OrgSettingsService,
        notify: NotifyProducer,
        ics: IcsExportService,
        editor: WindowEditor,
        letter_mail: LetterMailMaker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._windows = windows
        self._banks = banks
        self._calendar = calendar
        self._org = org
        self._actor = actor
        self._clock = clock
        self._stale = False
        self._asked = 0  # reloads asked for; only the last one's data is shown
        self._zone = ZoneInfo(org.get().timezone)
        self.editable = actor.can(Permission.EDIT_REGISTER)
        self.window_actions = WindowActions(
            windows,
            hub,
            actor,
            self,
            notify=notify,
            ics=ics,
            editor=editor,
            letter_mail=letter_mail,
        )
        title = QLabel(_("Contact windows"))
        title.setObjectName("pageTitle")

        self.bank_combo = QComboBox()
        self.bank_combo.setAccessibleName(_("Bank"))
        self.problems_check = QCheckBox(_("Only problems"))
        self.problems_check.setToolTip(_("Outside office hours, on a day off, or nobody on duty"))
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Bank")))
        filters.addWidget(self.bank_combo)
        filters.addWidget(self.problems_check)
        filters.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_month(), _("Month"))
        self.tabs.addTab(self._build_agenda(), _("Agenda"))
        self.tabs.addTab(self._build_rules(), _("Windows"))

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.new_button = QPushButton(_("New window…"), self)
        decorate(self.new_button, "new")
        self.edit_button = QPushButton(_("Edit…") if self.editable else _("Open…"))
        decorate(self.edit_button, "open")
        self.deactivate_button = QPushButton(_("Deactivate"), self)
        decorate(self.deactivate_button, "deactivate")
        self.reactivate_button = QPushButton(_("Reactivate"))
        decorate(self.reactivate_button, "reactivate")
        self.letter_button = QPushButton(_("Confirm a better time with the bank…"), self)
        decorate(self.letter_button, "letter")
        self.letter_button.setToolTip(
            _("For a window outside office hours or on a day off: a letter asking the bank")
        )
        self.export_button = QPushButton(_("Export to calendar (.ics)…"))
        decorate(self.export_button, "export")
        self.invite_button = QPushButton(_("Send invitation"), self)
        self.invite_button.setToolTip(
            _("E-mail a calendar invitation of this window to the person on duty")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        for button in (
            self.invite_button,
            self.letter_button,
            self.new_button,
            self.edit_button,
            self.deactivate_button,
            self.reactivate_button,
        ):
            buttons.addWidget(button)
        for button in (
            self.new_button,
            self.deactivate_button,
            self.letter_button,
            self.invite_button,
        ):
            button.setVisible(self.editable)
        self.reactivate_button.setVisible(False)  # on the Windows tab only

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)

        self.bank_combo.currentIndexChanged.connect(self.reload)
        self.problems_check.toggled.connect(self._show_rows)
        self.tabs.currentChanged.connect(self._update_buttons)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.deactivate_button.clicked.connect(self._on_deactivate_clicked)
        self.reactivate_button.clicked.connect(self._on_reactivate_clicked)
        self.letter_button.clicked.connect(self._on_letter_clicked)
        self.invite_button.clicked.connect(self._on_invite_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.window_actions.message.connect(self.message_label.setText)
        hub.data_changed.connect(self._on_hub_data_changed)
        if self.editable:
            QShortcut(QKeySequence.StandardKey.New, self, self._on_new_clicked)

        self._month_rows: list[AgendaRow] = []
        self._agenda_rows: list[AgendaRow] = []
        self._fill_banks()
        self.reload()
        self.month_page.select_day(self.today())

    # Building

    def _build_month(self) -> QWidget:
        self.month_page = MonthPage(self._calendar, self.today)
        # The month page's parts, named here for the tests and the handlers below.
        self.month_model = self.month_page.model
        self.month_grid = self.month_page.grid
        self.month_label = self.month_page.month_label
        self.year_note = self.month_page.year_note
        self.next_button = self.month_page.next_button
        self.today_button = self.month_page.today_button
        self.day_model = self.month_page.day_model
        self.day_table = self.month_page.day_table
        self.month_page.month_changed.connect(self.reload)
        self.month_page.selection_changed.connect(self._update_buttons)
        self.month_grid.activated.connect(self._on_month_grid_activated)
        self.day_table.activated.connect(self._on_table_activated)
        return self.month_page

    def _build_agenda(self) -> QWidget:
        self.agenda_page = AgendaPage()
        # The agenda page's parts, named here for the tests and the handlers below.
        self.horizon_combo = self.agenda_page.horizon_combo
        self.agenda_model = self.agenda_page.model
        self.agenda_table = self.agenda_page.table
        self.agenda_empty = self.agenda_page.empty_label
        self.agenda_page.horizon_changed.connect(self.reload)
        self.agenda_table.activated.connect(self._on_table_activated)
        self.agenda_table.selectionModel().currentRowChanged.connect(self._update_buttons)
        return self.agenda_page

    def _build_rules(self) -> QWidget:
        self.rules_page = RulesPage()
        # The Windows tab's parts, named here for the tests and the handlers below.
        self.rules_model = self.rules_page.model
        self.rules_table = self.rules_page.table
        self.inactive_check = self.rules_page.inactive_check
        self.rules_page.selection_changed.connect(self._update_buttons)
        self.rules_page.window_activated.connect(self.open_editor)
        return self.rules_page

    def _fill_banks(self) -> Operation:
        """Read the banks for the filter off the GUI thread, then list them (the choice kept)."""
        banks, actor = self._banks, self._actor
        operation = Operation(self, None, lambda: banks.list(actor))
        return operation.errors_in(self.message_label).success(self._show_banks).run()

    def _show_banks(self, banks: list[BankView]) -> None:
        chosen = self.bank_combo.currentData()
        self.bank_combo.blockSignals(True)
        self.bank_combo.clear()
        self.bank_combo.addItem(_("All banks"), None)
        for bank in banks:
            self.bank_combo.addItem(bank.name, bank.id)
        self.bank_combo.setCurrentIndex(max(0, self.bank_combo.findData(chosen)))
        self.bank_combo.blockSignals(False)

    # Reading

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    def show_month(self, year: int, month: int, day: date | None = None) -> None:
        """Open the month tab at ``year``/``month``, with ``day`` selected (the tray's entries)."""
        self.tabs.setCurrentWidget(self.month_page)
        self.month_page.show_month(year, month, day)

    def _moment(self, day: date) -> datetime:
        return datetime.combine(day, time(0), self._zone)

    def reload(self) -> Operation:
        """Re-read, off the GUI thread, the occurrences of the month shown and of the agenda's
        horizon and the windows; they are shown when read (then ``reloaded`` is emitted).
        Reloads run in the order asked: the last one shows what was asked last."""
        self._stale = False
        first, after = grid_range(self.month_page.year, self.month_page.month)
        now = self._clock.now()
        horizon = timedelta(days=self.agenda_page.days())
        bank_id = self.bank_combo.currentData()
        org, windows, actor = self._org, self._windows, self._actor

        def read() -> _Read:
            zone = ZoneInfo(org.get().timezone)
            month = windows.occurrences(
                actor,
                datetime.combine(first, time(0), zone),
                datetime.combine(after, time(0), zone),
                bank_id=bank_id,
            )
            agenda = windows.occurrences(actor, now, now + horizon, bank_id=bank_id)
            rules = windows.list(actor, bank_id=bank_id, include_inactive=True)
            return _Read(zone, agenda_rows(month, zone), agenda_rows(agenda, zone), rules)

        self._asked += 1
        asked = self._asked
        operation = Operation(self, None, read).errors_in(self.message_label)
        return operation.success(lambda read: self._on_read(read, asked)).run()

    def _on_read(self, read: _Read, asked: int) -> None:
        if asked != self._asked:  # a later reload is on its way (another month, bank, horizon)
            return
        self._zone = read.zone
        self._month_rows = read.month
        self._agenda_rows = read.agenda
        self.rules_page.set_windows(read.windows)
        self._show_rows()
        self.reloaded.emit()

    def _filtered(self, rows: list[AgendaRow]) -> list[AgendaRow]:
        if self.problems_check.isChecked():
            return [row for row in rows if row.has_problem]
        return rows

    def _show_rows(self) -> None:
        self.month_page.set_rows(self._filtered(self._month_rows))
        problems_only = self.problems_check.isChecked()
        self.agenda_page.set_rows(self._filtered(self._agenda_rows), problems_only)
        self._update_buttons()

    # Selection and actions

    def _active_table(self) -> QTableView:
        return self.day_table if self.tabs.currentIndex() == self.MONTH_TAB else self.agenda_table

    def selected(self) -> AgendaRow | None:
        """The occurrence selected in the view shown (none on the Windows tab)."""
        if self.tabs.currentIndex() == self.RULES_TAB:
            return None
        table = self._active_table()
        model = table.model()
        index = table.currentIndex()
        if not index.isValid() or not isinstance(model, OccurrencesModel):
            return None
        return model.row_at(index.row())

    def selected_window(self) -> WindowView | None:
        """The window selected on the Windows tab, when it is shown."""
        return self.rules_page.selected() if self.tabs.currentIndex() == self.RULES_TAB else None

    def _update_buttons(self, *_args: object) -> None:
        rules = self.tabs.currentIndex() == self.RULES_TAB
        self.problems_check.setEnabled(not rules)  # dates only: a rule has no problem as such
        self.letter_button.setVisible(self.editable and not rules)
        self.invite_button.setVisible(self.editable and not rules)
        self.reactivate_button.setVisible(self.editable and rules)
        if rules:
            window = self.selected_window()
            self.edit_button.setEnabled(window is not None)
            self.deactivate_button.setEnabled(window is not None and window.active)
            self.reactivate_button.setEnabled(window is not None and not window.active)
            return
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.deactivate_button.setEnabled(row is not None)
        self.letter_button.setEnabled(row is not None and row.flagged)
        self.invite_button.setEnabled(row is not None and row.occurrence.on_duty is not None)

    def _on_month_grid_activated(self, index: QModelIndex) -> None:
        cell = self.month_model.cell(index)
        if cell is None:
            return
        if len(cell.rows) == 1:
            self.open_editor(cell.rows[0].occurrence.window_id)
        elif cell.rows:
            self.day_table.setFocus()
        elif self.editable:
            self.open_editor(None, day=cell.day)

    def _on_table_activated(self, index: QModelIndex) -> None:
        model = index.model()
        if index.isValid() and isinstance(model, OccurrencesModel):
            self.open_editor(model.row_at(index.row()).occurrence.window_id)

    def open_editor(self, window_id: int | None, day: date | None = None) -> WindowDialog | None:
        """Open the editor on a window (``None``: a new one, on ``day`` if given)."""
        bank_id = self.bank_combo.currentData()
        return self.window_actions.open_editor(window_id, bank_id=bank_id, day=day)

    def _on_new_clicked(self) -> None:
        day = None
        if self.tabs.currentIndex() == self.MONTH_TAB:
            cell = self.month_page.current_cell()
            day = cell.day if cell is not None and cell.day >= self.today() else None
        self.open_editor(None, day=day)

    def _on_edit_clicked(self) -> None:
        row, window = self.selected(), self.selected_window()
        if window is not None:
            self.open_editor(window.id)
        elif row is not None:
            self.open_editor(row.occurrence.window_id)

    def _on_deactivate_clicked(self) -> None:
        row = self.selected()
        chosen = row.occurrence if row is not None else self.selected_window()
        if chosen is not None:
            self.window_actions.confirm_deactivate(chosen)

    def _on_reactivate_clicked(self) -> None:
        window = self.selected_window()
        if window is not None and not window.active:
            self.window_actions.reactivate(window.id)

    def _on_letter_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self.window_actions.open_letter(row.occurrence)

    def _on_invite_clicked(self) -> None:
        row = self.selected()
        if row is not None:
            self.window_actions.send_invitation(row.occurrence)

    def export_range(self) -> tuple[datetime, datetime]:
        """What "Export to calendar" writes: the agenda's period from now."""
        now = self._clock.now()
        return now, now + timedelta(days=self.agenda_page.days())

    def _on_export_clicked(self) -> None:
        self.window_actions.choose_ics_file(*self.export_range())

    # Changes elsewhere

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if not changes.touches(*AREAS):
            return
        if changes.touches(Area.BANKS):
            self._fill_banks()
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
