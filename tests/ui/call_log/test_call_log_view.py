"""The Call log screen: the lazy model (model tester, pages, memory), the callback record form
creating follow-ups, a new record, the export, the filters' choices re-read off the GUI thread
after a change, and the feedback register."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, update

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import Bank, CallRecord
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.ui.call_log.call_log_model import CallLogModel
from desktop_app.ui.call_log.call_log_view import CallLogView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.screens import call_log_view
from tests.helpers.operations import calls_on_gui_thread, in_a_stack, settle


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> CallLogView:
    view = call_log_view(app_ctx.services, ChangeHub(), actor, app_ctx.clock)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot)  # the filters' choices are read off the GUI thread
    return view


def add_calls(app_ctx: AppContext, count: int) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [
        {
            "occurred_at": start + timedelta(minutes=n // 2 * 10),
            "direction": "inbound",
            "bank_id": 1,
            "caller_name": f"Caller {n}",
            "caller_number": "",
            "caller_number_key": "",
            "outcome": ("transferred", "message")[n % 2],
            "topics": [],
            "questions": "",
            "answers": "",
            "bank_requests": "",
            "concerns": "",
            "notes": "",
        }
        for n in range(count)
    ]
    with app_ctx.services.store.write() as session:
        session.execute(insert(CallRecord), rows)


def test_the_log_shows_the_demo_calls_and_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 3
    assert view.count_label.text() == "3 calls"
    newest = view.model.row_at(0)
    assert newest is not None and newest.bank_name == "北京银行"
    assert view.model.index(0, CallLogModel.OUTCOME).data() == "Message taken"
    assert view.model.index(0, CallLogModel.FOLLOW_UPS).data() == "1 open"
    assert view.model.index(2, CallLogModel.RECORD).data() == "Written"  # the demo's record
    view.outcome_combo.setCurrentIndex(view.outcome_combo.findData("transferred"))
    assert view.model.rowCount() == 2
    view.bank_combo.setCurrentIndex(view.bank_combo.findText("北京银行"))
    assert view.model.rowCount() == 0 and not view.empty_label.isHidden()
    assert view.empty_label.text() == "No call matches these filters."


def test_pages_are_read_when_shown_and_few_are_kept(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    add_calls(app_ctx, 2500)
    view = make_view(qtbot, app_ctx, demo_admin)
    model = view.model
    qtbot.waitUntil(lambda: model.exact)  # counted just after the first screen
    assert model.rowCount() == 2503
    assert view.count_label.text() == "2,503 calls"
    assert model.cached_pages() == 2  # the first screen, and the last read with the count
    log, query = app_ctx.services.call_log, CallLogQuery()
    everything = log.window(demo_admin, query, 0, 2503, 2503)
    view.table.scrollToBottom()
    qtbot.wait(10)
    last = model.row_at(2502)
    assert last is not None and last.id == everything[-1].id  # the oldest call
    for row in (0, 99, 100, 101, 1234, 1999, 2400, 2502, 1500, 1501, 1300):
        found = model.row_at(row)
        assert found is not None and found.id == everything[row].id, row
    for row in range(0, 2503, 50):  # scrolling through: pages by keyset, a dozen kept
        assert model.row_at(row).id == everything[row].id  # type: ignore[union-attr]
    assert model.cached_pages() <= CallLogModel.MAX_PAGES
    qtmodeltester.check(model)


def test_the_first_screen_comes_before_the_count(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    add_calls(app_ctx, 250)
    model = CallLogModel(app_ctx.services.call_log, demo_admin, app_ctx.services.call_log.zone())
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.counted) as counted:
        model.set_query(CallLogQuery())
        assert (model.rowCount(), model.exact, model.reads) == (100, False, 1)
    assert counted.args == [253] and model.rowCount() == 253
    model.set_query(CallLogQuery(outcome="message"))  # 126 calls: the first page and the rest
    assert model.count_now() == 126 and model.rowCount() == 126
    model.set_query(CallLogQuery(bank_id=4))  # 北京银行: one demo call
    assert model.exact and model.rowCount() == 1  # one page says it all


def test_the_record_form_creates_follow_ups(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    row = view.model.row_at(1)  # 建行's call, transferred to 李娜, nothing recorded yet
    assert row is not None and not row.recorded
    dialog = view.open_record(row.id)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.bank_combo.currentText() == "中国建设银行"
    assert dialog.caller_edit.text() == "郑爽"
    page = dialog.topic_pages["business_condition"]
    page.question_edit.setPlainText("厂房出租情况？")
    page.answer_edit.setPlainText("未出租，自用。")
    assert dialog.topic_tabs.tabText(1) == "Business condition ✓"
    dialog.concerns_edit.setPlainText("关注抵押物价值")
    table = dialog.documents_table
    table.add_button.click()
    model = table.model
    model.setData(model.index(0, 0), "抵押物现状照片")
    model.setData(model.index(0, 1), "2026-12-02")
    assert model.index(0, 2).data() == "Whoever took the call"
    with qtbot.waitSignal(dialog.record_saved) as saved:
        dialog.buttons.accepted.emit()
    record = saved.args[0]
    assert not dialog.isVisible()
    assert [(f.kind, f.description, f.assignee_name) for f in record.follow_ups] == [
        ("document", "抵押物现状照片", "李娜")
    ]
    again = view.model.row_at(1)
    assert again is not None and again.recorded and again.open_follow_ups == 1
    reopened = view.open_record(row.id)
    qtbot.addWidget(reopened)
    assert reopened.topic_pages["business_condition"].answer_edit.toPlainText() == "未出租，自用。"
    assert reopened.follow_ups_list.count() == 1


def test_a_new_record_with_nothing_said_is_refused_then_saved(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    dialog = view.open_record(None)
    qtbot.addWidget(dialog)
    dialog.bank_combo.setCurrentIndex(dialog.bank_combo.findText("招商银行"))
    dialog.buttons.accepted.emit()
    settle(qtbot)
    assert dialog.isVisible()
    assert not dialog.exchanges_error.isHidden()
    combo = dialog.officer_combo
    names = [getattr(combo.itemData(i), "name", None) for i in range(combo.count())]
    combo.setCurrentIndex(names.index("何芳"))
    assert dialog.caller_edit.text() == "何芳"
    dialog.topic_pages["use_of_funds"].question_edit.setPlainText("项目资金进度？")
    dialog.buttons.accepted.emit()
    settle(qtbot)
    assert not dialog.isVisible()
    assert view.model.rowCount() == 4
    newest = view.model.row_at(0)
    assert newest is not None and newest.bank_name == "招商银行" and newest.recorded


def test_the_log_exports_what_it_shows(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.outcome_combo.setCurrentIndex(view.outcome_combo.findData("transferred"))
    with qtbot.waitSignal(view.export(tmp_path / "log.csv").succeeded) as done:
        pass
    assert done.args == [2]
    with (tmp_path / "log.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 3 and rows[1][3] == "中国建设银行"
    with qtbot.waitSignal(view.export(tmp_path / "log.xlsx").succeeded) as done:
        pass
    assert done.args == [2]
    assert (tmp_path / "log.xlsx").stat().st_size > 0


def test_the_feedback_register_tab(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    register = view.feedback_view
    assert register is not None
    view.tabs.setCurrentWidget(register)
    settle(qtbot)  # its rows are read off the GUI thread
    assert register.model.rowCount() == 1
    item = register.model.row_at(0)
    assert item.title == "补充提供抵押厂房最新评估报告" and item.owner_name == "陈静"
    dialog = register.open_editor(item)
    qtbot.addWidget(dialog)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("closed"))
    dialog.resolution_edit.setPlainText("已提交")
    dialog.buttons.accepted.emit()
    settle(qtbot)
    assert not dialog.isVisible()
    assert register.model.rowCount() == 0  # "Not closed" is the default filter
    register.status_combo.setCurrentIndex(register.status_combo.findData(""))
    settle(qtbot)
    assert register.model.row_at(0).status_text() == "Settled"


def test_the_front_desk_sees_the_log_but_not_the_register(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_view(qtbot, app_ctx, desk)
    assert view.model.rowCount() == 3
    assert view.feedback_view is None and view.tabs.count() == 1
    assert not view.new_button.isHidden()  # the desk logs calls


def test_a_change_elsewhere_refills_the_filters_off_the_gui_thread_when_shown(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = ChangeHub()
    view = call_log_view(app_ctx.services, hub, demo_admin, app_ctx.clock)
    stack, other = in_a_stack(qtbot, view)
    qtbot.waitExposed(stack)
    settle(qtbot)
    view.bank_combo.setCurrentIndex(view.bank_combo.findText("北京银行"))
    view.person_combo.setCurrentIndex(1)
    person = view.person_combo.currentData()
    contract = view.contract_combo.itemData(1)
    assert person is not None and contract is not None
    view.contract_combo.setCurrentIndex(1)
    settle(qtbot)
    reads = calls_on_gui_thread(monkeypatch, app_ctx.services.banks, "list")
    rename_bank(app_ctx, "招商银行", "招商银行总行")
    hub.announce(Changes.of(Area.BANKS))
    assert view.choices_read.reading is not None  # under way, not done at once
    assert view.bank_combo.findText("招商银行总行") == -1
    settle(qtbot)
    assert reads == [False]  # read on the worker thread
    assert view.bank_combo.findText("招商银行总行") > 0
    assert view.bank_combo.currentText() == "北京银行"  # what was chosen stays chosen
    assert view.person_combo.currentData() == person
    assert view.contract_combo.currentData() == contract
    stack.setCurrentWidget(other)  # behind another page: remembered, not read
    rename_bank(app_ctx, "招商银行总行", "招商银行")
    hub.announce(Changes.of(Area.BANKS))
    assert view.choices_read.reading is None and reads == [False]
    stack.setCurrentWidget(view)  # shown again: read once
    assert view.choices_read.reading is not None
    settle(qtbot)
    assert reads == [False, False]
    assert view.bank_combo.findText("招商银行") > 0 and view.bank_combo.findText("招商银行总行") < 0


def rename_bank(app_ctx: AppContext, old: str, new: str) -> None:
    with app_ctx.services.store.write() as session:
        session.execute(update(Bank).where(Bank.name == old).values(name=new))


def test_the_feedback_register_refills_its_banks_off_the_gui_thread_when_shown(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = ChangeHub()
    view = call_log_view(app_ctx.services, hub, demo_admin, app_ctx.clock)
    qtbot.addWidget(view)
    view.show()
    register = view.feedback_view
    assert register is not None
    view.tabs.setCurrentWidget(register)
    settle(qtbot)
    reads = calls_on_gui_thread(monkeypatch, app_ctx.services.banks, "list")
    view.tabs.setCurrentIndex(0)  # the register is behind the calls
    rename_bank(app_ctx, "招商银行", "招商银行总行")
    hub.announce(Changes.of(Area.BANKS))
    settle(qtbot)
    assert register.bank_combo.findText("招商银行总行") < 0  # not read while hidden
    view.tabs.setCurrentWidget(register)  # shown: read now, off the GUI thread
    assert register.choices_read.reading is not None
    settle(qtbot)
    assert False in reads and True not in reads
    assert register.bank_combo.findText("招商银行总行") > 0
