"""The conflict dialog: two desks edit the same record; the second save shows what changed.

Each test opens the same record in two editors (two desks), saves the first, then saves the
second and works the dialog that comes up: reload theirs, or re-apply mine.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.checklists.service import ItemUpdate
from desktop_app.core.common.errors import ServerUnreachable
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.storage.unreachable import NOT_READ, NOTHING_SAVED
from desktop_app.ui import error_hook
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contract_dialog import ContractDialog
from desktop_app.ui.screens import bank_editor, checklist_panel, number_forms
from desktop_app.ui.screens import contract_editor as make_contract_editor
from desktop_app.ui.widgets.conflict_dialog import ChangesModel, ConflictDialog
from tests.helpers.operations import loaded, settle

SAVE = QDialogButtonBox.StandardButton.Save


def contract_editor(
    qtbot: QtBot, app_ctx: AppContext, actor: Actor, index: int = 0
) -> ContractDialog:
    services = app_ctx.services
    contract = services.contracts.list(app_ctx.services.identity.actor_named("王敏"))[index]
    stored = services.contracts.get(actor, contract.id)
    dialog = make_contract_editor(services, ChangeHub(), actor)(stored, None)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    return dialog


def rows(conflict: ConflictDialog) -> list[list[str]]:
    model = conflict.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def save_in_both(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> tuple[ContractDialog, ConflictDialog]:
    """李娜 renames the contract; the admin, who opened it before, changes its principal."""
    mine = contract_editor(qtbot, app_ctx, demo_admin)
    li_na = app_ctx.services.identity.actor_named("李娜")
    theirs = contract_editor(qtbot, app_ctx, li_na)
    theirs.title_edit.setText("续贷：流动资金")
    theirs.buttons.button(SAVE).click()
    settle(qtbot)
    assert not theirs.isVisible() or theirs.result() == 1
    mine.principal_edit.setText("6,000,000.00")
    mine.buttons.button(SAVE).click()
    settle(qtbot)
    conflict = mine.conflicts.dialog
    assert conflict is not None and conflict.isVisible()
    return mine, conflict


def test_the_dialog_shows_who_and_what_in_english(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    mine, conflict = save_in_both(qtbot, app_ctx, demo_admin)
    assert conflict.windowTitle() == "Someone else changed this record"
    number = mine.contract.contract_number if mine.contract else ""
    assert conflict.summary.text().startswith(f"Contract “{number}” was saved by 李娜 (desk ")
    assert rows(conflict) == [
        ["Title", "续贷：流动资金", "(you did not change it: theirs is kept)"]
    ]
    headers = [conflict.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Field", "Their value", "Your value"]
    assert [conflict.reload_button.text(), conflict.reapply_button.text()] == [
        "Reload theirs",
        "Re-apply mine",
    ]


def test_the_dialog_in_chinese_formats_amounts_as_the_editor_does(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    set_language("zh_CN")
    mine = contract_editor(qtbot, app_ctx, demo_admin, 1)
    li_na = app_ctx.services.identity.actor_named("李娜")
    theirs = contract_editor(qtbot, app_ctx, li_na, 1)
    theirs.principal_edit.setText("750万")
    theirs.buttons.button(SAVE).click()
    settle(qtbot)
    mine.principal_edit.setText("8,000,000.00")
    mine.title_edit.setText("我的名称")
    mine.buttons.button(SAVE).click()
    settle(qtbot)
    conflict = mine.conflicts.dialog
    assert conflict is not None
    assert rows(conflict) == [["本金", "7,500,000.00", "8,000,000.00"]]
    assert "李娜" in conflict.summary.text()
    assert ChangesModel.COLUMNS[0].header == "Field"  # a msgid, translated when shown


def test_reload_theirs_refills_the_editor_after_confirmation(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    mine, conflict = save_in_both(qtbot, app_ctx, demo_admin)
    conflict.reload_button.click()
    box = conflict.confirm_box
    assert box is not None and box.text().startswith("Your edits in this form will be lost.")
    box.button(QMessageBox.StandardButton.No).click()
    assert mine.title_edit.text() != "续贷：流动资金"  # not reloaded: the person kept editing
    conflict.reload_button.click()
    assert conflict.confirm_box is not None
    conflict.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: mine.conflicts.dialog is None)
    assert mine.title_edit.text() == "续贷：流动资金"
    assert mine.principal_edit.text() != "6,000,000.00"
    loaded(qtbot, mine)  # the reloaded form's choices are read off the GUI thread
    with qtbot.waitSignal(mine.contract_saved):  # saving now is no conflict
        mine.buttons.button(SAVE).click()


def test_reapply_mine_saves_on_top_and_a_second_conflict_asks_again(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    mine, conflict = save_in_both(qtbot, app_ctx, demo_admin)
    assert mine.contract is not None
    contract_id = mine.contract.id
    # Someone saves once more while the dialog is open: re-applying meets a newer version.
    third = contract_editor(qtbot, app_ctx, app_ctx.services.identity.actor_named("周杰"))
    third.title_edit.setText("第三次修改")
    third.buttons.button(SAVE).click()
    settle(qtbot)
    conflict.reapply_button.click()
    settle(qtbot)
    again = mine.conflicts.dialog
    assert again is not None and again is not conflict
    assert "周杰" in again.summary.text()
    assert rows(again)[0][:2] == ["Title", "第三次修改"]
    with qtbot.waitSignal(mine.contract_saved):
        again.reapply_button.click()
    stored = app_ctx.services.contracts.get(demo_admin, contract_id)
    assert (stored.title, stored.principal) == ("第三次修改", Decimal("6000000"))


def test_every_versioned_editor_uses_the_dialog(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    li_na = services.identity.actor_named("李娜")
    bank = services.banks.list(demo_admin)[0]
    bank_dialog = bank_editor(services, ChangeHub(), demo_admin)(bank, None)
    qtbot.addWidget(bank_dialog)
    loaded(qtbot, bank_dialog)
    services.banks.update(
        li_na, bank.id, bank_editor(services, ChangeHub(), li_na)(bank, None).draft(), bank.version
    )
    bank_dialog.notes_edit.setPlainText("我的备注")
    bank_dialog.buttons.button(SAVE).click()
    settle(qtbot)
    assert bank_dialog.conflicts.dialog is not None
    with qtbot.waitSignal(bank_dialog.bank_saved):
        bank_dialog.conflicts.dialog.reapply_button.click()
    assert services.banks.get(demo_admin, bank.id).notes == "我的备注"

    number = services.numbers.list(demo_admin)[0]
    number_dialog = number_forms(services, ChangeHub(), demo_admin).editor(number, None, None)
    qtbot.addWidget(number_dialog)
    loaded(qtbot, number_dialog)
    services.numbers.update(
        li_na,
        number.id,
        NumberDraft(
            number.bank_id, number.number, "改过的说明", number.person_id, number.contract_id
        ),
        number.version,
    )
    number_dialog.buttons.button(SAVE).click()
    settle(qtbot)
    conflict = number_dialog.conflicts.dialog
    assert conflict is not None and rows(conflict)[0][:2] == ["Label", "改过的说明"]
    conflict.reload_button.click()
    assert conflict.confirm_box is not None
    conflict.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert number_dialog.label_edit.text() == "改过的说明"

    panel = checklist_panel(services, ChangeHub(), demo_admin)
    qtbot.addWidget(panel)
    contract = services.contracts.list(demo_admin)[0]
    panel.set_contract(contract.id)
    item = panel.selected_item()
    assert item is not None
    services.checklists.update_item(
        li_na, item.id, ItemUpdate(item.state, notes="李娜的备注"), item.version
    )
    panel.notes_edit.setPlainText("我的备注")
    panel.save_button.click()
    settle(qtbot)  # saved off the GUI thread: the conflict comes back from the worker
    assert panel.conflicts.dialog is not None
    panel.conflicts.dialog.reapply_button.click()
    settle(qtbot)
    stored = next(
        i for i in services.checklists.checklist(demo_admin, contract.id).items if i.id == item.id
    )
    assert stored.notes == "我的备注"


def test_a_lost_server_during_a_refresh_is_shown_to_the_person(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    before = sys.excepthook
    undo = error_hook.install(window, tmp_path / "logs")
    try:
        hook = sys.excepthook
        assert isinstance(hook, error_hook.ErrorHook)
        error = ServerUnreachable(NOT_READ)
        hook(type(error), error, None)
        assert hook.box is not None
        assert hook.box.text() == "The team server was unreachable. Try again."
        again = ServerUnreachable(NOTHING_SAVED)
        hook(type(again), again, None)  # one box, its text replaced
        assert hook.box.text() == "The team server was unreachable; nothing was saved. Try again."
        hook.box.button(QMessageBox.StandardButton.Ok).click()
        assert hook.box is None
    finally:
        undo()
    assert sys.excepthook is before
