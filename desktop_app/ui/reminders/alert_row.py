"""One alert as a row with Acknowledge and Snooze, and a keyed list of such rows.

The same rows make up our always-on-top alert window and the in-app notification area. An alert
is generic: reminders (key ``reminder:<id>``) and, in team mode, messages taken at the front desk
(key ``message:<id>``) use it alike. A row disappears as soon as it is acted on; whoever listens
to the signals writes the decision down (and may add the alert again if that fails).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _, format_moment
from desktop_app.core.reminders.service import SNOOZE_LABELS, SnoozePreset
from desktop_app.ui.style import colours

ROW_STYLE = """
QFrame#alertRow {{ background: palette(base); border: 1px solid {border}; border-radius: 6px; }}
QFrame#alertRow[missed="true"] {{ border: 1px solid {caution}; background: {missed_bg}; }}
QLabel#alertTitle {{ font-weight: 600; }}
QLabel#alertWhen {{ color: {muted}; }}
QLabel#missedBadge {{
    background: {caution}; color: {base}; border-radius: 3px; padding: 1px 6px; font-weight: 600;
}}
"""


def row_style() -> str:
    """The alert rows' style in the current scheme (a missed one stands out in amber)."""
    c = colours()
    return ROW_STYLE.format(
        border=c.info_border,
        caution=c.caution,
        missed_bg=c.warning_bg,
        muted=c.muted,
        base=c.base,
    )


@dataclass(frozen=True)
class Alert:
    """Something a person must see and act on."""

    key: str  # unique; adding the same key twice updates, never duplicates
    title: str
    body: str
    when: datetime | None
    missed: bool = False
    can_snooze: bool = True
    snooze_presets: tuple[SnoozePreset, ...] = ()


class AlertRow(QFrame):
    """The title, when, body and the buttons of one alert; ``compact``: all on one line (the
    notification area), the body cut to the space left and shown whole in the tooltip."""

    #: Emitted with the alert's key when Acknowledge is pressed.
    acknowledge_clicked = Signal(str)
    #: Emitted with the alert's key and the chosen SnoozePreset.
    snooze_chosen = Signal(str, object)

    def __init__(self, alert: Alert, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alert = alert
        self.setObjectName("alertRow")
        self.setProperty("missed", "true" if alert.missed else "false")
        self.setStyleSheet(row_style())
        self.title_label = QLabel(alert.title)
        self.title_label.setObjectName("alertTitle")
        self.title_label.setWordWrap(True)
        self.missed_label = QLabel(_("Missed while away"))
        self.missed_label.setObjectName("missedBadge")
        self.when_label = QLabel(format_moment(alert.when) if alert.when else "")
        self.when_label.setObjectName("alertWhen")
        self.body_label = QLabel(alert.body)
        self.body_label.setWordWrap(True)
        self.body_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.acknowledge_button = QPushButton(_("Acknowledge"))
        self.acknowledge_button.setAccessibleName(
            _("Acknowledge: {title}").format(title=alert.title)
        )
        self.acknowledge_button.clicked.connect(self._on_acknowledge_clicked)
        self.snooze_button = QToolButton()
        self.snooze_button.setText(_("Snooze"))
        self.snooze_button.setAccessibleName(_("Snooze: {title}").format(title=alert.title))
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_menu = QMenu(self.snooze_button)
        for preset in alert.snooze_presets:
            action = self.snooze_menu.addAction(_(SNOOZE_LABELS.get(preset, preset.value)))
            action.setData(preset.value)
            action.triggered.connect(self._snooze_callback(preset))
        self.snooze_button.setMenu(self.snooze_menu)

        if compact:
            self._lay_out_on_one_line()
        else:
            self._lay_out_in_lines()
        # Only once they have their parent: showing a parentless widget makes it a window.
        self.missed_label.setVisible(alert.missed)
        self.when_label.setVisible(alert.when is not None)
        self.body_label.setVisible(bool(alert.body))
        self.snooze_button.setVisible(alert.can_snooze and bool(alert.snooze_presets))

    def _lay_out_in_lines(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.missed_label, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.when_label)
        buttons.addStretch(1)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.acknowledge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addWidget(self.body_label)
        layout.addLayout(buttons)

    def _lay_out_on_one_line(self) -> None:
        self.title_label.setWordWrap(False)
        self.body_label.setWordWrap(False)
        self.body_label.setToolTip(self.alert.body)
        self.body_label.setObjectName("alertWhen")  # the quieter colour
        self.body_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.missed_label)
        layout.addWidget(self.title_label)
        layout.addWidget(self.when_label)
        layout.addWidget(self.body_label, 1)
        layout.addWidget(self.snooze_button)
        layout.addWidget(self.acknowledge_button)

    def snooze_actions(self) -> dict[SnoozePreset, object]:
        """The Snooze menu's entries by preset (what a test or a keyboard user chooses from)."""
        return {SnoozePreset(a.data()): a for a in self.snooze_menu.actions()}

    def _on_acknowledge_clicked(self) -> None:
        self.acknowledge_clicked.emit(self.alert.key)

    def _snooze_callback(self, preset: SnoozePreset) -> object:
        return lambda: self.snooze_chosen.emit(self.alert.key, preset)


class AlertList(QWidget):
    """Alert rows by key, in the order they came; adding a known key replaces its row."""

    #: Emitted with the key of an alert the person acknowledged (its row is gone already).
    acknowledged = Signal(str)
    #: Emitted with the key and SnoozePreset of an alert the person snoozed (row gone already).
    snoozed = Signal(str, object)
    #: Emitted after rows were added or removed.
    changed = Signal()

    def __init__(self, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._compact = compact
        self.rows: dict[str, AlertRow] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4 if compact else 6)
        self._layout.addStretch(1)

    def add(self, alert: Alert) -> bool:
        """Show ``alert``; True if it is new, False if it replaced the row of the same key."""
        row = AlertRow(alert, self._compact, self)
        row.acknowledge_clicked.connect(self._on_row_acknowledge_clicked)
        row.snooze_chosen.connect(self._on_row_snooze_chosen)
        old = self.rows.get(alert.key)
        if old is not None:
            self._layout.replaceWidget(old, row)
            old.deleteLater()
        else:
            self._layout.insertWidget(self._layout.count() - 1, row)
        row.show()  # a replacing row is not shown by the layout on its own
        self.rows[alert.key] = row
        self.changed.emit()
        return old is None

    def remove(self, key: str) -> None:
        row = self.rows.pop(key, None)
        if row is None:
            return
        self._layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.changed.emit()

    def keys(self) -> list[str]:
        return list(self.rows)

    def set_alerts(self, alerts: Iterable[Alert]) -> None:
        """Show exactly ``alerts``: new ones added, changed ones replaced, others removed."""
        wanted = {alert.key: alert for alert in alerts}
        for key in [k for k in self.rows if k not in wanted]:
            self.remove(key)
        for alert in wanted.values():
            if (shown := self.rows.get(alert.key)) and shown.alert == alert:
                continue
            self.add(alert)

    def _on_row_acknowledge_clicked(self, key: str) -> None:
        self.remove(key)
        self.acknowledged.emit(key)

    def _on_row_snooze_chosen(self, key: str, preset: object) -> None:
        self.remove(key)
        self.snoozed.emit(key, preset)
