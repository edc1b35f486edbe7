"""Messages taken for this person at the front desk, shown at once until acknowledged.

Whenever follow-ups change — here, or at another desk in team mode (the change hub hears both) —
the person's unacknowledged messages are read again, off the GUI thread. Each new one goes to the
always-on-top alert window (key ``message:<follow_up_id>``, no snoozing) and, where there is a
tray, to a system notification. Acknowledging it in the alert window records who saw it and when,
which the front desk sees beside the message; one acknowledged at another desk of the same person
disappears here.
"""

from __future__ import annotations

from datetime import tzinfo

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.messages import MessageService, MessageView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.reminders.alert_window import Alert, AlertWindow
from desktop_app.ui.tray import Tray

KEY_PREFIX = "message:"


def message_key(follow_up_id: int) -> str:
    return f"{KEY_PREFIX}{follow_up_id}"


def alert_for(message: MessageView, zone: tzinfo | None) -> Alert:
    return Alert(
        key=message_key(message.follow_up_id),
        title=message.title(),
        body=message.body(zone),
        when=message.taken_at,
        can_snooze=False,
    )


class MessageAlerts(QObject):
    """Shows this person's new messages and records their acknowledgement."""

    #: Emitted with the MessageViews just shown (new since the last reading).
    messages_shown = Signal(object)
    #: Emitted with a sentence when reading or acknowledging failed.
    problem = Signal(str)

    def __init__(
        self,
        messages: MessageService,
        hub: ChangeHub,
        actor: Actor,
        alerts: AlertWindow,
        tray: Tray | None,
        zone: tzinfo | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._messages = messages
        self._hub = hub
        self._actor = actor
        self.alerts = alerts
        self._tray = tray
        self._zone = zone
        self._shown: set[int] = set()
        #: The reading under way after a change, if any (one at a time).
        self.reading: Operation | None = None
        self._again = False  # a change came during the reading: read once more after it
        alerts.acknowledged.connect(self.acknowledge)
        hub.data_changed.connect(self._on_hub_data_changed)

    def refresh(self) -> list[MessageView]:
        """Read the unacknowledged messages now; show the new ones, drop those seen elsewhere."""
        try:
            waiting = self._messages.unacknowledged_for(self._actor)
        except DeskError as error:
            self.problem.emit(str(error))
            return []
        return self._show(waiting)

    def read_again(self) -> None:
        """Read the messages off the GUI thread and show them when read; during a reading,
        once more after it (a burst of changes, two readings at most)."""
        if self.reading is not None:
            self._again = True
            return
        messages, actor = self._messages, self._actor

        def read() -> tuple[list[MessageView], str]:
            try:
                return messages.unacknowledged_for(actor), ""
            except DeskError as error:
                return [], str(error)

        self.reading = Operation(None, None, read).success(self._on_read)
        self.reading.finished.connect(self._on_read_finished)
        self.reading.run()

    def _on_read(self, read: tuple[list[MessageView], str]) -> None:
        if self._again or not (shiboken6.isValid(self) and shiboken6.isValid(self.alerts)):
            return  # a newer reading follows, or the desk has closed
        waiting, problem = read
        if problem:
            self.problem.emit(problem)
        else:
            self._show(waiting)

    def _on_read_finished(self) -> None:
        self.reading = None
        if self._again:
            self._again = False
            self.read_again()

    def _show(self, waiting: list[MessageView]) -> list[MessageView]:
        ids = {m.follow_up_id for m in waiting}
        gone = [key for key in self.alerts.keys() if key.startswith(KEY_PREFIX)]  # noqa: SIM118
        for key in gone:
            if int(key[len(KEY_PREFIX) :]) not in ids:
                self.alerts.remove(key)
        new = [m for m in waiting if m.follow_up_id not in self._shown]
        self._shown = ids
        for message in new:
            self.alerts.add(alert_for(message, self._zone))
        if new:
            self._notify(new)
            self.messages_shown.emit(new)
        return new

    def _notify(self, new: list[MessageView]) -> None:
        if self._tray is None:
            return
        if len(new) == 1:
            title, text = new[0].title(), new[0].body(self._zone)
        else:
            title = ngettext(
                "{count} message for you", "{count} messages for you", len(new)
            ).format(count=len(new))
            text = "\n".join(m.title() for m in new)
        self._tray.notify(title, text)

    def acknowledge(self, key: str) -> Operation | None:
        """Record, off the GUI thread, that the person saw the message behind ``key`` (other
        alerts are not ours)."""
        if not key.startswith(KEY_PREFIX):
            return None
        follow_up_id = int(key[len(KEY_PREFIX) :])
        messages, actor = self._messages, self._actor
        operation = Operation(None, self._hub, lambda: messages.acknowledge(actor, follow_up_id))
        return operation.errors_to(lambda error: self._not_acknowledged(follow_up_id, error)).run()

    def _not_acknowledged(self, follow_up_id: int, error: DeskError) -> None:
        self.problem.emit(_("The message could not be acknowledged: {error}").format(error=error))
        self._shown.discard(follow_up_id)
        self.read_again()  # show it again if it is still waiting

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.FOLLOW_UPS):
            self.read_again()
