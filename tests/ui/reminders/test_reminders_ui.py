"""Reminders on the desktop: the one-timer scheduler, our alert window, the notification area.

Real services on the demo company (the UI fixtures' embedded database); time moves with the
FakeClock, never by sleeping. 周杰 is the on-duty responder of a one-off window at 14:00–15:00
on the fixtures' day (it starts at 10:00 Beijing time): his "prepare" reminder is due at once
(created after its moment), "be at your phone" at 13:45.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.reminders.service import SnoozePreset
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.reminders.alert_window import Alert, AlertWindow
from desktop_app.ui.reminders.scheduler import (
    QT_TIMER_LIMIT_MS,
    SAFETY_NET_MS,
    ReminderScheduler,
    milliseconds_until,
)
from tests.helpers.demo_reminders import ZONE, add_window, local


def make_scheduler(
    app_ctx: AppContext, actor: Actor, hub: ChangeHub, monotonic: list[float] | None = None
) -> ReminderScheduler:
    steady = monotonic if monotonic is not None else [1000.0]
    return ReminderScheduler(
        app_ctx.services.reminders, hub, actor, app_ctx.clock, monotonic=lambda: steady[0]
    )


def test_milliseconds_are_rounded_up_so_a_timer_never_fires_early() -> None:
    now = datetime(2026, 1, 1, tzinfo=ZONE)
    assert milliseconds_until(now + timedelta(microseconds=1), now) == 1
    assert milliseconds_until(now + timedelta(seconds=2), now) == 2000
    assert milliseconds_until(now - timedelta(seconds=5), now) == 0
    assert SAFETY_NET_MS < QT_TIMER_LIMIT_MS


def test_the_scheduler_arms_one_precise_single_shot_for_the_next_due(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    hub = ChangeHub()
    scheduler = make_scheduler(app_ctx, responder, hub)
    assert scheduler.armed_for() is None and scheduler.interval() == -1
    with qtbot.waitSignal(scheduler.reminders_due) as taken:
        scheduler.start()
    assert [view.kind for view in taken.args[0]] == ["prepare"]
    timers = [t for t in scheduler.findChildren(QTimer) if t.isSingleShot() and t.isActive()]
    assert len(timers) == 1  # one timer for what is due; no polling loop
    assert timers[0].timerType() == Qt.TimerType.PreciseTimer
    due = scheduler.armed_for()
    assert due == app_ctx.services.reminders.next_due_at(responder)
    assert due is not None and due > clock.now()
    # the service's next moment is 30 minutes away at most; the safety net caps the wait at 15
    assert scheduler.interval() == min(milliseconds_until(due, clock.now()), SAFETY_NET_MS)
    assert scheduler.interval() == SAFETY_NET_MS
    clock.set(local(clock, 13, 40))
    assert scheduler.check_now() == []
    assert scheduler.armed_for() == local(clock, 13, 45)  # "be at your phone"
    assert scheduler.interval() == 5 * 60 * 1000
    scheduler.stop()
    assert scheduler.armed_for() is None


def test_a_change_to_the_windows_re_arms(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, demo_admin: Actor, clock: FakeClock
) -> None:
    hub = ChangeHub()
    scheduler = make_scheduler(app_ctx, responder, hub)
    scheduler.start()
    assert scheduler.armed_for() == clock.now() + timedelta(minutes=30)  # the service's resync
    add_window(app_ctx, demo_admin, clock.now() + timedelta(minutes=25))  # short notice
    phone = clock.now() + timedelta(minutes=10)  # 15 minutes before it
    # its "prepare" reminder is due at once (taken at once), then "be at your phone" is next
    with (
        qtbot.waitSignal(scheduler.reminders_due) as taken,
        qtbot.waitSignal(scheduler.armed, check_params_cb=lambda due: due == phone),
    ):
        hub.announce(Changes.of(Area.WINDOWS))
    assert [view.kind for view in taken.args[0]] == ["prepare"]
    assert scheduler.armed_for() == phone
    assert scheduler.interval() == 10 * 60 * 1000
    # areas reminders do not depend on leave the timer alone
    with qtbot.assertNotEmitted(scheduler.armed, wait=50):
        hub.announce(Changes.of(Area.CALLS, Area.TRAINING))


def test_a_jump_of_the_wall_clock_is_a_resume_and_takes_what_was_missed(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    hub = ChangeHub()
    steady = [500.0]
    scheduler = make_scheduler(app_ctx, responder, hub, steady)
    scheduler.start()
    steady[0] += 60
    clock.advance(timedelta(seconds=61))
    assert not scheduler.heartbeat(steady[0])  # an ordinary minute
    clock.set(local(clock, 14, 10))  # the lid was closed until 14:10
    steady[0] += 60
    with qtbot.waitSignal(scheduler.resumed), qtbot.waitSignal(scheduler.reminders_due) as taken:
        assert scheduler.heartbeat(steady[0])
    (view,) = taken.args[0]
    assert (view.kind, view.urgent, view.missed) == ("be_at_phone", True, True)
    steady[0] += 60
    clock.advance(timedelta(seconds=60))
    with qtbot.assertNotEmitted(scheduler.reminders_due, wait=10):
        assert not scheduler.heartbeat(steady[0])
        assert scheduler.check_now() == []  # missed while away is shown once
    # a beat far later than asked (Windows' monotonic clock counts the sleep) is a resume too
    steady[0] += 3600
    clock.advance(timedelta(hours=1))
    assert scheduler.heartbeat(steady[0])


def test_a_timer_that_fires_before_the_wall_clock_only_re_arms(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    hub = ChangeHub()
    scheduler = make_scheduler(app_ctx, responder, hub)
    clock.set(local(clock, 13, 45) - timedelta(milliseconds=30))
    scheduler.start()
    due = local(clock, 13, 45)
    assert scheduler.armed_for() == due and scheduler.interval() == 30
    # The FakeClock stands still: each time the timer fires it is early, so it arms again.
    arms: list[object] = []
    scheduler.armed.connect(arms.append)
    with qtbot.assertNotEmitted(scheduler.reminders_due, wait=10):
        qtbot.waitUntil(lambda: len(arms) >= 3, timeout=3000)
    assert set(arms) == {due}
    assert scheduler.armed_for() == due and scheduler.interval() == 30
    clock.set(due)
    with qtbot.waitSignal(scheduler.reminders_due, timeout=2000) as taken:
        pass
    assert [view.kind for view in taken.args[0]] == ["be_at_phone"]
    assert not taken.args[0][0].missed


def test_escalation_runs_with_each_check(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock
) -> None:
    services = app_ctx.services
    scheduler = make_scheduler(app_ctx, responder, ChangeHub())
    clock.set(local(clock, 13, 45))
    scheduler.start()
    backup = services.identity.actor_named("陈静")
    assert [v.kind for v in services.reminders.take_due(backup)] == ["prepare"]
    clock.advance(timedelta(minutes=11))  # 周杰 has not confirmed
    scheduler.check_now()
    assert [v.kind for v in services.reminders.take_due(backup)] == ["escalated"]


def test_alert_window_is_always_on_top_and_keyed(qtbot: QtBot) -> None:
    window = AlertWindow()
    qtbot.addWidget(window)
    flags = window.windowFlags()
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.Tool == Qt.WindowType.Tool
    assert not flags & Qt.WindowType.WindowCloseButtonHint
    when = datetime(2026, 11, 25, 6, tzinfo=ZONE)
    window.add(Alert("message:7", "王敏 took a message", "Call 工行 back", when, can_snooze=False))
    window.add(
        Alert("reminder:1", "Be at your phone", "ICBC", when, False, True, tuple(SnoozePreset))
    )
    window.add(
        Alert("message:7", "王敏 took a message", "Call 工行 back today", when, False, False)
    )
    assert window.isVisible()
    assert window.keys() == ["message:7", "reminder:1"]
    message = window.list.rows["message:7"]
    assert message.body_label.text() == "Call 工行 back today"
    assert message.snooze_button.isHidden()
    assert not message.missed_label.isVisibleTo(window)
    assert window.heading.text() == "2 alerts need your attention"
    window.close()  # it stays until each alert is acted on
    assert window.isVisible()
    with qtbot.waitSignal(window.acknowledged) as acknowledged:
        qtbot.mouseClick(message.acknowledge_button, Qt.MouseButton.LeftButton)
    assert acknowledged.args == ["message:7"]
    reminder = window.list.rows["reminder:1"]
    with qtbot.waitSignal(window.snoozed) as snoozed:
        reminder.snooze_actions()[SnoozePreset.ONE_HOUR].trigger()
    assert snoozed.args == ["reminder:1", SnoozePreset.ONE_HOUR]
    assert window.keys() == [] and not window.isVisible()
