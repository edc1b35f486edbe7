"""An unexpected error: written to the log with its traceback, shown in plain words with
"Copy details" and "Open log folder"; Help › Open log folder."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.common import logs
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui import error_hook
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.crash_dialog import CrashDialog

Seen = list[tuple[type[BaseException], BaseException, TracebackType | None]]


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    logs.setup_logging(folder)
    yield folder
    logs.shutdown_logging()


def raised(error: Exception) -> tuple[type[BaseException], BaseException, TracebackType | None]:
    try:
        raise error
    except Exception as caught:
        return type(caught), caught, caught.__traceback__


def test_an_unexpected_error_is_logged_and_shown(
    qtbot: QtBot, log_dir: Path, tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    passed_on: Seen = []
    hook = error_hook.ErrorHook(window, log_dir, previous=lambda *e: passed_on.append(e))
    kind, error, trace = raised(
        ZeroDivisionError("while reading postgresql://clerk:Secr3t@db/desk")
    )
    hook(kind, error, trace)
    dialog = hook.crash_dialog
    assert dialog is not None and dialog.isVisible()
    assert passed_on == [(kind, error, trace)]  # a terminal or pytest-qt still sees it
    text = (log_dir / logs.LOG_FILE_NAME).read_text("utf-8")
    assert "Unhandled error" in text and "Traceback" in text and "ZeroDivisionError" in text
    assert "Secr3t" not in text
    assert "ZeroDivisionError" in dialog.details and "Secr3t" not in dialog.details
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.details
    assert dialog.copy_button.text() == "Copied"
    dialog.grab().save(str(Path("/tmp") / "crash-dialog-en.png"))
    # a second error while it is open joins the same dialog
    hook(*raised(KeyError("second")))
    assert hook.crash_dialog is dialog and "KeyError" in dialog.details
    dialog.reject()
    assert hook.crash_dialog is None


def test_open_log_folder_opens_the_log_folder(qtbot: QtBot, tmp_path: Path) -> None:
    opened: list[Path] = []
    dialog = CrashDialog("ValueError: x", "details", tmp_path / "logs", None, opened.append)
    qtbot.addWidget(dialog)
    dialog.folder_button.click()
    assert opened == [tmp_path / "logs"]


def test_the_dialog_speaks_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    set_language("zh_CN")
    try:
        dialog = CrashDialog("ValueError: x", "Traceback …", tmp_path, None, lambda _p: None)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "出现问题"
        assert dialog.copy_button.text() == "复制详细信息"
        assert dialog.folder_button.text() == "打开日志文件夹"
        dialog.grab().save(str(Path("/tmp") / "crash-dialog-zh.png"))
    finally:
        set_language("en")


def test_a_persons_error_is_logged_as_a_warning(qtbot: QtBot, log_dir: Path) -> None:
    from desktop_app.core.common.errors import ServerUnreachable
    from desktop_app.core.storage.unreachable import NOT_READ

    window = QWidget()
    qtbot.addWidget(window)
    hook = error_hook.ErrorHook(window, log_dir, previous=lambda *e: None)
    hook(*raised(ServerUnreachable(NOT_READ)))
    assert hook.box is not None and hook.crash_dialog is None
    text = (log_dir / logs.LOG_FILE_NAME).read_text("utf-8")
    assert "WARNING" in text and "team server was unreachable" in text
    hook.box.reject()


def test_help_open_log_folder(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    opened: list[Path] = []
    controller.folder_opener = opened.append
    window = controller.build_window()
    qtbot.addWidget(window)
    help_menu = window.menuBar().actions()[-1].menu()
    assert window.log_folder_action in help_menu.actions()
    with qtbot.waitSignal(window.log_folder_requested, timeout=1000):
        window.log_folder_action.trigger()
    assert opened == [app_ctx.paths.log_dir]


def test_install_and_remove(qtbot: QtBot, tmp_path: Path) -> None:
    before = sys.excepthook
    undo = error_hook.install(None, tmp_path)
    assert isinstance(sys.excepthook, error_hook.ErrorHook)
    undo()
    assert sys.excepthook is before
    assert logging.getLogger("desktop_app").level in (logging.NOTSET, logging.INFO, logging.DEBUG)
