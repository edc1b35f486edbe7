"""Builds the main window and its pages for one person, and handles the app-wide commands.

The controller owns the change hub and the main window; on a language change it rebuilds the
window in the new language without restarting.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.i18n import _, set_display_zone, set_language
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.context import AppContext
from desktop_app.core.storage.engine import parse_url, sqlite_url
from desktop_app.ui import screens
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.shell import PAGES, icon_name
from desktop_app.ui.today.today_view import TodayView
from desktop_app.ui.translators import install_qt_translations
from desktop_app.ui.widgets.lazy_page import LazyPage

if TYPE_CHECKING:  # screens and dialogs are imported when first shown, not at start-up
    from desktop_app.ui.about_dialog import AboutDialog
    from desktop_app.ui.audit.audit_view import AuditView
    from desktop_app.ui.backup.scheduler import BackupScheduler
    from desktop_app.ui.banks.banks_view import BanksView
    from desktop_app.ui.call_log.call_log_view import CallLogView
    from desktop_app.ui.checklists.checklists_view import ChecklistsView
    from desktop_app.ui.contracts.contracts_view import ContractsView
    from desktop_app.ui.follow_up_watcher import FollowUpWatcher
    from desktop_app.ui.front_desk.front_desk_view import FrontDeskView
    from desktop_app.ui.live_desk import LiveDesk
    from desktop_app.ui.numbers.numbers_view import NumbersView
    from desktop_app.ui.people.people_view import PeopleView
    from desktop_app.ui.reminders.alert_window import AlertWindow
    from desktop_app.ui.reminders.reminder_desk import ReminderDesk
    from desktop_app.ui.reports.reports_view import ReportsView
    from desktop_app.ui.settings.settings_dialog import SettingsDialog
    from desktop_app.ui.spreadsheets.import_dialog import ImportDialog
    from desktop_app.ui.training.training_view import TrainingView
    from desktop_app.ui.tray import Tray
    from desktop_app.ui.windows.windows_view import WindowsView


def database_label(url: str) -> str:
    """A short status-bar description of the database in use."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _("Embedded database")
    return _("Team server {host}/{database}").format(
        host=parsed.host or "localhost", database=parsed.database or ""
    )


