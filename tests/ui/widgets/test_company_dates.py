"""The dates a form starts with are the company's today, whatever the computer's time zone: a new
contract, a confirmed number, an issue's due date, a checklist item's evidence date and a
person's absences, half a minute after midnight in Beijing with the process set to UTC, Los
Angeles and Beijing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.people.person_dialog import PersonDialog
from desktop_app.ui.screens import checklist_panel, contract_editor, issue_editor, number_forms
from tests.helpers.process_zone import AFTER_MIDNIGHT, BEFORE_MIDNIGHT, PROCESS_ZONES, process_zone


@pytest.mark.parametrize("zone", PROCESS_ZONES)
@pytest.mark.parametrize(
    ("moment", "today"),
    [(BEFORE_MIDNIGHT, date(2026, 11, 30)), (AFTER_MIDNIGHT, date(2026, 12, 1))],
)
def test_forms_start_on_the_company_day(
    qtbot: QtBot,
    app_ctx: AppContext,
    demo_admin: Actor,
    clock: FakeClock,
    zone: str,
    moment: object,
    today: date,
) -> None:
    services, hub = app_ctx.services, ChangeHub()
    clock.set(moment)  # type: ignore[arg-type]
    expected = QDate(today.year, today.month, today.day)
    bank_id = services.banks.list(demo_admin)[0].id
    with process_zone(zone):
        contract = contract_editor(services, hub, demo_admin)(None, None)
        number = number_forms(services, hub, demo_admin).editor(None, bank_id, None)
        issue = issue_editor(services, hub, demo_admin)(None, None)
        panel = checklist_panel(services, hub, demo_admin)
        person = PersonDialog(
            services.people, hub, demo_admin, clock, services.calendar, services.org
        )
    for widget in (contract, number, issue, panel, person):
        qtbot.addWidget(widget)
    assert contract.start_edit.date() == expected
    assert contract.drawdown_edit.date() == expected
    assert contract.maturity_edit.date() == expected.addYears(1)
    assert number.confirmed_edit.date() == expected
    assert issue.due_edit.date() == expected.addDays(14)
    assert panel.ready_edit.date() == expected
    assert person.absences_editor.from_edit.date() == expected
