"""Starts the desktop app: QApplication, translations, one instance, the shell, the database, who
you are.

The main window is painted first as a shell (`ui/shell.py`: menus, navigation, page titles, the
Today layout saying "Loading…"), before the database library, the models and the services are
imported; right after that first paint (`DeskStart`) the database is opened, the person is
identified (first-run set-up, "who are you?"), and the real pages replace the placeholders. The
ring desk, the tray and the other background work start once Today has painted its data (rings
handed over meanwhile are held for the ring desk). With ``--minimised`` nothing is shown, the
database is opened and the ring desk started at once.

A database that cannot be used (unreachable, damaged, from a newer version) is reported in a
translated message box and in the shell instead of the data; the app then ends with
``EXIT_STORAGE`` when the window closes, without having touched the database.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QSystemTrayIcon, QWidget

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.paths import resolve_paths, resources_dir
from desktop_app.ui import icons, import_scan, startup_probe
from desktop_app.ui.collector import collect_on_gui_thread
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.shell import TodayPlaceholder, build_shell
from desktop_app.ui.single_instance import SingleInstance
from desktop_app.ui.style import apply_style
from desktop_app.ui.translators import install_qt_translations

if TYPE_CHECKING:  # imported once the shell has painted: they bring the database library
    from desktop_app.core.context import AppContext
    from desktop_app.ui.controller import DeskController

log = logging.getLogger(__name__)

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
    collect_on_gui_thread(app)  # never on the operations' worker thread (see the module)
    return app


def resolve_person(ctx: AppContext) -> Actor | None:
    """Who uses the app: first-run set-up, the linked person, or "who are you?"."""
    identity = ctx.services.identity
    if not identity.has_people():
        from desktop_app.core.demo.company import load_demo  # only the first time
        from desktop_app.ui.setup.first_run_dialog import FirstRunDialog

        sample = partial(load_demo, ctx.services, history=True)
        dialog = FirstRunDialog(identity, sample, ctx.os_account)
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


class _AfterPaint(QObject):
    """Calls ``then`` once one of ``widgets`` has painted (and stops watching)."""

    def __init__(self, widgets: list[QWidget], then: Callable[[], None]) -> None:
        super().__init__(widgets[0])
        self._widgets = widgets
        self._then = then
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self._widgets:
            for widget in self._widgets:
                widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)  # once this paint has been handled
        return False


def after_data(controller: DeskController, then: Callable[[], None]) -> None:
    """Call ``then`` once Today has painted its data (or after two seconds, whichever comes
    first), so that it does not delay the first screen."""
    started: list[bool] = []

    def start() -> None:
        if not started:
            started.append(True)
            then()

    today = controller.today_view
    if today is not None:
        # Its data shows in the table, or in the "no contracts" line when there are none.
        shown: list[QWidget] = [today.contracts_table.viewport(), today.contracts_empty]
        today.refreshed.connect(lambda: None if started else _AfterPaint(shown, start))
    QTimer.singleShot(2000, controller, start)


def start_background_once(controller: DeskController) -> None:
    """Start the tray, the watchers and the reminders once Today has painted its data."""
    after_data(controller, controller.start_background)


def start_rings(
    controller: DeskController,
    instance: SingleInstance,
    pending: dict[str, object] | None,
    held: list[dict[str, object]] | None = None,
) -> None:
    """Rings from the phone system: over the single-instance channel, from the loopback listener
    when Settings turned it on, and the one this launch was started with (console opened, the
    window left minimised); ``held``: those that came over the channel before (taken in turn)."""
    from desktop_app.ui.ring.listener import start_listener
    from desktop_app.ui.ring.ring_desk import RingDesk
    from desktop_app.ui.ring.url_events import RingUrlFilter

    settings = controller.ctx.settings
    rings = controller.ctx.services.rings
    desk = RingDesk(controller, rings, settings.ring_takes_focus)
    instance.ring_received.connect(desk.receive)
    for ring in held or []:
        QTimer.singleShot(0, desk, partial(desk.receive, ring))
    urls = RingUrlFilter(desk)  # macOS hands a callback-desk: address to the running app
    urls.ring_received.connect(desk.receive)
    QApplication.instance().installEventFilter(urls)  # type: ignore[union-attr]
    start_listener(settings, rings, controller.actor, desk)
    if pending is not None:
        QTimer.singleShot(0, desk, lambda: desk.receive(pending, come_forward=False))
    if desk.probe is not None:  # benchmarks/ring.py waits for this
        from desktop_app.ui.ring.ring_probe import mark

        QTimer.singleShot(0, desk, lambda: mark("ready"))


class DeskStart(QObject):
    """Opens the database once the shell has painted, then builds the person's session in it."""

    def __init__(
        self,
        args: argparse.Namespace,
        shell: MainWindow,
        today: TodayPlaceholder,
        instance: SingleInstance,
        probe: startup_probe.StartupProbe | None,
    ) -> None:
        super().__init__(shell)
        self._args = args
        self._shell = shell
        self._today = today
        self._instance = instance
        self._probe = probe
        self.ctx: AppContext | None = None
        self.controller: DeskController | None = None
        #: The app's exit code when it ends early (nothing opened, or the database refused).
        self.exit_code = 0
        #: An unexpected error while opening: raised again by run_gui once the loop has ended.
        self.error: BaseException | None = None
        #: Undoes the error hook that open() installs (the window's errors: logged and shown).
        self.remove_error_hook: Callable[[], None] | None = None
        #: Rings handed over by another launch before the ring desk took over (see open()).
        self.held_rings: list[dict[str, object]] = []
        instance.ring_received.connect(self._hold_ring)

    def begin(self, minimised: bool) -> None:
        """Open the database after the shell's first paint, or at once when it is not shown."""
        if minimised:
            QTimer.singleShot(0, self, self.open)
        else:
            self._shell.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._shell and event.type() == QEvent.Type.Paint:
            self._shell.removeEventFilter(self)
            QTimer.singleShot(0, self, self.open)  # after this paint has reached the screen
        return False

    def open(self) -> None:
        """The database, the person, then the real pages in the shell and the background work."""
        try:
            self._open()
        except BaseException as error:  # run_gui raises it again: logged and shown as before
            self.error = error
            QApplication.quit()

    def _open(self) -> None:
        from desktop_app.ui import error_hook  # its dialogs: not needed for the first paint

        args = self._args
        log_dir = resolve_paths(args.data_dir).log_dir
        self.remove_error_hook = error_hook.install(self._shell, log_dir)  # log and show them
        from desktop_app.core.common.errors import StorageError
        from desktop_app.ui.controller import DeskController
        from desktop_app.ui.setup.connect import explain, open_context_asking

        try:
            ctx = open_context_asking(args.db, args.data_dir)  # asks for a team password if needed
        except StorageError as error:
            self._refuse(explain(error, args.db, args.data_dir))
            return
        if ctx is None:  # the password prompt was cancelled
            QApplication.quit()
            return
        self.ctx = ctx
        actor = resolve_person(ctx)
        if actor is None:
            QApplication.quit()
            return
        controller = DeskController(ctx, actor, app_icon())
        self.controller = controller
        self._instance.raise_requested.connect(controller.bring_to_front)
        window = controller.build_window(self._shell)
        minimised = getattr(args, "minimised", False)
        if minimised:  # started with a ring, or at login: nothing to paint first
            self._start_rings(controller)
        else:  # the ring desk's modules and listener come once Today shows its data
            after_data(controller, partial(self._start_rings, controller))
        if self._probe is not None and controller.today_view is not None:
            today = controller.today_view
            self._probe.watch_data(today.contracts_table.viewport(), today.refreshed)
        show_main_window(window, minimised=minimised)
        start_background_once(controller)
        tune_garbage_collector()

    def _hold_ring(self, ring: dict[str, object]) -> None:
        self.held_rings.append(ring)

    def _start_rings(self, controller: DeskController) -> None:
        self._instance.ring_received.disconnect(self._hold_ring)
        held, self.held_rings = self.held_rings, []
        start_rings(controller, self._instance, getattr(self._args, "ring", None), held)

    def _refuse(self, message: str) -> None:
        """The database cannot be used: say so in a box and in the shell (kept until closed)."""
        log.warning("The database could not be opened; the window shows why")
        self.exit_code = EXIT_STORAGE
        self._shell.set_session(None, "")
        self._today.show_problem(message)
        self._shell.quit_requested.connect(QApplication.quit)
        shown = self._shell.isVisible()
        QMessageBox.critical(self._shell if shown else None, _("Callback Desk"), message)
        if not shown:  # --minimised: nothing would bring the message back
            QApplication.quit()


def run_gui(args: argparse.Namespace) -> int:
    """Run the desktop app until its window closes."""
    app = make_application(sys.argv[:1])
    paths = resolve_paths(args.data_dir)
    instance = SingleInstance(paths.data_dir)
    if instance.notify_running():
        return 0
    instance.listen()
    import_scan.install()  # the database library comes after the first paint: see import_scan
    minimised = bool(getattr(args, "minimised", False))
    shell, today = build_shell(paths, app_icon())
    probe = startup_probe.StartupProbe(shell) if startup_probe.enabled() else None
    start = DeskStart(args, shell, today, instance, probe)
    start.begin(minimised)
    if not minimised:
        shell.show()
    try:
        code = app.exec()
        if start.error is not None:
            raise start.error
        return start.exit_code if start.controller is None else code
    finally:
        # A save under way when the person quit finishes (or fails) before the database goes.
        from desktop_app.ui.operation import wait_for_operations

        wait_for_operations(30_000)
        instance.close()
        if start.ctx is not None:
            start.ctx.close()
