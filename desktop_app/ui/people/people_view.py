"""The People screen: everyone who may answer the bank, filtered as you type, with who is in now.

The list is read a page at a time, so it stays quick with thousands of people. Finance staff and
administrators add, edit, deactivate and reactivate people from here; the front desk and trainees
only look. Every change, made here or on another screen, refreshes the list through the hub.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.register.availability import availability
from desktop_app.core.register.people import PeopleService, PersonView
from desktop_app.core.training.service import TrainingService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import run
from desktop_app.ui.people.deactivate_dialog import DeactivateDialog
from desktop_app.ui.people.people_model import PeopleModel, PersonRow
from desktop_app.ui.people.person_dialog import PersonDialog
from desktop_app.ui.widgets.clock_refresh import ClockRefresh
from desktop_app.ui.widgets.list_screen import ListScreen, button_row, page_title

PAGE_SIZE = 100  # rows read per query: a few screens' worth
REFRESH_MS = 5 * 60 * 1000  # "available now" moves with the clock: re-read every five minutes


class PeopleView(ListScreen[PersonView, PeopleModel]):
    """Lists people; opens the person editor and the deactivation dialog."""

    AREAS = (Area.PEOPLE, Area.CALENDAR, Area.SETTINGS, Area.TRAINING)

    def __init__(
        self,
        people: PeopleService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        calendar: WorkingCalendar,
        org: OrgSettingsService,
        parent: QWidget | None = None,
        training: TrainingService | None = None,
    ) -> None:
        super().__init__(
            hub,
            actor,
            PeopleModel(page_size=PAGE_SIZE),
            _("People"),
            stretch_column=PeopleModel.JOB_TITLE,
            parent=parent,
        )
        self._people = people
        self._training = training  # for the "Certified until" column; None leaves it empty
        self._clock = clock
        self._calendar = calendar
        self._org = org
        self.editable = actor.can(Permission.EDIT_PEOPLE)
        self.setAccessibleName(_("People"))

        title = page_title(_("People"))
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Search people"))
        self.search_edit.setPlaceholderText(_("Name or pinyin, e.g. 王敏, wangmin or wm…"))
        self.search_edit.setClearButtonEnabled(True)
        self.inactive_check = QCheckBox(_("Show inactive people"))
        self.inactive_check.setAccessibleName(_("Show inactive people"))
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.inactive_check)

        self.table.horizontalHeader().setResizeContentsPrecision(PAGE_SIZE)
        self._columns_sized = False
        self._keep: int | None = None  # the person to select again when a reload arrives
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.count_label = QLabel()
        self.new_button = self.make_new_button(_("New person…"))
        self.new_button.setAccessibleName(_("New person"))
        self.edit_button = self.make_open_button(_("Edit…") if self.editable else _("Open…"))
        self.edit_button.setAccessibleName(_("Edit person") if self.editable else _("Open person"))
        self.active_button = QPushButton(_("Deactivate…"), self)
        decorate(self.active_button, "deactivate")
        self.active_button.setAccessibleName(_("Deactivate or reactivate person"))
        self.new_button.setVisible(self.editable)
        self.active_button.setVisible(self.editable)
        self.read_only_label = QLabel(_("You can look at people but not change them."))
        self.read_only_label.setObjectName("infoBanner")
        self.read_only_label.setVisible(not self.editable)
        buttons = button_row(
            (self.new_button, self.edit_button, self.active_button), leading=self.count_label
        )
        self.lay_out([title, self.read_only_label, filters], [buttons], empty_stretch=1)

        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.inactive_check.toggled.connect(self._on_inactive_check_toggled)
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.model.modelReset.connect(self.update_actions)
        self.clock_refresh = ClockRefresh(self, REFRESH_MS, self._on_timer_timeout)
        self.dialog: PersonDialog | DeactivateDialog | None = None
        self.apply_filter()

    # ------------------------------------------------------------------ reading

    def _fetch(self, text: str, include_inactive: bool, offset: int, limit: int) -> list[PersonRow]:
        now = self._clock.now()
        org = self._org.get()
        rows = []
        people = self._people.search(self._actor, text, offset, limit, include_inactive)
        certified = (
            self._training.certification_status(self._actor, [p.id for p in people])
            if self._training is not None
            else {}
        )
        for person in people:
            status = availability(
                active=person.active,
                hours=person.office_hours,
                absences=person.absences,
                at=now,
                calendar=self._calendar,
                org=org,
            )
            rows.append(PersonRow(person, status, certified.get(person.id)))
        return rows

    def apply_filter(self) -> None:
        """Re-run the search for the current text and checkbox (first page; more on scroll)."""
        text = self.search_edit.text()
        include_inactive = self.inactive_check.isChecked()
        self._keep = None
        self.model.set_fetch(
            lambda offset, limit: self._fetch(text, include_inactive, offset, limit)
        )

    def reload(self) -> None:
        """Re-read the rows shown, keeping the selected person selected when they arrive."""
        selected = self.selected()
        self._keep = selected.id if selected is not None else None
        self.model.reload()

    def rows_arrived(self, replaced: bool) -> None:
        self.show_rows()
        if replaced and self._keep is not None:
            self.select_person(self._keep)

    def show_rows(self) -> None:
        rows = self.model.rowCount()
        if self.model.canFetchMore():
            self.count_label.setText(_("{count}+ people").format(count=rows))
        else:
            self.count_label.setText(
                ngettext("{count} person", "{count} people", rows).format(count=rows)
            )
        super().show_rows()

    def empty_text(self) -> str:
        text = self.search_edit.text().strip()
        if text:
            return _("Nobody matches “{text}”.").format(text=text)
        if self.editable:
            return _("No people yet. Add someone with “New person…”.")
        return _("No people yet.")

    def fit_columns(self) -> None:
        if not self._columns_sized:
            # Once, from the first rows: re-measuring on every keystroke would cost more than
            # the query, and would undo the widths the person chose.
            self.table.resizeColumnsToContents()
            self._columns_sized = True

    def item_at(self, row: int) -> PersonView:
        return self.model.row_at(row).person

    def selected(self) -> PersonView | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.item_at(index.row())

    def select_person(self, person_id: int) -> bool:
        """Select ``person_id`` if it is among the rows loaded."""
        row = self.model.row_of(person_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def update_actions(self) -> None:
        person = self.selected()
        self.edit_button.setEnabled(person is not None)
        self.active_button.setEnabled(person is not None)
        if person is not None and not person.active:
            self.active_button.setText(_("Reactivate"))
        else:
            self.active_button.setText(_("Deactivate…"))

    # ------------------------------------------------------------------ handlers

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self.apply_filter()

    def _on_inactive_check_toggled(self, _checked: bool) -> None:
        self.apply_filter()

    def _on_timer_timeout(self) -> None:
        self.reload()

    def _on_active_button_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        if person.active:
            self.open_deactivation(person)
            return
        people, actor = self._people, self._actor
        run(self, self._hub, lambda: people.set_active(actor, person.id, True))

    def _on_dialog_person_saved(self, person: PersonView) -> None:
        self._keep = person.id  # selected again when the re-read the save caused arrives
        self.select_person(person.id)

    # ------------------------------------------------------------------ dialogs

    def open_editor(self, person: PersonView | None) -> PersonDialog | None:
        """Open the person editor (read-only for those who may not edit people); it reads the
        person's latest version and absences itself, off the GUI thread."""
        dialog = PersonDialog(
            self._people,
            self._hub,
            self._actor,
            self._clock,
            self._calendar,
            self._org,
            person,
            self,
        )
        dialog.person_saved.connect(self._on_dialog_person_saved)
        self._replace_dialog(dialog)
        dialog.open()
        return dialog

    def open_deactivation(self, person: PersonView) -> DeactivateDialog:
        """Open the dialog that shows what depends on ``person`` before deactivating them."""
        dialog = DeactivateDialog(self._people, self._hub, self._actor, person, self)
        self._replace_dialog(dialog)
        dialog.open()
        return dialog

    def _replace_dialog(self, dialog: PersonDialog | DeactivateDialog) -> None:
        """Keep one dialog at a time: the previous one (finished, as they are modal) goes."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
