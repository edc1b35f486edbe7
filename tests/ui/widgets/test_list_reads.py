"""List screens read their rows off the GUI thread: the rows shown stay until the new ones
arrive, a read for an older filter is dropped when a newer one was asked for, and a read that
fails shows in the screen's error place while the table keeps its rows."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.register.contracts import ContractQuery, ContractView
from desktop_app.ui.banks.banks_view import BanksView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.contracts.contracts_model import ContractsModel
from desktop_app.ui.contracts.contracts_view import ContractsView
from desktop_app.ui.screens import bank_editor, contract_editor
from tests.helpers.operations import settle

ICBC = "中国工商银行"


def contracts_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> ContractsView:
    hub = ChangeHub()
    services = app_ctx.services
    view = ContractsView(
        services.contracts, services.people, hub, actor, contract_editor(services, hub, actor)
    )
    qtbot.addWidget(view)
    settle(qtbot)
    return view


def banks_of(model: ContractsModel) -> set[str]:
    return {model.row_at(r).bank_name for r in range(model.rowCount())}


def test_the_rows_shown_stay_until_the_new_ones_arrive(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = contracts_view(qtbot, app_ctx, demo_admin)
    assert view.model.rowCount() == 6 and view.count_label.text() == "6 contracts"
    view.search_edit.setText("zzz")
    # The read is on the worker: the table still shows the rows it had, not an empty state.
    assert view.model.rowCount() == 6 and view.model.reading
    assert view.table.isVisibleTo(view) and view.empty_label.isHidden()
    with qtbot.waitSignal(view.refreshed):
        pass
    assert view.model.rowCount() == 0 and not view.model.reading
    assert view.table.isHidden() and not view.empty_label.isHidden()
    assert view.count_label.text() == "0 contracts"


def test_typing_shows_only_the_last_filter_once(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = contracts_view(qtbot, app_ctx, demo_admin)
    shown: list[set[str]] = []
    view.refreshed.connect(lambda: shown.append(banks_of(view.model)))
    qtbot.keyClicks(view.search_edit, "gsyh")  # four reads asked for, one after the other
    settle(qtbot)
    assert shown == [{ICBC}]


def test_a_read_for_an_older_filter_is_dropped(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    contracts = app_ctx.services.contracts
    model = ContractsModel()
    arrivals: list[bool] = []
    model.arrived.connect(arrivals.append)
    started, release = threading.Event(), threading.Event()

    def held(offset: int, limit: int) -> list[ContractView]:
        started.set()
        release.wait(10)  # on the worker: the newer filter is typed meanwhile
        return contracts.search(demo_admin, ContractQuery(text=""), offset, limit)

    model.set_fetch(held)
    qtbot.waitUntil(started.is_set)
    model.set_fetch(
        lambda offset, limit: contracts.search(
            demo_admin, ContractQuery(text="gsyh"), offset, limit
        )
    )
    release.set()
    settle(qtbot)
    assert arrivals == [True]  # the older read's six rows never reached the table
    assert banks_of(model) == {ICBC}


def test_a_failed_read_shows_in_the_error_place_and_keeps_the_rows(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = contracts_view(qtbot, app_ctx, demo_admin)
    contracts = app_ctx.services.contracts
    view.model.set_fetch(lambda offset, limit: [contracts.get(demo_admin, 987_654)])
    settle(qtbot)
    assert view.read_error.isVisibleTo(view) and view.read_error.text()
    assert view.model.rowCount() == 6  # what was shown stays
    view.search_edit.setText("gsyh")  # the next read that works clears it
    settle(qtbot)
    assert view.read_error.isHidden()
    assert banks_of(view.model) == {ICBC}


def test_the_banks_screen_reads_off_the_gui_thread(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    services = app_ctx.services
    view = BanksView(services.banks, hub, demo_admin, bank_editor(services, hub, demo_admin))
    qtbot.addWidget(view)
    settle(qtbot)
    everything = view.model.rowCount()
    assert everything > 1
    shown: list[list[str]] = []
    view.refreshed.connect(
        lambda: shown.append([view.model.row_at(r).name for r in range(view.model.rowCount())])
    )
    qtbot.keyClicks(view.search_edit, "95533")
    assert view.model.rowCount() == everything  # not read yet
    settle(qtbot)
    assert shown == [["中国建设银行"]]  # the older texts' reads were dropped
    banks = services.banks
    view.read(lambda: banks.get(demo_admin, 987_654), view.model.set_rows)
    settle(qtbot)
    assert view.read_error.isVisibleTo(view) and view.read_error.text()
    assert [view.model.row_at(r).name for r in range(view.model.rowCount())] == ["中国建设银行"]
