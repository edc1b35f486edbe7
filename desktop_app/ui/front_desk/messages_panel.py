"""The console's list of messages taken today, and whether each recipient has seen theirs.

"Acknowledged by 李娜 at 10:32" appears as soon as the recipient acknowledges the message at their
desk (in team mode the change hub hears it from the other desk), so the front desk can tell a
caller who rings again that the message has been read — or take another step if it has not.
After a change the list is re-read off the GUI thread, while the console is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_, _, format_clock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.messages import MessageService, MessageView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.tables import make_table


class MessagesTakenModel(RowsModel[MessageView]):
    """Messages taken at this desk: when, from whom, for whom, seen or not."""

    TIME, CALLER, FOR, SEEN = range(4)

    def __init__(self, zone: tzinfo, parent: object = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.COLUMNS = (
            Column(N_("Taken"), lambda m: format_clock(m.taken_at.astimezone(self.zone).time())),
            Column(N_("Caller"), lambda m: " · ".join(_caller_parts(m))),
            Column(N_("For"), lambda m: m.assignee_name or "—"),
            Column(
                N_("Seen"),
                lambda m: ("✔ " if m.acknowledged else "… ") + m.acknowledgement_text(self.zone),
                tone=lambda m: "" if m.acknowledged else "warning",
            ),
        )


def _caller_parts(message: MessageView) -> list[str]:
    caller = message.caller_name or message.caller_number or _("unknown caller")
    return [part for part in (caller, message.bank_name) if part]


class MessagesPanel(QGroupBox):
    """Messages taken today at this desk, with their acknowledgement, kept up to date."""

    def __init__(
        self,
        messages: MessageService,
        hub: ChangeHub,
        actor: Actor,
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Messages taken today"), parent)
        self._messages = messages
        self._actor = actor
        self.model = MessagesTakenModel(zone, self)
        self.table = make_table(_("Messages taken today"))
        self.table.setModel(self.model)
        self.empty_label = QLabel(_("No messages taken today."))
        self.empty_label.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        #: Re-reads the messages after a change elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show)
        hub.data_changed.connect(self._on_hub_data_changed)
        self.reload()

    def reload(self) -> list[MessageView]:
        """Read the messages now and show them."""
        rows = self._read()()
        self._show(rows)
        return rows

    def _read(self) -> Callable[[], list[MessageView]]:
        messages, actor = self._messages, self._actor

        def read() -> list[MessageView]:
            try:
                return messages.taken_by(actor)
            except DeskError:
                return []

        return read

    def _show(self, rows: list[MessageView]) -> None:
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.table.resizeColumnsToContents()

    def seen_text(self, follow_up_id: int) -> str:
        """The "Seen" cell of a message (for tests and accessibility)."""
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).follow_up_id == follow_up_id:
                index = self.model.index(row, MessagesTakenModel.SEEN)
                return str(self.model.data(index))
        return ""

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.FOLLOW_UPS, Area.CALLS, Area.PEOPLE):
            self.background_read.request()
