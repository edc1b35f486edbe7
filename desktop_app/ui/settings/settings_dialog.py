"""The Settings dialog: General, Database, Organisation, People and roles, Working calendar,
Notifications, Mail and chat, Backups, Phone system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.autostart import for_this_system
from desktop_app.core.local.paths import AppPaths
from desktop_app.core.local.secrets import SecretStore
from desktop_app.core.local.settings import LocalSettings
from desktop_app.ui.backup.backup_page import BackupPage
from desktop_app.ui.backup.scheduler import BackupScheduler
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.reminders import notification_paths
from desktop_app.ui.settings.calendar_page import CalendarPage
from desktop_app.ui.settings.database_page import DatabasePage
from desktop_app.ui.settings.general_page import GeneralPage
from desktop_app.ui.settings.mail_page import MailPage
from desktop_app.ui.settings.notifications_page import NotificationsPage
from desktop_app.ui.settings.organisation_page import OrganisationPage
from desktop_app.ui.settings.phone_page import PhonePage
from desktop_app.ui.settings.roles_page import RolesPage

if TYPE_CHECKING:
    from desktop_app.core.common.calendar import WorkingCalendar
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.notify.producers import NotifyProducer
    from desktop_app.core.notify.settings import NotifySettingsService
    from desktop_app.core.register.people import PeopleService
    from desktop_app.core.reminders.service import ReminderService
    from desktop_app.core.team.presence import PresenceService


class SettingsDialog(QDialog):
    """Edits this desk's settings and, for administrators, the team's."""

    #: Emitted after saving when the language changed (the window is rebuilt in it).
    language_changed = Signal(str)
    #: Emitted after saving when the database changed (it applies at the next start).
    database_changed = Signal()

    def __init__(
        self,
        *,
        settings: LocalSettings,
        paths: AppPaths,
        secrets: SecretStore,
        org: OrgSettingsService,
        people: PeopleService,
        presence: PresenceService | None,
        calendar: WorkingCalendar,
        reminders: ReminderService,
        notify_settings: NotifySettingsService,
        notify: NotifyProducer,
        hub: ChangeHub,
        actor: Actor,
        active_url: str,
        clock: Clock,
        os_account: str,
        backups: BackupScheduler | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._paths = paths
        self._hub = hub
        #: The page save under way (tests wait for it).
        self.saving: Operation | None = None
        self.setWindowTitle(_("Settings"))
        self.tabs = QTabWidget()
        self.general_page = GeneralPage(settings, os_account)
        self.database_page = DatabasePage(settings, paths, secrets, active_url)
        self.organisation_page = OrganisationPage(org, actor, hub=hub)
        self.roles_page = RolesPage(people, hub, actor, presence=presence, clock=clock)
        self.calendar_page = CalendarPage(calendar, hub, actor, clock, org.zone())
        self.tabs.addTab(self.general_page, _("General"))
        self.tabs.addTab(self.database_page, _("Database"))
        self.tabs.addTab(self.organisation_page, _("Organisation"))
        self.tabs.addTab(self.roles_page, _("People and roles"))
        self.tabs.addTab(self.calendar_page, _("Working calendar"))
        self.notifications_page = NotificationsPage(
            reminders, actor, paths, notification_paths.detect(), for_this_system()
        )
        self.tabs.addTab(self.notifications_page, _("Notifications"))
        self.mail_page = MailPage(notify_settings, notify, secrets, actor)
        mail_scroll = QScrollArea()
        mail_scroll.setWidgetResizable(True)
        mail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        mail_scroll.setWidget(self.mail_page)
        self.tabs.addTab(mail_scroll, _("Mail and chat"))
        self.mail_tab = mail_scroll
        self.backup_page = BackupPage(settings, paths, backups)
        self.tabs.addTab(self.backup_page, _("Backups"))
        self.phone_page = PhonePage(settings, org, actor)
        phone_scroll = QScrollArea()
        phone_scroll.setWidgetResizable(True)
        phone_scroll.setFrameShape(QFrame.Shape.NoFrame)
        phone_scroll.setWidget(self.phone_page)
        self.tabs.addTab(phone_scroll, _("Phone system"))
        self.phone_tab = phone_scroll
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(760, 560)  # every tab visible in English too

    def _on_buttons_accepted(self) -> None:
        if not self.database_page.validate():  # a team server with a field missing
            self.tabs.setCurrentWidget(self.database_page)
            return
        # every page is checked before any is saved: a refused page leaves the others unsaved
        scrolled = {self.mail_page: self.mail_tab, self.phone_page: self.phone_tab}
        for page in (self.organisation_page, self.notifications_page, self.mail_page):
            if not page.validate():
                self.tabs.setCurrentWidget(scrolled.get(page, page))
                return
        if not self.phone_page.validate():
            self.tabs.setCurrentWidget(self.phone_tab)
            return
        try:  # starting at login is written at once, on this computer
            notifications = self.notifications_page.start_save(self._hub)
        except DeskError:  # shown on the page, translated
            self.tabs.setCurrentWidget(self.notifications_page)
            return
        steps = [
            (self.organisation_page.start_save(), self.organisation_page),
            (notifications, self.notifications_page),
            (self.mail_page.start_save(self._hub), self.mail_tab),
            (self.phone_page.start_save(self._hub), self.phone_tab),
        ]
        self._save_next([(op, tab) for op, tab in steps if op is not None])

    def _save_next(self, steps: list[tuple[Operation, QWidget]]) -> None:
        """Run the pages' saves one after the other off the GUI thread; the dialog closes only
        after the last one succeeded, and a refused one shows its page (the rest stay unsaved)."""
        if not steps:
            self._finish()
            return
        (operation, tab), rest = steps[0], steps[1:]
        operation.lock(self.buttons)
        operation.succeeded.connect(lambda _value: self._save_next(rest))
        operation.failed.connect(lambda _error: self.tabs.setCurrentWidget(tab))
        self.saving = operation
        operation.run()

    def _finish(self) -> None:
        """Every page was saved: keep this desk's own choices and close."""
        language_changed = self.general_page.apply_to(self._settings)
        database_changed = self.database_page.apply_to(self._settings)
        self.backup_page.apply_to(self._settings)
        self.phone_page.apply_to(self._settings)
        self._settings.save(self._paths.settings_file)
        self.accept()
        if database_changed:
            self.database_changed.emit()
        if language_changed:
            self.language_changed.emit(self._settings.language)
