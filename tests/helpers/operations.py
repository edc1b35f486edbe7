"""Waiting for the operations a click started: they run off the GUI thread and report later."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.ui.operation import Operation, idle


def settle(qtbot: QtBot, timeout: int = 10_000) -> None:
    """Turn the event loop until every operation started so far has reported."""
    qtbot.waitUntil(idle, timeout=timeout)


def written(qtbot: QtBot, operation: Operation) -> Path:
    """Wait for an operation that writes a file (a PDF) and return the path it wrote."""
    with qtbot.waitSignal(operation.succeeded, timeout=30_000) as done:
        pass
    path = done.args[0]
    assert isinstance(path, Path)
    return path
