"""The desk's reminder checks off the GUI thread: the worker, one check at a time, the results
back by signal, failures, and the app's exit waiting for a running check.

Real services on the demo company; the scheduler is given the real reminder service through a
recorder that notes which thread each call ran on and can hold a call at a gate
(``threading.Event``), so that the tests decide when the worker's check goes on. 周杰's
"prepare" reminder is due at once, "be at your phone" at 13:45 (see demo_reminders).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import Reminder
from desktop_app.core.reminders.service import ReminderService
from desktop_app.ui.app import app_icon
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.controller import DeskController
from desktop_app.ui.reminders.scheduler import RETRY_MS, ReminderScheduler
from tests.helpers.demo_reminders import add_window, local
from tests.helpers.operations import settle

WAIT_S = 10.0


class Recorder:
    """The real reminder service, noting the thread and order of the scheduler's calls."""

    def __init__(self, service: ReminderService) -> None:
        self._service = service
        self.log: list[tuple[str, str, int]] = []  # (call, "in"/"out", thread)
        self.gate: threading.Event | None = None  # when set: sync waits for it
        self.entered = threading.Event()  # a gated sync has started
        self.error: BaseException | None = None  # raised by the next sync
        self._lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0

    def _call(self, name: str, call: Callable[[], Any]) -> Any:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.log.append((name, "in", threading.get_ident()))
        try:
            if name == "sync" and self.gate is not None:
                self.entered.set()
                assert self.gate.wait(WAIT_S), "the test never opened the gate"
            if name == "sync" and self.error is not None:
                error, self.error = self.error, None
                raise error
            return call()
        finally:
            with self._lock:
                self.running -= 1
                self.log.append((name, "out", threading.get_ident()))

    def calls(self, name: str) -> list[int]:
        """The threads ``name`` ran on, in order."""
        return [thread for call, edge, thread in self.log if call == name and edge == "in"]

    def sync(self, actor: Actor) -> Any:
        return self._call("sync", lambda: self._service.sync(actor))

    def escalate_unacknowledged(self, actor: Actor) -> Any:
        return self._call("escalate", lambda: self._service.escalate_unacknowledged(actor))

    def take_due(self, actor: Actor) -> Any:
        return self._call("take_due", lambda: self._service.take_due(actor))

    def next_due_at(self, actor: Actor) -> Any:
        return self._service.next_due_at(actor)


@pytest.fixture
def recorder(app_ctx: AppContext) -> Recorder:
    return Recorder(app_ctx.services.reminders)


def background(recorder: Recorder, actor: Actor, clock: FakeClock, hub: ChangeHub) -> Any:
    return ReminderScheduler(
        recorder,  # type: ignore[arg-type]
        hub,
        actor,
        clock,
        monotonic=lambda: 1000.0,
        background=True,
    )


def pending_phone_reminders(app_ctx: AppContext, actor: Actor) -> list[str]:
    from sqlalchemy import select

    with app_ctx.services.store.read() as session:
        return list(
            session.scalars(
                select(Reminder.state).where(
                    Reminder.person_id == actor.person_id, Reminder.kind == "be_at_phone"
                )
            )
        )


def test_a_check_runs_on_the_worker_and_its_reminders_come_back_by_signal(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock, recorder: Recorder
) -> None:
    scheduler = background(recorder, responder, clock, ChangeHub())
    with (
        qtbot.waitSignal(scheduler.reminders_due, timeout=10000) as taken,
        qtbot.waitSignal(scheduler.checked, timeout=10000),
    ):
        scheduler.start()
        assert scheduler.busy  # start() returned at once: the check runs elsewhere
        assert scheduler.armed_for() is None
    assert [view.kind for view in taken.args[0]] == ["prepare"]
    gui = threading.get_ident()
    threads = recorder.calls("sync") + recorder.calls("escalate") + recorder.calls("take_due")
    assert len(threads) == 3 and gui not in threads
    assert not scheduler.busy
    assert scheduler.armed_for() == app_ctx.services.reminders.next_due_at(responder)
    clock.set(local(clock, 13, 45))
    assert [view.kind for view in scheduler.check_now()] == ["be_at_phone"]  # tests: here, now
    assert recorder.calls("take_due")[-1] == gui
    scheduler.stop()


def test_one_check_at_a_time_and_the_one_asked_for_meanwhile_runs_after(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock, recorder: Recorder
) -> None:
    hub = ChangeHub()
    steady = [1000.0]
    scheduler = ReminderScheduler(
        recorder,  # type: ignore[arg-type]
        hub,
        responder,
        clock,
        monotonic=lambda: steady[0],
        background=True,
    )
    recorder.gate = threading.Event()
    checks: list[None] = []
    scheduler.checked.connect(lambda: checks.append(None))
    scheduler.start()
    assert recorder.entered.wait(WAIT_S)  # the first check is held inside sync
    clock.set(local(clock, 13, 50))  # the lid was closed; meanwhile the windows changed too
    steady[0] += 60
    assert scheduler.heartbeat(steady[0])  # a resume: a check is asked for
    hub.announce(Changes.of(Area.WINDOWS))  # and a sync
    assert scheduler.busy and len(recorder.calls("sync")) == 1
    recorder.gate.set()
    qtbot.waitUntil(lambda: len(checks) == 2, timeout=10000)
    assert not scheduler.busy
    assert recorder.most_at_once == 1
    assert len(recorder.calls("sync")) == 2  # the check asked for covered the sync asked for
    syncs = [edge for call, edge, _thread in recorder.log if call == "sync"]
    assert syncs == ["in", "out", "in", "out"]
    # "be at your phone" (13:45) was taken once, by one of them
    assert pending_phone_reminders(app_ctx, responder) == ["shown"]
    scheduler.stop()


