"""The Audit log page on a team server: the Login column shows the login the server stamped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.i18n import set_language
from desktop_app.core.context import AppContext
from desktop_app.core.team.policy import Group
from desktop_app.ui.audit.audit_model import AuditModel
from desktop_app.ui.audit.audit_view import AuditView
from desktop_app.ui.change_hub import ChangeHub
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.operations import settle
from tests.helpers.team import DESK_PASSWORD, TeamDatabase, desk_context


@pytest.fixture
def team(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[TeamDatabase]:
    """A team server with the sample company, set up after it was loaded."""
    team = TeamDatabase(postgres_server, FakeClock(START))
    try:
        team.load_demo_then_init(tmp_path / "owner")
        yield team
    finally:
        team.drop()


@pytest.fixture
def finance_ctx(team: TeamDatabase, tmp_path: Path) -> Iterator[AppContext]:
    """王敏's desk, connected with a finance login of her own."""
    login = team.add_login(Group.FINANCE, person="王敏")
    context = desk_context(team.url_for(login, DESK_PASSWORD), tmp_path / "desk", FakeClock(START))
    yield context
    context.close()


def test_the_login_column_shows_who_wrote_an_entry_on_a_team_server(
    qtbot: QtBot, finance_ctx: AppContext, team: TeamDatabase
) -> None:
    set_language("en")
    services = finance_ctx.services
    actor = services.identity.actor_named("王敏")
    bank = services.banks.list(actor)[0]
    services.banks.set_active(actor, bank.id, False)
    view = AuditView(services.audit, services.org, ChangeHub(), actor)
    qtbot.addWidget(view)
    settle(qtbot)
    assert not view.table.isColumnHidden(AuditModel.LOGIN)
    newest = [view.model.index(0, column).data() for column in range(5)]
    assert newest[1:] == [
        "王敏",
        services.store.desk,
        team.logins[-1],
        f"王敏 deactivated bank #{bank.id}",
    ]