class DeskController(QObject):
    """One person's session of the desktop app."""

    def __init__(
        self, ctx: AppContext, actor: Actor, icon: QIcon, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor = actor
        self.icon = icon
        #: Shows a folder in the file manager; tests set a recorder.
        self.folder_opener: Callable[[Path], object] | None = None
        self.hub = ChangeHub(self)
        self.hub.data_changed.connect(self._on_hub_data_changed)
        self.qt_settings = QSettings(str(ctx.paths.qt_settings_file), QSettings.Format.IniFormat)
        self.window: MainWindow | None = None
        self.today_view: TodayView | None = None
        self.front_desk_view: FrontDeskView | None = None
        self.contracts_view: ContractsView | None = None
        self.banks_view: BanksView | None = None
        self.numbers_view: NumbersView | None = None
        self.people_view: PeopleView | None = None
        self.call_log_view: CallLogView | None = None
        self.checklists_view: ChecklistsView | None = None
        self.training_view: TrainingView | None = None
        self.windows_view: WindowsView | None = None
        self.reports_view: ReportsView | None = None
        self.audit_view: AuditView | None = None
        self.tray: Tray | None = None
        self.watcher: FollowUpWatcher | None = None
        self.reminder_desk: ReminderDesk | None = None
        self.alerts: AlertWindow | None = None  # our always-on-top window (reminders, messages)
        self.live: LiveDesk | None = None  # other desks' changes, presence, messages
        self.backups: BackupScheduler | None = None  # the embedded database's daily backup
        self.lazy_pages: dict[str, LazyPage] = {}  # by the attribute that keeps their screen

    def build_window(self, window: MainWindow | None = None) -> MainWindow:
        """Create the main window with every page this version has; given the start-up shell
        (`ui/shell.py`), put the real pages in place of its placeholders instead."""
        set_display_zone(ZoneInfo(self.ctx.services.org.get().timezone))
        label = database_label(self.ctx.database_url)
        if window is None:
            window = MainWindow(self.actor, label, self.qt_settings)
        else:
            window.clear_pages()
            window.set_session(self.actor, label)
        window.setWindowIcon(self.icon)
        self.today_view = TodayView(
            self.ctx.services.today,
            self.hub,
            self.actor,
            self.ctx.clock,
            follow_ups=self.ctx.services.follow_ups,
            checklists=self.ctx.services.checklists,
            coverage=self.ctx.services.coverage,
            org=self.ctx.services.org,
        )
        factories: dict[str, Callable[[], QWidget]] = {
            "front_desk_view": self._build_front_desk,
            "contracts_view": self._build_contracts,
            "banks_view": self._build_banks,
            "people_view": self._build_people,
            "numbers_view": self._build_numbers,
            "call_log_view": self._build_call_log,
            "checklists_view": self._build_checklists,
            "training_view": self._build_training,
            "windows_view": self._build_windows,
            "reports_view": self._build_reports,
            "audit_view": self._build_audit,
        }
        for attribute, title, shortcut in PAGES:
            if attribute == "today_view":
                window.add_page(_(title), self.today_view, shortcut, icon_name(attribute))
            elif attribute == "reports_view" and self.actor.role == Role.TRAINEE:
                continue  # the front desk sees the counts of its own calls; trainees none
            elif attribute == "audit_view" and not self.actor.can(Permission.VIEW_AUDIT):
                continue  # administrators and finance staff read the log; nobody else sees it
            else:
                page = self._add_lazy(window, attribute, _(title), shortcut, factories[attribute])
                if attribute == "front_desk_view":
                    self.front_desk_page = page
                    calling = window.go_menu.actions()[-1]
                    calling.setText(_("A bank is calling…"))
                    calling.triggered.connect(self._focus_front_desk)
        window.settings_requested.connect(self.open_settings)
        window.about_requested.connect(self.open_about)
        window.log_folder_requested.connect(self.open_log_folder)
        window.spreadsheets_requested.connect(self.open_spreadsheets)
        window.quit_requested.connect(self._on_window_quit_requested)
        if self.ctx.backup_made is not None:
            window.show_status(
                _("The database was upgraded; a copy of the old one is in {path}").format(
                    path=self.ctx.backup_made
                ),
                15000,
            )
        self.window = window
        if self.actor.role == Role.FRONT_DESK:
            self._focus_front_desk()
        return window

    # Each screen is imported and built the first time it is shown.

    def _build_front_desk(self) -> QWidget:
        return screens.front_desk_view(self.ctx.services, self.hub, self.actor, self.ctx.clock)

    def _build_contracts(self) -> QWidget:
        return screens.contracts_view(self.ctx.services, self.hub, self.actor)

    def _build_banks(self) -> QWidget:
        return screens.banks_view(self.ctx.services, self.hub, self.actor)

    def _build_people(self) -> QWidget:
        return screens.people_view(self.ctx.services, self.hub, self.actor, self.ctx.clock)

    def _build_numbers(self) -> QWidget:
        return screens.numbers_view(self.ctx.services, self.hub, self.actor)

    def _build_call_log(self) -> QWidget:
        return screens.call_log_view(self.ctx.services, self.hub, self.actor, self.ctx.clock)

    def _build_checklists(self) -> QWidget:
        return screens.checklists_view(self.ctx.services, self.hub, self.actor)

    def _build_windows(self) -> QWidget:
        return screens.windows_view(self.ctx.services, self.hub, self.actor, self.ctx.clock)

    def _build_reports(self) -> QWidget:
        view = screens.reports_view(self.ctx.services, self.hub, self.actor)
        view.call_log_requested.connect(self._on_reports_call_log_requested)
        return view

    def _build_audit(self) -> QWidget:
        return screens.audit_view(self.ctx.services, self.hub, self.actor)

    def _on_reports_call_log_requested(self, query: object) -> None:
        from desktop_app.ui.call_log.call_log_view import CallLogView

        screen = self.show_screen("call_log_view")
        if isinstance(screen, CallLogView):
            screen.show_query(query)  # type: ignore[arg-type]

    def _build_training(self) -> QWidget:
        return screens.training_view(self.ctx.services, self.hub, self.actor)

    def _add_lazy(
        self,
        window: MainWindow,
        attribute: str,
        title: str,
        shortcut: str,
        factory: Callable[[], QWidget],
    ) -> LazyPage:
        """A page built on first show; the screen is kept as ``self.<attribute>``."""

        def build() -> QWidget:
            screen = factory()
            setattr(self, attribute, screen)
            return screen

        page = LazyPage(build)
        window.add_page(title, page, shortcut, icon_name(attribute))
        self.lazy_pages[attribute] = page
        return page

    def _focus_front_desk(self) -> None:
        if self.window is None:
            return
        self.window.show_page(self.front_desk_page)
        self.front_desk_page.content()
        assert self.front_desk_view is not None
        self.front_desk_view.focus_search()

    def show_front_desk(self) -> None:
        """Open the console for an incoming call (the tray's "A bank is calling…")."""
        self.bring_to_front()
        self._focus_front_desk()

    def start_background(self) -> None:
        """The tray (where the system has one) and the watcher of overdue return calls."""
        from desktop_app.ui.follow_up_watcher import FollowUpWatcher
        from desktop_app.ui.tray import Tray

        self.tray = Tray(self.icon, self)
        self.tray.bank_calling.connect(self.show_front_desk)
        self.tray.open_requested.connect(self.bring_to_front)
        self.tray.quit_requested.connect(self._on_window_quit_requested)
        self.watcher = FollowUpWatcher(
            self.ctx.services.calls, self.hub, self.actor, self.ctx.clock, self
        )
        self.watcher.escalated.connect(self._on_watcher_escalated)
        self.watcher.start()
        self._start_reminders()
        self._start_live()
        self._start_outbox()
        self._start_backups()

    def _start_backups(self) -> None:
        """The daily backup, when this desk uses the embedded database (a server has its own)."""
        from desktop_app.ui.backup.scheduler import BackupScheduler

        if self.ctx.database_url != sqlite_url(self.ctx.paths.database_file):
            return
        self.backups = BackupScheduler(self.ctx.paths, self.ctx.clock, self)
        self.backups.backup_failed.connect(self._on_backups_backup_failed)
        self.backups.start()

    def _on_backups_backup_failed(self, message: str) -> None:
        notified = self.tray is not None and self.tray.notify(_("Callback Desk"), message)
        if not notified and self.window is not None and shiboken6.isValid(self.window):
            self.window.show_status(message, 30000)

    def _start_reminders(self) -> None:
        """The reminder scheduler, our alert window and the window's notification area."""
        from desktop_app.ui.reminders.reminder_desk import ReminderDesk

        assert self.tray is not None and self.window is not None
        self.reminder_desk = ReminderDesk(
            self.ctx.services.reminders,
            self.hub,
            self.actor,
            self.ctx.clock,
            self.tray,
            ZoneInfo(self.ctx.services.org.get().timezone),
            show_screen=self.show_screen,
            parent=self,
        )
        self.reminder_desk.problem.connect(self._on_reminders_problem)
        self.reminder_desk.attach_window(self.window)
        self.alerts = self.reminder_desk.alerts
        self.reminder_desk.start()
        if self.watcher is not None:  # back from sleep: return calls may have fallen due
            self.reminder_desk.scheduler.resumed.connect(self.watcher.run)

    def _start_live(self) -> None:
        """Team mode: other desks' changes, presence; on any database, messages for this person."""
        from desktop_app.ui.live_desk import LiveDesk

        self.live = LiveDesk(self.ctx, self.hub, self.actor, self.alerts, self.tray, self)
        if self.window is not None:
            self.live.attach_window(self.window)
        self.live.start()

    def _start_outbox(self) -> None:
        """E-mail and chat: digests, notices and letters sent from this desk, off the GUI thread."""
        from desktop_app.ui.notify.outbox_desk import OutboxDesk
        from desktop_app.ui.setup.connect import ask_with_dialog

        services = self.ctx.services
        self.outbox_desk = OutboxDesk(
            store=services.store,
            settings=services.notify_settings,
            outbox=services.outbox,
            producer=services.notify,
            secrets=self.ctx.secrets,
            hub=self.hub,
            actor=self.actor,
            parent=self,
            ask_password=ask_with_dialog,
        )
        self.outbox_desk.start()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.SETTINGS):  # the company's time zone may have changed
            set_display_zone(self.ctx.services.org.zone())

    def _on_reminders_problem(self, message: str) -> None:
        if self.window is not None:
            self.window.show_status(message, 30000)

    def show_screen(self, attribute: str) -> QWidget | None:
        """Bring to the front the page whose screen is kept as ``self.<attribute>``; its screen."""
        page = self.lazy_pages.get(attribute)
        if page is None or self.window is None:
            return None
        self.bring_to_front()
        self.window.show_page(page)
        return page.content()

    def _on_watcher_escalated(self, message: str) -> None:
        notified = self.tray is not None and self.tray.notify(_("Callback Desk"), message)
        if not notified and self.window is not None and shiboken6.isValid(self.window):
            self.window.show_status(message, 30000)

    def bring_to_front(self) -> None:
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def open_settings(self) -> SettingsDialog:
        from desktop_app.ui.settings.people_presence import team_presence
        from desktop_app.ui.settings.settings_dialog import SettingsDialog

        services = self.ctx.services
        dialog = SettingsDialog(
            settings=self.ctx.settings,
            paths=self.ctx.paths,
            secrets=self.ctx.secrets,
            org=services.org,
            people=services.people,
            presence=team_presence(services.presence, services.store.dialect),
            calendar=services.calendar,
            reminders=services.reminders,
            notify_settings=services.notify_settings,
            notify=services.notify,
            hub=self.hub,
            actor=self.actor,
            active_url=self.ctx.database_url,
            clock=self.ctx.clock,
            os_account=self.ctx.os_account,
            backups=self.backups,
            parent=self.window,
        )
        dialog.language_changed.connect(self.switch_language)
        dialog.database_changed.connect(self._on_dialog_database_changed)
        dialog.open()
        return dialog

    def open_spreadsheets(self) -> ImportDialog:
        from desktop_app.ui.spreadsheets.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx.services.imports, self.hub, self.actor, self.window)
        dialog.open()
        return dialog

    def open_about(self) -> AboutDialog:
        from desktop_app.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.ctx.paths, self.ctx.database_url, self.icon, self.window)
        dialog.open()
        return dialog

    def open_log_folder(self) -> object:
        """Show the log folder in the file manager (Help › Open log folder)."""
        if self.folder_opener is None:
            from desktop_app.ui.crash_dialog import open_folder

            self.folder_opener = open_folder
        return self.folder_opener(self.ctx.paths.log_dir)

    def switch_language(self, language: str) -> None:
        """Rebuild the window in ``language`` (empty: the system's)."""
        set_language(language or None)
        install_qt_translations(QApplication.instance())  # type: ignore[arg-type]
        old = self.window
        window = self.build_window()
        if old is not None:
            window.restoreGeometry(old.saveGeometry())
            if self.reminder_desk is not None:
                self.reminder_desk.attach_window(window)
            if self.live is not None:
                self.live.attach_window(window)
            old.close()
            old.deleteLater()
        window.show()

    def _on_dialog_database_changed(self) -> None:
        QMessageBox.information(
            self.window,
            _("Database"),
            _("The new database will be used when the app starts again."),
        )

    def _on_window_quit_requested(self) -> None:
        if self.backups is not None:
            self.backups.shutdown()
        if self.window is not None:
            self.window.quitting = True  # no hiding in the tray: the app ends
            self.window.close()
        QApplication.quit()
