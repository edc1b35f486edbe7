"""UI tests run on one embedded database; the storage suites cover PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.demo.company import load_demo
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.ui.app import app_icon
from desktop_app.ui.collector import collect_on_gui_thread
from desktop_app.ui.controller import DeskController
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from tests.helpers.demo_reminders import on_duty_at_two
from tests.helpers.operations import drain


@pytest.fixture(autouse=True, scope="session")
def collector_on_the_gui_thread(qapp: QApplication) -> None:
    """As in the app: Python's cycle collector runs on the GUI thread, never on the worker."""
    collect_on_gui_thread(qapp)


@pytest.fixture(autouse=True, scope="session")
def clipboard_emptied_at_the_end(qapp: QApplication) -> Iterator[None]:
    """Empty the clipboard before the test run exits.

    On the offscreen (and minimal) platform Qt keeps the clipboard's data in a global that is
    deleted by the C library's exit handlers, after Python has finalised; a QMimeData made in
    Python (the documents' "Copy for e-mail") then crashes the process at exit (SIGSEGV).
    """
    yield
    qapp.clipboard().clear()


@pytest.fixture
def app_ctx(
    qapp: QApplication, db_url: str, tmp_path: Path, clock: FakeClock
) -> Iterator[AppContext]:
    """The app's context; at the test's end every operation still under way finishes and
    reports before the database closes."""
    context = open_context(
        db=db_url, data_dir=str(tmp_path / "data"), clock=clock, secrets=MemoryStore()
    )
    yield context
    drain(qapp)
    context.close()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+pysqlite:///{tmp_path / 'ui.sqlite3'}"


@pytest.fixture
def demo_admin(app_ctx: AppContext) -> Actor:
    """The sample company loaded, acting as its administrator."""
    return load_demo(app_ctx.services, "demo-account")


@pytest.fixture
def responder(app_ctx: AppContext, demo_admin: Actor, clock: FakeClock) -> Actor:
    """周杰, on duty for a window from 14:00 to 15:00 today."""
    return on_duty_at_two(app_ctx, demo_admin, clock)


@pytest.fixture
def settings_dialog(
    qapp: QApplication, qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> Iterator[SettingsDialog]:
    """Settings opened from the main window by the sample company's administrator."""
    controller = DeskController(app_ctx, demo_admin, app_icon())
    qtbot.addWidget(controller.build_window())
    dialog = controller.open_settings()
    qtbot.addWidget(dialog)
    yield dialog  # the controller lives as long as the test
    drain(qapp)  # what its save set off reports while the controller's hub lives
