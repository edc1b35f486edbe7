"""The People screen: search, the person editor, absences on the calendar, deactivation, roles."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import Person
from desktop_app.core.register.availability import Span
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.people.absence_calendar import absence_colour, day_off_colour
from desktop_app.ui.people.deactivate_dialog import DeactivateDialog
from desktop_app.ui.people.people_model import PeopleModel
from desktop_app.ui.people.people_view import PeopleView
from desktop_app.ui.people.person_dialog import PersonDialog
from tests.helpers.factories import actor_with_role, count_rows, make_person, person_draft
from tests.helpers.operations import loaded, settle

SAVE = QDialogButtonBox.StandardButton.Save


def people_view(
    qtbot: QtBot, app_ctx: AppContext, actor: Actor, hub: ChangeHub | None = None
) -> PeopleView:
    services = app_ctx.services
    view = PeopleView(
        services.people, hub or ChangeHub(), actor, app_ctx.clock, services.calendar, services.org
    )
    qtbot.addWidget(view)
    settle(qtbot)  # the first page is read off the GUI thread
    return view


def names(view: PeopleView) -> list[str]:
    return [view.model.row_at(r).person.name for r in range(view.model.rowCount())]


def select(view: PeopleView, name: str) -> None:
    row = names(view).index(name)
    view.table.selectRow(row)


def person_id(app_ctx: AppContext, actor: Actor, name: str) -> int:
    return next(
        p.id for p in app_ctx.services.people.list(actor, include_inactive=True) if p.name == name
    )


def open_editor(qtbot: QtBot, view: PeopleView, name: str) -> PersonDialog:
    settle(qtbot)  # a re-read under way has arrived
    select(view, name)
    view.edit_button.click()
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog)
    return loaded(qtbot, dialog)


def responder_names(app_ctx: AppContext, actor: Actor, number: str) -> list[str]:
    contract = next(
        c for c in app_ctx.services.contracts.list(actor) if c.contract_number == number
    )
    return [r.name for r in contract.responders]


def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    assert view.model.rowCount() == 9
    qtmodeltester.check(view.model)
    paged = PeopleModel(page_size=4)
    paged.set_fetch(lambda offset, limit: view._fetch("", True, offset, limit))
    settle(qtbot)
    assert paged.rowCount() == 4 and paged.canFetchMore()
    qtmodeltester.check(paged)
    dialog = open_editor(qtbot, view, "张伟")
    assert dialog.absences_editor.model.rowCount() == 1
    qtmodeltester.check(dialog.absences_editor.model)
    dialog.reject()
    select(view, "王敏")
    view.active_button.click()
    deactivate = view.dialog
    assert isinstance(deactivate, DeactivateDialog)
    assert deactivate.model.rowCount() == 6  # four contracts, a bank's default list, a number
    qtmodeltester.check(deactivate.model)


def test_the_list_shows_who_is_available_and_loads_lazily(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    row = names(view).index("张伟")
    text = view.model.index(row, PeopleModel.AVAILABLE).data()
    assert text.startswith("Absent (business trip) until")
    row = names(view).index("王敏")
    assert view.model.index(row, PeopleModel.AVAILABLE).data() == "Available"
    assert view.model.index(row, PeopleModel.EXTENSION).data() == "8001"
    assert view.count_label.text() == "9 people"
    # What the screen showed as each page arrived (the table asks for more pages itself).
    seen: list[tuple[int, str]] = []
    view.refreshed.connect(lambda: seen.append((view.model.rowCount(), view.count_label.text())))
    view.model._page_size = 4  # a small page to see the next ones fetched on demand
    view.apply_filter()
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen == [(4, "4+ people")]
    view.model.fetchMore()
    qtbot.waitUntil(lambda: len(seen) >= 2)
    assert seen[1] == (8, "8+ people")
    settle(qtbot)


def test_enter_opens_the_editor(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    view.show()
    qtbot.waitExposed(view)
    select(view, "李娜")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    assert dialog.edits["name"].text() == "李娜"
    assert dialog.windowTitle() == "Edit person: 李娜"
    dialog.reject()


def test_search_filters_names_and_pinyin_as_you_type(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    qtbot.keyClicks(view.search_edit, "wm")
    settle(qtbot)
    assert names(view) == ["王敏"]
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "zhang")
    settle(qtbot)
    assert names(view) == ["张伟"]
    view.search_edit.setText("李")
    settle(qtbot)
    assert names(view) == ["李娜"]
    view.search_edit.setText("nobody")
    settle(qtbot)
    assert view.model.rowCount() == 0
    assert view.table.isHidden() and not view.empty_label.isHidden()
    assert view.empty_label.text() == "Nobody matches “nobody”."


def test_create_a_person_after_a_duplicate_mobile_is_refused(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    view.new_button.click()
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog)
    assert dialog.hours_editor.hours() == [(d, "09:00", "18:00") for d in range(5)]
    qtbot.keyClicks(dialog.edits["name"], "Zhou Min")
    qtbot.keyClicks(dialog.edits["mobile"], "+86 138 0101 2345")  # 王敏's mobile
    qtbot.keyClicks(dialog.edits["extension"], "8123")
    before = count_rows(app_ctx.services, Person)
    dialog.buttons.button(SAVE).click()
    settle(qtbot)
    mobile_error = dialog.errors._labels["mobile"]
    assert not mobile_error.isHidden()
    assert mobile_error.text() == "This mobile number already belongs to 王敏."
    assert dialog.isVisible()
    assert count_rows(app_ctx.services, Person) == before
    dialog.edits["mobile"].setText("139 1111 2222")
    with qtbot.waitSignal(dialog.person_saved) as saved:
        dialog.buttons.button(SAVE).click()
    settle(qtbot)
    person = saved.args[0]
    assert (person.name, person.mobile, person.extension) == ("Zhou Min", "139 1111 2222", "8123")
    assert not dialog.isVisible()
    assert "Zhou Min" in names(view)
    assert view.selected() is not None and view.selected().name == "Zhou Min"


def test_errors_are_shown_at_their_fields_and_translated(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    dialog = view.open_editor(None)
    assert dialog is not None
    dialog.edits["email"].setText("not-an-address")
    dialog.hours_editor.start_edits[0].setTime(QTime(19, 0))
    dialog.buttons.button(SAVE).click()
    settle(qtbot)
    labels = dialog.errors._labels
    assert labels["name"].text() == "Enter the person's name."
    assert labels["email"].text() == "“not-an-address” is not an e-mail address."
    assert labels["office_hours"].text() == "Office hours must end after they start."
    assert dialog.tabs.currentIndex() == 0  # the first problem's tab


def test_edit_office_hours(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    dialog = open_editor(qtbot, view, "王敏")
    editor = dialog.hours_editor
    assert editor.works_checks[4].isChecked() and editor.start_edits[4].isEnabled()
    editor.works_checks[4].setChecked(False)  # no longer on Fridays
    assert not editor.start_edits[4].isEnabled()
    editor.works_checks[5].setChecked(True)  # Saturday mornings instead
    editor.start_edits[5].setTime(QTime(9, 0))
    editor.end_edits[5].setTime(QTime(12, 30))
    with qtbot.waitSignal(dialog.person_saved):
        dialog.buttons.button(SAVE).click()
    hours = app_ctx.services.people.get(demo_admin, person_id(app_ctx, demo_admin, "王敏"))
    assert [s.weekday for s in hours.office_hours] == [0, 0, 1, 1, 2, 2, 3, 3, 5]
    assert hours.office_hours[-1] == Span(5, time(9, 0), time(12, 30))


def test_add_an_absence_and_see_it_on_the_calendar(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    dialog = open_editor(qtbot, view, "王敏")
    dialog.tabs.setCurrentIndex(2)
    absences = dialog.absences_editor
    assert absences.model.rowCount() == 0 and not absences.empty_label.isHidden()
    calendar = absences.calendar
    monday, saturday = QDate(2026, 12, 7), QDate(2026, 11, 28)
    assert calendar.dateTextFormat(saturday).background().color() == day_off_colour()
    assert calendar.dateTextFormat(monday).background().style() == Qt.BrushStyle.NoBrush
    absences.kind_combo.setCurrentIndex(absences.kind_combo.findData("leave"))
    absences.from_edit.setDate(QDate(2026, 12, 7))
    absences.to_edit.setDate(QDate(2026, 12, 9))
    qtbot.keyClicks(absences.note_edit, "Annual leave")
    with qtbot.waitSignal(absences.absences_changed):
        absences.add_button.click()
    assert absences.model.rowCount() == 1
    for day in (7, 8, 9):
        shape = calendar.dateTextFormat(QDate(2026, 12, day))
        assert shape.background().color() == absence_colour()
        assert shape.toolTip() == "leave: Annual leave"
    assert calendar.dateTextFormat(QDate(2026, 12, 10)).background().style() == (
        Qt.BrushStyle.NoBrush
    )
    with qtbot.waitSignal(dialog.person_saved):
        dialog.buttons.button(SAVE).click()
    wang = person_id(app_ctx, demo_admin, "王敏")
    [saved] = app_ctx.services.people.absences(demo_admin, wang)
    assert (saved.kind, saved.note) == ("leave", "Annual leave")
    assert saved.ends_at - saved.starts_at == timedelta(days=3)

    again = open_editor(qtbot, view, "王敏")  # the absence is stored, and can be removed
    assert again.absences_editor.calendar.is_absence_day(date(2026, 12, 8))
    again.absences_editor.table.selectRow(0)
    again.absences_editor.remove_button.click()
    assert not again.absences_editor.calendar.is_absence_day(date(2026, 12, 8))
    with qtbot.waitSignal(again.person_saved):
        again.buttons.button(SAVE).click()
    assert app_ctx.services.people.absences(demo_admin, wang) == []


def test_deactivate_a_person_and_reassign(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    view = people_view(qtbot, app_ctx, demo_admin, hub)
    assert responder_names(app_ctx, demo_admin, "0200-2025-LD-0137") == ["王敏", "李娜", "张伟"]
    select(view, "王敏")
    assert view.active_button.text() == "Deactivate…"
    view.active_button.click()
    dialog = view.dialog
    assert isinstance(dialog, DeactivateDialog)
    subjects = [dialog.model.row_at(r).subject for r in range(dialog.model.rowCount())]
    assert "0200-2025-LD-0137" in subjects and "138 0101 2345" in subjects
    assert "中国建设银行" in subjects  # a bank's default list names them too
    chen = person_id(app_ctx, demo_admin, "陈静")
    dialog.replacement_combo.setCurrentIndex(dialog.replacement_combo.findData(chen))
    assert dialog.plan_label.text().startswith("陈静 takes 王敏's place")
    with qtbot.waitSignal(dialog.person_deactivated) as done:
        dialog.confirm_button.click()
    settle(qtbot)
    result = done.args[0]
    assert result.uncovered == () and len(result.follow_up_ids) == 1
    assert responder_names(app_ctx, demo_admin, "0200-2025-LD-0137") == ["陈静", "李娜", "张伟"]
    # 2025-BJ-XM-017 already named 陈静: 王敏 is simply removed there.
    assert responder_names(app_ctx, demo_admin, "2025-BJ-XM-017") == ["周杰", "陈静"]
    assert not dialog.result_label.isHidden() and dialog.close_button.isVisible()
    assert "王敏" not in names(view)  # the list refreshed through the hub
    view.inactive_check.setChecked(True)
    settle(qtbot)
    select(view, "王敏")
    assert view.active_button.text() == "Reactivate"
    with qtbot.waitSignal(hub.data_changed):
        view.active_button.click()
    assert app_ctx.services.people.get(demo_admin, person_id(app_ctx, demo_admin, "王敏")).active


def test_deactivating_without_replacement_warns_about_uncovered_contracts(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    for name in ("王敏", "李娜"):
        settle(qtbot)
        select(view, name)
        view.active_button.click()
        dialog = view.dialog
        assert isinstance(dialog, DeactivateDialog)
        assert dialog.replacement_combo.currentData() is None
        with qtbot.waitSignal(dialog.person_deactivated):
            dialog.confirm_button.click()
    warning = dialog.result_label.text()
    assert dialog.result_label.objectName() == "warningBanner"
    assert "2 contracts now have nobody active to answer the bank" in warning
    assert "11002025-JY-889 (中国建设银行)" in warning
    assert "11002026-LD-0311 (中国建设银行)" in warning  # through the bank's default list


def test_front_desk_sees_the_list_read_only(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    clerk = actor_with_role(app_ctx.services, demo_admin, "front_desk")
    view = people_view(qtbot, app_ctx, clerk)
    assert view.new_button.isHidden() and view.active_button.isHidden()
    assert not view.read_only_label.isHidden()
    assert view.edit_button.text() == "Open…"
    dialog = open_editor(qtbot, view, "王敏")
    assert dialog.read_only
    assert dialog.buttons.button(SAVE) is None
    assert dialog.edits["mobile"].isReadOnly() and not dialog.role_combo.isEnabled()
    assert not dialog.hours_editor.works_checks[0].isEnabled()
    assert dialog.absences_editor.entry_box.isHidden()


def test_only_an_admin_changes_roles_and_accounts(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    finance = actor_with_role(app_ctx.services, demo_admin, "finance")
    view = people_view(qtbot, app_ctx, finance)
    dialog = open_editor(qtbot, view, "刘洋")
    assert not dialog.role_combo.isEnabled() and dialog.edits["os_account"].isReadOnly()
    assert not dialog.edits["mobile"].isReadOnly()
    admin_view = people_view(qtbot, app_ctx, demo_admin)
    assert open_editor(qtbot, admin_view, "刘洋").role_combo.isEnabled()


def test_a_change_elsewhere_offers_to_reload(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = people_view(qtbot, app_ctx, demo_admin)
    dialog = open_editor(qtbot, view, "周杰")
    people = app_ctx.services.people
    current = people.get(demo_admin, person_id(app_ctx, demo_admin, "周杰"))
    people.update(
        demo_admin,
        current.id,
        person_draft("finance", "周杰", extension="8200", mobile=current.mobile),
        current.version,
    )
    dialog.edits["job_title"].setText("CFO")
    dialog.buttons.button(SAVE).click()
    settle(qtbot)
    conflict = dialog.conflicts.dialog
    assert conflict is not None
    assert conflict.error.text() == "Someone else changed this person meanwhile."
    changed = {c.field: c for c in conflict.conflict.changes}
    assert changed["extension"].theirs == "8200" and "name" not in changed
    conflict.reload_button.click()
    assert conflict.confirm_box is not None
    conflict.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: dialog.conflicts.dialog is None)
    loaded(qtbot, dialog)  # "Reload theirs" reads the person off the GUI thread
    assert dialog.edits["extension"].text() == "8200"
    with qtbot.waitSignal(dialog.person_saved):
        dialog.buttons.button(SAVE).click()


def test_a_change_made_elsewhere_appears_without_a_restart(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    view = people_view(qtbot, app_ctx, demo_admin, hub)
    other = people_view(qtbot, app_ctx, demo_admin, hub)
    select(view, "周杰")
    people = app_ctx.services.people
    zhou = people.get(demo_admin, person_id(app_ctx, demo_admin, "周杰"))
    with qtbot.waitSignal(view.refreshed):
        hub.apply(
            people.update(
                demo_admin,
                zhou.id,
                person_draft("finance", "周杰", extension="8555", mobile=zhou.mobile),
                zhou.version,
            )
        )
    row = names(view).index("周杰")
    assert view.model.index(row, PeopleModel.EXTENSION).data() == "8555"
    assert view.selected() is not None and view.selected().name == "周杰"
    with qtbot.waitSignal(other.refreshed):
        hub.apply(people.create(demo_admin, person_draft(name="Gao Yuan")))
    settle(qtbot)
    assert "Gao Yuan" in names(other) and "Gao Yuan" in names(view)


def test_the_controller_adds_the_people_page(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    from desktop_app.ui.app import app_icon
    from desktop_app.ui.controller import DeskController

    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    titles = [window.navigation.item(r).text() for r in range(window.navigation.count())]
    assert "People" in titles
    assert controller.people_view is None  # built when first shown, not at start-up
    page = window.pages.widget(titles.index("People"))
    assert page.content() is controller.people_view
    settle(qtbot)
    make_person(app_ctx.services, demo_admin, name="Not Announced")
    settle(qtbot)
    assert "Not Announced" not in names(controller.people_view)  # only the hub refreshes


def test_a_lunch_break_survives_a_save_and_can_be_changed(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    view = people_view(qtbot, app_ctx, demo_admin)
    sun = person_id(app_ctx, demo_admin, "孙强")
    before = services.people.get(demo_admin, sun).office_hours
    assert len(before) == 10  # the demo's hours: 09:00–12:00 and 13:30–18:00 on weekdays
    dialog = open_editor(qtbot, view, "孙强")
    editor = dialog.hours_editor
    assert editor.break_checks[0].isChecked() and editor.break_start_edits[0].isEnabled()
    assert editor.break_start_edits[0].time() == QTime(12, 0)
    with qtbot.waitSignal(dialog.person_saved):
        dialog.buttons.button(SAVE).click()
    assert services.people.get(demo_admin, sun).office_hours == before
    dialog = open_editor(qtbot, view, "孙强")
    editor = dialog.hours_editor
    editor.break_checks[1].setChecked(False)  # Tuesdays without a break
    assert not editor.break_start_edits[1].isEnabled()
    editor.break_checks[2].setChecked(True)
    editor.break_end_edits[2].setTime(QTime(13, 0))  # a shorter break on Wednesdays
    with qtbot.waitSignal(dialog.person_saved):
        dialog.buttons.button(SAVE).click()
    spans = services.people.get(demo_admin, sun).office_hours
    days = {
        day: [(f"{s.starts:%H:%M}", f"{s.ends:%H:%M}") for s in spans if s.weekday == day]
        for day in (1, 2)
    }
    assert days == {1: [("09:00", "18:00")], 2: [("09:00", "12:00"), ("13:00", "18:00")]}
