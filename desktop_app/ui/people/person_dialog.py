"""The person editor: contact details, role, office hours and absences in one dialog.

Save sends the whole form through the people service: a refused form shows each problem at its
field and writes nothing. Absences added or removed in the dialog are saved right after the
person, and every outcome goes through the change hub so that all open screens refresh. A person
saved meanwhile by someone else is not overwritten: the conflict dialog shows what they changed.
The dialog opens at once on the row it was given; the person's latest version and absences are
read off the GUI thread and shown when they arrive (until then Save is disabled).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import ConflictError, DeskError, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import ROLE_LABELS, Actor, Permission, Role
from desktop_app.core.register.availability import Span
from desktop_app.core.register.people import AbsenceView, PeopleService, PersonDraft, PersonView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.people.absences_editor import AbsencesEditor
from desktop_app.ui.people.absences_model import AbsenceRow
from desktop_app.ui.people.office_hours_editor import OfficeHoursEditor
from desktop_app.ui.widgets.field_errors import FieldErrors, error_label
from desktop_app.ui.widgets.versioned_editor import VersionedEditor

TEXT_FIELDS = (
    ("name", N_("Name")),
    ("job_title", N_("Job title")),
    ("extension", N_("Extension")),
    ("mobile", N_("Mobile")),
    ("email", N_("E-mail")),
    ("os_account", N_("Computer account")),
)
DETAILS_TAB, HOURS_TAB, ABSENCES_TAB = range(3)
ABSENCE_FIELDS = ("kind", "starts_at", "ends_at", "absence")


def _with_error(field: QWidget, error: QLabel) -> QWidget:
    """A field with its (hidden) error label right under it, as one row of a form."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


def _clock_time(text: str, fallback: time) -> time:
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return fallback


