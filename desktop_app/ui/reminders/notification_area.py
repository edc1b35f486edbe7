"""The in-app notification area: a strip above the pages listing the open reminders.

It is always part of the main window and appears when something is open, each with Acknowledge
and Snooze. Where the system has no tray it is the way reminders reach the person (with our alert
window for the urgent ones), and it says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import ngettext
from desktop_app.ui.reminders.alert_row import Alert, AlertList
from desktop_app.ui.style import colours, set_tone

#: At most this many rows are visible before the area scrolls.
VISIBLE_ROWS = 3


class NotificationArea(QFrame):
    """Open reminders with their buttons; hidden while there are none."""

    #: Emitted with the key of an alert the person acknowledged here.
    acknowledged = Signal(str)
    #: Emitted with the key and SnoozePreset of an alert the person snoozed here.
    snoozed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationArea")
        scheme = colours()
        self.setStyleSheet(
            f"QFrame#notificationArea {{ background: {scheme.shaded_bg}; "
            f"border-bottom: 1px solid {scheme.info_border}; }}"
        )
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.note = QLabel()
        set_tone(self.note, "muted")
        self.note.setWordWrap(True)
        self.note.hide()
        self.list = AlertList(compact=True)
        self.list.acknowledged.connect(self.acknowledged)
        self.list.snoozed.connect(self.snoozed)
        self.list.changed.connect(self._on_list_changed)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.list)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area)
        self._on_list_changed()

    def set_alerts(self, alerts: Iterable[Alert]) -> None:
        """Show exactly these alerts (the open reminders, read again after each change)."""
        self.list.set_alerts(alerts)

    def keys(self) -> list[str]:
        return self.list.keys()

    def __contains__(self, key: object) -> bool:
        return key in self.list.rows

    def set_note(self, text: str) -> None:
        """A line beside the heading, e.g. that the system has no tray."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _on_list_changed(self) -> None:
        rows = list(self.list.rows.values())
        self.heading.setText(
            ngettext("{count} open reminder", "{count} open reminders", len(rows)).format(
                count=len(rows)
            )
        )
        self.setVisible(bool(rows))
        if rows:
            shown = rows[:VISIBLE_ROWS]
            height = sum(row.sizeHint().height() for row in shown) + 4 * (len(shown) - 1)
            self.scroll_area.setFixedHeight(height + 2)
