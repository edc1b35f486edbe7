"""The Settings dialog: General, Database, Organisation, People and roles, Working calendar,
Notifications, Mail and chat, Backups, Phone system."""

from __future__ import annotations

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
from desktop_app.core.services import Services
from desktop_app.ui.backup.backup_page import BackupPage
from desktop_app.ui.backup.scheduler import BackupScheduler
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.reminders import notification_paths
from desktop_app.ui.settings.calendar_page import CalendarPage
from desktop_app.ui.settings.database_page import DatabasePage
from desktop_app.ui.settings.general_page import GeneralPage
from desktop_app.ui.settings.mail_page import MailPage
from desktop_app.ui.settings.notifications_page import NotificationsPage
from desktop_app.ui.settings.organisation_page import OrganisationPage
from desktop_app.ui.settings.people_presence import team_presence
from desktop_app.ui.settings.phone_page import PhonePage
from desktop_app.ui.settings.roles_page import RolesPage


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
        services: Services,
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
        self.setWindowTitle(_("Settings"))
        self.tabs = QTabWidget()
        self.general_page = GeneralPage(settings, os_account)
        self.database_page = DatabasePage(settings, paths, secrets, active_url)
        self.organisation_page = OrganisationPage(services.org, actor, hub=hub)
        self.roles_page = RolesPage(
            services.people, hub, actor, presence=team_presence(services), clock=clock
        )
        self.calendar_page = CalendarPage(services.calendar, hub, actor, clock, services.org.zone())
        self.tabs.addTab(self.general_page, _("General"))
        self.tabs.addTab(self.database_page, _("Database"))
        self.tabs.addTab(self.organisation_page, _("Organisation"))
        self.tabs.addTab(self.roles_page, _("People and roles"))
        self.tabs.addTab(self.calendar_page, _("Working calendar"))
        self.notifications_page = NotificationsPage(
            services.reminders, actor, paths, notification_paths.detect(), for_this_system()
        )
        self.tabs.addTab(self.notifications_page, _("Notifications"))
        self.mail_page = MailPage(services.notify_settings, services.notify, secrets, actor)
        mail_scroll = QScrollArea()
        mail_scroll.setWidgetResizable(True)
        mail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        mail_scroll.setWidget(self.mail_page)
        self.tabs.addTab(mail_scroll, _("Mail and chat"))
        self.mail_tab = mail_scroll
        self.backup_page = BackupPage(settings, paths, backups)
        self.tabs.addTab(self.backup_page, _("Backups"))
        self.phone_page = PhonePage(settings, services.org, actor)
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
        try:
            outcome = self.organisation_page.save()
        except DeskError:  # shown on the page, translated
            self.tabs.setCurrentWidget(self.organisation_page)
            return
        if outcome is not None:
            self._hub.apply(outcome)
        try:
            leads = self.notifications_page.save()
        except DeskError:
            self.tabs.setCurrentWidget(self.notifications_page)
            return
        if leads is not None:
            self._hub.apply(leads)
        try:
            mail = self.mail_page.save()
        except DeskError:
            self.tabs.setCurrentWidget(self.mail_tab)
            return
        if mail is not None:
            self._hub.apply(mail)
        try:
            phone = self.phone_page.save()
        except DeskError:
            self.tabs.setCurrentWidget(self.phone_tab)
            return
        if phone is not None:
            self._hub.apply(phone)
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
