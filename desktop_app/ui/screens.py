"""Which screen uses which services: each screen and form built from the app's ``Services``.

The one place that reaches into the whole bag on a screen's behalf; the screens, forms and panels
themselves take only the services they use. The desk controller builds its pages with these, and
the tests build the same screens the same way. Each screen's module is imported when it is first
built, so that the window paints before the pages it does not show yet are loaded.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.common.clock import Clock
    from desktop_app.core.common.permissions import Actor
    from desktop_app.core.services import Services
    from desktop_app.ui.audit.audit_view import AuditView
    from desktop_app.ui.banks.banks_view import BankEditor, BanksView
    from desktop_app.ui.call_log.call_log_view import CallLogForms, CallLogView
    from desktop_app.ui.call_log.feedback_view import IssueEditor
    from desktop_app.ui.change_hub import ChangeHub
    from desktop_app.ui.checklists.checklist_panel import ChecklistPanel
    from desktop_app.ui.checklists.checklists_view import ChecklistsView
    from desktop_app.ui.contracts.contracts_view import ContractEditor, ContractsView
    from desktop_app.ui.front_desk.front_desk_view import FrontDeskView
    from desktop_app.ui.numbers.numbers_view import NumberForms, NumbersView
    from desktop_app.ui.people.people_view import PeopleView
    from desktop_app.ui.reports.reports_view import ReportsView
    from desktop_app.ui.training.training_view import TrainingView
    from desktop_app.ui.windows.window_actions import WindowEditor
    from desktop_app.ui.windows.windows_view import WindowsView


def front_desk_view(
    services: Services, hub: ChangeHub, actor: Actor, clock: Clock
) -> FrontDeskView:
    """The front-desk console."""
    from desktop_app.core.front_desk.reception_card import build_reception_card
    from desktop_app.ui.front_desk.front_desk_view import FrontDeskView

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


def contract_editor(services: Services, hub: ChangeHub, actor: Actor) -> ContractEditor:
    """The contract form the Contracts screen opens."""
    from desktop_app.ui.contracts.contracts_view import contract_editor as editor

    return editor(
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


def contracts_view(services: Services, hub: ChangeHub, actor: Actor) -> ContractsView:
    """The Contracts screen."""
    from desktop_app.ui.contracts.contracts_view import ContractsView

    editor = contract_editor(services, hub, actor)
    return ContractsView(services.contracts, services.people, hub, actor, editor)


def bank_editor(services: Services, hub: ChangeHub, actor: Actor) -> BankEditor:
    """The bank form the Banks screen opens."""
    from desktop_app.ui.banks.banks_view import bank_editor as editor

    return editor(
        hub,
        actor,
        banks=services.banks,
        people=services.people,
        responders=services.responders,
        training=services.training,
        outbox=services.outbox,
    )


def banks_view(services: Services, hub: ChangeHub, actor: Actor) -> BanksView:
    """The Banks screen."""
    from desktop_app.ui.banks.banks_view import BanksView

    return BanksView(services.banks, hub, actor, bank_editor(services, hub, actor))


def people_view(services: Services, hub: ChangeHub, actor: Actor, clock: Clock) -> PeopleView:
    """The People screen."""
    from desktop_app.ui.people.people_view import PeopleView

    return PeopleView(
        services.people,
        hub,
        actor,
        clock,
        services.calendar,
        services.org,
        training=services.training,
    )


def number_forms(services: Services, hub: ChangeHub, actor: Actor) -> NumberForms:
    """The forms the Registered numbers screen opens."""
    from desktop_app.ui.numbers.numbers_view import number_forms as forms

    return forms(
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


def numbers_view(services: Services, hub: ChangeHub, actor: Actor) -> NumbersView:
    """The Registered numbers screen."""
    from desktop_app.ui.numbers.numbers_view import NumbersView

    forms = number_forms(services, hub, actor)
    return NumbersView(services.banks, services.numbers, hub, actor, forms)


def issue_editor(services: Services, hub: ChangeHub, actor: Actor) -> IssueEditor:
    """The issue form the feedback register opens."""
    from desktop_app.ui.call_log.feedback_view import issue_editor as editor

    return editor(
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
    from desktop_app.ui.call_log.call_log_view import call_log_forms as forms

    return forms(
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


def call_log_view(services: Services, hub: ChangeHub, actor: Actor, clock: Clock) -> CallLogView:
    """The Call log page (with the feedback register)."""
    from desktop_app.ui.call_log.call_log_view import CallLogView

    return CallLogView(
        hub,
        actor,
        call_log=services.call_log,
        banks=services.banks,
        contracts=services.contracts,
        people=services.people,
        feedback=services.feedback,
        outbox=services.outbox,
        clock=clock,
        forms=call_log_forms(services, hub, actor),
    )


def checklist_panel(services: Services, hub: ChangeHub, actor: Actor) -> ChecklistPanel:
    """One contract's checklist (the Checklists screen's panel, the contract form's tab)."""
    from desktop_app.ui.checklists.checklist_panel import ChecklistPanel

    return ChecklistPanel(
        hub,
        actor,
        checklists=services.checklists,
        evidence=services.evidence,
        contracts=services.contracts,
        evidence_packs=services.evidence_packs,
        people=services.people,
    )


def checklists_view(services: Services, hub: ChangeHub, actor: Actor) -> ChecklistsView:
    """The Checklists screen."""
    from desktop_app.ui.checklists.checklists_view import ChecklistsView

    return ChecklistsView(
        services.checklists,
        services.contracts,
        hub,
        actor,
        templates=services.checklist_templates,
        panel=lambda: checklist_panel(services, hub, actor),
    )


def window_editor(services: Services, hub: ChangeHub, actor: Actor) -> WindowEditor:
    """The contact-window form the Contact windows screen opens."""
    from desktop_app.ui.windows.window_dialog import WindowDialog

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


def windows_view(services: Services, hub: ChangeHub, actor: Actor, clock: Clock) -> WindowsView:
    """The Contact windows screen."""
    from desktop_app.core.notify.letters import LetterMail
    from desktop_app.ui.windows.windows_view import WindowsView

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


def reports_view(services: Services, hub: ChangeHub, actor: Actor) -> ReportsView:
    """The Reports screen."""
    from desktop_app.ui.reports.reports_view import ReportsView

    return ReportsView(services.reports, services.banks, hub, actor)


def audit_view(services: Services, hub: ChangeHub, actor: Actor) -> AuditView:
    """The Audit log screen."""
    from desktop_app.ui.audit.audit_view import AuditView

    return AuditView(services.audit, services.org, hub, actor)


def training_view(services: Services, hub: ChangeHub, actor: Actor) -> TrainingView:
    """The Training screen."""
    from desktop_app.ui.training.training_view import TrainingView

    return TrainingView(services.training, hub, actor)
