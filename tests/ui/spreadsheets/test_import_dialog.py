"""The import dialog: a messy file previewed with its problems, nothing written, then imported."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.spreadsheets.import_dialog import ImportDialog


def write_banks(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["银行名称", "简称", "别名", "来电号码"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def make_dialog(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> ImportDialog:
    dialog = ImportDialog(app_ctx.services.imports, ChangeHub(), actor)
    qtbot.addWidget(dialog)
    return dialog


def test_a_bad_row_blocks_the_whole_file(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, app_ctx, demo_admin)
    path = write_banks(
        tmp_path / "banks.xlsx",
        [
            ["中国农业银行", "农行", "ABC", "95599"],
            ["交通银行", "交行", "BOCOM", "not a number"],
        ],
    )
    plan = dialog.preview(path)
    assert plan is not None and not plan.ok
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    assert dialog.model.data(dialog.model.index(1, dialog.model.STATE)) == "Problem"
    assert "not a number" in dialog.model.data(dialog.model.index(1, dialog.model.MESSAGES))
    assert not dialog.import_button.isEnabled()
    assert dialog.summary_label.text().startswith("Nothing will be imported: 1 problem")
    assert len(app_ctx.services.banks.list(demo_admin)) == 4


def test_a_clean_file_imports_every_row(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, app_ctx, demo_admin)
    path = write_banks(
        tmp_path / "banks.xlsx",
        [
            ["中国农业银行", "农行", "ABC", 95599],
            ["交通银行", "交行", "BOCOM", "95559"],
        ],
    )
    assert dialog.preview(path) is not None
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported) as done:
        dialog.import_button.click()
    assert done.args == [2]
    assert {b.name for b in app_ctx.services.banks.list(demo_admin, "nh")} == {"中国农业银行"}


def test_template_and_export_are_written(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, app_ctx, demo_admin)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("contracts"))
    with qtbot.waitSignal(dialog.save_template(tmp_path / "template.xlsx").succeeded):
        pass
    assert openpyxl.load_workbook(tmp_path / "template.xlsx").sheetnames
    with qtbot.waitSignal(dialog.export(tmp_path / "contracts.xlsx").succeeded) as done:
        pass
    assert done.args == [6]
    sheet = openpyxl.load_workbook(tmp_path / "contracts.xlsx").active
    assert sheet.max_row >= 7


def test_the_front_desk_cannot_import(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    dialog = make_dialog(qtbot, app_ctx, desk)
    assert not dialog.choose_button.isEnabled()
