"""Starts the desktop app: QApplication, translations, one instance, the database, who you are.

A database that cannot be used (unreachable, damaged, from a newer version) is reported in a
translated message box; the app then exits without touching it.
"""

from __future__ import annotations

import argparse
import gc
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QSystemTrayIcon, QWidget

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.local.paths import resolve_paths, resources_dir
from desktop_app.ui import error_hook, icons, startup_probe
from desktop_app.ui.controller import DeskController
from desktop_app.ui.setup.connect import explain, open_context_asking
from desktop_app.ui.single_instance import SingleInstance
from desktop_app.ui.style import apply_style
from desktop_app.ui.translators import install_qt_translations

EXIT_STORAGE = 3


def app_icon() -> QIcon:
    try:
        return QIcon(str(resources_dir() / "icons" / "app.png"))
    except FileNotFoundError:
        return QIcon()


def make_application(argv: list[str]) -> QApplication:
    """The QApplication with the app's name, icon, style and Qt translations."""
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(_("Callback Desk") or APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setWindowIcon(app_icon())
    follower = apply_style(app)  # and follows the system: light, dark, high contrast
    follower.applied.connect(icons.recolour)  # the icons take the new text colour
    install_qt_translations(app)
    return app


def resolve_person(ctx: AppContext) -> Actor | None:
    """Who uses the app: first-run set-up, the linked person, or "who are you?"."""
    identity = ctx.services.identity
    if not identity.has_people():
        from desktop_app.ui.setup.first_run_dialog import FirstRunDialog  # only the first time

        dialog = FirstRunDialog(ctx.services, ctx.os_account)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
    actor = identity.identify(ctx.os_account)
    if actor is not None:
        return actor
    from desktop_app.ui.setup.who_am_i_dialog import WhoAmIDialog  # only for an unlinked account

    chooser = WhoAmIDialog(identity, ctx.os_account)
    return chooser.actor if chooser.exec() == QDialog.DialogCode.Accepted else None


def tune_garbage_collector() -> None:
    """Keep the collector off the objects of start-up and let it run less often.

    Measured with benchmarks/register_filter.py: collections were up to a third of the time of a
    keystroke's search on a large register, with pauses of 100 ms and more.
    """
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


def show_main_window(window: QWidget, minimised: bool) -> None:
    """Show the window; ``--minimised`` (start at login) keeps it in the tray, or minimised
    where the system has no tray (it must never hide where nothing would bring it back)."""
    if not minimised:
        window.show()
    elif not QSystemTrayIcon.isSystemTrayAvailable():
        window.showMinimized()


def start_background_once(controller: DeskController) -> None:
    """Start the tray, the watchers and the reminders once Today shows its data (or after two
    seconds, whichever comes first), so that they do not delay the first screen."""
    started: list[bool] = []

    def start() -> None:
        if not started:
            started.append(True)
            controller.start_background()

    if controller.today_view is not None:
        controller.today_view.refreshed.connect(start)
    QTimer.singleShot(2000, controller, start)


def start_rings(
    controller: DeskController, instance: SingleInstance, pending: dict[str, object] | None
) -> None:
    """Rings from the phone system: over the single-instance channel, from the loopback listener
    when Settings turned it on, and the one this launch was started with (console opened, the
    window left minimised)."""
    from desktop_app.ui.ring.listener import start_listener
    from desktop_app.ui.ring.ring_desk import RingDesk
    from desktop_app.ui.ring.url_events import RingUrlFilter

    settings = controller.ctx.settings
    desk = RingDesk(controller, settings.ring_takes_focus)
    instance.ring_received.connect(desk.receive)
    urls = RingUrlFilter(desk)  # macOS hands a callback-desk: address to the running app
    urls.ring_received.connect(desk.receive)
    QApplication.instance().installEventFilter(urls)  # type: ignore[union-attr]
    start_listener(controller, desk)
    if pending is not None:
        QTimer.singleShot(0, desk, lambda: desk.receive(pending, come_forward=False))
    if desk.probe is not None:  # benchmarks/ring.py waits for this
        from desktop_app.ui.ring.ring_probe import mark

        QTimer.singleShot(0, desk, lambda: mark("ready"))


def run_gui(args: argparse.Namespace) -> int:
    """Run the desktop app until its window closes."""
    app = make_application(sys.argv[:1])
    paths = resolve_paths(args.data_dir)
    instance = SingleInstance(paths.data_dir)
    if instance.notify_running():
        return 0
    instance.listen()
    try:
        ctx = open_context_asking(args.db, args.data_dir)  # asks for a team password if needed
    except StorageError as error:
        QMessageBox.critical(None, _("Callback Desk"), explain(error, args.db, args.data_dir))
        return EXIT_STORAGE
    if ctx is None:  # the password prompt was cancelled
        instance.close()
        return 0
    try:
        actor = resolve_person(ctx)
        if actor is None:
            return 0
        controller = DeskController(ctx, actor, app_icon())
        instance.raise_requested.connect(controller.bring_to_front)
        window = controller.build_window()
        start_rings(controller, instance, getattr(args, "ring", None))
        if startup_probe.enabled() and controller.today_view is not None:
            startup_probe.StartupProbe(
                window,
                controller.today_view.contracts_table.viewport(),
                controller.today_view.refreshed,
            )
        show_main_window(window, minimised=getattr(args, "minimised", False))
        error_hook.install(window, ctx.paths.log_dir)  # log and show what escaped a screen
        start_background_once(controller)
        tune_garbage_collector()
        return app.exec()
    finally:
        # A save under way when the person quit finishes (or fails) before the database goes.
        from desktop_app.ui.operation import wait_for_operations

        wait_for_operations(30_000)
        instance.close()
        ctx.close()
