"""The loopback listener, over real HTTP: the right token rings, a wrong one gets 403 and an
audit line; other paths and methods are refused; it listens on 127.0.0.1 only."""

from __future__ import annotations

import http.client
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.ring_request import judge, new_token
from desktop_app.core.models import AuditEntry
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.ring.listener import RingListener, start_listener
from desktop_app.ui.ring.ring_desk import RingDesk


def request(qtbot: QtBot, port: int, method: str, path: str) -> int:
    """Send one request from a thread (the Qt server answers on this one); its status."""
    result: list[int] = []

    def send() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request(method, path)
            result.append(connection.getresponse().status)
        finally:
            connection.close()

    thread = threading.Thread(target=send)
    thread.start()
    qtbot.waitUntil(lambda: bool(result) or not thread.is_alive(), timeout=10000)
    thread.join()
    return result[0]


def test_the_right_token_rings_and_a_wrong_one_is_refused_and_audited(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    token = new_token()
    app_ctx.settings.ring_listener = True
    app_ctx.settings.ring_token = token
    app_ctx.settings.ring_listener_port = 0  # any free port
    controller = DeskController(app_ctx, demo_admin, app_icon())
    qtbot.addWidget(controller.build_window())
    rings = app_ctx.services.rings
    desk = RingDesk(controller, rings, takes_focus=False)
    listener = start_listener(app_ctx.settings, rings, demo_admin, desk)
    assert listener is not None
    port = listener.port()

    with qtbot.waitSignal(desk.ring_shown) as shown:
        status = request(qtbot, port, "GET", f"/ring?number=95588&line=Linkus&token={token}")
    assert status == 200
    assert shown.args[0].bank_name == "中国工商银行" and shown.args[0].line == "Linkus"

    with qtbot.waitSignal(listener.request_refused):
        assert request(qtbot, port, "GET", "/ring?number=95588&token=guess") == 403
    with app_ctx.services.store.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "ring_refused")).one()
    assert entry.after is not None and entry.after["status"] == 403
    assert request(qtbot, port, "GET", f"/other?token={token}") == 404
    assert request(qtbot, port, "POST", f"/ring?number=1&token={token}") == 405
    assert request(qtbot, port, "GET", f"/ring?token={token}") == 400
    listener.close()


def test_the_listener_is_off_by_default_and_never_on_another_interface(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    qtbot.addWidget(controller.build_window())
    rings = app_ctx.services.rings
    desk = RingDesk(controller, rings, takes_focus=False)
    assert start_listener(app_ctx.settings, rings, demo_admin, desk) is None
    listener = RingListener("secret")
    assert listener.listen(0)
    assert listener._server.serverAddress().toString() == "127.0.0.1"
    listener.close()


def test_the_request_rules_without_a_socket() -> None:
    assert judge("GET /ring?number=95588&token=t HTTP/1.1", "t").ring["number"] == "95588"
    assert judge("GET /ring?number=95588&token=t HTTP/1.1", "").status == 403  # no token set
    assert judge("GET /ring?number=95588 HTTP/1.1", "t").status == 403
    assert judge("nonsense", "t").status == 400
    assert new_token() != new_token()
