"""Waiting for the operations a click started: they run off the GUI thread and report later."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.ui.operation import idle


def settle(qtbot: QtBot, timeout: int = 10_000) -> None:
    """Turn the event loop until every operation started so far has reported."""
    qtbot.waitUntil(idle, timeout=timeout)