class PersonDialog(VersionedEditor):
    """Creates or edits one person; read-only for those who may not edit people."""

    #: Emitted after the person (and their absences) were saved; carries the new PersonView.
    person_saved = Signal(object)

    def __init__(
        self,
        people: PeopleService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        calendar: WorkingCalendar,
        org: OrgSettingsService,
        person: PersonView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(hub, parent)
        self._people = people
        self._actor = actor
        self._person = person
        settings = org.get()
        self._zone = zoneinfo.ZoneInfo(settings.timezone)
        self.read_only = not actor.can(Permission.EDIT_PEOPLE)
        self.setAccessibleName(_("Person"))
        self.setMinimumWidth(900)

        self.edits: dict[str, QLineEdit] = {}
        labels = {}
        form = QFormLayout()
        for name, label in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(_(label))
            self.edits[name] = edit
            labels[name] = error_label()
            form.addRow(_(label), _with_error(edit, labels[name]))
            if name == "name":
                self.role_combo = QComboBox()
                self.role_combo.setAccessibleName(_("Role"))
                for role in Role:
                    self.role_combo.addItem(_(ROLE_LABELS[role]), role.value)
                labels["role"] = error_label()
                form.addRow(_("Role"), _with_error(self.role_combo, labels["role"]))
        self.edits["mobile"].setPlaceholderText(_("e.g. 138 0101 2345"))
        self.edits["extension"].setPlaceholderText(_("digits only, e.g. 8001"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setFixedHeight(70)
        labels["notes"] = error_label()
        form.addRow(_("Notes"), _with_error(self.notes_edit, labels["notes"]))
        details = QWidget()
        details.setLayout(form)

        self._office_hours = (
            _clock_time(settings.office_start, time(9)),
            _clock_time(settings.office_end, time(18)),
        )
        self.hours_editor = OfficeHoursEditor(*self._office_hours)
        labels["office_hours"] = error_label()
        hours_page = QWidget()
        hours_layout = QVBoxLayout(hours_page)
        hours_layout.addWidget(self.hours_editor, 1)
        hours_layout.addWidget(labels["office_hours"])

        today = clock.now().astimezone(self._zone).date()
        self.absences_editor = AbsencesEditor(calendar, self._zone, today)
        for name in ABSENCE_FIELDS:
            labels[name] = self.absences_editor.error_label

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Person details"))
        self.tabs.addTab(details, _("Details"))
        self.tabs.addTab(hours_page, _("Office hours"))
        self.tabs.addTab(self.absences_editor, _("Absences"))
        self._tab_of = {name: DETAILS_TAB for name in labels}
        self._tab_of["office_hours"] = HOURS_TAB
        self._tab_of.update({name: ABSENCES_TAB for name in ABSENCE_FIELDS})

        self.message_label = QLabel()
        self.message_label.setObjectName("infoBanner")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.general_error = error_label()
        self.errors = FieldErrors(labels, self.general_error)
        if self.read_only:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        else:
            self.buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
            self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self._fill(person, [])
        self._apply_permissions()
        if person is not None:
            self._load(person.id)

    def _load(self, person_id: int) -> None:
        """Read the person as stored now and their absences off the GUI thread, then show them;
        meanwhile the absences cannot be edited and the form cannot be saved."""
        people, actor = self._people, self._actor
        waiting = () if self.read_only else (self.absences_editor,)
        self.load_choices(
            lambda: (people.get(actor, person_id), people.absences(actor, person_id)),
            lambda read: self._fill(*read),
            *waiting,
        )

    # ------------------------------------------------------------------ filling the form

    def _fill(self, person: PersonView | None, absences: Sequence[AbsenceView]) -> None:
        self._person = person
        if person is None:
            self.setWindowTitle(_("New person"))
            self.role_combo.setCurrentIndex(self.role_combo.findData(Role.FINANCE.value))
            self.hours_editor.set_hours(
                [Span(day, *self._office_hours) for day in range(5)]  # Monday to Friday
            )
            self.absences_editor.set_absences([])
            return
        title = _("Person: {name}") if self.read_only else _("Edit person: {name}")
        self.setWindowTitle(title.format(name=person.name))
        values = {
            "name": person.name,
            "job_title": person.job_title,
            "extension": person.extension,
            "mobile": person.mobile,
            "email": person.email,
            "os_account": person.os_account,
        }
        for name, value in values.items():
            self.edits[name].setText(value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(person.role.value))
        self.notes_edit.setPlainText(person.notes)
        self.hours_editor.set_hours(person.office_hours)
        self.absences_editor.set_absences(
            [AbsenceRow(a.id, a.kind, a.starts_at, a.ends_at, a.note, self._zone) for a in absences]
        )

    def _apply_permissions(self) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(self.read_only)
        self.notes_edit.setReadOnly(self.read_only)
        may_assign = self._actor.can(Permission.ASSIGN_ROLES)
        self.role_combo.setEnabled(may_assign and not self.read_only)
        # Linking an account decides who the app thinks you are: like roles, an admin's task.
        self.edits["os_account"].setReadOnly(self.read_only or not may_assign)
        if not may_assign and not self.read_only:
            tip = _("Only an administrator can change roles and computer accounts.")
            self.role_combo.setToolTip(tip)
            self.edits["os_account"].setToolTip(tip)
        self.hours_editor.set_read_only(self.read_only)
        self.absences_editor.set_read_only(self.read_only)
        if self.read_only:
            self.message_label.setText(_("You can look at people but not change them."))
            self.message_label.show()

    def draft(self) -> PersonDraft:
        """The form as the service takes it."""
        return PersonDraft(
            name=self.edits["name"].text(),
            role=str(self.role_combo.currentData()),
            job_title=self.edits["job_title"].text(),
            extension=self.edits["extension"].text(),
            mobile=self.edits["mobile"].text(),
            email=self.edits["email"].text(),
            os_account=self.edits["os_account"].text(),
            notes=self.notes_edit.toPlainText(),
            office_hours=self.hours_editor.hours(),
        )

    # ------------------------------------------------------------------ saving

    def _on_buttons_accepted(self) -> None:
        self.save()

    def save(self, expected_version: int | None = None, keep: frozenset[str] = frozenset()) -> None:
        """Save the form; on a refusal show why and keep the dialog open.

        ``expected_version`` and ``keep`` re-apply the form after a conflict: on top of the
        version stored now, leaving the fields in ``keep`` as stored.
        """
        people = self._people
        actor = self._actor
        person = self._person
        draft = self.draft()
        removed = self.absences_editor.removed_ids()
        added = self.absences_editor.added()
        saved: list[PersonView] = []  # each step that committed, for a partial save

        def work() -> PersonView:
            if person is None:
                saved.append(people.create(actor, draft).value)
            else:
                version = person.version if expected_version is None else expected_version
                saved.append(people.update(actor, person.id, draft, version, keep).value)
            person_id = saved[0].id
            for absence_id in removed:
                saved.append(people.remove_absence(actor, person_id, absence_id).value)
            for row in added:
                saved.append(
                    people.add_absence(
                        actor, person_id, row.kind, row.starts_at, row.ends_at, row.note
                    ).value
                )
            return saved[-1]

        def done(value: PersonView) -> None:
            self.person_saved.emit(value)
            self.accept()

        def failed(error: DeskError) -> None:
            if saved and not isinstance(error, ConflictError):  # show the person as stored
                self._load(saved[-1].id)

        self.run_save(work, done, failed)

    def show_validation(self, error: ValidationError) -> None:
        self.errors.show(error)
        self.tabs.setCurrentIndex(self._tab_of.get(error.field.split(".")[0], DETAILS_TAB))

    def reload_record(self) -> None:
        """Show the person as stored now (the edits in the form are dropped)."""
        if self._person is not None:
            self._load(self._person.id)
