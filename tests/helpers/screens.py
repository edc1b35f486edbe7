"""Screens built for tests from the whole ``Services`` of a test database, each given only the
services it uses, as the desk controller (`ui/controller.py`) gives them."""

from __future__ import annotations

from functools import partial

from desktop_app.core.common.clock import Clock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.reception_card import build_reception_card
from desktop_app.core.notify.letters import LetterMail
from desktop_app.core.services import Services
from desktop_app.ui.banks.banks_view import BankEditor
from desktop_app.ui.banks.banks_view import bank_editor as make_bank_editor
from desktop_app.ui.call_log.call_log_view import CallLogForms
from desktop_app.ui.call_log.call_log_view import call_log_forms as make_call_log_forms
from desktop_app.ui.call_log.feedback_view import IssueEditor
from desktop_app.ui.call_log.feedback_view import issue_editor as make_issue_editor
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklist_panel import ChecklistPanel
from desktop_app.ui.checklists.checklists_view import ChecklistsView
from desktop_app.ui.contracts.contracts_view import ContractEditor
from desktop_app.ui.contracts.contracts_view import contract_editor as make_contract_editor
from desktop_app.ui.front_desk.front_desk_view import FrontDeskView
from desktop_app.ui.numbers.numbers_view import NumberForms
from desktop_app.ui.numbers.numbers_view import number_forms as make_number_forms
from desktop_app.ui.windows.window_actions import WindowEditor
from desktop_app.ui.windows.window_dialog import WindowDialog
from desktop_app.ui.windows.windows_view import WindowsView


def front_desk_view(
    services: Services, hub: ChangeHub, actor: Actor, clock: Clock
) -> FrontDeskView:
    """The front-desk console."""
    return FrontDeskView(
        services.routing,
        hub,
        actor,
        clock,
        calls=services.calls,
        caller_check=services.caller_check,
        rings=services.rings,
        messages=services.messages,
        checklists=services.checklists,
        org=services.org,
        reception_card=partial(build_reception_card, services),
    )


def checklists_view(services: Services, hub: ChangeHub, actor: Actor) -> ChecklistsView:
    """The Checklists screen."""
    return ChecklistsView(
        services.checklists,
        services.contracts,
        hub,
        actor,
        templates=services.checklist_templates,
        panel=lambda: checklist_panel(services, hub, actor),
    )


def windows_view(services: Services, hub: ChangeHub, actor: Actor, clock: Clock) -> WindowsView:
    """The Contact windows screen."""
    return WindowsView(
        services.windows,
        services.banks,
        hub,
        actor,
        clock,
        calendar=services.calendar,
        org=services.org,
        notify=services.notify,
        ics=services.ics,
        editor=window_editor(services, hub, actor),
        letter_mail=partial(LetterMail, services.store, services.outbox),
    )


def checklist_panel(services: Services, hub: ChangeHub, actor: Actor) -> ChecklistPanel:
    """One contract's checklist (the Checklists screen's panel, the contract form's tab)."""
    return ChecklistPanel(
        hub,
        actor,
        checklists=services.checklists,
        evidence=services.evidence,
        contracts=services.contracts,
        evidence_packs=services.evidence_packs,
        people=services.people,
    )


def window_editor(services: Services, hub: ChangeHub, actor: Actor) -> WindowEditor:
    """The contact-window form the Contact windows screen opens."""
    return lambda window, parent, bank_id, day: WindowDialog(
        hub,
        actor,
        window,
        parent,
        bank_id=bank_id,
        day=day,
        windows=services.windows,
        banks=services.banks,
        contracts=services.contracts,
        org=services.org,
        clock=services.store.clock,
    )


def bank_editor(services: Services, hub: ChangeHub, actor: Actor) -> BankEditor:
    """The bank form the Banks screen opens."""
    return make_bank_editor(
        hub,
        actor,
        banks=services.banks,
        people=services.people,
        responders=services.responders,
        training=services.training,
        outbox=services.outbox,
    )


def contract_editor(services: Services, hub: ChangeHub, actor: Actor) -> ContractEditor:
    """The contract form the Contracts screen opens."""
    return make_contract_editor(
        hub,
        actor,
        contracts=services.contracts,
        banks=services.banks,
        people=services.people,
        responders=services.responders,
        training=services.training,
        org=services.org,
        outbox=services.outbox,
        checklist_panel=lambda: checklist_panel(services, hub, actor),
    )


def number_forms(services: Services, hub: ChangeHub, actor: Actor) -> NumberForms:
    """The forms the Numbers screen opens."""
    return make_number_forms(
        hub,
        actor,
        numbers=services.numbers,
        banks=services.banks,
        contracts=services.contracts,
        people=services.people,
        org=services.org,
        store=services.store,
        outbox=services.outbox,
    )


def issue_editor(services: Services, hub: ChangeHub, actor: Actor) -> IssueEditor:
    """The issue form the feedback register opens."""
    return make_issue_editor(
        hub,
        actor,
        feedback=services.feedback,
        banks=services.banks,
        contracts=services.contracts,
        people=services.people,
        org=services.org,
    )


def call_log_forms(services: Services, hub: ChangeHub, actor: Actor) -> CallLogForms:
    """The forms the Call log page opens."""
    return make_call_log_forms(
        hub,
        actor,
        records=services.callback_records,
        call_log=services.call_log,
        banks=services.banks,
        contracts=services.contracts,
        people=services.people,
        feedback=services.feedback,
        org=services.org,
        clock=services.store.clock,
    )
