"""The checklist panel on a team server (real PostgreSQL): a file attached at one desk opens at
another from its cache, off the GUI thread; a file not on the server yet is said so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.demo.company import load_demo
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklists_view import ChecklistsView
from desktop_app.ui.screens import checklists_view
from tests.helpers.operations import settle
from tests.helpers.team import desk_context, emptied
from tests.ui.checklists.test_checklists_view import ICBC_LOAN, UrlRecorder, select_contract
from tests.ui.checklists.test_checklists_view import viewer as viewer  # the fixture

__all__ = ["viewer"]


@pytest.fixture
def desks(postgres_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[list[AppContext]]:
    url = emptied(postgres_url)
    made = [desk_context(url, tmp_path / name, clock) for name in ("finance-1", "finance-2")]
    yield made
    for desk in made:
        desk.close()


def panel_at(qtbot: QtBot, desk: AppContext, actor: Actor) -> ChecklistsView:
    view = checklists_view(desk.services, ChangeHub(), actor)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    select_contract(qtbot, view, ICBC_LOAN)
    view.panel.items_table.selectRow(1)  # invoices
    return view


def test_a_file_attached_at_one_desk_opens_at_the_other(
    qtbot: QtBot, desks: list[AppContext], tmp_path: Path, viewer: UrlRecorder
) -> None:
    first, second = desks
    admin = load_demo(first.services, "demo-account")
    source = tmp_path / "增值税发票.pdf"
    source.write_bytes(b"%PDF-1.4 invoice " * 5000)
    attaching = panel_at(qtbot, first, admin).panel
    assert attaching.attach(source) is not None
    settle(qtbot)
    opening = panel_at(qtbot, second, admin).panel
    assert opening.files_model.rowCount() == 1
    opening.files_table.selectRow(0)
    file_id = opening.selected_file_id()
    assert file_id is not None
    with qtbot.waitSignal(opening.file_opened, timeout=10_000) as opened:
        opening.open_file(file_id)
    path = opened.args[0]
    assert path.read_bytes() == source.read_bytes()
    assert path.is_relative_to(second.paths.evidence_dir)
    assert [url.toLocalFile() for url in viewer.opened] == [str(path)]
    with second.engine.begin() as connection:  # as if attached at a desk before this version
        connection.execute(text("DELETE FROM evidence_chunk WHERE file_id = :id"), {"id": file_id})
    opening.reload(full_check=True)
    assert opening.files_banner.text().startswith("1 evidence file is not on the team server yet")
