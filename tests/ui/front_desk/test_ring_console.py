"""Rings at the console: the phone system's number opens the console routed, without taking the
keyboard; a caller naming ICBC from CCB's number, or from an unknown number, gets the warning,
the "verify first" script and the official numbers; logging completes the ring; an unknown
number is tied to a bank in one click. The single-instance channel carries rings for real."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import CallRecord
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.ring.ring_desk import RingDesk
from desktop_app.ui.single_instance import SingleInstance
from tests.helpers.operations import settle


def make_desk(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> tuple[DeskController, RingDesk]:
    controller = DeskController(app_ctx, actor, app_icon())
    qtbot.addWidget(controller.build_window())
    return controller, RingDesk(controller, app_ctx.services.rings, takes_focus=False)


def calls(app_ctx: AppContext) -> list[CallRecord]:
    with app_ctx.services.store.read() as session:
        return list(session.scalars(select(CallRecord).where(CallRecord.line != "")))


def test_a_ring_opens_the_console_on_the_number_without_taking_the_keyboard(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk_person = app_ctx.services.identity.actor_named("刘洋")
    controller, desk = make_desk(qtbot, app_ctx, desk_person)
    assert controller.window is not None
    controller.window.showMinimized()

    with qtbot.waitSignal(desk.ring_shown) as shown:
        desk.receive({"number": "95588", "line": "总机 8000", "at": ""})

    view = controller.front_desk_view
    assert view is not None and view.ring == shown.args[0]
    assert view.search_edit.text() == "95588"
    assert view.bank_label.text() == "中国工商银行"
    assert view.ring_panel.isVisibleTo(view)
    assert "95588" in view.ring_panel.ring_label.text()
    assert "总机 8000" in view.ring_panel.ring_label.text()
    assert not view.ring_panel.check_box.isVisibleTo(view)  # the number is ICBC's own
    assert not controller.window.isMinimized()
    assert [c.outcome for c in calls(app_ctx)] == ["ringing"]

    with qtbot.waitSignal(view.call_logged) as logged:
        qtbot.mouseClick(view.log_bar.outcome_buttons["no_one"], Qt.MouseButton.LeftButton)
    assert logged.args[0].id == shown.args[0].call_id
    assert [c.outcome for c in calls(app_ctx)] == ["no_one"]
    assert view.ring is None and not view.ring_panel.isVisibleTo(view)


def test_a_caller_naming_icbc_from_ccbs_number_is_warned_and_logged_unverified(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    desk_person = app_ctx.services.identity.actor_named("刘洋")
    controller, desk = make_desk(qtbot, app_ctx, desk_person)
    ring = desk.receive({"number": "95533", "line": "总机", "at": ""})
    view = controller.front_desk_view
    assert ring is not None and view is not None
    assert view.bank_label.text() == "中国建设银行"

    view.search_edit.setText("工行")  # the caller says ICBC

    panel = view.ring_panel
    assert panel.check_box.isVisibleTo(view)
    warning = panel.warning_label.text()
    assert "中国工商银行" in warning and "中国建设银行" in warning
    assert "Verify first" in warning
    assert "95588" in panel.numbers_label.text()
    assert view.script_label.text().startswith("Verify first")
    assert view.log_bar.caller_number_edit.text() == "95533"
    view.grab().save(str(tmp_path / "unverified.png"))

    with qtbot.waitSignal(view.call_logged) as logged:
        qtbot.mouseClick(panel.unverified_button, Qt.MouseButton.LeftButton)
    call = logged.args[0]
    assert (call.id, call.outcome, call.bank_name) == (ring.call_id, "unverified", "中国工商银行")
    assert call.follow_up_id is not None


def test_an_unknown_number_is_warned_and_tied_to_the_bank_in_one_click(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk_person = app_ctx.services.identity.actor_named("刘洋")
    controller, desk = make_desk(qtbot, app_ctx, desk_person)
    ring = desk.receive({"number": "13800001111", "line": "总机", "at": ""})
    view = controller.front_desk_view
    assert ring is not None and view is not None
    assert "unknown number" in view.ring_panel.ring_label.text()
    assert not view.ring_panel.tie_button.isVisibleTo(view)

    view.search_edit.setText("工行")
    assert view.ring_panel.tie_button.isVisibleTo(view)
    assert "no register holds" in view.ring_panel.warning_label.text()
    qtbot.mouseClick(view.ring_panel.tie_button, Qt.MouseButton.LeftButton)
    settle(qtbot)  # written off the GUI thread
    assert view.ring is not None and view.ring.bank_name == "中国工商银行"
    assert "tied to 中国工商银行" in view.status_label.text()
    assert not view.ring_panel.tie_button.isVisibleTo(view)


def test_a_bad_ring_is_refused_with_a_message_and_nothing_written(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    _controller, desk = make_desk(qtbot, app_ctx, demo_admin)
    with qtbot.waitSignal(desk.ring_refused) as refused:
        assert desk.receive({"number": "not a number", "line": "x", "at": ""}) is None
    assert refused.args[0]
    assert calls(app_ctx) == []


def test_the_sweep_turns_a_stale_ring_into_a_missed_call(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    from datetime import timedelta

    controller, desk = make_desk(qtbot, app_ctx, demo_admin)
    assert not desk.sweep_timer.isActive()  # no ring waits: nothing to sweep every 30 s
    desk.receive({"number": "95588", "line": "总机", "at": ""})

    def swept() -> int:
        with qtbot.waitSignal(desk.sweep().succeeded) as done:  # off the GUI thread
            pass
        rings, _waiting = done.args[0]
        return len(rings)

    assert swept() == 0
    assert desk.sweep_timer.isActive()  # a ring still waits: the sweep looks again
    app_ctx.clock.advance(timedelta(minutes=3))  # type: ignore[attr-defined]
    assert swept() == 1
    assert [c.outcome for c in calls(app_ctx)] == ["rang_unlogged"]
    assert not desk.sweep_timer.isActive()  # none left: an idle desk is not woken for it
    desk.receive({"number": "95588", "line": "总机", "at": ""})
    assert desk.sweep_timer.isActive()  # the next ring arms it again
    today = controller.today_view
    assert today is not None
    with qtbot.waitSignal(today.refreshed):  # read off the GUI thread
        today.refresh()
    assert "1 call rang today and nobody logged it" in today.banner_label.text()


def test_a_ring_travels_over_the_single_instance_channel(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.listen()
    try:
        second = SingleInstance(tmp_path)
        with qtbot.waitSignal(first.ring_received, timeout=3000) as received:
            assert second.send_ring({"number": "95588", "line": "前台", "at": ""})
        assert received.args[0] == {"number": "95588", "line": "前台", "at": ""}
        assert not SingleInstance(tmp_path / "elsewhere").send_ring({"number": "1"})
    finally:
        first.close()


def test_a_ring_address_opened_on_the_running_app_rings(qtbot: QtBot) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.ring.url_events import RingUrlFilter

    app = QApplication.instance()
    assert app is not None
    urls = RingUrlFilter()
    app.installEventFilter(urls)
    try:
        with qtbot.waitSignal(urls.ring_received) as received:
            QApplication.sendEvent(
                app, QFileOpenEvent(QUrl("callback-desk:ring?number=95588&line=3CX"))
            )
        assert received.args[0] == {"number": "95588", "line": "3CX", "at": ""}
        with qtbot.assertNotEmitted(urls.ring_received):
            QApplication.sendEvent(app, QFileOpenEvent(QUrl("callback-desk:hangup?number=1")))
    finally:
        app.removeEventFilter(urls)


def test_rings_handed_over_before_the_ring_desk_started_are_taken_when_it_starts(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    from desktop_app.ui.app import start_rings

    desk_person = app_ctx.services.identity.actor_named("刘洋")
    controller = DeskController(app_ctx, desk_person, app_icon())
    qtbot.addWidget(controller.build_window())
    instance = SingleInstance(tmp_path / "instance")
    held: list[dict[str, object]] = [{"number": "95588", "line": "总机 8000", "at": ""}]
    start_rings(controller, instance, None, held)
    assert calls(app_ctx) == []  # taken in turn, once the event loop runs
    qtbot.waitUntil(lambda: [c.outcome for c in calls(app_ctx)] == ["ringing"])
    settle(qtbot)
    instance.close()
