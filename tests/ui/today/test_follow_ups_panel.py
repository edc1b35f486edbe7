"""The Today page's follow-ups: marking one done is written off the GUI thread."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.follow_ups import FollowUpView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.today.follow_ups_panel import FollowUpsPanel
from tests.helpers.operations import settle


def make_panel(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> FollowUpsPanel:
    panel = FollowUpsPanel(app_ctx.services.follow_ups, ChangeHub(), actor)
    qtbot.addWidget(panel)
    panel.reload()
    settle(qtbot)  # read off the GUI thread
    return panel


def open_one(app_ctx: AppContext, actor: Actor) -> FollowUpView:
    due = app_ctx.clock.now() + timedelta(hours=2)
    return app_ctx.services.follow_ups.create(
        actor, "return_call", "回电给工商银行", due, None
    ).value


def test_marking_done_writes_off_the_gui_thread_and_the_list_follows(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    follow_up = open_one(app_ctx, demo_admin)
    panel = make_panel(qtbot, app_ctx, demo_admin)
    before = panel.model.rowCount()
    assert follow_up.id in {panel.model.row_at(row).id for row in range(before)}
    operation = panel.close_follow_up(follow_up, "已回电")
    assert operation.running  # queued on the worker: the click returned at once
    settle(qtbot)
    assert panel.model.rowCount() == before - 1
    assert follow_up.id not in {panel.model.row_at(row).id for row in range(before - 1)}
    assert panel.message_label.text() == ""


def test_a_follow_up_closed_elsewhere_is_said_in_the_panel(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    follow_up = open_one(app_ctx, demo_admin)
    panel = make_panel(qtbot, app_ctx, demo_admin)
    app_ctx.services.follow_ups.close(demo_admin, follow_up.id, "另一台电脑")
    panel.close_follow_up(follow_up, "已回电")
    settle(qtbot)
    assert panel.message_label.text() == "This follow-up is already closed."
    assert panel.done_button.isEnabled() == (panel.model.rowCount() > 0)