def test_the_apps_exit_waits_for_a_running_check_which_then_takes_nothing(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock, recorder: Recorder
) -> None:
    app_ctx.services.reminders.sync(responder)
    clock.set(local(clock, 13, 45))  # "be at your phone" is due
    scheduler = background(recorder, responder, clock, ChangeHub())
    recorder.gate = threading.Event()
    scheduler.start()
    assert recorder.entered.wait(WAIT_S)
    assert not scheduler.shutdown(timeout=0.0)  # still held: the exit gave up waiting
    recorder.gate.set()
    assert scheduler.shutdown()
    assert recorder.running == 0 and recorder.calls("take_due") == []  # told to stop in time
    assert pending_phone_reminders(app_ctx, responder) == ["pending"]  # for the next start
    with qtbot.assertNotEmitted(scheduler.reminders_due, wait=50):
        qtbot.waitUntil(lambda: not scheduler.busy, timeout=5000)
    assert scheduler.armed_for() is None and not scheduler.started


def test_a_database_error_on_the_worker_is_reported_and_retried(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock, recorder: Recorder
) -> None:
    scheduler = background(recorder, responder, clock, ChangeHub())
    recorder.error = StorageError("The database file could not be read.")
    with qtbot.waitSignal(scheduler.failed, timeout=10000) as failed:
        scheduler.start()
    assert failed.args == ["The database file could not be read."]
    assert scheduler.armed_for() is None and scheduler.interval() == RETRY_MS
    assert recorder.calls("take_due") == []
    scheduler.stop()


def test_a_bug_on_the_worker_reaches_the_gui_threads_error_hook(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor, clock: FakeClock, recorder: Recorder
) -> None:
    scheduler = background(recorder, responder, clock, ChangeHub())
    recorder.error = ZeroDivisionError("a bug")
    with qtbot.captureExceptions() as exceptions:
        scheduler.start()
        qtbot.waitUntil(lambda: not scheduler.busy, timeout=10000)
    assert [type(error) for _kind, error, _trace in exceptions] == [ZeroDivisionError]
    # the one-shot timer is armed again: the next check does not wait for the safety net
    assert scheduler.armed_for() is None and scheduler.interval() == RETRY_MS
    scheduler.stop()


def test_a_change_to_the_windows_is_materialised_on_the_worker(
    qtbot: QtBot,
    app_ctx: AppContext,
    responder: Actor,
    demo_admin: Actor,
    clock: FakeClock,
    recorder: Recorder,
) -> None:
    hub = ChangeHub()
    scheduler = background(recorder, responder, clock, hub)
    scheduler.start()
    assert scheduler.settle()  # handled here, without running the event loop
    assert scheduler.armed_for() == clock.now() + timedelta(minutes=30)
    before = len(recorder.calls("sync"))
    add_window(app_ctx, demo_admin, clock.now() + timedelta(minutes=25))  # short notice
    phone = clock.now() + timedelta(minutes=10)
    with (
        qtbot.waitSignal(scheduler.reminders_due, timeout=10000) as taken,
        qtbot.waitSignal(scheduler.armed, timeout=10000, check_params_cb=lambda d: d == phone),
    ):
        hub.announce(Changes.of(Area.WINDOWS))
    assert [view.kind for view in taken.args[0]] == ["prepare"]
    later = recorder.calls("sync")[before:]
    assert later and threading.get_ident() not in later
    scheduler.stop()


def test_the_desks_scheduler_works_in_the_background_and_stops_when_the_app_quits(
    qtbot: QtBot, app_ctx: AppContext, responder: Actor
) -> None:
    controller = DeskController(app_ctx, responder, app_icon())
    qtbot.addWidget(controller.build_window())
    controller.start_background()
    desk = controller.reminder_desk
    assert desk is not None and controller.alerts is not None
    qtbot.addWidget(controller.alerts)
    desk.begin()
    settle(qtbot)  # the reminders left open are read off the GUI thread, then it starts
    assert desk.scheduler.started
    assert desk.scheduler.settle()
    settle(qtbot)  # what fell due is listed after a read off the GUI thread
    assert desk.area is not None and len(desk.area.keys()) == 1  # 周杰's "prepare"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.aboutToQuit.emit()
    assert not desk.scheduler.started and desk.scheduler.armed_for() is None
