"""The main window, first run, "who am I", settings, about, and one running instance."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.context import AppContext
from desktop_app.core.demo.company import load_demo
from desktop_app.core.local.settings import LocalSettings
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from desktop_app.ui.setup.first_run_dialog import FirstRunDialog
from desktop_app.ui.setup.who_am_i_dialog import WhoAmIDialog
from desktop_app.ui.single_instance import SingleInstance
from tests.helpers.operations import settle


def test_window_remembers_its_geometry(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    size = (window.minimumSizeHint().width(), 530)  # the offscreen screen is only 800 wide
    window.resize(*size)
    window.close()
    again = DeskController(app_ctx, demo_admin, app_icon()).build_window()
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == size
    titles = [again.navigation.item(row).text() for row in range(again.navigation.count())]
    assert titles[:6] == [
        "Today",
        "Front desk",
        "Contracts",
        "Banks",
        "People",
        "Registered numbers",
    ]
    assert again.person_label.text() == "吴晓东 · Administrator"


def test_switching_language_rebuilds_the_window_in_chinese(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    controller.build_window()  # replaced and deleted by the switch
    try:
        controller.switch_language("zh_CN")
        assert controller.window is not None
        qtbot.addWidget(controller.window)
        assert controller.window.windowTitle() == "回访台"
        assert controller.window.navigation.item(0).text() == "今日"
    finally:
        set_language("en")


def test_first_run_refuses_an_empty_name_and_writes_nothing(
    qtbot: QtBot, app_ctx: AppContext
) -> None:
    dialog = FirstRunDialog(
        app_ctx.services.identity, partial(load_demo, app_ctx.services, history=True), "me"
    )
    qtbot.addWidget(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.name_error.isHidden()
    assert dialog.name_error.text() == "Enter the person's name."
    assert not app_ctx.services.identity.has_people()


def test_first_run_creates_the_administrator(qtbot: QtBot, app_ctx: AppContext) -> None:
    dialog = FirstRunDialog(
        app_ctx.services.identity, partial(load_demo, app_ctx.services, history=True), "me"
    )
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Wang Min")
    with qtbot.waitSignal(dialog.setup_finished) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    actor = blocker.args[0]
    assert (actor.name, actor.role) == ("Wang Min", Role.ADMIN)
    assert app_ctx.services.identity.identify("me") == actor


def test_first_run_can_load_the_sample_company(qtbot: QtBot, app_ctx: AppContext) -> None:
    dialog = FirstRunDialog(
        app_ctx.services.identity, partial(load_demo, app_ctx.services, history=True), "me"
    )
    qtbot.addWidget(dialog)
    dialog.sample_radio.setChecked(True)
    with qtbot.waitSignal(dialog.setup_finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert len(app_ctx.services.banks.list(dialog.actor)) >= 3


def test_who_am_i_links_the_account(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    dialog = WhoAmIDialog(app_ctx.services.identity, "new-account")
    qtbot.addWidget(dialog)
    assert dialog.people_list.count() == 8
    dialog.people_list.setCurrentRow(0)
    chosen = dialog.people_list.currentItem().text().split(" — ")[0]
    with qtbot.waitSignal(dialog.person_chosen):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    actor = app_ctx.services.identity.identify("new-account")
    assert actor is not None and actor.name == chosen


def test_settings_refuses_a_bad_area_code(
    app_ctx: AppContext, settings_dialog: SettingsDialog
) -> None:
    page = settings_dialog.organisation_page
    page.edits["area_code"].setText("12a")
    settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert settings_dialog.isVisible()
    assert settings_dialog.tabs.currentWidget() is page
    assert "is not an area code" in page.errors._labels["area_code"].text()
    assert app_ctx.services.org.get().area_code == "010"


def test_settings_saves_language_and_organisation(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, settings_dialog: SettingsDialog
) -> None:
    settings_dialog.organisation_page.edits["area_code"].setText("021")
    settings_dialog.general_page.language_combo.setCurrentIndex(
        settings_dialog.general_page.language_combo.findData("en")
    )
    settings_dialog.language_changed.disconnect()  # the rebuilt window would delete the dialog
    with qtbot.waitSignal(settings_dialog.language_changed) as switched:
        settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert settings_dialog.isVisible()  # open until its save succeeded, off the GUI thread
        assert not settings_dialog.buttons.isEnabled()  # no second save meanwhile
    assert switched.args == ["en"] and not settings_dialog.isVisible()
    assert app_ctx.services.org.get().area_code == "021"
    assert LocalSettings.load(app_ctx.paths.settings_file).language == "en"
    assert any(e.entity == "settings" for e in app_ctx.services.audit.recent(demo_admin))


def test_an_admin_changes_a_role(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, settings_dialog: SettingsDialog
) -> None:
    page = settings_dialog.roles_page
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).name == "孙强")
    page.table.selectRow(row)
    page.role_combo.setCurrentIndex(page.role_combo.findData("front_desk"))
    page.apply_button.click()
    settle(qtbot)  # saved off the GUI thread
    assert page.message_label.text() == "Saved."
    person = next(p for p in app_ctx.services.people.list(demo_admin) if p.name == "孙强")
    assert person.role == Role.FRONT_DESK


def test_a_second_launch_brings_the_first_forward(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.listen()
    try:
        second = SingleInstance(tmp_path)
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert second.notify_running()
        other = SingleInstance(tmp_path / "elsewhere")
        assert not other.notify_running()
    finally:
        first.close()


def test_about_names_the_data_folder(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    qtbot.addWidget(controller.build_window())
    dialog = controller.open_about()
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(type(controller.window.person_label))]
    assert str(app_ctx.paths.data_dir) in texts


def test_an_admin_enters_next_years_holidays(
    qtbot: QtBot, app_ctx: AppContext, settings_dialog: SettingsDialog
) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    page = settings_dialog.calendar_page
    page.year_spin.setValue(2027)
    assert "not known yet" in page.status_label.text()
    assert not app_ctx.services.calendar.year_is_known(2027)
    page.day_edit.setDate(QDate(2027, 1, 1))
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(False))
    page.note_edit.setText("元旦")
    page.add_button.click()
    settle(qtbot)  # written off the GUI thread
    assert page.model.rowCount() == 1
    assert "not built in yet" in page.status_label.text()
    day = app_ctx.services.calendar.day(date(2027, 1, 1))
    assert (day.is_workday, day.reason, day.holiday_name) == (False, "override", "元旦")
    page.table.selectRow(0)
    page.remove_button.click()
    settle(qtbot)
    assert page.model.rowCount() == 0
    after = app_ctx.services.calendar.day(date(2027, 1, 1))  # New Year's Day, on a fixed date
    assert (after.reason, after.holiday_name, after.known) == ("holiday", "New Year's Day", False)
