"""Presence on Settings › People and roles, in team mode: each person's status (available, away,
do not disturb) and whether their app is running at a desk (online, or when it was last seen),
and the administrator's reset of someone's status. A single desk shows none of it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import _
from desktop_app.core.team.presence import STATUSES, Presence, PresenceService


def team_presence(presence: PresenceService, dialect: str) -> PresenceService | None:
    """``presence`` on a team server (where desks report it), its database's ``dialect`` being
    "postgresql"; ``None`` on one desk."""
    return presence if dialect == "postgresql" else None


def status_text(presence: Presence | None) -> str:
    """What the person said: "Available", "Away" or "Do not disturb"."""
    return presence.status_text() if presence is not None else "—"


def at_desk_text(presence: Presence | None, now: datetime) -> str:
    """ "● Online", "○ Last seen 09:40" (today; else the day), or "—" for someone who never ran
    the app at a desk."""
    if presence is None or presence.online is None:
        return "—"
    if presence.online:
        return "● " + _("Online")
    seen = presence.last_seen_at
    if seen is None:
        return "○ " + _("Offline")
    local_seen, local_now = formats.local_moment(seen), formats.local_moment(now)
    moment = (
        formats.time_text(local_seen)
        if local_seen.date() == local_now.date()
        else formats.date_text(local_seen)
    )
    return "○ " + _("Last seen {moment}").format(moment=moment)


class PresenceControls(QWidget):
    """Choose a status for the selected person, or set them back to available in one click."""

    #: Emitted with the status to set for the selected person.
    status_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        for code, label in STATUSES.items():
            self.status_combo.addItem(_(label), code)
        self.set_button = QPushButton(_("Set status"))
        self.available_button = QPushButton(_("Set as available"))
        self.set_button.clicked.connect(self._on_set_clicked)
        self.available_button.clicked.connect(self._on_available_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_combo, 1)
        layout.addWidget(self.set_button)
        layout.addWidget(self.available_button)

    def show_presence(self, presence: Presence | None) -> None:
        """Show the selected person's status (the one-click reset only when it is needed)."""
        status = presence.status if presence is not None else "available"
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        self.available_button.setEnabled(status != "available")

    def _on_set_clicked(self) -> None:
        self.status_chosen.emit(str(self.status_combo.currentData()))

    def _on_available_clicked(self) -> None:
        self.status_chosen.emit("available")
