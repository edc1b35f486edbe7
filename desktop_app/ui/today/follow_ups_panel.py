"""The Today view's follow-ups: what someone must do by when — return a call, send a document,
tell a bank — overdue ones first, and the button to mark one done."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_, _, format_moment
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.follow_ups import FollowUpService, FollowUpView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.tables import make_table


def _who(row: FollowUpView) -> str:
    if row.escalation_level and row.manager_name:
        return _("{name} (escalated; {manager} informed)").format(
            name=row.assignee_name or "—", manager=row.manager_name
        )
    return row.assignee_name or "—"


class FollowUpsModel(RowsModel[FollowUpView]):
    """Open follow-ups by deadline."""

    DUE, KIND, WHO, WHAT, BANK = range(5)
    COLUMNS = (
        Column(
            N_("Due"),
            lambda f: (_("Overdue: {due}") if f.overdue else "{due}").format(
                due=format_moment(f.due_at)
            ),
            tone=lambda f: "warning" if f.overdue else "",
        ),
        Column(N_("Kind"), lambda f: f.kind_text()),
        Column(N_("Who"), _who),
        Column(N_("What"), lambda f: f.description),
        Column(
            N_("Bank"),
            lambda f: " · ".join(
                part for part in (f.bank_name, f.contract_number, f.number_display) if part
            ),
        ),
    )


class FollowUpsPanel(QGroupBox):
    """Open follow-ups; "mine only" narrows them to the acting person."""

    def __init__(
        self,
        follow_ups: FollowUpService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Follow-ups"), parent)
        self._follow_ups = follow_ups
        self._hub = hub
        self._actor = actor
        self.mine_check = QCheckBox(_("Mine only"))
        self.model = FollowUpsModel(self)
        self.table = make_table(_("Follow-ups"))
        self.table.setModel(self.model)
        self.empty_label = QLabel(_("Nothing to follow up."))
        self.empty_label.setObjectName("emptyState")
        self.done_button = QPushButton(_("Mark done…"))
        self.message_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.mine_check)
        top.addStretch(1)
        top.addWidget(self.message_label)
        top.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)
        self.mine_check.toggled.connect(self.reload)
        self.done_button.clicked.connect(self._on_done_clicked)
        hub.data_changed.connect(self._on_hub_data_changed)
        # The first reload comes with the Today view's, just after the window has painted.

    def reload(self) -> Operation:
        """Re-read the open follow-ups off the GUI thread and show them."""
        follow_ups, actor = self._follow_ups, self._actor
        assignee = actor.person_id if self.mine_check.isChecked() else None

        def read() -> list[FollowUpView]:
            try:
                rows = follow_ups.list(actor, assignee_id=assignee)
            except DeskError:  # not this person's to see (the list stays empty)
                return []
            rows.sort(key=lambda f: (not f.overdue, f.due_at))
            return rows

        return Operation(self, None, read).success(self._show_rows).run()

    def _show_rows(self, rows: list[FollowUpView]) -> None:
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.done_button.setEnabled(bool(rows))
        self.table.resizeColumnsToContents()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.FOLLOW_UPS, Area.CALLS, Area.PEOPLE):
            self.reload()

    def _on_done_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.message_label.setText(_("Select a follow-up first."))
            return
        follow_up = self.model.row_at(index.row())
        note, accepted = QInputDialog.getText(
            self, _("Mark done"), _("What was done (e.g. called the bank back)?")
        )
        if accepted:
            self.close_follow_up(follow_up, note)

    def close_follow_up(self, follow_up: FollowUpView, note: str) -> Operation:
        """Mark ``follow_up`` done off the GUI thread; the hub then refreshes the list."""
        operation = Operation(
            self, self._hub, lambda: self._follow_ups.close(self._actor, follow_up.id, note)
        )
        operation.errors_in(self.message_label).lock(self.done_button)
        return operation.success(lambda _value: self.message_label.clear()).run()
