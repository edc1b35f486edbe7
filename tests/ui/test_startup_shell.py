"""The start-up shell: painted before the database library is imported, then filled in place, or
showing why the database could not be opened."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.local.paths import resolve_paths
from desktop_app.ui.app import EXIT_STORAGE, DeskStart, app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.shell import PagePlaceholder, TodayPlaceholder, build_shell
from desktop_app.ui.single_instance import SingleInstance
from desktop_app.ui.today.today_view import TodayView

SHELL_IMPORTS = """
import sys
from desktop_app.ui import app, shell
from desktop_app.core.local.settings import LocalSettings
from desktop_app.cli.options import parse_gui_options
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "psycopg", "alembic"))
services = sorted(m for m in sys.modules if m.endswith(".service") or ".models" in m)
print(loaded, services)
"""

SHELL_PAINT = """
import sys, tempfile
from desktop_app.core.local.paths import resolve_paths
from desktop_app.ui.app import app_icon, make_application
from desktop_app.ui.shell import build_shell
app = make_application(sys.argv[:1])
shell, today = build_shell(resolve_paths(tempfile.mkdtemp()), app_icon())
icons = [shell.navigation.item(row).icon() for row in range(shell.navigation.count())]
print(all(not icon.isNull() for icon in icons), "qtawesome" in sys.modules, "qtpy" in sys.modules)
"""

LINE_CACHE = """
import linecache, sys
import PySide6.QtWidgets
from desktop_app.ui import import_scan
installed = import_scan.install() if sys.argv[1] == "spared" else None
import sqlalchemy.orm
import desktop_app.core.models
import desktop_app.ui.operation
import email.utils
kept = any("/sqlalchemy/" in f for f in linecache.cache)
ours = any("/desktop_app/core/" in f for f in linecache.cache)
standard = any(f.endswith(("email/utils.py", "/inspect.py")) for f in linecache.cache)
screens = any("/desktop_app/ui/handover" in f for f in linecache.cache)  # operation imports it
print(installed, kept, ours, standard, screens)
"""


def titles(window: object) -> list[str]:
    navigation = window.navigation  # type: ignore[attr-defined]
    return [navigation.item(row).text() for row in range(navigation.count())]


def test_the_shell_imports_no_database_library_and_no_service() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SHELL_IMPORTS], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[] []"


def test_the_shell_draws_its_icons_without_qtawesome() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SHELL_PAINT],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    assert done.stdout.strip() == "True False False"


def test_the_import_hook_is_spared_the_source_of_the_libraries_the_core_and_the_screens() -> None:
    def run(mode: str) -> str:
        command = [sys.executable, "-c", LINE_CACHE, mode]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    assert run("read") == "None True True True True"  # PySide6's hook reads and keeps the source
    assert run("spared") == "True False False False False"


def test_the_shell_has_every_page_and_the_session_replaces_its_placeholders(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    shell, today = build_shell(app_ctx.paths, app_icon())
    qtbot.addWidget(shell)
    assert titles(shell)[:3] == ["Today", "Front desk", "Contracts"]
    assert titles(shell)[-2:] == ["Reports", "Audit log"]
    assert shell.pages.widget(0) is today
    assert [label.text() for label in today.findChildren(QLabel)].count("Loading…") == 3
    assert not shell.person_label.isVisible()
    assert shell.database_label.text() == "Opening the database…"
    shell.show()
    qtbot.waitExposed(shell)
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window(shell)
    assert window is shell
    pages = [window.pages.widget(index) for index in range(window.pages.count())]
    assert not [page for page in pages if isinstance(page, TodayPlaceholder | PagePlaceholder)]
    assert titles(window) == titles(DeskController(app_ctx, demo_admin, app_icon()).build_window())
    assert isinstance(window.pages.widget(0), TodayView)
    assert window.pages.count() == window.navigation.count()
    assert len(window.go_menu.actions()) == window.navigation.count()
    assert window.person_label.text() == "吴晓东 · Administrator"
    assert window.database_label.text() == "Embedded database"
    with qtbot.waitSignal(controller.today_view.refreshed):  # type: ignore[union-attr]
        pass  # Today reads its data once it has painted in the window


def close_the_message_box(found: list[str]) -> None:
    """Close the modal message box once it shows, keeping its text."""
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        found.append(box.text())
        box.reject()
    else:
        QTimer.singleShot(10, lambda: close_the_message_box(found))


def test_a_damaged_database_is_reported_in_the_shell_and_left_untouched(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = resolve_paths(tmp_path / "data")
    paths.database_file.parent.mkdir(parents=True, exist_ok=True)
    paths.database_file.write_bytes(b"not a database at all")
    args = argparse.Namespace(db=None, data_dir=str(paths.data_dir), ring=None, minimised=False)
    shell, today = build_shell(paths, app_icon())
    qtbot.addWidget(shell)
    instance = SingleInstance(paths.data_dir)
    start = DeskStart(args, shell, today, instance, None)
    shell.show()
    qtbot.waitExposed(shell)
    shown: list[str] = []
    QTimer.singleShot(0, lambda: close_the_message_box(shown))
    start.open()
    assert start.remove_error_hook is not None
    start.remove_error_hook()
    assert start.error is None and start.ctx is None and start.controller is None
    assert start.exit_code == EXIT_STORAGE
    assert len(shown) == 1 and shown[0] == today.status_label.text()
    assert "Loading…" not in [label.text() for label in today.findChildren(QLabel)]
    assert shell.database_label.text() == ""
    assert paths.database_file.read_bytes() == b"not a database at all"
