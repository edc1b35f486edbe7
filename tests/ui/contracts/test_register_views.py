"""The Contracts and Banks screens: filtering, the forms, responders, roles, live updates."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, update

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.context import AppContext
from desktop_app.core.models import Certificate, Person
from desktop_app.core.register.contracts import ContractQuery
from desktop_app.ui.banks.banks_view import BanksView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contracts_model import ContractsModel
from desktop_app.ui.contracts.contracts_view import ContractsView
from desktop_app.ui.screens import bank_editor, contract_editor
from tests.helpers.operations import calls_on_gui_thread, loaded, settle


def contracts_view(
    qtbot: QtBot, app_ctx: AppContext, actor: Actor, hub: ChangeHub | None = None
) -> ContractsView:
    hub = hub or ChangeHub()
    services = app_ctx.services
    editor = contract_editor(services, hub, actor)
    view = ContractsView(services.contracts, services.people, hub, actor, editor)
    qtbot.addWidget(view)
    settle(qtbot)  # the first page is read off the GUI thread
    return view


def test_contracts_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = contracts_view(qtbot, app_ctx, demo_admin)
    assert view.model.rowCount() == 6
    qtmodeltester.check(view.model)


def test_filters_narrow_the_list(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    view = contracts_view(qtbot, app_ctx, demo_admin)
    qtbot.keyClicks(view.search_edit, "gsyh")
    settle(qtbot)
    assert {view.model.row_at(r).bank_name for r in range(view.model.rowCount())} == {
        "中国工商银行"
    }
    view.search_edit.clear()
    view.type_combo.setCurrentIndex(view.type_combo.findData("working_capital"))
    settle(qtbot)
    assert view.model.rowCount() == 3
    view.type_combo.setCurrentIndex(0)
    person = next(p for p in app_ctx.services.people.list(demo_admin) if p.name == "陈静")
    view.responder_combo.setCurrentIndex(view.responder_combo.findData(person.id))
    settle(qtbot)
    assert [view.model.row_at(r).contract_number for r in range(view.model.rowCount())] == [
        "2025-BJ-XM-017"
    ]
    qtbot.keyClicks(view.search_edit, "zzz")
    settle(qtbot)
    assert view.model.rowCount() == 0
    assert not view.empty_label.isHidden()
    assert view.empty_label.text() == "No contract matches these filters."


def test_the_list_loads_lazily(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    # The model alone: a table would ask for the next page itself while the loop turns.
    contracts = app_ctx.services.contracts
    model = ContractsModel(page_size=4)  # a small page to see the second fetch
    model.set_fetch(
        lambda offset, limit: contracts.search(demo_admin, ContractQuery(), offset, limit)
    )
    assert model.rowCount() == 0  # read off the GUI thread: nothing yet
    settle(qtbot)
    assert model.rowCount() == 4
    assert model.canFetchMore()
    model.fetchMore()
    settle(qtbot)
    assert model.rowCount() == 6
    assert not model.canFetchMore()


def test_front_desk_sees_no_amounts_and_cannot_edit(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    assert desk.role == Role.FRONT_DESK
    view = contracts_view(qtbot, app_ctx, desk)
    assert view.table.isColumnHidden(ContractsModel.PRINCIPAL)
    assert view.new_button.isHidden()
    assert all(view.model.row_at(r).principal is None for r in range(view.model.rowCount()))
    view.table.selectRow(0)
    dialog = view.open_editor(view.selected())
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save) is None
    assert dialog.tabs.count() == 2  # no clause page
    assert dialog.principal_edit.text() == ""


def test_new_contract_errors_show_at_the_fields(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = contracts_view(qtbot, app_ctx, demo_admin)
    dialog = view.open_editor(None)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    dialog.principal_edit.setText("-5")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot)
    assert dialog.isVisible()
    assert dialog.field_errors["contract_number"].text() == "Enter the contract number."
    assert dialog.field_errors["principal"].text() == "An amount cannot be negative."
    assert len(app_ctx.services.contracts.list(demo_admin, status=None)) == 6


def test_create_a_contract_with_reordered_responders(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    view = contracts_view(qtbot, app_ctx, demo_admin, hub)
    dialog = view.open_editor(None)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    dialog.bank_combo.setCurrentIndex(dialog.bank_combo.findText("招商银行"))
    qtbot.keyClicks(dialog.number_edit, "CMB-2026-NEW")
    dialog.principal_edit.setText("800万元")
    editor = dialog.responders_editor
    for name in ("李娜", "周杰"):
        editor.candidates_combo.setCurrentIndex(editor.candidates_combo.findText(name))
        editor.add_button.click()
    editor.list_widget.setCurrentRow(1)
    editor.move_selected(-1)  # 周杰 becomes primary
    assert editor.list_widget.item(0).text() == "Primary: 周杰"
    with qtbot.waitSignal(dialog.contract_saved) as saved:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot)
    contract = saved.args[0]
    assert str(contract.principal) == "8000000.00"
    assert [r.name for r in contract.responders] == ["周杰", "李娜"]
    assert view.model.rowCount() == 7  # the list followed through the hub


def test_banks_view_filters_and_edits(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    services = app_ctx.services
    view = BanksView(services.banks, hub, demo_admin, bank_editor(services, hub, demo_admin))
    qtbot.addWidget(view)
    settle(qtbot)
    qtmodeltester.check(view.model)
    qtbot.keyClicks(view.search_edit, "95533")
    settle(qtbot)
    assert [view.model.row_at(r).name for r in range(view.model.rowCount())] == ["中国建设银行"]
    view.table.selectRow(0)
    dialog = view.open_editor(view.selected())
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    dialog.aliases_edit.setText("CCB, 建设银行, 建总")
    row = dialog.phones_table.model.add_row(["0755 8888 9999", "深圳分行"])
    assert row == 2
    with qtbot.waitSignal(dialog.bank_saved):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    view.search_edit.setText("jz")  # pinyin initials of the new alias 建总
    settle(qtbot)
    assert [view.model.row_at(r).name for r in range(view.model.rowCount())] == ["中国建设银行"]
    bank = app_ctx.services.banks.list(demo_admin, "075588889999")[0]
    assert "0755 8888 9999" in [p[1] for p in bank.phones]


def test_bank_form_refuses_a_bad_number_and_keeps_the_bank(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    editor = bank_editor(app_ctx.services, hub, demo_admin)
    view = BanksView(app_ctx.services.banks, hub, demo_admin, editor)
    qtbot.addWidget(view)
    settle(qtbot)
    view.table.selectRow(0)
    before = view.selected()
    dialog = view.open_editor(before)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    dialog.phones_table.model.add_row(["12ab", "bad"])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot)
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 2
    assert "is not a phone number" in dialog.errors._labels["phones"].text()
    assert app_ctx.services.banks.get(demo_admin, before.id) == before


def test_uncertified_responders_are_flagged(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    lapsed = app_ctx.services.identity.actor_named("周杰")
    with app_ctx.services.store.write() as session:  # the demo certified him; say it lapsed
        session.execute(delete(Certificate).where(Certificate.person_id == lapsed.person_id))
    view = contracts_view(qtbot, app_ctx, demo_admin)
    row = next(
        r
        for r in range(view.model.rowCount())
        if view.model.row_at(r).contract_number == "0200-2024-GD-0052"
    )
    view.table.selectRow(row)
    dialog = view.open_editor(view.selected())
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    texts = [
        dialog.responders_editor.list_widget.item(r).text()
        for r in range(dialog.responders_editor.list_widget.count())
    ]
    assert texts == ["Primary: 周杰 — not certified", "Backup 1: 王敏"]


def test_the_responder_filter_is_refilled_off_the_gui_thread_after_a_change(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = ChangeHub()
    view = contracts_view(qtbot, app_ctx, demo_admin, hub)
    view.responder_combo.setCurrentIndex(2)
    chosen, name = view.responder_combo.currentData(), view.responder_combo.currentText()
    reads = calls_on_gui_thread(monkeypatch, app_ctx.services.people, "list")
    with app_ctx.services.store.write() as session:
        session.execute(update(Person).where(Person.id == chosen).values(name=name + "（新）"))
    hub.announce(Changes.of(Area.PEOPLE))
    assert view.responder_combo.currentText() == name  # under way, not done at once
    settle(qtbot)
    assert reads == [False]  # read on the worker thread
    assert view.responder_combo.currentData() == chosen  # still chosen, renamed
    assert view.responder_combo.currentText() == name + "（新）"
