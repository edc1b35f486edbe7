"""The front-desk console: one search field, and at once the bank, the contracts concerned, whom
to transfer to (who is available now and why not), the script, and one-key logging.

Everything comes from one routing service call per keystroke; the front desk never receives loan
amounts or clause texts from it. When the hub says something the routing uses changed, the console
routes the same text again off the GUI thread (when shown) and updates its views in place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError, ValidationError
from desktop_app.core.common.i18n import _, format_moment
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.calls import CallDraft, CallView
from desktop_app.core.front_desk.rings import RingView
from desktop_app.core.front_desk.routing import RouteResult
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.front_desk.log_bar import LogBar
from desktop_app.ui.front_desk.messages_panel import MessagesPanel
from desktop_app.ui.front_desk.ring_panel import RingPanel
from desktop_app.ui.front_desk.route_models import CandidatesModel, RouteContractsModel
from desktop_app.ui.icons import decorate
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.document_dialog import DocumentDialog
from desktop_app.ui.widgets.tables import make_table

if TYPE_CHECKING:
    from desktop_app.core.checklists.service import ChecklistService
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.front_desk.caller_check import CallerCheck, CallerCheckService
    from desktop_app.core.front_desk.calls import CallService
    from desktop_app.core.front_desk.messages import MessageService
    from desktop_app.core.front_desk.reception_card import ReceptionCard
    from desktop_app.core.front_desk.rings import RingService
    from desktop_app.core.front_desk.routing import RoutingService

#: Writes the reception card for an actor, in a language, at a moment (the controller gives
#: ``build_reception_card`` over the services it reads).
ReceptionCardMaker = Callable[[Actor, str, datetime], "ReceptionCard"]

#: How deep the console's layouts nest: box, column, splitter, console, and two to spare.
LAYOUT_DEPTH = 6


class Rerouted(NamedTuple):
    """A routing redone off the GUI thread after a change: what was searched and what it found."""

    text: str
    result: RouteResult
    readiness: dict[int, str]
    check: CallerCheck | None


def readiness_of(checklists: ChecklistService, actor: Actor, result: RouteResult) -> dict[int, str]:
    """Checklist readiness of the contracts a routing found, for finance staff only."""
    if not result.contracts or not actor.can(Permission.VIEW_LOAN_DETAILS):
        return {}
    try:
        found = checklists.readiness_many(actor, [c.id for c in result.contracts])
    except DeskError:
        return {}
    return {contract_id: r.short_text() for contract_id, r in found.items()}


AREAS = (
    Area.BANKS,
    Area.CONTRACTS,
    Area.PEOPLE,
    Area.RESPONDERS,
    Area.CALENDAR,
    Area.NUMBERS,
    Area.SETTINGS,
    Area.PRESENCE,
)


def set_text(label: QLabel, text: str) -> None:
    """Set a label's text only when it changed (a word-wrapped label asks for a new layout)."""
    if label.text() != text:
        label.setText(text)


class _Typed(NamedTuple):
    """What the desk had typed for a call being logged (put back if the log is refused)."""

    name: str
    number: str
    notes: str
    search: str


