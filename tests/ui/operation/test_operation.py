"""The operation helper: the call runs off the GUI thread; its outcome and errors come back once."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import (
    ConflictError,
    DeskError,
    ServerUnreachable,
    ValidationError,
)
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.register.banks import BankDraft, BankView
from desktop_app.core.storage.unreachable import NOTHING_SAVED
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import BUSY_AFTER_MS, Operation, activity


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def boxes(parent: QWidget) -> list[str]:
    return [box.text() for box in parent.findChildren(QMessageBox) if box.isVisible()]


def test_the_result_applies_and_the_hub_hears_what_was_written(
    qtbot: QtBot, parent: QWidget, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    heard: list[Changes] = []
    hub.data_changed.connect(heard.append)
    values: list[BankView] = []
    banks = app_ctx.services.banks
    operation = Operation(parent, hub, lambda: banks.create(demo_admin, BankDraft("渤海银行")))
    operation.success(values.append)
    with qtbot.waitSignal(operation.finished):
        operation.run()
    [bank] = values
    assert bank.name == "渤海银行"  # the Outcome's value, unwrapped
    [changes] = heard
    assert Area.BANKS in changes.areas
    assert (Area.BANKS, bank.id) in changes.ids  # derived from the rows written
    assert not boxes(parent)


def test_a_plain_value_without_writes_tells_the_hub_nothing(qtbot: QtBot, parent: QWidget) -> None:
    hub = ChangeHub()
    heard: list[Changes] = []
    hub.data_changed.connect(heard.append)
    operation = Operation(parent, hub, lambda: 42)
    with qtbot.waitSignal(operation.succeeded) as done:
        operation.run()
    assert done.args == [42]
    assert heard == []


def test_an_outcome_s_declared_changes_are_announced_too(qtbot: QtBot, parent: QWidget) -> None:
    hub = ChangeHub()
    with qtbot.waitSignal(hub.data_changed) as heard:
        Operation(parent, hub, lambda: Outcome("x", Changes.of(Area.CALENDAR))).run()
    assert heard.args[0].areas == {Area.CALENDAR}


def test_a_validation_error_is_shown_once_at_the_fields(
    qtbot: QtBot, parent: QWidget, app_ctx: AppContext, demo_admin: Actor
) -> None:
    shown: list[ValidationError] = []
    banks = app_ctx.services.banks
    operation = Operation(parent, ChangeHub(), lambda: banks.create(demo_admin, BankDraft("")))
    operation.fields(shown.append)
    with qtbot.waitSignal(operation.failed):
        operation.run()
    assert len(shown) == 1
    assert isinstance(shown[0], ValidationError)
    assert shown[0].field == "name"
    assert not boxes(parent)


def test_a_validation_error_without_fields_goes_in_one_box(
    qtbot: QtBot, parent: QWidget, app_ctx: AppContext, demo_admin: Actor
) -> None:
    parent.show()
    banks = app_ctx.services.banks
    operation = Operation(parent, ChangeHub(), lambda: banks.create(demo_admin, BankDraft("")))
    with qtbot.waitSignal(operation.failed):
        operation.run()
    assert boxes(parent) == ["Enter the bank's name."]


def test_a_version_conflict_goes_to_the_conflict_dialog_once(
    qtbot: QtBot, parent: QWidget, app_ctx: AppContext, demo_admin: Actor
) -> None:
    banks = app_ctx.services.banks
    bank = banks.list(demo_admin)[0]
    banks.update(demo_admin, bank.id, BankDraft(bank.name, notes="theirs"), bank.version)
    conflicts: list[ConflictError] = []
    stale = BankDraft(bank.name, notes="mine")
    operation = Operation(
        parent, ChangeHub(), lambda: banks.update(demo_admin, bank.id, stale, bank.version)
    )
    operation.conflicts(conflicts.append).fields(lambda error: pytest.fail(str(error)))
    with qtbot.waitSignal(operation.failed):
        operation.run()
    assert len(conflicts) == 1
    assert conflicts[0].conflict is not None
    assert conflicts[0].conflict.current_version == bank.version + 1
    assert not boxes(parent)


def test_a_lost_team_server_is_said_once(qtbot: QtBot, parent: QWidget) -> None:
    parent.show()
    label = QLabel(parent)

    def lose() -> None:
        raise ServerUnreachable(NOTHING_SAVED)

    failures: list[DeskError] = []
    operation = Operation(parent, ChangeHub(), lose).failure(failures.append)
    with qtbot.waitSignal(operation.failed):
        operation.run()
    assert boxes(parent) == ["The team server was unreachable; nothing was saved. Try again."]
    assert len(failures) == 1
    # With an error label, the same error shows there and not in a box.
    operation = Operation(parent, ChangeHub(), lose).errors_in(label)
    with qtbot.waitSignal(operation.failed):
        operation.run()
    assert label.text() == "The team server was unreachable; nothing was saved. Try again."
    assert len(boxes(parent)) == 1


def test_the_gui_thread_turns_while_the_call_waits(qtbot: QtBot, parent: QWidget) -> None:
    release = threading.Event()
    ticks: list[int] = []
    worker: list[threading.Thread] = []

    def slow() -> str:
        worker.append(threading.current_thread())
        if not release.wait(timeout=30):
            raise AssertionError("the test never released the call")
        return "done"

    lock = QLabel("save", parent)
    operation = Operation(parent, ChangeHub(), slow).lock(lock)
    operation.run()
    assert operation.running
    assert not lock.isEnabled()  # no second save while one is under way
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks))  # the event loop turned while the call waits
    assert operation.running
    with qtbot.waitSignal(operation.succeeded) as done:
        release.set()
    assert done.args == ["done"]
    assert worker[0] is not threading.main_thread()
    assert lock.isEnabled()


def test_a_slow_call_shows_progress_until_it_ends(qtbot: QtBot, parent: QWidget) -> None:
    release = threading.Event()
    operation = Operation(parent, ChangeHub(), lambda: release.wait(timeout=30))
    with qtbot.waitSignal(activity.busy_changed, timeout=BUSY_AFTER_MS * 10) as busy:
        operation.run()
    assert busy.args == [True]
    assert operation.slow
    with qtbot.waitSignal(activity.busy_changed) as idle:
        release.set()
    assert idle.args == [False]
    assert activity.slow == 0


def test_a_bug_reaches_the_exception_hook_not_a_box(qtbot: QtBot, parent: QWidget) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    operation = Operation(parent, ChangeHub(), broken)
    with qtbot.captureExceptions() as caught, qtbot.waitSignal(operation.finished):
        operation.run()
    assert [str(error) for _kind, error, _trace in caught] == ["a bug"]
    assert not boxes(parent)
