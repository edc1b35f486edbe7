"""Waiting for the operations a click started: they run off the GUI thread and report later."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui import handover
from desktop_app.ui.operation import Operation, idle, wait_for_operations


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


def drain(app: QCoreApplication, timeout_s: float = 60.0) -> None:
    """At a test's end: let every operation still running finish and report, before its
    context closes (a call must never run on a closed database, nor report into the next
    test's widgets)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        wait_for_operations(100)
        app.processEvents()
        if idle() and not handover.pending() and wait_for_operations(0):
            gc.collect()  # the test's garbage goes here, on the GUI thread
            return


def loaded(qtbot: QtBot, editor: Any, timeout: int = 10_000) -> Any:
    """Wait until an editor that reads its choices off the GUI thread has them; the editor."""
    qtbot.waitUntil(lambda: editor.loaded, timeout=timeout)
    return editor


def calls_on_gui_thread(monkeypatch: Any, service: object, name: str) -> list[bool]:
    """Watch ``service.name``: the list gets, for each call, whether it ran on the GUI thread.
    The call itself still runs as it is (the real service, on the real database)."""
    real = getattr(service, name)
    seen: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(service, name, watched)
    return seen


def in_a_stack(qtbot: QtBot, page: QWidget) -> tuple[QStackedWidget, QWidget]:
    """``page`` shown in a stack of pages, with another page to put in front of it (as the main
    window's pages are); returns the stack and that other page."""
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    other = QWidget()
    stack.addWidget(page)
    stack.addWidget(other)
    stack.show()
    return stack, other
