"""Settings › Database › "Copy this computer's data to the team server…" on real PostgreSQL: the
move runs off the GUI thread with its progress, says what it copied, and a second one is refused
in the page's result line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.context import open_context
from desktop_app.core.demo.company import load_demo
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.models import Bank
from desktop_app.core.storage.engine import make_engine, sqlite_url
from desktop_app.ui.settings.database_page import DatabasePage
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.operations import settle
from tests.helpers.team import TeamDatabase


@pytest.fixture
def team(postgres_server: PostgresServer) -> Iterator[TeamDatabase]:
    database = TeamDatabase(postgres_server, FakeClock(START), "moveui")
    try:
        database.init(admin="王敏")
        yield database
    finally:
        database.drop()


def page_on_this_computer(qtbot: QtBot, data: Path, team: TeamDatabase) -> DatabasePage:
    """The page at a desk that uses the embedded database, the server's owner filled in."""
    paths = resolve_paths(str(data))
    page = DatabasePage(LocalSettings(), paths, MemoryStore(), sqlite_url(paths.database_file))
    qtbot.addWidget(page)
    url = make_url(team.owner_url)
    page.server_radio.setChecked(True)
    page.host_edit.setText(url.host or "")
    page.port_spin.setValue(url.port or 5432)
    page.database_edit.setText(url.database or "")
    page.user_edit.setText(url.username or "")
    return page


def test_the_button_moves_the_data_and_a_second_move_is_refused(
    qtbot: QtBot, team: TeamDatabase, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    context = open_context(data_dir=str(data), clock=FakeClock(START), secrets=MemoryStore())
    try:
        load_demo(context.services, "owner-account")
    finally:
        context.close()
    page = page_on_this_computer(qtbot, data, team)
    assert page.move_button.isVisibleTo(page) and page.move_button.isEnabled()
    page.move_button.click()
    box = page.mover.confirm_box
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert page.mover.operation is not None and page.mover.progress is not None
    settle(qtbot, 60_000)
    assert "rows copied to the team server" in page.result_label.text()
    assert "Evidence files sent:" in page.result_label.text()
    engine = make_engine(team.owner_url)
    try:
        with engine.connect() as connection:
            banks = connection.scalar(select(func.count()).select_from(Bank))
    finally:
        engine.dispose()
    assert banks and banks > 0
    page.move_button.click()
    second = page.mover.confirm_box
    assert second is not None and second is not box
    second.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, 60_000)
    assert "already holds records" in page.result_label.text()


def test_the_button_is_only_on_a_desk_that_uses_the_embedded_database(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = resolve_paths(str(tmp_path / "data"))
    page = DatabasePage(
        LocalSettings(), paths, MemoryStore(), "postgresql://reception1@office/callback_desk"
    )
    qtbot.addWidget(page)
    assert not page.move_button.isVisibleTo(page)
