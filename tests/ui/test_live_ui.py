"""Team mode on screen: what another desk commits reaches this desk's change hub (never our own
echo), the status bar says when the team server is lost and back, the person's status control,
and a message taken at the front desk reaching the recipient's alert window with the desk seeing
the acknowledgement — across two desks on the real PostgreSQL server, and on one embedded desk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.team.live.payload import EVERYTHING
from desktop_app.ui.app import app_icon
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.controller import DeskController
from desktop_app.ui.front_desk.messages_panel import MessagesPanel
from desktop_app.ui.live import LiveBridge
from desktop_app.ui.live_desk import LiveDesk
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.message_alerts import MessageAlerts, message_key
from desktop_app.ui.reminders.alert_window import AlertWindow
from desktop_app.ui.screens import front_desk_view
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person
from tests.helpers.operations import calls_on_gui_thread, drain, settle
from tests.helpers.team import desk_context, emptied

ZONE = ZoneInfo("Asia/Shanghai")
WAIT_MS = 10_000


@dataclass
class Office:
    """Two desks on one team database: the front desk (A) and 李娜's desk (B)."""

    a: AppContext
    b: AppContext
    admin: Actor
    desk: Actor  # the front desk, at A
    li: Actor  # the primary responder, at B
    contract_id: int


@pytest.fixture
def office(
    qapp: QApplication, postgres_url: str, tmp_path: Path, clock: FakeClock
) -> Iterator[Office]:
    url = emptied(postgres_url)
    a = desk_context(url, tmp_path / "a", clock)
    b = desk_context(url, tmp_path / "b", clock)
    try:
        services = a.services
        admin = services.identity.create_first_admin("Admin", "admin-account").value
        bank = make_bank(services, admin, phones=[])
        contract = make_contract(services, admin, bank.id, "0200-2025-LD-0137")
        li = make_person(services, admin, name="李娜")
        services.responders.set_for_contract(admin, contract.id, [li.id])
        desk = actor_with_role(services, admin, "front_desk")
        yield Office(a, b, admin, desk, b.services.identity.actor_for(li.id), contract.id)
    finally:
        drain(qapp)  # what the desks set off finishes before their databases close
        a.close()
        b.close()


def bridge_for(context: AppContext, hub: ChangeHub, qtbot: QtBot) -> LiveBridge:
    """A started bridge, connected before the test goes on."""
    assert context.publisher is not None
    bridge = LiveBridge(hub, context.engine.url, context.publisher.origin.token, first_retry=0.05)
    with qtbot.waitSignal(bridge.connection_changed, timeout=WAIT_MS) as connected:
        bridge.start()
    assert connected.args == [True]
    return bridge


def message(office: Office) -> CallDraft:
    return CallDraft("message", "黄蕾", "010-6552 1234", contract_id=office.contract_id)


def test_another_desk_s_change_reaches_this_hub_and_our_own_echo_does_not(
    qtbot: QtBot, office: Office
) -> None:
    hub = ChangeHub()
    bridge = bridge_for(office.b, hub, qtbot)
    heard: list[Changes] = []
    hub.data_changed.connect(heard.append)
    try:
        make_person(office.b.services, office.admin, name="张伟")  # B's own write: no echo
        with qtbot.waitSignal(bridge.remote_changes, timeout=WAIT_MS):
            make_bank(office.a.services, office.admin, name="中国农业银行", phones=[])
        assert [c.areas for c in heard] == [{Area.BANKS}]
    finally:
        assert bridge.stop()


