"""Reminders reaching the person: alert window, tray menu, the no-tray fallback, Settings.

The desk runs as the app runs it (DeskController.start_background) on the demo company; the
offscreen platform has no system tray, so the fallback is what runs, and the tray's menu is
built and read directly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow
from pytestqt.qtbot import QtBot

from desktop_app.cli.parser import build_parser
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ServerUnreachable, ValidationError
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.local.autostart import XdgAutostart
from desktop_app.core.reminders.service import (
    LeadTime,
    ReminderService,
    ReminderState,
    SnoozePreset,
)
from desktop_app.core.storage.unreachable import NOTHING_SAVED
from desktop_app.ui.app import app_icon, show_main_window
from desktop_app.ui.controller import DeskController
from desktop_app.ui.reminders import notification_paths
from desktop_app.ui.reminders.notification_area import NotificationArea
from desktop_app.ui.reminders.reminder_desk import MISSED_KEY
from desktop_app.ui.settings.notifications_page import NotificationsPage
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from tests.helpers.demo_reminders import add_window, local
from tests.helpers.operations import settle


def start_desk(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> DeskController:
    controller = DeskController(app_ctx, actor, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    controller.start_background()
    assert controller.reminder_desk is not None and controller.alerts is not None
    qtbot.addWidget(controller.alerts)
    controller.reminder_desk.begin()  # now, not after the first paint
    settle(qtbot)  # the reminders left open are read off the GUI thread, then it starts
    assert controller.reminder_desk.scheduler.settle()  # its first check ran on the worker
    settle(qtbot)  # and the open reminders were read again, off the GUI thread
    return controller


def states(app_ctx: AppContext, actor: Actor) -> dict[str, str]:
    """The responder's reminders by kind, as the database has them."""
    from sqlalchemy import select

    from desktop_app.core.models import Reminder

    with app_ctx.services.store.read() as session:
        rows = session.scalars(select(Reminder).where(Reminder.person_id == actor.person_id))
        return {row.kind: row.state for row in rows}


