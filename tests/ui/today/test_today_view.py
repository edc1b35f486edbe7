"""The Today view: the day, uncovered contracts and who is on duty, refreshed by the hub."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.register.contracts import ContractDraft
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.today.today_view import TodayView


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> tuple[TodayView, ChangeHub]:
    hub = ChangeHub()
    view = TodayView(app_ctx.services.today, hub, actor, app_ctx.clock)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed):
        view.show()  # the data is read just after the first paint
    return view, hub


def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view, _hub = make_view(qtbot, app_ctx, demo_admin)
    assert view.contracts_model.rowCount() == 6
    qtmodeltester.check(view.contracts_model)
    qtmodeltester.check(view.duty_model)


def test_working_morning_shows_who_answers(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view, _hub = make_view(qtbot, app_ctx, demo_admin)
    assert view.day_label.text() == "Working day"
    rows = [view.contracts_model.row_at(r) for r in range(view.contracts_model.rowCount())]
    answering = {contract.contract_number: name for contract, name in rows}
    # 张伟 is on a business trip: his contract falls to the backup 李娜.
    assert answering["BOB-ZGC-2026-0045"] == "李娜"
    assert view.banner_label.isHidden()


def test_weekend_flags_every_contract(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, clock: FakeClock
) -> None:
    clock.advance(timedelta(days=3))  # Saturday
    view, _hub = make_view(qtbot, app_ctx, demo_admin)
    assert view.day_label.text() == "Weekend"
    assert not view.banner_label.isHidden()
    assert "6 contracts have no responder available" in view.banner_label.text()


def test_a_saved_contract_appears_without_refresh(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view, hub = make_view(qtbot, app_ctx, demo_admin)
    bank = app_ctx.services.banks.list(demo_admin, "招商")[0]
    with qtbot.waitSignal(view.refreshed):  # re-read off the GUI thread
        hub.apply(
            app_ctx.services.contracts.create(
                demo_admin,
                ContractDraft(
                    bank_id=bank.id,
                    contract_number="NEW-1",
                    loan_type="working_capital",
                    principal="100万",
                    start_date="2026-01-01",
                    maturity_date="2027-01-01",
                ),
            )
        )
    assert view.contracts_model.rowCount() == 7


def test_empty_database_shows_an_empty_state(
    qtbot: QtBot, app_ctx: AppContext, admin: Actor
) -> None:
    view, _hub = make_view(qtbot, app_ctx, admin)
    assert view.contracts_model.rowCount() == 0
    assert not view.contracts_empty.isHidden()
    assert view.contracts_table.isHidden()