def windowed_desk(qtbot: QtBot, office: Office, hub: ChangeHub, tmp_path: Path) -> LiveDesk:
    """李娜's live desk B, attached to a main window of its own (it keeps the window)."""
    window = MainWindow(
        office.li, "Team server", QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    live = LiveDesk(office.b, hub, office.li, None, None)
    live.attach_window(window)
    return live


def test_another_desk_s_calendar_and_settings_are_read_again(
    qtbot: QtBot, office: Office, tmp_path: Path
) -> None:
    hub = ChangeHub()
    live = windowed_desk(qtbot, office, hub, tmp_path)
    b = office.b.services
    day = date(2027, 2, 20)  # a Saturday
    assert not b.calendar.is_workday(day) and b.org.get().coverage_days_ahead == 14  # cached
    assert live.bridge is not None
    try:
        with qtbot.waitSignal(live.bridge.connection_changed, timeout=WAIT_MS):
            live.start()
        with qtbot.waitSignal(live.bridge.remote_changes, timeout=WAIT_MS):
            office.a.services.calendar.set_override(office.admin, day, True, "调休上班")
        assert b.calendar.is_workday(day)
        with qtbot.waitSignal(live.bridge.remote_changes, timeout=WAIT_MS):
            office.a.services.org.update(office.admin, coverage_days_ahead=21)
        assert b.org.get().coverage_days_ahead == 21
    finally:
        live.stop()


def test_the_status_bar_says_when_the_team_server_is_lost_and_back(
    qtbot: QtBot, office: Office, tmp_path: Path
) -> None:
    hub = ChangeHub()
    live = windowed_desk(qtbot, office, hub, tmp_path)
    assert live.status_label is not None and live.presence_button is not None
    assert live.status_label.text() == "Connecting to the team server…"
    seen: list[tuple[bool, str]] = []
    label = live.status_label
    assert live.bridge is not None
    live.bridge.connection_changed.connect(lambda up: seen.append((up, label.text())))
    resyncs: list[Changes] = []
    hub.data_changed.connect(resyncs.append)
    try:
        live.start()
        qtbot.waitUntil(lambda: [s[0] for s in seen] == [True], timeout=WAIT_MS)
        assert seen[0][1] == "● Connected to the team server"
        with office.a.engine.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(:pid)"),
                {"pid": live.bridge.listener.backend_pid},
            )
        qtbot.waitUntil(lambda: [s[0] for s in seen] == [True, False, True], timeout=WAIT_MS)
        assert seen[1][1] == "● Reconnecting to the team server…"
        assert seen[2][1] == "● Connected to the team server"
        qtbot.waitUntil(lambda: EVERYTHING in resyncs, timeout=WAIT_MS)  # screens read again
        assert live.heartbeat is not None and live.heartbeat.started.wait(10)
        presence = office.a.services.presence.of(office.desk, [office.li.person_id or 0])
        assert presence[office.li.person_id or 0].online is True
    finally:
        live.stop()
    assert not live.bridge.listener.is_alive() and not live.heartbeat.is_alive()
    presence = office.a.services.presence.of(office.desk, [office.li.person_id or 0])
    assert presence[office.li.person_id or 0].online is False  # a clean exit: offline at once


def test_the_status_control_sets_the_person_s_presence(
    qtbot: QtBot, office: Office, tmp_path: Path
) -> None:
    hub = ChangeHub()
    live = windowed_desk(qtbot, office, hub, tmp_path)
    button = live.presence_button
    assert button is not None and button.text() == "● Available"
    assert [a.text() for a in button.status_menu.actions()] == [
        "Available",
        "Away",
        "Do not disturb",
    ]
    with qtbot.waitSignal(hub.data_changed):
        button.status_menu.actions()[2].trigger()
    assert button.text() == "● Do not disturb"
    found = office.a.services.presence.of(office.desk, [office.li.person_id or 0])
    assert found[office.li.person_id or 0].status == "dnd"
    office.a.services.presence.set_status(office.admin, office.li.person_id or 0, "available")
    hub.announce(Changes.of(Area.PRESENCE, ids=((Area.PRESENCE, office.li.person_id or 0),)))
    assert button.background_read.reading is not None  # read off the GUI thread
    assert button.text() == "● Do not disturb"  # not at once
    qtbot.waitUntil(lambda: button.text() == "● Available")  # an administrator's reset, heard


def test_a_message_reaches_the_recipient_s_desk_and_the_front_desk_sees_it_acknowledged(
    qtbot: QtBot, office: Office, clock: FakeClock
) -> None:
    hub_a, hub_b = ChangeHub(), ChangeHub()
    bridge_a = bridge_for(office.a, hub_a, qtbot)
    bridge_b = bridge_for(office.b, hub_b, qtbot)
    panel = MessagesPanel(office.a.services.messages, hub_a, office.desk, ZONE)
    qtbot.addWidget(panel)
    alerts = AlertWindow()
    qtbot.addWidget(alerts)
    inbox = MessageAlerts(office.b.services.messages, hub_b, office.li, alerts, None, ZONE)
    try:
        assert inbox.refresh() == []
        with qtbot.waitSignal(inbox.messages_shown, timeout=WAIT_MS) as shown:
            call = hub_a.apply(office.a.services.calls.log(office.desk, message(office)))
        key = message_key(call.follow_up_id or 0)
        assert [m.follow_up_id for m in shown.args[0]] == [call.follow_up_id]
        assert alerts.keys() == [key] and alerts.isVisible()
        qtbot.waitUntil(  # the panel re-reads off the GUI thread
            lambda: panel.seen_text(call.follow_up_id or 0) == "… Not yet acknowledged by 李娜"
        )
        with qtbot.waitSignal(bridge_a.remote_changes, timeout=WAIT_MS):
            alerts.acknowledged.emit(key)  # 李娜 clicks Acknowledge at her desk
        qtbot.waitUntil(lambda: alerts.keys() == [])
        qtbot.waitUntil(
            lambda: panel.seen_text(call.follow_up_id or 0) == "✔ Acknowledged by 李娜 at 10:00",
            timeout=WAIT_MS,
        )
    finally:
        assert bridge_a.stop() and bridge_b.stop()


