"""The front-desk console: search by number or name, the transfer list, logging, the card, and
routing again off the GUI thread after a change elsewhere."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event, update

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import Person
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.front_desk.front_desk_view import FrontDeskView
from desktop_app.ui.screens import front_desk_view
from tests.helpers.operations import calls_on_gui_thread, in_a_stack, settle, written
from tests.helpers.pdfs import pdf_text, wrong_code_points


def make_console(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> FrontDeskView:
    view = front_desk_view(app_ctx.services, ChangeHub(), actor, app_ctx.clock)
    qtbot.addWidget(view)
    return view


def names(view: FrontDeskView) -> list[str]:
    model = view.candidates_model
    return [model.row_at(r).name for r in range(model.rowCount())]


def test_a_displayed_number_finds_the_bank_and_whom_to_transfer_to(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    qtbot.keyClicks(view.search_edit, "010-6552 1234")
    assert view.bank_label.text() == "中国工商银行"
    assert "朝阳支行" in view.caller_label.text()
    qtmodeltester.check(view.candidates_model)
    qtmodeltester.check(view.contracts_model)
    assert names(view)[:2] == ["周杰", "王敏"] or names(view)[0] == "王敏"
    assert view.contracts_model.rowCount() == 2
    assert all(
        view.contracts_model.row_at(r).principal is None
        for r in range(view.contracts_model.rowCount())
    )
    assert view.advice_label.text().startswith("Transfer to ")
    assert view.script_label.text().startswith("1. ")


def test_pinyin_initials_find_the_bank(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_console(qtbot, app_ctx, demo_admin)
    qtbot.keyClicks(view.search_edit, "gsyh")
    assert view.bank_label.text() == "中国工商银行"
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "95533")
    assert view.bank_label.text() == "中国建设银行"


def test_nobody_available_takes_a_message_with_one_key(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    qtbot.keyClicks(view.search_edit, "BOB-ZGC")
    assert view.bank_label.text() == "北京银行"
    qtbot.keyClicks(view.log_bar.caller_name_edit, "Feng Tao")
    qtbot.keyClicks(view.log_bar.notes_edit, "please call back about payroll")
    button = view.log_bar.outcome_buttons["message"]
    assert view.log_bar.outcome_shortcuts["message"].key() == QKeySequence("F6")  # one key
    with qtbot.waitSignal(view.call_logged) as logged:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    call = logged.args[0]
    assert call.outcome == "message"
    assert call.follow_up_id is not None
    assert "will call back by" in view.status_label.text()
    assert view.search_edit.text() == ""
    follow_ups = app_ctx.services.follow_ups.list(demo_admin)
    assert any(f.id == call.follow_up_id and f.kind == "return_call" for f in follow_ups)


def test_the_reception_card_prints(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    view = make_console(qtbot, app_ctx, demo_admin)
    dialog = view.open_reception_card()
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    path = written(qtbot, dialog.save_pdf(tmp_path / "card.pdf"))
    text = pdf_text(path)
    assert "Bank callbacks: whom to transfer to" in text
    assert "95588" in text and "Re-print after" in text
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    chinese = pdf_text(written(qtbot, dialog.save_pdf(tmp_path / "card-zh.pdf")))
    for line in (
        "银行回访：转接给谁",
        "北京示例精密制造有限公司",
        "打印日期：2026年11月25日",
        "请在 2026年12月25日 后或接听人变更时重新打印",
        "中国工商银行",
        "中国建设银行",
        "确认来电人的银行、姓名和号码。切勿向来电人透露贷款金额或合同细节。",
    ):
        assert line in chinese.split("\n"), line
    assert not wrong_code_points(chinese)


def test_finance_sees_checklist_readiness_and_the_desk_does_not(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_console(qtbot, app_ctx, demo_admin)
    qtbot.keyClicks(view.search_edit, "gsyh")
    model = view.contracts_model
    assert not view.contracts_table.isColumnHidden(model.READINESS)
    cells = [model.data(model.index(r, model.READINESS)) for r in range(model.rowCount())]
    assert cells and all("ready" in cell for cell in cells)
    desk = make_console(qtbot, app_ctx, app_ctx.services.identity.actor_named("刘洋"))
    assert desk.contracts_table.isColumnHidden(desk.contracts_model.READINESS)
    qtbot.keyClicks(desk.search_edit, "gsyh")
    assert desk.contracts_model.readiness == {}


def test_a_call_that_cannot_be_saved_says_so_and_keeps_what_was_typed(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    """Another program holds the SQLite file's write lock past every wait: the desk sees it."""
    engine = app_ctx.engine
    database = engine.url.database
    assert database is not None

    def short_wait(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=20")  # the test's patience, not the app's

    event.listen(engine, "connect", short_wait)
    engine.dispose()
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    qtbot.keyClicks(view.search_edit, "BOB-ZGC")
    qtbot.keyClicks(view.log_bar.caller_name_edit, "Feng Tao")
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with qtbot.assertNotEmitted(view.call_logged):
            logging = view.log_call("message")  # the fields are fine: it is written off-thread
            assert logging is not None
            with qtbot.waitSignal(logging.failed, timeout=10_000):
                pass
        assert "busy" in view.status_label.text() and "nothing was saved" in (
            view.status_label.text()
        )
        assert view.status_label.objectName() == "warningBanner"
        assert view.log_bar.caller_name_edit.text() == "Feng Tao"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with qtbot.waitSignal(view.call_logged):
        assert view.log_call("message") is not None
    assert view.log_bar.caller_name_edit.text() == ""


def test_a_keystroke_that_changes_nothing_leaves_the_lists_in_place(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    resets: list[str] = []
    view.contracts_model.modelReset.connect(lambda: resets.append("contracts"))
    view.candidates_model.modelReset.connect(lambda: resets.append("candidates"))
    qtbot.keyClicks(view.search_edit, "gsyh")
    assert view.bank_label.text() == "中国工商银行" and names(view)
    shown = names(view)
    resets.clear()
    view.route()  # the same text again: the same bank, contracts and transfer list
    assert resets == []
    assert names(view) == shown and view.bank_label.text() == "中国工商银行"
    changed: list[str] = []
    for name, model in (("contracts", view.contracts_model), ("candidates", view.candidates_model)):
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(lambda *_args, name=name: changed.append(name))
    view.search_edit.setText("zhaoshang")  # another bank: both lists change, in place
    assert view.bank_label.text() == "招商银行"
    assert "contracts" in changed and "candidates" in changed
    assert resets == []
    assert names(view) != shown
    assert names(view) == [c.name for c in app_ctx.services.routing.route(
        desk, "zhaoshang", app_ctx.clock.now()).candidates]  # fmt: skip


def test_a_key_that_refines_the_same_bank_keeps_the_transfer_list_and_the_pick(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    qtbot.keyClicks(view.search_edit, "gsyh")
    assert view.bank_label.text() == "中国工商银行" and len(names(view)) >= 2
    shown = names(view)
    view.candidates_table.selectRow(1)  # the desk picks the second person
    picked = view.selected_candidate_id()
    assert picked == view.candidates_model.row_at(1).person_id
    moved: list[str] = []
    model = view.candidates_model
    model.modelReset.connect(lambda: moved.append("reset"))
    model.rowsInserted.connect(lambda *_args: moved.append("inserted"))
    model.rowsRemoved.connect(lambda *_args: moved.append("removed"))
    view.search_edit.setText("工商银行")  # the same bank typed another way
    assert view.bank_label.text() == "中国工商银行"
    assert names(view) == shown and moved == []
    assert view.selected_candidate_id() == picked
    qtmodeltester.check(model)


def test_saving_the_callers_number_runs_off_the_gui_thread(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    known = view.route("010-6552 1234")
    assert known.bank is not None
    chosen = app_ctx.services.routing.route(
        desk, "010-8888 9999", app_ctx.clock.now(), bank_id=known.bank.bank_id
    )
    assert chosen.offer_save_number
    view.search_edit.setText("010-8888 9999")
    view.result = chosen  # as after the person tied the unknown number to the bank
    operation = view.save_number()
    assert operation is not None and not view.save_number_button.isEnabled()  # one at a time
    settle(qtbot)
    assert view.status_label.text() == "010 8888 9999 saved as a number of 中国工商银行."
    assert view.result is not None and view.result.number_known  # routed again
    assert view.save_number_button.isEnabled()


def test_a_key_leaves_the_console_laid_out_before_it_paints(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    parts = (
        view.contracts_table,
        view.candidates_table,
        view.advice_label,
        view.caller_label,
        *([view.messages_panel] if view.messages_panel is not None else []),
    )
    before = [part.geometry() for part in parts]
    view.search_edit.setText("010-6552 1234")  # a bank found: the boxes take new sizes
    after_key = [part.geometry() for part in parts]
    assert after_key != before
    for _ in range(5):  # what the event loop would still lay out before the next paint
        QApplication.processEvents()
    assert [part.geometry() for part in parts] == after_key


def test_a_change_elsewhere_routes_again_off_the_gui_thread_in_place_when_shown(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    hub = ChangeHub()
    view = front_desk_view(app_ctx.services, hub, desk, app_ctx.clock)
    stack, other = in_a_stack(qtbot, view)
    qtbot.keyClicks(view.search_edit, "gsyh")
    assert view.bank_label.text() == "中国工商银行" and len(names(view)) >= 2
    view.log_bar.caller_name_edit.setText("王经理")
    resets: list[str] = []
    view.candidates_model.modelReset.connect(lambda: resets.append("candidates"))
    view.contracts_model.modelReset.connect(lambda: resets.append("contracts"))
    routes = calls_on_gui_thread(monkeypatch, app_ctx.services.routing, "route")
    first = names(view)[0]
    rename_person(app_ctx, first, "新名字")
    hub.announce(Changes.of(Area.PEOPLE))
    assert view.rerouting.reading is not None and names(view)[0] == first  # not done at once
    settle(qtbot)
    assert routes == [False]  # routed on the worker thread
    assert "新名字" in names(view) and first not in names(view)
    assert resets == []  # updated in place
    assert view.search_edit.text() == "gsyh" and view.log_bar.caller_name_edit.text() == "王经理"
    stack.setCurrentWidget(other)  # behind another page: remembered, not routed
    rename_person(app_ctx, "新名字", first)
    hub.announce(Changes.of(Area.PEOPLE))
    assert view.rerouting.reading is None and routes == [False]
    stack.setCurrentWidget(view)  # shown again: routed once
    settle(qtbot)
    assert routes == [False, False] and first in names(view)


def test_a_routing_after_a_change_gives_way_to_the_keys_typed_meanwhile(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    hub = ChangeHub()
    view = front_desk_view(app_ctx.services, hub, desk, app_ctx.clock)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.search_edit, "gsyh")
    hub.announce(Changes.of(Area.PEOPLE))  # routes "gsyh" again, off the GUI thread
    view.search_edit.setText("zhaoshang")  # the desk types on before it reports
    assert view.bank_label.text() == "招商银行"
    settle(qtbot)
    assert view.bank_label.text() == "招商银行"  # the older text's routing is not shown
    assert view.result is not None and view.result.query.text == "zhaoshang"


def test_the_messages_taken_are_re_read_off_the_gui_thread_after_a_message(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_console(qtbot, app_ctx, desk)
    panel = view.messages_panel
    assert panel is not None and panel.model.rowCount() == 0
    reads = calls_on_gui_thread(monkeypatch, app_ctx.services.messages, "taken_by")
    qtbot.keyClicks(view.search_edit, "BOB-ZGC")
    qtbot.keyClicks(view.log_bar.caller_name_edit, "Feng Tao")
    with qtbot.waitSignal(view.call_logged):
        assert view.log_call("message") is not None
    assert panel.background_read.reading is not None and panel.model.rowCount() == 0
    settle(qtbot)
    assert reads == [False]  # read on the worker thread
    assert panel.model.rowCount() == 1 and panel.model.row_at(0).caller_name == "Feng Tao"
    assert panel.table.isVisibleTo(view) and not panel.empty_label.isVisibleTo(view)


def rename_person(app_ctx: AppContext, old: str, new: str) -> None:
    with app_ctx.services.store.write() as session:
        session.execute(update(Person).where(Person.name == old).values(name=new))
