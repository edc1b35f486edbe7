"""The template editor saves an item as the version it showed: after another desk's save the
conflict dialog opens, and "Re-apply mine" saves over theirs; another desk's edit shows live."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.checklists.templates import ChecklistTemplateService, TemplateItemDraft
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.template_editor import TemplateEditorDialog, TemplateItemDialog
from desktop_app.ui.widgets.conflict_dialog import ConflictDialog


def when_modal(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Do ``act`` to the next modal dialog of ``kind`` once it is shown (it runs its own loop)."""

    def poll() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, kind):
            act(shown)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_a_stale_item_edit_is_reapplied_over_the_other_desks(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    editor = TemplateEditorDialog(app_ctx.services, hub, demo_admin)
    qtbot.addWidget(editor)
    editor.type_combo.setCurrentIndex(editor.type_combo.findData("working_capital"))
    row = next(
        r for r in range(editor.model.rowCount()) if editor.model.row_at(r).code == "tax_returns"
    )
    item = editor.model.row_at(row)
    elsewhere = ChecklistTemplateService(app_ctx.services.store)
    theirs = TemplateItemDraft(item.title_zh, item.title_en, freshness_days=400)
    elsewhere.save_item(demo_admin, "working_capital", item.id, theirs, item.version)
    hub.announce(Changes.of(Area.CHECKLISTS))  # as the live bridge tells of it
    assert editor.model.row_at(row).freshness_days == 400  # shown live

    def type_mine(dialog: QWidget) -> None:
        assert isinstance(dialog, TemplateItemDialog)
        dialog.title_en_edit.setText("Tax returns (latest year)")
        when_modal(ConflictDialog, lambda shown: shown.reapply_button.click())  # type: ignore[attr-defined]
        dialog.accept()

    when_modal(TemplateItemDialog, type_mine)
    editor._edit(item)  # the item as first shown: its version is now stale
    stored = next(i for i in elsewhere.get(demo_admin, "working_capital").items if i.id == item.id)
    assert (stored.title_en, stored.freshness_days, stored.version) == (
        "Tax returns (latest year)",
        400,
        item.version + 2,
    )