def test_on_one_embedded_desk_messages_go_through_the_local_hub(
    qtbot: QtBot, app_ctx: AppContext, admin: Actor
) -> None:
    services = app_ctx.services
    bank = make_bank(services, admin, phones=[])
    contract = make_contract(services, admin, bank.id)
    li = make_person(services, admin, name="李娜")
    services.responders.set_for_contract(admin, contract.id, [li.id])
    desk = actor_with_role(services, admin, "front_desk")
    hub = ChangeHub()
    console = front_desk_view(services, hub, desk, app_ctx.clock)
    qtbot.addWidget(console)
    alerts = AlertWindow()
    qtbot.addWidget(alerts)
    li_actor = services.identity.actor_for(li.id)
    inbox = MessageAlerts(services.messages, hub, li_actor, alerts, None, ZONE)
    inbox.refresh()
    assert console.messages_panel is not None
    assert console.messages_panel.empty_label.isVisibleTo(console)
    console.search_edit.setText(contract.contract_number)
    console.log_bar.caller_name_edit.setText("黄蕾")
    with qtbot.waitSignal(console.call_logged) as logged:
        console.log_call("message")
    call = logged.args[0]
    assert call.follow_up_id is not None
    qtbot.waitUntil(lambda: alerts.keys() == [message_key(call.follow_up_id or 0)])
    alerts.acknowledged.emit(message_key(call.follow_up_id))
    qtbot.waitUntil(lambda: alerts.keys() == [])
    settle(qtbot)  # written off the GUI thread
    assert console.messages_panel.seen_text(call.follow_up_id) == (
        "✔ Acknowledged by 李娜 at 10:00"
    )
    assert console.candidates_table.isColumnHidden(console.candidates_model.PRESENCE)


def test_the_messages_for_me_are_read_again_off_the_gui_thread_after_a_change(
    qtbot: QtBot, app_ctx: AppContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = app_ctx.services
    bank = make_bank(services, admin, phones=[])
    contract = make_contract(services, admin, bank.id)
    li = make_person(services, admin, name="李娜")
    services.responders.set_for_contract(admin, contract.id, [li.id])
    desk = actor_with_role(services, admin, "front_desk")
    hub = ChangeHub()
    alerts = AlertWindow()
    qtbot.addWidget(alerts)
    inbox = MessageAlerts(
        services.messages, hub, services.identity.actor_for(li.id), alerts, None, ZONE
    )
    assert inbox.refresh() == []
    reads = calls_on_gui_thread(monkeypatch, services.messages, "unacknowledged_for")
    call = hub.apply(
        services.calls.log(desk, CallDraft("message", "黄蕾", "", contract_id=contract.id))
    )
    hub.announce(Changes.of(Area.FOLLOW_UPS))  # a second change while the first is read
    assert inbox.reading is not None and alerts.keys() == []  # not read at once
    with qtbot.waitSignal(inbox.messages_shown, timeout=WAIT_MS) as shown:
        pass
    assert [m.follow_up_id for m in shown.args[0]] == [call.follow_up_id]
    settle(qtbot)
    assert reads == [False, False]  # on the worker thread: once, and once more after
    assert alerts.keys() == [message_key(call.follow_up_id or 0)]


def test_the_app_runs_team_mode_from_its_start_to_its_exit(qtbot: QtBot, office: Office) -> None:
    """As the app does it: DeskController.start_background on a team server."""
    controller = DeskController(office.b, office.li, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    with qtbot.waitSignal(
        controller.hub.data_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda changes: changes.touches(Area.CALLS),
    ):
        controller.start_background()
        assert controller.alerts is not None and controller.live is not None
        qtbot.addWidget(controller.alerts)
        live = controller.live
        assert live.team and live.messages is not None and live.messages.alerts is controller.alerts
        assert live.status_label is not None and live.status_label.parent() is window.statusBar()
        qtbot.waitUntil(lambda: live.connected is True, timeout=WAIT_MS)
        office.a.services.calls.log(office.desk, message(office))  # the front desk, elsewhere
    qtbot.waitUntil(lambda: len(controller.alerts.keys()) == 1, timeout=WAIT_MS)  # type: ignore[union-attr]
    controller.switch_language("en")  # a rebuilt window gets the status bar's parts again
    assert controller.window is not None and controller.window is not window
    qtbot.addWidget(controller.window)
    assert live.status_label.parent() is controller.window.statusBar()
    assert live.status_label.text() == "● Connected to the team server"
    live.stop()
    assert live.bridge is not None and not live.bridge.listener.is_alive()
    shiboken6.delete(controller)  # its timers must not reach this desk's database after the test
