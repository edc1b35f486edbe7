"""The Registered numbers screen: stale flags, confirming, the letter as PDF, follow-ups."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import Bank
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.numbers.numbers_view import NumbersView
from desktop_app.ui.screens import number_forms
from tests.helpers.operations import calls_on_gui_thread, loaded, settle, written
from tests.helpers.pdfs import pdf_text, wrong_code_points


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> NumbersView:
    services, hub = app_ctx.services, ChangeHub()
    forms = number_forms(services, hub, actor)
    view = NumbersView(services.banks, services.numbers, hub, actor, forms)
    qtbot.addWidget(view)
    settle(qtbot)  # the first page is read off the GUI thread
    return view


def row_of(view: NumbersView, number: str) -> int:
    return next(r for r in range(view.model.rowCount()) if view.model.row_at(r).number == number)


def test_stale_numbers_are_flagged_with_the_reason(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 6
    general_line = view.model.row_at(row_of(view, "010 6789 0001"))
    assert {r.code for r in general_line.stale_reasons} == {"no_person", "not_confirmed"}
    view.stale_check.setChecked(True)
    settle(qtbot)
    assert view.model.rowCount() == 3
    assert not view.summary_label.isHidden()
    assert view.summary_label.text() == "3 numbers need the bank to be told or to confirm them."


def test_confirming_clears_the_stale_flag(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.stale_check.setChecked(True)
    settle(qtbot)
    view.table.selectRow(row_of(view, "136 0103 4567"))  # only unconfirmed for 7 months
    assert view.summary_label.text() == "3 numbers need the bank to be told or to confirm them."
    view.confirm_button.click()
    settle(qtbot)
    assert view.model.rowCount() == 2
    assert "136 0103 4567" not in [view.model.row_at(r).number for r in range(2)]
    # The banner is counted again after the change, not on each choice of filter.
    assert view.summary_label.text() == "2 numbers need the bank to be told or to confirm them."
    view.stale_check.setChecked(False)
    settle(qtbot)
    assert view.model.rowCount() == 6
    assert view.summary_label.text() == "2 numbers need the bank to be told or to confirm them."


def test_the_letter_is_saved_as_pdf_in_english_and_chinese(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.table.selectRow(row_of(view, "010 6789 0001"))
    assert view.letter_button.isEnabled()
    dialog = view.open_letter(view.selected().bank_id)
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    english = pdf_text(written(qtbot, dialog.save_pdf(tmp_path / "notice-en.pdf")))
    assert "Notice of Change of Registered Contact Numbers" in english
    assert "010 6789 0001" in english and "186 0108 9012" in english
    assert "北京示例精密制造有限公司" in english
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    assert dialog.notice is not None and dialog.notice.title == "号码变更通知函"
    chinese = written(qtbot, dialog.save_pdf(tmp_path / "notice-zh.pdf"))
    text = pdf_text(chinese)
    for line in (
        "号码变更通知函",
        "致：中国工商银行北京朝阳支行",
        "收件人：黄蕾（贷后专员）",
        "尊敬的黄蕾：",
        "原预留号码",
        "010 6789 0001",
        "186 0108 9012",
        "贵行全部贷款业务",
        "特此函告。",
        "北京示例精密制造有限公司",
        "2026年11月25日",
    ):
        assert line in text.split("\n"), line
    assert not wrong_code_points(text)


def test_follow_ups_until_the_bank_confirms(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.table.selectRow(row_of(view, "010 6789 0001"))
    bank_id = view.selected().bank_id
    assert app_ctx.services.numbers.request_confirmation(demo_admin, bank_id).value
    follow_ups = app_ctx.services.follow_ups.list(demo_admin, kind="notify_bank")
    assert [f.number_display for f in follow_ups] == ["010 6789 0001"]


def test_the_front_desk_only_reads(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_view(qtbot, app_ctx, desk)
    assert view.model.rowCount() == 6
    assert view.new_button.isHidden() and view.letter_button.isHidden()


def test_the_extension_has_a_field_of_its_own_in_the_form_and_the_table(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    bank_id = services.banks.list(demo_admin)[0].id
    dialog = number_forms(services, ChangeHub(), demo_admin).editor(None, bank_id, None)
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    dialog.number_edit.setText("010-8765 4321")
    dialog.extension_edit.setText("8o8")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot)
    assert dialog.labels["extension"].text() == "An extension is 1 to 12 digits."
    dialog.extension_edit.setText("808")
    with qtbot.waitSignal(dialog.number_saved) as saved:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    number = saved.args[0]
    assert (number.number_key, number.extension) == ("+861087654321", "808")
    again = number_forms(services, ChangeHub(), demo_admin).editor(number, None, None)
    qtbot.addWidget(again)
    assert (again.number_edit.text(), again.extension_edit.text()) == ("010 8765 4321", "808")
    view = make_view(qtbot, app_ctx, demo_admin)
    row = row_of(view, number.number)
    shown = view.model.index(row, view.model.NUMBER).data()
    assert shown == "010 8765 4321 ext. 808"


def test_the_bank_filter_is_refilled_off_the_gui_thread_after_a_change(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    services, hub = app_ctx.services, ChangeHub()
    view = NumbersView(
        services.banks, services.numbers, hub, demo_admin, number_forms(services, hub, demo_admin)
    )
    qtbot.addWidget(view)
    settle(qtbot)  # the filter's choices, read off the GUI thread
    view.bank_combo.setCurrentIndex(view.bank_combo.findText("北京银行"))
    chosen = view.bank_combo.currentData()
    assert chosen is not None
    settle(qtbot)
    reads = calls_on_gui_thread(monkeypatch, services.banks, "list")
    with services.store.write() as session:
        session.execute(update(Bank).where(Bank.name == "招商银行").values(name="招商银行总行"))
    hub.announce(Changes.of(Area.BANKS))
    assert view.bank_combo.findText("招商银行总行") < 0  # under way, not done at once
    settle(qtbot)
    assert reads == [False]  # read on the worker thread
    assert view.bank_combo.findText("招商银行总行") > 0
    assert view.bank_combo.currentData() == chosen  # what was chosen stays chosen
