"""The Training page: my training, the clause library and, for those allowed, the team's progress.

Each tab re-reads what it shows when the hub says training, people, contracts, responders or
settings changed (another desk may have certified someone, or changed a clause), off the GUI
thread, a tab behind another once it is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.training.service import TrainingService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.training.clause_library_page import ClauseLibraryPage
from desktop_app.ui.training.my_training_page import MyTrainingPage
from desktop_app.ui.training.team_page import TeamPage

MY_AREAS = (Area.TRAINING, Area.SETTINGS)
LIBRARY_AREAS = (Area.CONTRACTS, Area.RESPONDERS, Area.PEOPLE, Area.BANKS)
TEAM_AREAS = (Area.TRAINING, Area.PEOPLE, Area.RESPONDERS, Area.CONTRACTS, Area.SETTINGS)


class TrainingView(QWidget):
    """Tabs of the training module."""

    def __init__(
        self,
        training: TrainingService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Training"))
        title = QLabel(_("Training"))
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Training"))
        self.my_page = MyTrainingPage(training, hub, actor)
        self.library_page = ClauseLibraryPage(training, hub, actor)
        self.tabs.addTab(self.my_page, _("My training"))
        self.tabs.addTab(self.library_page, _("Clause library"))
        self.team_page: TeamPage | None = None
        if actor.can(Permission.VIEW_TEAM_TRAINING):
            self.team_page = TeamPage(training, actor)
            self.tabs.addTab(self.team_page, _("Team progress"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        hub.data_changed.connect(self._on_hub_data_changed)

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(*MY_AREAS):
            self.my_page.refresh()
        if changes.touches(*LIBRARY_AREAS):
            self.library_page.refresh()
        if self.team_page is not None and changes.touches(*TEAM_AREAS):
            self.team_page.refresh()
