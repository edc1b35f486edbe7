"""Editors open at once and read their choices off the GUI thread (issue #15).

Until the choices arrive, the controls that depend on them are disabled or say "Loading…" and
Save is disabled and refused; once they arrive the form is filled. The event loop does not turn
between opening an editor and the first assertions, so the read cannot have reported yet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.people.person_dialog import PersonDialog
from desktop_app.ui.screens import bank_editor, contract_editor, number_forms, window_editor
from desktop_app.ui.widgets.ranked_list import NAME_ROLE
from tests.helpers.operations import loaded, settle

SAVE = QDialogButtonBox.StandardButton.Save


def texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_contract_form_fills_when_its_choices_arrive_and_refuses_to_save_before(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    stored = next(
        c for c in services.contracts.list(demo_admin) if c.contract_number == "0200-2024-GD-0052"
    )
    dialog = contract_editor(services, ChangeHub(), demo_admin)(stored, None)
    qtbot.addWidget(dialog)
    assert not dialog.loaded
    assert texts(dialog.bank_combo) == ["Loading…"] and not dialog.bank_combo.isEnabled()
    assert texts(dialog.responders_editor.candidates_combo) == ["Loading…"]
    assert not dialog.responders_editor.isEnabled()
    assert not dialog.buttons.button(SAVE).isEnabled()
    assert dialog.checklist_panel is not None and not dialog.checklist_panel.isEnabled()
    assert dialog.number_edit.text() == "0200-2024-GD-0052"  # the record itself shows at once
    dialog.save()  # refused: no save runs
    assert dialog.operation is None
    loaded(qtbot, dialog)
    assert dialog.bank_combo.currentData() == stored.bank_id
    assert dialog.bank_combo.count() == len(services.banks.list(demo_admin))
    assert dialog.bank_combo.isEnabled() and dialog.buttons.button(SAVE).isEnabled()
    people = [p.name for p in services.people.list(demo_admin)]
    assert texts(dialog.responders_editor.candidates_combo) == people
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "Checklist (…)" not in tabs and any(t.startswith("Checklist (") for t in tabs)
    assert dialog.checklist_panel.isEnabled() and dialog.checklist_panel.checklist is not None
    with qtbot.waitSignal(dialog.contract_saved):
        dialog.buttons.button(SAVE).click()


def test_a_read_only_contract_form_stays_read_only_after_loading(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    desk = services.identity.actor_named("刘洋")
    stored = services.contracts.list(desk)[0]
    dialog = contract_editor(services, ChangeHub(), desk)(stored, None)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    assert dialog.bank_combo.currentData() == stored.bank_id
    assert not dialog.bank_combo.isEnabled() and not dialog.responders_editor.isEnabled()


def test_the_bank_form_shows_its_responders_when_they_arrive(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    bank = next(
        b for b in services.banks.list(demo_admin) if services.responders.for_bank(demo_admin, b.id)
    )
    expected = [r.name for r in services.responders.for_bank(demo_admin, bank.id)]
    dialog = bank_editor(services, ChangeHub(), demo_admin)(bank, None)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == bank.name
    assert dialog.responders_editor.list_widget.count() == 0
    assert not dialog.responders_editor.isEnabled()
    assert not dialog.buttons.button(SAVE).isEnabled()
    loaded(qtbot, dialog)
    shown = dialog.responders_editor.list_widget
    assert [shown.item(r).data(NAME_ROLE) for r in range(shown.count())] == expected
    assert dialog.responders_editor.isEnabled() and dialog.buttons.button(SAVE).isEnabled()


def test_the_number_form_reads_a_bank_s_contracts_when_another_bank_is_chosen(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    number = services.numbers.list(demo_admin)[0]
    dialog = number_forms(services, ChangeHub(), demo_admin).editor(number, None, None)
    qtbot.addWidget(dialog)
    for combo in (dialog.bank_combo, dialog.contract_combo, dialog.person_combo):
        assert texts(combo) == ["Loading…"] and not combo.isEnabled()
    assert not dialog.buttons.button(SAVE).isEnabled()
    loaded(qtbot, dialog)
    assert dialog.bank_combo.currentData() == number.bank_id
    assert dialog.contract_combo.currentData() == number.contract_id
    assert dialog.person_combo.currentData() == number.person_id
    other = next(b for b in services.banks.list(demo_admin) if b.id != number.bank_id)
    dialog.bank_combo.setCurrentIndex(dialog.bank_combo.findData(other.id))
    assert texts(dialog.contract_combo) == ["Loading…"]
    assert not dialog.buttons.button(SAVE).isEnabled()
    settle(qtbot)
    expected = [c.contract_number for c in services.contracts.list(demo_admin, bank_id=other.id)]
    assert texts(dialog.contract_combo) == ["All loans at this bank", *expected]
    assert dialog.buttons.button(SAVE).isEnabled()


def test_the_person_form_shows_the_absences_when_they_arrive(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    person = next(p for p in services.people.list(demo_admin) if p.name == "张伟")
    assert services.people.absences(demo_admin, person.id)
    dialog = PersonDialog(
        services.people,
        ChangeHub(),
        demo_admin,
        app_ctx.clock,
        services.calendar,
        services.org,
        person,
    )
    qtbot.addWidget(dialog)
    assert dialog.edits["name"].text() == "张伟"
    assert dialog.absences_editor.model.rowCount() == 0
    assert not dialog.buttons.button(SAVE).isEnabled()
    loaded(qtbot, dialog)
    assert dialog.absences_editor.model.rowCount() == len(
        services.people.absences(demo_admin, person.id)
    )
    assert dialog.buttons.button(SAVE).isEnabled()


def test_the_window_form_names_the_time_zones_and_previews_when_its_choices_arrive(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    dialog = window_editor(services, ChangeHub(), demo_admin)(None, None, None, None)
    qtbot.addWidget(dialog)
    assert dialog.zone_combo.count() == 1  # the company's zone, until every zone is named
    assert texts(dialog.bank_combo) == ["Loading…"] and not dialog.zone_combo.isEnabled()
    assert dialog.preview_model.rowCount() == 0 and dialog.preview_message.text() == "Loading…"
    assert not dialog.buttons.button(SAVE).isEnabled()
    loaded(qtbot, dialog)
    assert dialog.zone_combo.count() > 100 and dialog.zone_combo.zone() == "Asia/Shanghai"
    assert dialog.bank_combo.count() == len(services.banks.list(demo_admin))
    assert dialog.contract_combo.itemText(0) == "All of the bank's contracts"
    assert dialog.preview_model.rowCount() > 0
    assert dialog.preview_message.text() != "Loading…"
    assert dialog.buttons.button(SAVE).isEnabled()
