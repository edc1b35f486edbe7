"""A burst of changes from other desks reaches the screens as one announcement."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.team.live.payload import Origin
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.live import COALESCE_MS, LiveBridge

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # never connected: not started


def test_a_burst_is_announced_once(qtbot: QtBot) -> None:
    hub = ChangeHub()
    heard: list[Changes] = []
    hub.data_changed.connect(heard.append)
    bridge = LiveBridge(hub, URL, own_token="mine")
    other = Origin("theirs", "财务-2", 42)
    with qtbot.waitSignal(bridge.remote_changes) as remote:
        # as the listener's thread delivers them: queued, one after the other
        bridge._heard.emit(Changes.of(Area.BANKS, ids=((Area.BANKS, 1),)), other)
        bridge._heard.emit(Changes.of(Area.CONTRACTS), other)
        bridge._heard.emit(Changes.of(Area.BANKS, ids=((Area.BANKS, 2),)), other)
        bridge._heard.emit(Changes.of(Area.PEOPLE), Origin("mine"))  # our own echo: dropped
    assert remote.args[0].areas == {Area.BANKS, Area.CONTRACTS}
    assert set(remote.args[0].ids) == {(Area.BANKS, 1), (Area.BANKS, 2)}
    settled: list[bool] = []
    QTimer.singleShot(COALESCE_MS * 3, lambda: settled.append(True))
    qtbot.waitUntil(lambda: bool(settled))
    assert len(heard) == 1  # one refresh per screen for the burst
