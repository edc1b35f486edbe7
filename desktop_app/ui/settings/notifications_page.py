"""Settings › Notifications: how reminders reach this desk, my lead times, starting at login.

The ways found at start-up are listed with what is known to limit each on this system. The lead
times are the current person's own (how long before each contact window to be reminded, and
why); starting at login writes the entry each system expects (see core/autostart.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError, FieldProblem, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.autostart import Autostart, AutostartError, launch_command
from desktop_app.core.local.paths import AppPaths
from desktop_app.core.reminders.leads import check_leads
from desktop_app.core.reminders.service import LEAD_PURPOSE_LABELS, LeadTime, ReminderService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.reminders.notification_paths import NotificationPaths
from desktop_app.ui.style import set_tone
from desktop_app.ui.widgets.editable_table import EditableTable
from desktop_app.ui.widgets.field_errors import error_label

LEAD_HEADERS = (N_("How long before the window"), N_("Unit"), N_("Purpose"))
#: The units a lead time is written in, with their length in minutes.
UNITS = {"days": N_("days"), "hours": N_("hours"), "minutes": N_("minutes")}
UNIT_MINUTES = {"days": 1440, "hours": 60, "minutes": 1}


def in_units(minutes: int) -> tuple[str, str]:
    """A lead time as an amount in its largest whole unit: 1440 → ("1", "days")."""
    for unit, size in UNIT_MINUTES.items():
        if minutes and minutes % size == 0:
            return str(minutes // size), unit
    return str(minutes), "minutes"


class NotificationsPage(QWidget):
    """Shows the notification paths; edits the person's lead times and starting at login."""

    def __init__(
        self,
        reminders: ReminderService,
        actor: Actor,
        paths: AppPaths,
        found: NotificationPaths,
        autostart: Autostart,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._actor = actor
        self._paths = paths
        self._autostart = autostart
        layout = QVBoxLayout(self)
        layout.addWidget(self._paths_box(found))
        layout.addWidget(self._leads_box())
        layout.addWidget(self._login_box())
        layout.addStretch(1)

    def _paths_box(self, found: NotificationPaths) -> QGroupBox:
        box = QGroupBox(_("How reminders reach you on this computer"))
        grid = QGridLayout(box)
        grid.setColumnStretch(2, 1)
        self.path_labels: list[tuple[str, bool]] = []
        for row, (name, works, note) in enumerate(found.texts()):
            mark = QLabel("✓" if works else "✗")
            set_tone(mark, "success" if works else "error")
            mark.setAccessibleName(_("works") if works else _("not available"))
            title = QLabel(name)
            detail = QLabel(note)
            detail.setWordWrap(True)
            set_tone(detail, "muted")
            grid.addWidget(mark, row, 0)
            grid.addWidget(title, row, 1)
            grid.addWidget(detail, row, 2)
            self.path_labels.append((name, works))
        return box

    def _leads_box(self) -> QGroupBox:
        box = QGroupBox(_("My reminders before each contact window"))
        layout = QVBoxLayout(box)
        self.leads_table = EditableTable(
            _("Lead times"), LEAD_HEADERS, {1: UNITS, 2: LEAD_PURPOSE_LABELS}
        )
        self.leads_table.table.setMaximumHeight(150)  # at most six rows (the service's limit)
        self.leads_error = error_label()
        self.editable_leads = self._actor.person_id is not None
        if self.editable_leads:
            assert self._actor.person_id is not None
            self._leads = self._reminders.lead_times(self._actor, self._actor.person_id)
            self.leads_table.set_rows(
                [[*in_units(lead.minutes), lead.purpose] for lead in self._leads]
            )
            layout.addWidget(self.leads_table)
        else:
            self._leads = []
            layout.addWidget(QLabel(_("This account is not linked to a person.")))
        layout.addWidget(self.leads_error)
        return box

    def _login_box(self) -> QGroupBox:
        box = QGroupBox(_("Starting"))
        layout = QVBoxLayout(box)
        self.login_check = QCheckBox(_("Start Callback Desk at login, minimised"))
        self.login_check.setChecked(self._autostart.is_enabled())
        where = QLabel(_("Written to {place}").format(place=self._autostart.where()))
        where.setWordWrap(True)
        set_tone(where, "muted")
        self.login_error = error_label()
        layout.addWidget(self.login_check)
        layout.addWidget(where)
        layout.addWidget(self.login_error)
        return box

    def lead_times(self) -> list[LeadTime]:
        """The table's rows as lead times; a row whose amount is not a whole number is refused."""
        leads: list[LeadTime] = []
        problems: list[FieldProblem] = []
        for amount, unit, purpose in self.leads_table.model.rows():
            try:
                leads.append(LeadTime(int(amount.strip()) * UNIT_MINUTES.get(unit, 1), purpose))
            except ValueError:
                problems.append(
                    FieldProblem(
                        "lead_times",
                        N_("“{value}” is not a whole number."),
                        {"value": amount},
                    )
                )
        if problems:
            raise ValidationError(problems)
        return leads

    def validate(self) -> bool:
        """Check the lead times without saving; False (problems shown) if any is refused."""
        self.leads_error.hide()
        if not self.editable_leads:
            return True
        try:
            check_leads(self.lead_times())
        except ValidationError as error:
            self._show_leads_problem(error)
            return False
        return True

    def _show_leads_problem(self, error: DeskError) -> None:
        if isinstance(error, ValidationError):
            self.leads_error.setText("\n".join(p.text() for p in error.problems))
        else:  # the server out of reach, the database unreadable…
            self.leads_error.setText(error.text())
        self.leads_error.show()

    def start_save(self, hub: ChangeHub | None) -> Operation | None:
        """Switch starting at login (a file on this computer, at once), then return the save of
        changed lead times, ready to run off the GUI thread (None if they did not change).
        Refused lead times or the server out of reach show under the table; a login entry that
        cannot be written shows under its box and is raised (nothing else is saved)."""
        self.login_error.hide()
        self.leads_error.hide()
        wanted = self.login_check.isChecked()
        try:
            if wanted != self._autostart.is_enabled():
                if wanted:
                    self._autostart.enable(launch_command(self._paths.data_dir))
                else:
                    self._autostart.disable()
        except AutostartError as error:
            self.login_error.setText(error.text())
            self.login_error.show()
            raise
        person_id = self._actor.person_id
        if not self.editable_leads or person_id is None:
            return None
        try:
            leads = self.lead_times()
        except ValidationError as error:
            self._show_leads_problem(error)
            raise
        if leads == self._leads:
            return None
        reminders, actor = self._reminders, self._actor
        return (
            Operation(self, hub, lambda: reminders.set_lead_times(actor, person_id, leads))
            .errors_to(self._show_leads_problem)
            .success(self._on_saved)
        )

    def _on_saved(self, leads: list[LeadTime]) -> None:
        self._leads = leads
