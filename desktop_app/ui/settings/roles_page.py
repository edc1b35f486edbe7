"""Settings › People and roles: an administrator sets each person's role and computer account.

In team mode the page also shows each person's presence (their status, and whether their app is
running at a desk) and lets an administrator reset someone's status (:mod:`people_presence`);
a change of presence is read again off the GUI thread, once the page is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock, SystemClock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import ROLE_LABELS, Actor, Permission, Role
from desktop_app.core.register.people import PeopleService, PersonDraft, PersonView
from desktop_app.core.team.presence import STATUSES, Presence, PresenceService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.settings.people_presence import PresenceControls, at_desk_text, status_text
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.tables import make_table


class PeopleRolesModel(RowsModel[PersonView]):
    """People with their role, computer account and whether they are active; in team mode also
    their status and whether they are at their desk."""

    NAME, ROLE, ACCOUNT, ACTIVE, STATUS, AT_DESK = range(6)
    COLUMNS: Sequence[Column[PersonView]] = (
        Column(N_("Name"), lambda p: p.name),
        Column(N_("Role"), lambda p: _(ROLE_LABELS[p.role])),
        Column(N_("Computer account"), lambda p: p.os_account or "—"),
        Column(
            N_("Active"),
            lambda p: _("yes") if p.active else _("no"),
            tone=lambda p: "" if p.active else "muted",
        ),
    )

    def __init__(self, parent: Any, now: datetime, *, team: bool = False) -> None:
        super().__init__(parent)
        self.presence: dict[int, Presence] = {}
        self.now = now  # when the presence was read (by the injected clock)
        if team:
            self.COLUMNS = (
                *type(self).COLUMNS,
                Column(N_("Status"), lambda p: status_text(self.presence.get(p.id))),
                Column(
                    N_("At the desk"),
                    lambda p: at_desk_text(self.presence.get(p.id), self.now),
                    tone=lambda p: "" if self._online(p) else "muted",
                ),
            )

    def _online(self, person: PersonView) -> bool:
        found = self.presence.get(person.id)
        return found is not None and bool(found.online)

    def set_presence(self, presence: dict[int, Presence], now: datetime) -> None:
        self.presence, self.now = presence, now
        if self.rowCount() and self.columnCount() > self.STATUS:
            self.dataChanged.emit(
                self.index(0, self.STATUS), self.index(self.rowCount() - 1, self.AT_DESK)
            )


class RolesPage(QWidget):
    """Lists everyone; an administrator changes a role or links an account."""

    def __init__(
        self,
        people: PeopleService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        presence: PresenceService | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self._people = people
        self._hub = hub
        self._actor = actor
        self._presence = presence  # team mode only
        self._clock = clock or SystemClock()
        self.model = PeopleRolesModel(self, self._clock.now(), team=presence is not None)
        self.table = make_table(_("People and roles"))
        self.table.setModel(self.model)
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(_("Role"))
        for role in Role:
            self.role_combo.addItem(_(ROLE_LABELS[role]), role.value)
        self.account_edit = QLineEdit()
        self.account_edit.setAccessibleName(_("Computer account"))
        self.apply_button = QPushButton(_("Apply to selected person"))
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        editor = QFormLayout()
        editor.addRow(_("Role"), self.role_combo)
        editor.addRow(_("Computer account"), self.account_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        editor.addRow("", buttons)  # under the two fields it applies
        self.presence_controls: PresenceControls | None = None
        #: Reads everyone's presence again after a change, off the GUI thread.
        self.presence_read = BackgroundRead(
            self, self._read_presence, self._show_presence, errors_in=self.message_label
        )
        if presence is not None:
            self.presence_controls = PresenceControls()
            self.presence_controls.status_chosen.connect(self._on_status_chosen)
            editor.addRow(_("Status"), self.presence_controls)
            hub.data_changed.connect(self._on_hub_data_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(editor)
        layout.addWidget(self.message_label)
        allowed = actor.can(Permission.ASSIGN_ROLES)
        for widget in (self.role_combo, self.account_edit, self.apply_button):
            widget.setEnabled(allowed)
        if self.presence_controls is not None:
            self.presence_controls.setEnabled(allowed)
        if not allowed:
            self.message_label.setText(_("Only an administrator can change roles."))
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.reload()

    def reload(self) -> None:
        people = self._people.list(self._actor, include_inactive=True)
        self.model.set_rows(people)
        self.reload_presence()
        self.table.resizeColumnsToContents()

    def reload_presence(self) -> None:
        """Read everyone's presence again (team mode)."""
        read = self._read_presence()
        if read is None:
            return
        try:
            found = read()
        except DeskError as error:
            self.message_label.setText(error.text())
            return
        self._show_presence(found)

    def _read_presence(self) -> Callable[[], tuple[dict[int, Presence], datetime]] | None:
        """The call that reads the presence of the people listed (None: not in team mode)."""
        if self._presence is None:
            return None
        presence, actor, now = self._presence, self._actor, self._clock.now()
        ids = [self.model.row_at(r).id for r in range(self.model.rowCount())]
        return lambda: (presence.of(actor, ids), now)

    def _show_presence(self, read: tuple[dict[int, Presence], datetime]) -> None:
        found, now = read
        self.model.set_presence(found, now)
        self._show_selected_presence()

    def _show_selected_presence(self) -> None:
        person = self._selected()
        if self.presence_controls is not None and person is not None:
            self.presence_controls.show_presence(self.model.presence.get(person.id))

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.PRESENCE):
            self.presence_read.request()

    def _on_status_chosen(self, status: str) -> None:
        person = self._selected()
        if person is None or self._presence is None:
            self.message_label.setText(_("Select a person first."))
            return
        presence, actor = self._presence, self._actor
        said = _("{name}'s status is now “{status}”.").format(
            name=person.name, status=_(STATUSES[status])
        )
        operation = Operation(
            self, self._hub, lambda: presence.set_status(actor, person.id, status)
        ).errors_in(self.message_label)
        # the hub's announcement reads everyone's presence again
        operation.success(lambda _value: self.message_label.setText(said)).run()

    def _selected(self) -> PersonView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        person = self.model.row_at(current.row())
        self.role_combo.setCurrentIndex(self.role_combo.findData(person.role.value))
        self.account_edit.setText(person.os_account)
        self._show_selected_presence()

    def _on_apply_clicked(self) -> None:
        person = self._selected()
        if person is None:
            self.message_label.setText(_("Select a person first."))
            return
        draft = PersonDraft(
            name=person.name,
            role=str(self.role_combo.currentData()),
            job_title=person.job_title,
            extension=person.extension,
            mobile=person.mobile,
            email=person.email,
            os_account=self.account_edit.text(),
            notes=person.notes,
            office_hours=[
                (s.weekday, f"{s.starts:%H:%M}", f"{s.ends:%H:%M}") for s in person.office_hours
            ],
        )
        people, actor = self._people, self._actor
        operation = Operation(
            self, self._hub, lambda: people.update(actor, person.id, draft, person.version)
        ).errors_in(self.message_label)
        operation.lock(self.apply_button).success(self._on_person_saved).run()

    def _on_person_saved(self, _value: object) -> None:
        self.message_label.setText(_("Saved."))
        self.reload()