def test_an_urgent_reminder_comes_in_our_window_and_is_acknowledged(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    controller = start_desk(qtbot, app_ctx, responder)
    alerts, desk = controller.alerts, controller.reminder_desk
    assert alerts is not None and desk is not None
    assert alerts.keys() == []  # "prepare" is not urgent: it goes to the notification area
    area = desk.area
    assert area is not None and len(area.keys()) == 1 and area.isVisibleTo(controller.window)
    clock.set(local(clock, 13, 45))
    desk.scheduler.check_now()
    settle(qtbot)  # the open reminders are read again off the GUI thread
    (key,) = alerts.keys()
    row = alerts.list.rows[key]
    assert row.title_label.text() == "Be at your phone: 招商银行 may call from 14:00"
    assert not row.missed_label.isVisibleTo(alerts)
    assert alerts.isVisible()
    assert alerts.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert key in area  # open reminders are listed in the window too
    qtbot.mouseClick(row.acknowledge_button, Qt.MouseButton.LeftButton)
    settle(qtbot)  # the answer is written off the GUI thread
    assert states(app_ctx, responder)["be_at_phone"] == ReminderState.ACKNOWLEDGED
    assert alerts.keys() == [] and not alerts.isVisible()
    assert key not in area


def test_snoozing_writes_the_snooze_and_the_alert_returns_when_it_ends(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    clock.set(local(clock, 13, 45))
    controller = start_desk(qtbot, app_ctx, responder)
    alerts, desk = controller.alerts, controller.reminder_desk
    assert alerts is not None and desk is not None
    (key,) = alerts.keys()
    alerts.list.rows[key].snooze_actions()[SnoozePreset.TEN_MINUTES].trigger()
    settle(qtbot)
    assert states(app_ctx, responder)["be_at_phone"] == ReminderState.SNOOZED
    assert alerts.keys() == []
    assert desk.scheduler.armed_for() == local(clock, 13, 55)
    clock.set(local(clock, 13, 55))
    desk.scheduler.check_now()
    settle(qtbot)  # the open reminders are read again off the GUI thread
    assert alerts.keys() == [key]


def test_an_urgent_alert_stays_when_its_snooze_is_refused(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    clock.set(local(clock, 13, 45))
    controller = start_desk(qtbot, app_ctx, responder)
    alerts, desk, window = controller.alerts, controller.reminder_desk, controller.window
    assert alerts is not None and desk is not None and window is not None
    (key,) = alerts.keys()
    offered = alerts.list.rows[key].snooze_actions()
    clock.set(local(clock, 13, 51))  # ten minutes would now end after 14:00: no longer offered
    offered[SnoozePreset.TEN_MINUTES].trigger()
    settle(qtbot)
    assert window.statusBar().currentMessage() == (
        "This snooze would end too late: the window is too close."
    )
    assert states(app_ctx, responder)["be_at_phone"] == ReminderState.SHOWN
    assert alerts.keys() == [key] and alerts.isVisible()  # still on top, with today's presets
    assert SnoozePreset.TEN_MINUTES not in alerts.list.rows[key].snooze_actions()


def test_missed_while_away_is_shown_once(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, responder: Actor, clock: FakeClock
) -> None:
    add_window(app_ctx, demo_admin, local(clock, 16), minutes=30)
    app_ctx.services.reminders.sync(responder)
    app_ctx.services.reminders.take_due(responder)  # both "prepare" reminders seen this morning
    clock.set(local(clock, 16, 5))  # the app was closed from 10:00 to 16:05
    controller = start_desk(qtbot, app_ctx, responder)
    alerts = controller.alerts
    assert alerts is not None
    assert sorted(alerts.keys())[0] == MISSED_KEY  # the 14:00 window ended unseen
    summary = alerts.list.rows[MISSED_KEY]
    assert summary.title_label.text() == "1 reminder passed while the app was closed"
    assert "Be at your phone: 招商银行 may call from 14:00" in summary.body_label.text()
    assert summary.snooze_button.isHidden()
    (late,) = set(alerts.keys()) - {MISSED_KEY}  # 16:00's, still running: missed
    row = alerts.list.rows[late]
    assert row.missed_label.isVisibleTo(alerts) and row.missed_label.text() == "Missed while away"
    qtbot.mouseClick(summary.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(row.acknowledge_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert controller.reminder_desk is not None
    controller.reminder_desk.scheduler.check_now()
    settle(qtbot)  # the open reminders are read again off the GUI thread
    assert alerts.keys() == []  # not again


def test_without_a_tray_the_window_holds_the_reminders_and_says_why(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor
) -> None:
    controller = start_desk(qtbot, app_ctx, responder)
    window, desk = controller.window, controller.reminder_desk
    assert window is not None and desk is not None and desk.area is not None
    assert desk.tray_status is not None and desk.tray_status.text() == "No system tray"
    assert desk.area.note.text().startswith("No system tray: reminders appear in this window")
    assert window.findChild(NotificationArea) is desk.area
    (key,) = desk.area.keys()
    row = desk.area.list.rows[key]
    assert row.title_label.text() == "Prepare for 招商银行's call on Nov 25, 2026"
    qtbot.mouseClick(row.acknowledge_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert states(app_ctx, responder)["prepare"] == ReminderState.ACKNOWLEDGED
    assert desk.area.keys() == [] and not desk.area.isVisibleTo(window)
    window.show()
    window.close()  # no tray: closing is closing (it never hides into a missing tray)
    assert not window.isVisible()


def test_with_a_tray_closing_hides_the_window_until_quit(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = start_desk(qtbot, app_ctx, demo_admin)
    window = controller.window
    assert window is not None and controller.tray is not None
    controller.tray.available = True  # as on a desktop with a tray
    window.show()
    window.close()
    assert not window.isVisible() and not window.quitting  # hidden in the tray
    controller.bring_to_front()
    assert window.isVisible()


def test_the_tray_menu_lists_the_next_windows(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    controller = start_desk(qtbot, app_ctx, responder)
    tray = controller.tray
    assert tray is not None
    tray.menu.aboutToShow.emit()  # rebuilt each time it opens
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    assert texts[0] == "Coming contact windows"
    assert texts[1] == "招商银行, Wed, Nov 25 14:00–15:00, on duty: 周杰"
    assert texts[-4:] == [
        "A bank is calling…",
        "Snooze all for an hour",
        "Open Callback Desk",
        "Quit",
    ]
    assert tray.update_tooltip() == "Next: 招商银行, Wed, Nov 25 14:00–15:00, on duty: 周杰"
    entry = next(a for a in tray.menu.actions() if a.text() == texts[1])
    assert entry.isEnabled()
    entry.trigger()
    window = controller.window
    assert window is not None
    assert window.pages.currentWidget().content() is controller.windows_view
    month_page = controller.windows_view.month_page
    assert controller.windows_view.tabs.currentWidget() is month_page
    assert (month_page.year, month_page.month) == (2026, 11)
    cell = month_page.current_cell()
    assert cell is not None and cell.day == date(2026, 11, 25)
    clock.set(local(clock, 13, 45))
    assert controller.reminder_desk is not None
    controller.reminder_desk.scheduler.check_now()
    settle(qtbot)  # the open reminders are read again off the GUI thread
    assert controller.alerts is not None and len(controller.alerts.keys()) == 1
    next(a for a in tray.menu.actions() if a.text() == "Snooze all for an hour").trigger()
    settle(qtbot)
    assert set(states(app_ctx, responder).values()) == {ReminderState.SNOOZED}
    assert controller.alerts.keys() == []


def test_notification_paths_name_what_limits_each_system() -> None:
    offscreen = notification_paths.detect(
        tray=False, messages=False, platform="offscreen", system="linux"
    )
    assert not offscreen.tray and not offscreen.tray_messages
    names = [(name, works) for name, works, _note in offscreen.texts()]
    assert names == [
        ("Icon in the system tray", False),
        ("Messages from the tray icon", False),
        ("Our own always-on-top reminder window", True),
        ("Notification area in the main window", True),
    ]
    gnome = notification_paths.detect(tray=False, messages=True, platform="xcb", system="linux")
    assert "GNOME" in gnome.texts()[0][2]
    mac = notification_paths.detect(tray=True, messages=True, platform="cocoa", system="darwin")
    assert mac.tray and not mac.tray_messages and "macOS" in mac.texts()[1][2]
    windows = notification_paths.detect(
        tray=True, messages=True, platform="windows", system="win32"
    )
    assert windows.tray_messages and "Focus Assist" in windows.texts()[1][2]


def test_settings_notifications_page_saves_lead_times_and_start_at_login(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    found = notification_paths.detect(
        tray=False, messages=False, platform="offscreen", system="linux"
    )
    login = XdgAutostart(tmp_path / "xdg")
    reminders = app_ctx.services.reminders
    page = NotificationsPage(reminders, demo_admin, app_ctx.paths, found, login)
    qtbot.addWidget(page)
    assert page.path_labels[0] == ("Icon in the system tray", False)
    assert page.leads_table.model.rows() == [
        ["1", "days", "prepare"],
        ["15", "minutes", "be_at_phone"],
    ]
    assert page.start_save(None) is None  # nothing changed
    page.leads_table.model.add_row(["abc", "hours", "prepare"])
    try:
        page.start_save(None)
    except ValidationError:
        pass
    else:
        raise AssertionError("a row without minutes was accepted")
    assert page.leads_error.text() == "“abc” is not a whole number."
    page.leads_table.model.remove_row(2)
    page.leads_table.model.setData(page.leads_table.model.index(1, 0), "2")
    page.leads_table.model.setData(page.leads_table.model.index(1, 1), "hours")
    page.login_check.setChecked(True)
    operation = page.start_save(None)
    assert operation is not None
    operation.run()
    settle(qtbot)  # written off the GUI thread
    assert reminders.lead_times(demo_admin, demo_admin.person_id or 0) == [
        LeadTime(1440, "prepare"),
        LeadTime(120, "be_at_phone"),
    ]
    assert login.is_enabled()
    assert "--minimised" in login.path.read_text("utf-8")
    page.login_check.setChecked(False)
    assert page.start_save(None) is None
    assert not login.path.exists()


def test_settings_dialog_has_the_notifications_page(settings_dialog: SettingsDialog) -> None:
    titles = [settings_dialog.tabs.tabText(i) for i in range(settings_dialog.tabs.count())]
    assert "Notifications" in titles
    assert settings_dialog.notifications_page.path_labels[2] == (
        "Our own always-on-top reminder window",
        True,
    )


def test_settings_checks_every_page_before_saving_any(
    app_ctx: AppContext, settings_dialog: SettingsDialog
) -> None:
    settings_dialog.organisation_page.edits["area_code"].setText("021")
    page = settings_dialog.notifications_page
    page.leads_table.model.add_row(["abc", "hours", "prepare"])
    settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert settings_dialog.isVisible() and settings_dialog.tabs.currentWidget() is page
    assert page.leads_error.text() == "“abc” is not a whole number."
    assert app_ctx.services.org.get().area_code == "010"  # not saved while lead times are wrong


class UnreachableLeads:
    """The real reminder service, but the team server is out of reach when lead times are set."""

    def __init__(self, service: ReminderService) -> None:
        self._service = service

    def lead_times(self, actor: Actor, person_id: int) -> list[LeadTime]:
        return self._service.lead_times(actor, person_id)

    def set_lead_times(self, actor: Actor, person_id: int, leads: list[LeadTime]) -> object:
        raise ServerUnreachable(NOTHING_SAVED)


def test_settings_shows_a_server_error_on_the_notifications_page_in_chinese(
    qtbot: QtBot, app_ctx: AppContext, settings_dialog: SettingsDialog
) -> None:
    page = settings_dialog.notifications_page
    page._reminders = UnreachableLeads(app_ctx.services.reminders)  # type: ignore[assignment]
    page.leads_table.model.setData(page.leads_table.model.index(1, 0), "30")
    set_language("zh_CN")
    try:
        settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        settle(qtbot)  # refused by the server, off the GUI thread
        assert settings_dialog.isVisible() and settings_dialog.tabs.currentWidget() is page
        assert page.leads_error.isVisibleTo(settings_dialog)
        assert page.leads_error.text() == ServerUnreachable(NOTHING_SAVED).text()
        assert "team server" not in page.leads_error.text()  # translated
    finally:
        set_language("en")


def test_started_at_login_the_window_stays_minimised_without_a_tray(qtbot: QtBot) -> None:
    assert build_parser().parse_args(["--minimised"]).minimised
    assert not build_parser().parse_args([]).minimised
    window = QMainWindow()
    qtbot.addWidget(window)
    show_main_window(window, minimised=True)
    assert window.isMinimized()  # offscreen has no tray: minimised, never hidden


def test_an_alert_acted_on_elsewhere_is_reported_and_others_alerts_left_alone(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = start_desk(qtbot, app_ctx, demo_admin)
    desk, window = controller.reminder_desk, controller.window
    assert desk is not None and window is not None
    desk.acknowledge("reminder:999999")  # acted on at another desk, then removed
    settle(qtbot)
    assert window.statusBar().currentMessage() == "This reminder no longer exists."
    window.statusBar().clearMessage()
    desk.acknowledge("message:5")  # team mode's alert: its owner writes it down
    assert desk.snooze("message:5", SnoozePreset.ONE_HOUR) is None
    settle(qtbot)
    assert window.statusBar().currentMessage() == ""


def test_a_language_switch_gives_the_new_window_its_notification_area(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor
) -> None:
    controller = start_desk(qtbot, app_ctx, responder)
    old, desk = controller.window, controller.reminder_desk
    assert old is not None and desk is not None
    old.show()
    try:
        controller.switch_language("zh_CN")
        window = controller.window
        assert window is not None and window is not old
        qtbot.addWidget(window)
        assert desk.window is window and window.findChild(NotificationArea) is desk.area
        assert desk.area is not None and len(desk.area.keys()) == 1
        assert window.close_guard is not None and window.close_guard()  # no tray: it closes
    finally:
        set_language("en")
