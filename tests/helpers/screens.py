"""Screens built for tests from the whole ``Services`` of a test database, each given only the
services it uses, as the desk controller (`ui/controller.py`) gives them."""

from __future__ import annotations

from functools import partial

from desktop_app.core.common.clock import Clock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.reception_card import build_reception_card
from desktop_app.core.notify.letters import LetterMail
from desktop_app.core.services import Services
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklist_panel import ChecklistPanel
from desktop_app.ui.checklists.checklists_view import ChecklistsView
from desktop_app.ui.front_desk.front_desk_view import FrontDeskView
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
        panel=lambda: ChecklistPanel(services, hub, actor),
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
        editor=lambda window, parent, bank_id, day: WindowDialog(
            services, hub, actor, window, parent, bank_id=bank_id, day=day
        ),
        letter_mail=partial(LetterMail, services.store, services.outbox),
    )
