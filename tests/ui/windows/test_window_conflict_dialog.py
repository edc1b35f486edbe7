"""The window editor meets a window saved meanwhile at another desk: the shared conflict dialog
says who changed what, and reloads theirs or re-applies mine."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.screens import window_editor as make_window_editor
from desktop_app.ui.widgets.conflict_dialog import ConflictDialog
from desktop_app.ui.windows.window_dialog import WindowDialog
from tests.helpers.operations import loaded, settle
from tests.ui.widgets.test_conflict_dialog import rows

SAVE = QDialogButtonBox.StandardButton.Save
TITLE = "建行月度贷后核查"


def window_editor(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> WindowDialog:
    services = app_ctx.services
    window = next(w for w in services.windows.list(actor) if w.title == TITLE)
    stored = services.windows.get(actor, window.id)
    dialog = make_window_editor(services, ChangeHub(), actor)(stored, None, None, None)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    dialog.show()
    return dialog


def save_in_both(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> tuple[WindowDialog, ConflictDialog]:
    """李娜 moves the call to the 20th; the admin, who opened it before, renames it."""
    mine = window_editor(qtbot, app_ctx, demo_admin)
    theirs = window_editor(qtbot, app_ctx, app_ctx.services.identity.actor_named("李娜"))
    theirs.rule_fields.day_spin.setValue(20)
    theirs.note_edit.setPlainText("改到每月20日")
    with qtbot.waitSignal(theirs.window_saved):
        theirs.buttons.button(SAVE).click()
    mine.title_edit.setText("建行月度核查")
    mine.buttons.button(SAVE).click()
    settle(qtbot)
    conflict = mine.conflicts.dialog
    assert conflict is not None and conflict.isVisible()
    return mine, conflict


def test_the_window_editor_shows_the_conflict_and_reapplies_mine(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    mine, conflict = save_in_both(qtbot, app_ctx, demo_admin)
    assert mine.isVisible()  # the editor stays open behind the dialog
    assert conflict.summary.text().startswith(f"Contact window “{TITLE}” was saved by 李娜")
    assert rows(conflict) == [
        ["Day of the month", "20", "(you did not change it: theirs is kept)"],
        ["Note", "改到每月20日", "(you did not change it: theirs is kept)"],
    ]
    assert mine.contact_window is not None
    window_id = mine.contact_window.id
    with qtbot.waitSignal(mine.window_saved):
        conflict.reapply_button.click()
    stored = app_ctx.services.windows.get(demo_admin, window_id)
    assert (stored.title, stored.day_of_month, stored.note) == ("建行月度核查", 20, "改到每月20日")


def test_reload_theirs_refills_the_window_editor(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    mine, conflict = save_in_both(qtbot, app_ctx, demo_admin)
    conflict.reload_button.click()
    assert conflict.confirm_box is not None
    conflict.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: mine.conflicts.dialog is None)
    assert mine.title_edit.text() == TITLE  # my rename is dropped
    assert mine.rule_fields.day_spin.value() == 20
    assert mine.note_edit.toPlainText() == "改到每月20日"
    assert "Monthly on day 20" in mine.description_label.text()
    with qtbot.waitSignal(mine.window_saved):  # saving now is no conflict
        mine.buttons.button(SAVE).click()


def test_the_window_conflict_in_chinese(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    set_language("zh_CN")
    mine = window_editor(qtbot, app_ctx, demo_admin)
    theirs = window_editor(qtbot, app_ctx, app_ctx.services.identity.actor_named("李娜"))
    theirs.when_fields.starts_edit.setTime(
        theirs.when_fields.starts_edit.time().fromString("15:00", "HH:mm")
    )
    theirs.when_fields.ends_edit.setTime(
        theirs.when_fields.ends_edit.time().fromString("17:00", "HH:mm")
    )
    with qtbot.waitSignal(theirs.window_saved):
        theirs.buttons.button(SAVE).click()
    mine.when_fields.starts_edit.setTime(
        mine.when_fields.starts_edit.time().fromString("09:30", "HH:mm")
    )
    mine.buttons.button(SAVE).click()
    settle(qtbot)
    conflict = mine.conflicts.dialog
    assert conflict is not None
    assert conflict.windowTitle() == "该记录已被他人修改"
    assert conflict.summary.text().startswith(f"联系窗口“{TITLE}”")
    assert rows(conflict) == [
        ["每日时段：开始", "15:00", "09:30"],
        ["每日时段：结束", "17:00", "（您未修改：保留对方的值）"],
    ]
