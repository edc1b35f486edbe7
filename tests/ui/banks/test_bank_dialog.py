"""The bank form: an officer's phone that is not a number is named at the officers' table, in the
UI language, and nothing is saved; a number in any format the app reads is saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.screens import bank_editor
from tests.helpers.operations import loaded, settle

SAVE = QDialogButtonBox.StandardButton.Save


def test_an_officer_s_phone_that_is_no_number_is_named_at_the_officers(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    services = app_ctx.services
    bank = services.banks.list(demo_admin)[0]
    before = services.banks.get(demo_admin, bank.id)
    for language, expected in (
        ("zh_CN", "周涛的电话“6552-12”不是有效的电话号码。"),
        ("en", "The phone of 周涛, “6552-12”, is not a phone number."),
    ):
        set_language(language)
        try:
            dialog = bank_editor(services, ChangeHub(), demo_admin)(before, None)
            qtbot.addWidget(dialog)
            loaded(qtbot, dialog)
            rows = [[o.name, o.role, o.phone, o.mobile, o.email] for o in before.officers]
            rows.append(["周涛", "post_loan_officer", "6552-12", "13911114444", ""])
            dialog.officers_table.set_rows(rows)
            dialog.buttons.button(SAVE).click()
            settle(qtbot)
            label = dialog.errors._labels["officers"]
            assert label.text() == expected
            assert dialog.tabs.currentIndex() == 1
            dialog.show()
            dialog.grab().save(str(tmp_path / f"bank_officers_{language}.png"))
        finally:
            set_language("en")
    assert services.banks.get(demo_admin, bank.id).version == before.version
    rows[-1][2] = "010-6552 1299 转 6"
    dialog.officers_table.set_rows(rows)
    with qtbot.waitSignal(dialog.bank_saved):
        dialog.buttons.button(SAVE).click()
    saved = services.banks.get(demo_admin, bank.id)
    assert saved.officers[-1].phone == "010-6552 1299 转 6"
    routed = services.routing.route(demo_admin, "010 6552 1299")
    assert routed.bank is not None and routed.bank.officer_name == "周涛"
