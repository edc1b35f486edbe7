"""Settings › People and roles: an administrator sets each person's role and computer account."""

from __future__ import annotations

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

from desktop_app.core.errors import DeskError
from desktop_app.core.i18n import N_, _
from desktop_app.core.services.people import PeopleService, PersonDraft, PersonView
from desktop_app.core.services.permissions import ROLE_LABELS, Actor, Permission, Role
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.tables import make_table


class PeopleRolesModel(RowsModel[PersonView]):
    """People with their role, computer account and whether they are active."""

    NAME, ROLE, ACCOUNT, ACTIVE = range(4)
    COLUMNS = (
        Column(N_("Name"), lambda p: p.name),
        Column(N_("Role"), lambda p: _(ROLE_LABELS[p.role])),
        Column(N_("Computer account"), lambda p: p.os_account or "—"),
        Column(
            N_("Active"),
            lambda p: _("yes") if p.active else _("no"),
            tone=lambda p: "" if p.active else "muted",
        ),
    )


class RolesPage(QWidget):
    """Lists everyone; an administrator changes a role or links an account."""

    def __init__(
        self, people: PeopleService, hub: ChangeHub, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._people = people
        self._hub = hub
        self._actor = actor
        self.model = PeopleRolesModel(self)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(editor)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        allowed = actor.can(Permission.ASSIGN_ROLES)
        for widget in (self.role_combo, self.account_edit, self.apply_button):
            widget.setEnabled(allowed)
        if not allowed:
            self.message_label.setText(_("Only an administrator can change roles."))
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self._people.list(self._actor, include_inactive=True))
        self.table.resizeColumnsToContents()

    def _selected(self) -> PersonView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        person = self.model.row_at(current.row())
        self.role_combo.setCurrentIndex(self.role_combo.findData(person.role.value))
        self.account_edit.setText(person.os_account)

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
        try:
            self._hub.apply(self._people.update(self._actor, person.id, draft, person.version))
        except DeskError as error:
            self.message_label.setText(error.text())
            return
        self.message_label.setText(_("Saved."))
        self.reload()
