"""Settings › People and roles in team mode: each person's presence, and an administrator resetting
someone's status — on the real PostgreSQL server; a single desk (SQLite) shows none of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.i18n import set_display_zone, set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.demo.company import load_demo
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.settings.people_presence import team_presence
from desktop_app.ui.settings.roles_page import PeopleRolesModel, RolesPage
from desktop_app.ui.settings.settings_dialog import SettingsDialog
from tests.helpers.operations import settle
from tests.helpers.team import desk_context, emptied


@pytest.fixture
def team(postgres_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A desk on the team server holding the sample company: 周杰 away, 李娜's app running,
    张伟's app closed five minutes ago."""
    context = desk_context(emptied(postgres_url), tmp_path / "desk", clock)
    set_display_zone(ZoneInfo("Asia/Shanghai"))  # as the app shows moments
    try:
        services = context.services
        load_demo(services, "demo-account")
        zhou = services.identity.actor_named("周杰")
        services.presence.set_status(zhou, zhou.person_id, "away")
        li = services.identity.actor_named("李娜")
        li_token = services.presence.start_session(li, "财务-2").value.token
        zhang = services.identity.actor_named("张伟")
        token = services.presence.start_session(zhang, "财务-3").value.token
        services.presence.end_session(zhang, token)
        clock.advance(timedelta(minutes=5))
        assert services.presence.heartbeat(li, li_token)  # her app is still running
        yield context
    finally:
        set_display_zone(None)
        context.close()


def roles_page(qtbot: QtBot, context: AppContext, actor: Actor) -> RolesPage:
    services = context.services
    page = RolesPage(
        services.people,
        ChangeHub(),
        actor,
        presence=team_presence(services.presence, services.store.dialect),
        clock=services.store.clock,
    )
    qtbot.addWidget(page)
    return page


def cells(page: RolesPage, name: str) -> list[str]:
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).name == name)
    return [str(model.index(row, c).data()) for c in range(model.columnCount())]


def headers(page: RolesPage) -> list[str]:
    model = page.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def select(page: RolesPage, name: str) -> None:
    model = page.model
    page.table.selectRow(next(r for r in range(model.rowCount()) if model.row_at(r).name == name))


def test_an_admin_sees_everyone_s_presence_and_resets_a_status(
    qtbot: QtBot, team: AppContext, clock: FakeClock
) -> None:
    admin = team.services.identity.actor_named("吴晓东")
    page = roles_page(qtbot, team, admin)
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert headers[PeopleRolesModel.STATUS :] == ["Status", "At the desk"]
    assert cells(page, "周杰")[PeopleRolesModel.STATUS :] == ["Away", "—"]
    assert cells(page, "李娜")[PeopleRolesModel.STATUS :] == ["Available", "● Online"]
    assert cells(page, "张伟")[PeopleRolesModel.STATUS :] == ["Available", "○ Last seen 10:00"]
    controls = page.presence_controls
    assert controls is not None and controls.isEnabled()

    select(page, "周杰")
    assert controls.status_combo.currentData() == "away"
    assert controls.available_button.isEnabled()
    controls.available_button.click()
    settle(qtbot)  # written off the GUI thread
    assert page.message_label.text() == "周杰's status is now “Available”."
    assert cells(page, "周杰")[PeopleRolesModel.STATUS] == "Available"
    assert not controls.available_button.isEnabled()
    zhou_id = team.services.identity.actor_named("周杰").person_id
    assert team.services.presence.of(admin, [zhou_id])[zhou_id].status == "available"

    select(page, "李娜")
    controls.status_combo.setCurrentIndex(controls.status_combo.findData("dnd"))
    controls.set_button.click()
    settle(qtbot)
    assert cells(page, "李娜")[PeopleRolesModel.STATUS :] == ["Do not disturb", "● Online"]

    clock.advance(timedelta(days=1))  # the next day: when, not at what time; 李娜 went silent
    page.reload()
    assert cells(page, "张伟")[PeopleRolesModel.AT_DESK] == "○ Last seen Nov 25, 2026"
    assert cells(page, "李娜")[PeopleRolesModel.AT_DESK] == "○ Last seen Nov 25, 2026"


def test_the_page_follows_presence_changed_elsewhere_and_speaks_chinese(
    qtbot: QtBot, team: AppContext
) -> None:
    set_language("zh_CN")
    admin = team.services.identity.actor_named("吴晓东")
    hub = ChangeHub()
    services = team.services
    page = RolesPage(
        services.people,
        hub,
        admin,
        presence=team_presence(services.presence, services.store.dialect),
        clock=services.store.clock,
    )
    qtbot.addWidget(page)
    assert cells(page, "周杰")[PeopleRolesModel.STATUS :] == ["离开", "—"]
    assert cells(page, "李娜")[PeopleRolesModel.AT_DESK] == "● 在线"
    li = services.identity.actor_named("李娜")
    changed = services.presence.set_status(li, li.person_id, "away")  # at her own desk
    hub.announce(changed.changes)  # as the live bridge hands it on
    assert page.presence_read.reading is not None  # read off the GUI thread
    settle(qtbot)
    assert cells(page, "李娜")[PeopleRolesModel.STATUS] == "离开"
    zhou = services.identity.actor_named("周杰")
    services.presence.set_status(zhou, zhou.person_id, "dnd")  # not announced yet
    hub.announce(Changes.of(Area.BANKS))  # nothing to do with presence: not read again
    assert page.presence_read.reading is None
    assert cells(page, "周杰")[PeopleRolesModel.STATUS] == "离开"
    hub.announce(Changes.of(Area.PRESENCE))
    settle(qtbot)
    assert cells(page, "周杰")[PeopleRolesModel.STATUS] == "勿扰"


def test_only_an_administrator_may_reset_someone_s_status(qtbot: QtBot, team: AppContext) -> None:
    desk = team.services.identity.actor_named("刘洋")  # the front desk
    page = roles_page(qtbot, team, desk)
    assert cells(page, "周杰")[PeopleRolesModel.STATUS] == "Away"  # seen, not changed
    assert page.presence_controls is not None and not page.presence_controls.isEnabled()


def test_a_single_desk_shows_no_presence(
    app_ctx: AppContext, settings_dialog: SettingsDialog
) -> None:
    page = settings_dialog.roles_page
    assert team_presence(app_ctx.services.presence, app_ctx.services.store.dialect) is None
    assert page.model.columnCount() == PeopleRolesModel.STATUS  # no Status, no At the desk
    assert page.presence_controls is None
    assert [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ] == [
        "Name",
        "Role",
        "Computer account",
        "Active",
    ]
