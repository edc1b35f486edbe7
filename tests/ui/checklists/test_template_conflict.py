"""The template editor saves an item as the version it showed: after another desk's save the
conflict dialog opens, and "Re-apply mine" saves over theirs; another desk's edit shows live."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.core.checklists.templates import ChecklistTemplateService, TemplateItemDraft
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.template_editor import TemplateEditorDialog
from tests.helpers.operations import settle


def test_a_stale_item_edit_is_reapplied_over_the_other_desks(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    editor = TemplateEditorDialog(app_ctx.services.checklist_templates, hub, demo_admin)
    qtbot.addWidget(editor)
    editor.type_combo.setCurrentIndex(editor.type_combo.findData("working_capital"))
    row = next(
        r for r in range(editor.model.rowCount()) if editor.model.row_at(r).code == "tax_returns"
    )
    item = editor.model.row_at(row)
    elsewhere = ChecklistTemplateService(app_ctx.services.store)
    theirs = TemplateItemDraft(item.title_zh, item.title_en, freshness_days=400)
    elsewhere.save_item(demo_admin, "working_capital", item.id, theirs, item.version)
    editor.table.selectRow(row)
    hub.announce(Changes.of(Area.CHECKLISTS))  # as the live bridge tells of it
    assert editor.background_read.reading is not None  # read off the GUI thread
    settle(qtbot)
    assert editor.model.row_at(row).freshness_days == 400  # shown live
    selected = editor.selected()
    assert selected is not None and selected.id == item.id  # still selected

    dialog = editor._edit(item)  # the item as first shown: its version is now stale
    dialog.title_en_edit.setText("Tax returns (latest year)")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None)
    assert dialog.isVisible()  # not closed before its save succeeded
    assert editor.conflict_dialog is not None
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):  # closed once saved
        editor.conflict_dialog.reapply_button.click()
    stored = next(i for i in elsewhere.get(demo_admin, "working_capital").items if i.id == item.id)
    assert (stored.title_en, stored.freshness_days, stored.version) == (
        "Tax returns (latest year)",
        400,
        item.version + 2,
    )


def test_a_refused_item_keeps_its_dialog_open_with_the_problem_at_the_field(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    editor = TemplateEditorDialog(app_ctx.services.checklist_templates, ChangeHub(), demo_admin)
    qtbot.addWidget(editor)
    rows = editor.model.rowCount()
    dialog = editor._edit(None)
    dialog.guidance_en_edit.setPlainText("Counted by the warehouse")  # but no name
    dialog.buttons.accepted.emit()
    settle(qtbot)
    assert dialog.isVisible()
    assert dialog.guidance_en_edit.toPlainText() == "Counted by the warehouse"  # kept
    assert dialog.labels["title_zh"].text() and not dialog.labels["title_zh"].isHidden()
    assert editor.model.rowCount() == rows
