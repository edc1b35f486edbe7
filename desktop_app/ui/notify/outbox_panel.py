"""The outbox on screen: every e-mail and chat message, its state and why it failed; retry.

Shown as a tab of the Call log (all messages) and of a bank's form (what was sent to that bank).
Finance and administrators only: the outbox holds letters to banks. It is read when first shown;
after a change it is re-read off the GUI thread, once shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.notify.outbox import OutboxService, OutboxView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.notify.outbox_model import OutboxModel
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.background_read import BackgroundRead


class OutboxPanel(QWidget):
    """Lists the outbox (of one bank or contract, or all) and retries what did not go."""

    def __init__(
        self,
        outbox: OutboxService,
        hub: ChangeHub | None,
        actor: Actor,
        *,
        bank_id: int | None = None,
        contract_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._hub = hub
        self._actor = actor
        self._bank_id = bank_id
        self._contract_id = contract_id
        self._stale = True
        self.model = OutboxModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Outbox"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OutboxModel.SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("mutedLabel")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.retry_button = QPushButton(_("Retry selected"))
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.retry_all_button = QPushButton(_("Retry all that did not go"))
        self.retry_all_button.clicked.connect(self._on_retry_all_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.retry_all_button)
        self.empty = QLabel(
            _(
                "Nothing has been sent yet. Letters sent by e-mail, digests and chat notices "
                "appear here."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("mutedLabel")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        #: Re-reads the outbox after a change elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show, errors_in=self.message)
        if hub is not None:
            hub.data_changed.connect(self._on_hub_data_changed)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale:
            self.refresh()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.OUTBOX, Area.SETTINGS) and not self._stale:
            self.background_read.request()  # (not read yet: it is, in full, when first shown)

    def refresh(self) -> None:
        """Read the outbox now and show it."""
        self._stale = False
        try:
            views = self._read()()
        except DeskError as error:
            self.message.setText(error.text())
            return
        self._show(views)

    def _read(self) -> Callable[[], list[OutboxView]]:
        outbox, actor, bank_id, contract_id = (
            self._outbox,
            self._actor,
            self._bank_id,
            self._contract_id,
        )
        return lambda: outbox.list(actor, bank_id=bank_id, contract_id=contract_id)

    def _show(self, views: list[OutboxView]) -> None:
        self.model.set_rows(views)
        self.table.setVisible(bool(views))
        self.empty.setVisible(not views)
        waiting = sum(1 for v in views if v.state in ("queued", "sending"))
        trouble = sum(1 for v in views if v.state in ("failed", "uncertain"))
        self.summary.setText(
            _("{total} messages: {waiting} waiting, {trouble} need attention.").format(
                total=len(views), waiting=waiting, trouble=trouble
            )
        )
        self.retry_all_button.setEnabled(trouble > 0 or waiting > 0)

    def retry(self, message_id: int | None) -> Operation:
        """Send one message (or, with None, every failed or waiting one) again; off the GUI
        thread."""
        outbox, actor = self._outbox, self._actor
        operation = Operation(self, self._hub, lambda: outbox.retry(actor, message_id))
        return operation.errors_in(self.message).success(self._on_retried).run()

    def _on_retried(self, count: int) -> None:
        if self._hub is None:  # no hub to announce it: read the list again here
            self.background_read.request()
        self.message.setText(_("{count} messages will be sent again.").format(count=count))

    def _on_retry_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.retry(self.model.row_at(rows[0].row()).id)

    def _on_retry_all_clicked(self) -> None:
        self.retry(None)
