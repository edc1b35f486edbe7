"""The status bar's presence control: "● Available", "Away" or "Do not disturb", set in one click.

The front desk's transfer list shows it beside each name and puts people who are away or not to
be disturbed after those who are available. It follows changes made elsewhere (an administrator's
reset, the same person at another desk), read off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.team.presence import STATUSES, PresenceService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.background_read import BackgroundRead

DOTS = {"available": "#188038", "away": "#e37400", "dnd": "#b3261e"}


class PresenceButton(QToolButton):
    """Shows and sets the acting person's presence."""

    #: Emitted with a sentence when the status could not be saved.
    failed = Signal(str)

    def __init__(
        self,
        presence: PresenceService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._presence = presence
        self._hub = hub
        self._actor = actor
        self.status = "available"
        self.setObjectName("presenceButton")
        self.setAccessibleName(_("My status"))
        self.setToolTip(_("Your status, as the front desk sees it"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(True)
        self.status_menu = QMenu(self)
        group = QActionGroup(self)
        self.actions_by_status: dict[str, QAction] = {}
        for code, label in STATUSES.items():
            action = QAction(_(label), self.status_menu)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, c=code: self.choose(c))
            group.addAction(action)
            self.status_menu.addAction(action)
            self.actions_by_status[code] = action
        self.setMenu(self.status_menu)
        #: Reads the status again after a change elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show_read)
        hub.data_changed.connect(self._on_hub_data_changed)
        self.refresh()

    def refresh(self) -> None:
        """Read the person's status again, now."""
        self._show_read(self._read()())

    def _read(self) -> Callable[[], str | None]:
        presence, actor = self._presence, self._actor

        def read() -> str | None:
            try:
                mine = presence.mine(actor)
            except DeskError:
                return None  # unknown: the status shown stays
            return mine.status if mine is not None else "available"

        return read

    def _show_read(self, status: str | None) -> None:
        if status is not None:
            self._show(status)

    def choose(self, status: str) -> Operation | None:
        """Set the person's own status, off the GUI thread (the team server may be far)."""
        person_id = self._actor.person_id
        if person_id is None:
            return None
        presence, actor = self._presence, self._actor
        operation = Operation(
            self, self._hub, lambda: presence.set_status(actor, person_id, status)
        ).errors_to(self._on_choice_failed)
        return operation.success(lambda chosen: self._show(chosen.status)).run()

    def _on_choice_failed(self, error: DeskError) -> None:
        self.failed.emit(error.text())
        self._show(self.status)

    def _show(self, status: str) -> None:
        self.status = status
        self.setText("● " + _(STATUSES.get(status, status)))
        self.setStyleSheet(f"QToolButton#presenceButton {{ color: {DOTS.get(status, '')}; }}")
        action = self.actions_by_status.get(status)
        if action is not None:
            action.setChecked(True)

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if not changes.touches(Area.PRESENCE):
            return
        named = {i for area, i in changes.ids if area == Area.PRESENCE}
        if not named or self._actor.person_id in named:
            self.background_read.request()
