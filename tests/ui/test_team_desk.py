"""The whole window at a front-desk desk of a team server, connected with a front-desk login.

Every screen is opened under a database role that cannot read loan amounts, clause texts or
what banks asked: any screen that asked for them would fail here (pytest-qt fails the test on
an exception in a slot), and none may show an amount.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Role
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore, database_secret_key
from desktop_app.core.team.policy import Group
from desktop_app.ui.app import app_icon
from desktop_app.ui.contracts.contracts_model import ContractsModel
from desktop_app.ui.controller import DeskController
from desktop_app.ui.widgets.lazy_page import LazyPage
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.team import TeamDatabase

PASSWORD = "desk-password"


@pytest.fixture
def front_desk_ctx(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[AppContext]:
    team = TeamDatabase(postgres_server, FakeClock(START))
    try:
        team.load_demo_then_init(tmp_path / "owner")
        login = team.add_login(Group.FRONT_DESK, PASSWORD)
        url = make_url(team.url_for(login))
        store = MemoryStore()
        store.set(
            database_secret_key(login, url.host or "", url.port, url.database or ""), PASSWORD
        )
        context = open_context(
            db=url.render_as_string(hide_password=False),
            data_dir=str(tmp_path / "reception"),
            clock=FakeClock(START),
            secrets=store,
        )
        yield context
        context.close()
    finally:
        team.drop()


def test_every_screen_opens_for_the_front_desk(qtbot: QtBot, front_desk_ctx: AppContext) -> None:
    actor = front_desk_ctx.services.identity.actor_named("刘洋")
    assert actor.role is Role.FRONT_DESK
    controller = DeskController(front_desk_ctx, actor, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    assert controller.today_view is not None
    window.show()  # on the Front desk page, as for every front-desk person
    qtbot.waitExposed(window)
    with qtbot.waitSignal(controller.today_view.refreshed, timeout=20_000):
        window.navigation.setCurrentRow(0)
    assert controller.today_view.overview is not None
    assert len(controller.today_view.overview.contracts) == 6
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        page = window.pages.widget(row)
        if isinstance(page, LazyPage):
            qtbot.waitUntil(lambda page=page: page.is_built, timeout=20_000)
    contracts = controller.contracts_view
    assert contracts is not None
    qtbot.waitUntil(lambda: contracts.model.rowCount() == 6, timeout=20_000)
    assert contracts.table.isColumnHidden(ContractsModel.PRINCIPAL)
    rows = [contracts.model.row_at(row) for row in range(6)]
    assert all(row.principal is None and row.clause_text is None for row in rows)
