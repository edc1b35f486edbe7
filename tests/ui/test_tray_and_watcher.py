"""The tray's graceful absence, and overdue return calls passed on by the watcher."""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from pytestqt.qtbot import QtBot

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.ui.app import app_icon, start_background_once
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.controller import DeskController
from desktop_app.ui.follow_up_watcher import SAFETY_NET_MS, FollowUpWatcher
from desktop_app.ui.tray import Tray
from tests.helpers.operations import settle


def test_without_a_system_tray_the_app_keeps_its_window(qtbot: QtBot) -> None:
    tray = Tray(app_icon())
    assert not tray.available  # the offscreen platform has no tray
    assert tray.icon is None
    assert not tray.notify("title", "message")
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "A bank is calling…",
        "Open Callback Desk",
        "Quit",
    ]


def test_the_tray_entry_opens_the_console(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    controller.start_background()
    assert controller.tray is not None
    controller.tray.bank_calling.emit()
    assert window.pages.currentWidget().content() is controller.front_desk_view
    assert controller.front_desk_view is not None


def test_an_overdue_message_is_passed_on_once(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, clock: FakeClock
) -> None:
    services = app_ctx.services
    desk = services.identity.actor_named("刘洋")
    watcher = FollowUpWatcher(services.calls, ChangeHub(), desk, clock)
    watcher.run()  # off the GUI thread: the sample company's own overdue messages passed on
    settle(qtbot)
    bank = services.banks.list(demo_admin, "招商")[0]
    call = services.calls.log(desk, CallDraft(outcome="message", bank_id=bank.id)).value
    assert call.follow_up_id is not None
    first = call.follow_up_assignee_name
    watcher.run()
    settle(qtbot)
    assert watcher.last_count == 0  # not overdue yet
    clock.advance(timedelta(days=3))
    with qtbot.waitSignal(watcher.escalated) as said:
        watcher.run()
    assert watcher.last_count >= 1
    assert "passed on to the next responder" in said.args[0]
    follow_up = services.follow_ups.get(demo_admin, call.follow_up_id)
    assert follow_up.escalation_level == 1
    assert follow_up.assignee_name != first
    watcher.run()
    settle(qtbot)
    assert watcher.last_count == 0  # the same level is never reached twice
    assert services.follow_ups.get(demo_admin, call.follow_up_id).escalation_level == 1


def test_the_background_starts_once_today_has_painted_its_data(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    start_background_once(controller)
    assert controller.tray is None  # not before Today's data
    assert controller.today_view is not None
    with qtbot.waitSignal(controller.today_view.refreshed):
        window.show()
    assert controller.tray is None  # not before the data has painted
    qtbot.waitUntil(lambda: controller.tray is not None)
    assert controller.reminder_desk is not None
    tray = controller.tray
    controller.today_view.refreshed.emit()  # a later refresh starts nothing again
    assert controller.tray is tray


def test_the_watcher_sleeps_until_the_next_return_call_falls_due(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, clock: FakeClock
) -> None:
    services = app_ctx.services
    desk = services.identity.actor_named("刘洋")
    hub = ChangeHub()
    watcher = FollowUpWatcher(services.calls, hub, desk, clock)
    watcher.start()
    watcher.run()  # the sample company's overdue messages passed on, the next moment read
    settle(qtbot)
    due_in = watcher.timer_due_in()
    assert due_in is not None and 0 <= due_in <= SAFETY_NET_MS * 1.05  # a coarse timer's 5%
    assert watcher.next_at == services.calls.next_escalation_at(desk, clock.now())

    bank = services.banks.list(demo_admin, "招商")[0]
    call = hub.apply(services.calls.log(desk, CallDraft(outcome="message", bank_id=bank.id)))
    new_due = services.follow_ups.get(demo_admin, call.follow_up_id or 0).due_at
    qtbot.waitUntil(lambda: watcher.next_at is not None and watcher.next_at <= new_due)
    assert watcher.next_at == services.calls.next_escalation_at(desk, clock.now())

    clock.advance(new_due - clock.now() + timedelta(minutes=1))
    with qtbot.waitSignal(watcher.escalated):
        watcher.timer.timeout.emit()  # the moment has come
    assert services.follow_ups.get(demo_admin, call.follow_up_id or 0).escalation_level == 1
    settle(qtbot)
    assert watcher.next_at is None or watcher.next_at > clock.now()
    assert watcher.timer_due_in() is not None  # armed again, at the latest the safety net


def test_a_look_that_ends_after_the_desk_closed_is_dropped(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, clock: FakeClock
) -> None:
    services = app_ctx.services
    hub = ChangeHub()
    watcher = FollowUpWatcher(services.calls, hub, services.identity.actor_named("刘洋"), clock)
    watcher.start()
    looks = watcher.run()  # under way on the worker when the watcher goes
    shiboken6.delete(watcher)
    with qtbot.waitSignal(looks.finished):
        pass  # no error from the gone watcher's timer (pytest-qt fails the test on one)
    settle(qtbot)