class FrontDeskView(QWidget):
    """The console the front desk keeps open."""

    #: Emitted with the CallView of every call logged here.
    call_logged = Signal(object)

    #: The ring from the phone system the console shows, until the desk logs it.
    ring: RingView | None = None

    def __init__(
        self,
        routing: RoutingService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        *,
        calls: CallService,
        caller_check: CallerCheckService,
        rings: RingService,
        messages: MessageService,
        checklists: ChecklistService,
        org: OrgSettingsService,
        reception_card: ReceptionCardMaker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._routing = routing
        self._calls = calls
        self._caller_check = caller_check
        self._rings = rings
        self._checklists = checklists
        self._org = org
        self._reception_card = reception_card
        self._hub = hub
        self._actor = actor
        self._clock = clock
        self.result: RouteResult | None = None
        self._filled_number = ""
        self._logging: Operation | None = None  # the call being written, if one is
        title = QLabel(_("A bank is calling"))
        title.setObjectName("pageTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("callerSearch")
        self.search_edit.setAccessibleName(_("Caller's number, bank or contract"))
        self.search_edit.setPlaceholderText(
            _(
                "Type the number on the display, the bank (工行, ICBC, gsyh), a contract number "
                "or an officer's name"
            )
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setStyleSheet("font-size: 16px; padding: 6px;")

        self.bank_label = QLabel()
        self.bank_label.setObjectName("pageTitle")
        self.bank_label.setWordWrap(True)
        self.caller_label = QLabel()
        self.caller_label.setWordWrap(True)
        self.banks_list = QListWidget()
        self.banks_list.setAccessibleName(_("Banks that match"))
        self.banks_list.setMaximumHeight(90)
        self.save_number_button = QPushButton(_("Save this number as one of the bank's numbers"))
        self.contracts_model = RouteContractsModel(self)
        self.contracts_table = make_table(
            _("Contracts concerned"), stretch_column=RouteContractsModel.CHECKS
        )
        self.contracts_table.setModel(self.contracts_model)
        self.contracts_table.keep_whole(RouteContractsModel.NUMBER)
        self.contracts_table.setColumnHidden(
            RouteContractsModel.READINESS, not actor.can(Permission.VIEW_LOAN_DETAILS)
        )
        caller_box = QGroupBox(_("Caller"))
        caller_layout = QVBoxLayout(caller_box)
        caller_layout.addWidget(self.bank_label)
        caller_layout.addWidget(self.caller_label)
        caller_layout.addWidget(self.banks_list)
        caller_layout.addWidget(self.save_number_button)
        contracts_label = QLabel(_("&Contracts concerned"))
        contracts_label.setBuddy(self.contracts_table)  # Alt+C picks the contract by keyboard
        caller_layout.addWidget(contracts_label)
        caller_layout.addWidget(self.contracts_table, 1)

        self.candidates_model = CandidatesModel(self)
        self.candidates_table = make_table(_("Transfer to"), stretch_column=CandidatesModel.NOW)
        self.candidates_table.setModel(self.candidates_model)
        self.advice_label = QLabel()
        self.advice_label.setWordWrap(True)
        self.advice_label.setObjectName("infoBanner")
        transfer_box = QGroupBox(_("Transfer to"))
        transfer_layout = QVBoxLayout(transfer_box)
        transfer_layout.addWidget(self.advice_label)
        transfer_layout.addWidget(self.candidates_table, 1)

        self.script_label = QLabel()
        self.script_label.setWordWrap(True)
        self.script_label.setAccessibleName(_("What to say"))
        script_box = QGroupBox(_("What to say"))
        script_layout = QVBoxLayout(script_box)
        script_layout.addWidget(self.script_label)
        script_layout.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(transfer_box, 3)
        right_layout.addWidget(script_box, 2)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(caller_box, 3)
        self.messages_panel: MessagesPanel | None = None
        if actor.can(Permission.LOG_CALLS):  # the messages taken here, and who has seen theirs
            self.messages_panel = MessagesPanel(messages, hub, actor, self._zone())
            left_layout.addWidget(self.messages_panel, 2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.log_bar = LogBar()
        self.log_bar.setEnabled(actor.can(Permission.LOG_CALLS))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(_("Result of the last call logged"))
        self.card_button = QPushButton(_("Reception card…"))
        decorate(self.card_button, "reception_card")
        self.card_button.setToolTip(
            _(
                "A one-page list for the desk: each bank's names and "
                "numbers, and whom to transfer to"
            )
        )
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.card_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.search_edit)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.log_bar)
        layout.addWidget(self.status_label)

        self.search_edit.textChanged.connect(self.route)
        self.banks_list.itemActivated.connect(self._on_banks_list_item_activated)
        self.save_number_button.clicked.connect(self._on_save_number_clicked)
        self.card_button.clicked.connect(self.open_reception_card)
        self.log_bar.log_requested.connect(self.log_call)
        self.candidates_table.activated.connect(self._on_candidate_activated)
        # Enter in the search goes on to the caller's name: a message needs no other stop.
        self.search_edit.returnPressed.connect(self.log_bar.caller_name_edit.setFocus)
        self._chain_focus()
        #: Routes again after a change elsewhere, off the GUI thread (see :meth:`_read_route`).
        self.rerouting = BackgroundRead(self, self._read_route, self._show_rerouted)
        hub.data_changed.connect(self._on_hub_data_changed)
        self._install_ring_panel(layout)
        # Last of the search's slots: after route() and the ring panel have changed the views.
        self.search_edit.textChanged.connect(self._settle_layouts)
        self.route("")

    def _settle_layouts(self, _text: str = "") -> None:
        """Lay the console out before it paints the key. A label or a list whose content
        changed asks its box for a new layout, the box then its column, the column the splitter:
        one posted request per level, each handled in a later pass of the event loop, while the
        repaint posted by the key runs in the first; the console painted a half-done layout and
        then again, once per level. Sending the requests here, level by level, leaves one paint of
        the settled layout."""
        for view in (self.contracts_table, self.candidates_table, self.banks_list):
            view.executeDelayedItemsLayout()  # its rows laid out, its scroll bars shown or not
        for _level in range(LAYOUT_DEPTH):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def focus_order(self) -> list[QWidget]:
        """The console's controls in the order Tab visits them: search, the transfer list, the
        caller, the message, the outcomes, then the contracts and the rest."""
        return [
            self.search_edit,
            self.candidates_table,
            *self.log_bar.focus_order(),
            self.contracts_table,
            self.banks_list,
            self.save_number_button,
            *([self.messages_panel.table] if self.messages_panel is not None else []),
            self.card_button,
        ]

    def _chain_focus(self) -> None:
        order = self.focus_order()
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self._org.get().timezone)

    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected (a new call)."""
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def route(self, text: str | None = None) -> RouteResult:
        """Route ``text`` (default: the search field) and show the decision."""
        query = self.search_edit.text() if text is None else text
        result = self._routing.route(self._actor, query, self._clock.now())
        self.result = result
        self._show(result)
        return result

    def _read_route(self) -> Callable[[], Rerouted]:
        """The call that routes the search field's text again, with what the views show of it."""
        routing, checklists, caller_check = self._routing, self._checklists, self._caller_check
        actor, now, text, ring = self._actor, self._clock.now(), self.search_edit.text(), self.ring

        def read() -> Rerouted:
            result = routing.route(actor, text, now)
            check = None
            if ring is not None and result.bank is not None:
                try:
                    check = caller_check.check(actor, result.bank.bank_id, ring.number_display)
                except DeskError:
                    check = None
            return Rerouted(text, result, readiness_of(checklists, actor, result), check)

        return read

    def _show_rerouted(self, rerouted: Rerouted) -> None:
        """Show a routing redone after a change, unless the desk typed on meanwhile (each key
        routed the newer text already)."""
        if rerouted.text != self.search_edit.text():
            return
        self.result = rerouted.result
        self._show(rerouted.result, rerouted.readiness)
        self._show_ring(rerouted.check)
        self._settle_layouts()

    def _show(self, result: RouteResult, readiness: dict[int, str] | None = None) -> None:
        bank = result.bank
        if result.query.kind == "empty":
            set_text(self.bank_label, _("Waiting for a call"))
            set_text(self.caller_label, _("Type what the display shows or what the caller says."))
        elif bank is None:
            set_text(self.bank_label, _("No bank found"))
            set_text(
                self.caller_label,
                _(
                    "Ask for the bank's name, then type it here. If the "
                    "caller cannot be verified, disclose nothing."
                ),
            )
        else:
            set_text(self.bank_label, bank.name)
            details = [
                part for part in (bank.branch_name, bank.number_label, bank.officer_name) if part
            ]
            if result.query.number_display:
                known = (
                    _("known number")
                    if result.number_known
                    else _("number not on file — verify the caller")
                )
                details.append(
                    _("{number} ({label})").format(number=result.query.number_display, label=known)
                )
            set_text(self.caller_label, " · ".join(details))
        # Each keystroke routes again: the views are updated in place (no model reset, the
        # columns re-measured only when rows changed, a label touched only when its text or
        # visibility changes), so a key is painted within a frame.
        banks = [f"{match.name} — {match.matched_text}" for match in result.banks]
        if banks != [self.banks_list.item(i).text() for i in range(self.banks_list.count())]:
            self.banks_list.clear()
            self.banks_list.addItems(banks)
        self.banks_list.setVisible(result.ambiguous)
        self.save_number_button.setVisible(
            result.offer_save_number and self._actor.can(Permission.LOG_CALLS)
        )
        self._show_contracts(result, readiness)
        candidates_changed = self.candidates_model.set_candidates(
            result.candidates, result.contracts
        )
        if candidates_changed:
            self.candidates_table.resizeColumnsToContents()
        self.candidates_table.setColumnHidden(CandidatesModel.PRESENCE, not result.presence_tracked)
        advice = self._advice(result)
        set_text(self.advice_label, advice)
        self.advice_label.setVisible(bool(advice))
        if result.bank is None:
            # Not identified yet: nobody is put through to a caller the desk does not know.
            self.candidates_table.clearSelection()
        elif result.candidates:
            first = result.first_available
            row = result.candidates.index(first) if first else 0
            if candidates_changed or not self.selected_rows():  # else the desk's pick stays
                self.candidates_table.selectRow(row)
        set_text(
            self.script_label,
            "\n".join(f"{n}. {line}" for n, line in enumerate(result.script, 1)),
        )
        number_edit = self.log_bar.caller_number_edit
        if result.query.kind == "number":
            self._filled_number = result.query.number_display or result.query.text
            number_edit.setText(self._filled_number)
        elif self._filled_number and number_edit.text() == self._filled_number:
            number_edit.clear()  # it came from an earlier search, not from the desk
            self._filled_number = ""

    def _show_contracts(self, result: RouteResult, readiness: dict[int, str] | None) -> None:
        """The contracts concerned, in place; a picked contract stays picked while it is shown.
        Their readiness is read here unless given."""
        table, model = self.contracts_table, self.contracts_model
        rows = table.selectionModel().selectedRows()
        picked = model.row_at(rows[0].row()).id if rows else None
        if model.update_rows(result.contracts):
            table.resizeColumnsToContents()
            rows = table.selectionModel().selectedRows()
            if rows and model.row_at(rows[0].row()).id != picked:
                table.clearSelection()
        model.set_readiness(self._readiness(result) if readiness is None else readiness)

    def selected_rows(self) -> list[QModelIndex]:
        """The transfer list's selected rows."""
        return self.candidates_table.selectionModel().selectedRows()

    def _advice(self, result: RouteResult) -> str:
        """The banner over the transfer list: whom to put the caller through to, or to take a
        message, and the calendar's caveats; empty when there is nothing to say."""
        lines: list[str] = []
        if result.bank is None:
            lines.append(
                _(
                    "Ask who is calling first: take a message (F6) with their name, bank and "
                    "number. It will be returned by {due}."
                ).format(due=format_moment(result.follow_up_due_at, self._zone()))
            )
        elif result.candidates:
            first = result.first_available
            lines.append(
                _("Transfer to {name}, extension {extension}.").format(
                    name=_("{name} ({state})").format(name=first.name, state=first.presence_label)
                    if first.presence_label
                    else first.name,
                    extension=first.extension or "—",
                )
                if first
                else _(
                    "Nobody is available now: take a message (F6). It will be returned by {due}."
                ).format(due=format_moment(result.follow_up_due_at, self._zone()))
            )
        lines.extend(result.calendar_notes)  # who is available and the deadline assume this
        return "\n".join(filter(None, lines))

    def _readiness(self, result: RouteResult) -> dict[int, str]:
        """Checklist readiness of the contracts shown, for finance staff only."""
        return readiness_of(self._checklists, self._actor, result)

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(*AREAS):
            self.rerouting.request()  # off the GUI thread; when shown

    def _on_banks_list_item_activated(self) -> None:
        row = self.banks_list.currentRow()
        if self.result is not None and 0 <= row < len(self.result.banks):
            self.search_edit.setText(self.result.banks[row].name)

    def _on_candidate_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.log_call("transferred")

    def selected_candidate_id(self) -> int | None:
        index = self.candidates_table.currentIndex()
        if not index.isValid():
            return None
        return self.candidates_model.row_at(index.row()).person_id

    def log_call(self, outcome: str) -> Operation | None:
        """Log the current call with ``outcome``, as it stands at this key press: its fields are
        checked here at once (a mistake is said and nothing is cleared), then the fields are
        cleared for the next call and the search takes the keys, while the call is written off
        the GUI thread; ``call_logged`` follows. Refused there (the database busy, the team
        server gone), the fields come back as typed and the refusal is said. A second outcome
        key while one call is being written is ignored. None when nothing was sent."""
        if self._logging is not None and self._logging.running:
            return None
        result = self.result
        bank = result.bank if result else None
        contract_id = self.chosen_contract_id()
        draft = CallDraft(
            outcome=outcome,
            caller_name=self.log_bar.caller_name_edit.text(),
            caller_number=self.log_bar.caller_number_edit.text(),
            bank_id=bank.bank_id if bank else None,
            contract_id=contract_id,
            officer_id=bank.officer_id if bank else None,
            taken_by_id=self.selected_candidate_id() if outcome == "transferred" else None,
            notes=self.log_bar.notes_edit.text(),
            ring_id=self.ring.call_id if self.ring else None,
        )
        try:
            self._calls.check(self._actor, draft)
        except ValidationError as error:
            self._say_invalid(error)
            return None
        except DeskError as error:
            self._say_not_logged(error.text())
            return None
        typed = _Typed(draft.caller_name, draft.caller_number, draft.notes, self.search_edit.text())
        ring = self.ring
        self.log_bar.clear()
        self.ring = None
        self.search_edit.clear()
        self.focus_search()
        self.status_label.setText(_("Logging…"))

        def refused(error: DeskError) -> None:
            bar = self.log_bar
            edits = (bar.caller_name_edit, bar.caller_number_edit, bar.notes_edit)
            if not any(edit.text() for edit in edits):  # nothing typed for a next call yet
                for edit, text in zip(edits, (typed.name, typed.number, typed.notes), strict=True):
                    edit.setText(text)
                if not self.search_edit.text():
                    self.search_edit.setText(typed.search)
                if self.ring is None:
                    self.ring = ring
            if isinstance(error, ValidationError):
                self._say_invalid(error)
            else:
                self._say_not_logged(error.text())

        calls, actor = self._calls, self._actor
        self._logging = (
            Operation(self, self._hub, lambda: calls.log(actor, draft))
            .success(self._on_call_logged)
            .fields(refused)
            .errors_to(refused)
            .run()
        )
        return self._logging

    def _on_call_logged(self, call: CallView) -> None:
        self.status_label.setObjectName("")
        self._restyle(self.status_label)
        if call.follow_up_id is not None and call.follow_up_due_at is not None:
            logged = _("Logged: {outcome}. {name} will call back by {due}.").format(
                outcome=call.outcome_text(),
                name=call.follow_up_assignee_name,
                due=format_moment(call.follow_up_due_at, self._zone()),
            )
            self.status_label.setText(" ".join((logged, *call.follow_up_due_notes)))
        else:
            self.status_label.setText(_("Logged: {outcome}.").format(outcome=call.outcome_text()))
        self.call_logged.emit(call)

    def _say_invalid(self, error: ValidationError) -> None:
        """A field's mistake said on screen, the cursor in that field."""
        self._say_not_logged(_("; ").join(p.text() for p in error.problems))
        field = {
            "caller_name": self.log_bar.caller_name_edit,
            "caller_number": self.log_bar.caller_number_edit,
            "notes": self.log_bar.notes_edit,
            "taken_by_id": self.candidates_table,
        }.get(error.field)
        if field is not None:
            field.setFocus()

    def chosen_contract_id(self) -> int | None:
        """The contract the call is about: the only one, or the row the desk picked."""
        result = self.result
        if result is None or not result.contracts:
            return None
        if len(result.contracts) == 1:
            return result.contracts[0].id
        rows = self.contracts_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.contracts_model.row_at(rows[0].row()).id

    def _say_not_logged(self, reason: str) -> None:
        """A refused log stays on screen with the fields as typed, so nothing is lost."""
        self.status_label.setText(_("Not logged: {reason}").format(reason=reason))
        self.status_label.setObjectName("warningBanner")
        self._restyle(self.status_label)

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def open_reception_card(self) -> DocumentDialog:
        """Preview the reception card from live data; save it as PDF to print."""

        def build(language: str) -> tuple[str, str]:
            card = self._reception_card(self._actor, language, self._clock.now())
            return card.title, card.html()

        dialog = DocumentDialog(_("Reception card"), build, "reception-card", self)
        dialog.open()
        return dialog

    def _on_save_number_clicked(self) -> None:
        self.save_number()

    def save_number(self) -> Operation | None:
        """Save the routed number as one of the bank's numbers, off the GUI thread; the status
        line tells how it went and the console routes again once it is saved."""
        result = self.result
        if result is None or result.bank is None:
            return None
        calls, actor = self._calls, self._actor
        bank_id, text = result.bank.bank_id, result.query.text
        saved = _("{number} saved as a number of {bank}.").format(
            number=result.query.number_display, bank=result.bank.name
        )

        def done(_value: object) -> None:
            self.status_label.setText(saved)  # the hub's news of the number routes again

        return (
            Operation(self, self._hub, lambda: calls.save_caller_number(actor, bank_id, text, ""))
            .errors_in(self.status_label)
            .lock(self.save_number_button)
            .success(done)
            .run()
        )

    # -- rings from the phone system ------------------------------------------------------------

    def _install_ring_panel(self, layout: QVBoxLayout) -> None:
        """The ring panel under the search field; it follows every routing of the field."""
        self.ring = None
        self.ring_panel = RingPanel(self._zone())
        layout.insertWidget(layout.indexOf(self.search_edit) + 1, self.ring_panel)
        self.search_edit.textChanged.connect(self._on_search_routed)  # after route(): see above
        self.ring_panel.tie_requested.connect(self._on_ring_panel_tie_requested)
        self.ring_panel.unverified_requested.connect(lambda: self.log_call("unverified"))

    def show_ring(self, ring: RingView) -> None:
        """Open the console on a ring: its number routed, the panel saying what rang."""
        self.ring = ring
        self.log_bar.clear()
        self.search_edit.setText(ring.number_display)
        self._on_search_routed()
        self.focus_search()

    def _on_search_routed(self) -> None:
        ring, result = self.ring, self.result
        bank = result.bank if result else None
        if ring is None or bank is None:
            self._show_ring(None)
            return
        try:
            check = self._caller_check.check(self._actor, bank.bank_id, ring.number_display)
        except DeskError:
            check = None
        self._show_ring(check)

    def _show_ring(self, check: CallerCheck | None) -> None:
        """The ring panel for the routing shown, with the caller check made for it."""
        ring, result = self.ring, self.result
        bank = result.bank if result else None
        self.ring_panel.show_ring(ring, (bank.bank_id, bank.name) if bank else None)
        if ring is None or bank is None:
            self.ring_panel.show_check(None)
            return
        number_edit = self.log_bar.caller_number_edit
        if not number_edit.text():  # the number the phone system showed stays with the call
            number_edit.setText(ring.number_display)
        self.ring_panel.show_check(check)
        if check is not None and not check.verified:  # the desk script: verify first, only
            self.script_label.setText(check.script())

    def _on_ring_panel_tie_requested(self) -> Operation | None:
        """Tie the ring to the bank found, off the GUI thread (the console says when done)."""
        ring, result = self.ring, self.result
        if ring is None or result is None or result.bank is None:
            return None
        rings, actor, bank = self._rings, self._actor, result.bank

        def tied(view: RingView) -> None:
            self.ring = view
            self.status_label.setText(
                _("The call from {number} is tied to {bank}.").format(
                    number=ring.number_display, bank=bank.name
                )
            )
            self._on_search_routed()

        def refused(error: DeskError) -> None:
            self.status_label.setText(error.text())

        return (
            Operation(self, self._hub, lambda: rings.tie(actor, ring.call_id, bank.bank_id))
            .success(tied)
            .errors_to(refused)
            .lock(self.ring_panel.tie_button)
            .run()
        )
