"""The Checklists screen: readiness per contract, editing items, evidence files opened with the
system viewer and reported when altered, the template editor, the evidence pack as PDF, and the
readiness on the contract form and the Today view."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.checklists.templates import TemplateItemDraft
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.checklists.checklists_view import ChecklistsView
from desktop_app.ui.contracts.contracts_view import ContractsView
from desktop_app.ui.screens import checklists_view, contract_editor
from desktop_app.ui.today.today_models import ContractsTodayModel
from desktop_app.ui.today.today_view import TodayView
from tests.helpers.factories import make_person
from tests.helpers.operations import loaded, settle, written
from tests.helpers.pdfs import pdf_text, wrong_code_points

ICBC_LOAN = "0200-2025-LD-0137"  # the demo's working-capital loan with a filled checklist


class UrlRecorder(QObject):
    """Stands in for the system viewer: records the URLs the app asks to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def viewer() -> Iterator[UrlRecorder]:
    recorder = UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "open")
    yield recorder
    QDesktopServices.unsetUrlHandler("file")


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> ChecklistsView:
    view = checklists_view(app_ctx.services, ChangeHub(), actor)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot)  # the first page is read off the GUI thread
    return view


def select_contract(qtbot: QtBot, view: ChecklistsView, number: str) -> None:
    """Select the contract and wait for its checklist, read off the GUI thread."""
    settle(qtbot)  # a re-read of the list under way has arrived
    for row in range(view.model.rowCount()):
        contract_id = view.model.row_at(row)[0].id
        if view.model.row_at(row)[0].contract_number == number:
            view.table.selectRow(row)
            qtbot.waitUntil(lambda: view.panel.contract_id == contract_id)  # noqa: B023
            return
    raise AssertionError(number)


def test_contracts_with_their_readiness(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 6
    readiness = {view.model.row_at(r)[0].contract_number: view.model.row_at(r)[1] for r in range(6)}
    assert readiness[ICBC_LOAN].text() == "6 of 9 ready, 1 stale, 2 missing"
    select_contract(qtbot, view, ICBC_LOAN)
    panel = view.panel
    assert panel.readiness_label.text() == "6 of 9 ready, 1 stale, 2 missing"
    qtmodeltester.check(panel.items_model)
    states = {
        panel.items_model.row_at(r).code: panel.items_model.row_at(r).state_text() for r in range(9)
    }
    assert states["financial_statements"] == "Stale"
    assert states["bank_statements"] == "Missing"
    view.search_edit.setText("BOB")
    settle(qtbot)
    assert view.model.rowCount() == 1


def test_editing_an_item_updates_the_readiness(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    select_contract(qtbot, view, ICBC_LOAN)
    panel = view.panel
    row = next(
        r
        for r in range(panel.items_model.rowCount())
        if panel.items_model.row_at(r).code == "bank_statements"
    )
    panel.items_table.selectRow(row)
    assert "three months" in panel.guidance_label.text()
    panel.state_combo.setCurrentIndex(panel.state_combo.findData("ready"))
    panel.owner_combo.setCurrentIndex(panel.owner_combo.findText("张伟"))
    panel.notes_edit.setPlainText("9–11 月流水")
    panel.save_button.click()
    settle(qtbot)  # saved off the GUI thread
    assert panel.readiness_label.text() == "7 of 9 ready, 1 stale, 1 missing"
    assert panel.selected_item().code == "bank_statements"  # the selection stays
    listed = next(
        view.model.row_at(r)[1]
        for r in range(6)
        if view.model.row_at(r)[0].contract_number == ICBC_LOAN
    )
    assert listed.ready == 7


def test_evidence_is_attached_opened_and_a_tampered_copy_reported(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path, viewer: UrlRecorder
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    select_contract(qtbot, view, ICBC_LOAN)
    panel = view.panel
    panel.items_table.selectRow(1)  # invoices
    source = tmp_path / "增值税发票.pdf"
    source.write_bytes(b"%PDF-1.4 invoice")
    assert panel.attach(source) is not None
    settle(qtbot)
    assert panel.files_model.rowCount() == 1
    panel.files_table.selectRow(0)
    file_id = panel.selected_file_id()
    assert file_id is not None
    with qtbot.waitSignal(panel.file_opened, timeout=10_000):
        panel.open_file(file_id)
    stored = app_ctx.services.evidence.path_of(demo_admin, file_id)
    assert [url.toLocalFile() for url in viewer.opened] == [str(stored)]
    assert panel.files_banner.isHidden()
    before = stored.stat()
    stored.write_bytes(b"%PDF-1.4 invoicE")  # same size, other bytes, and the old time put back
    os.utime(stored, ns=(before.st_atime_ns, before.st_mtime_ns))
    panel.reload()
    assert panel.files_banner.isHidden()  # the quick look re-hashes only on a size or time change
    panel.check_button.click()
    assert panel.files_banner.text() == "1 evidence file was altered since it was attached."
    panel.items_table.selectRow(1)
    assert panel.files_model.index(0, 4).data() == "File altered"
    stored.unlink()
    panel.reload()
    assert "1 evidence file is missing from the data folder." in panel.files_banner.text()


def test_the_evidence_pack_is_saved_as_pdf(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    select_contract(qtbot, view, ICBC_LOAN)
    dialog = view.open_evidence_pack()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    path = written(qtbot, dialog.save_pdf(tmp_path / "pack-en.pdf"))
    assert path.stat().st_size > 1000
    text = pdf_text(path)
    sha = (
        app_ctx.services.checklists.checklist(demo_admin, view.panel.contract_id)
        .items[0]
        .files[0]
        .sha256
    )
    for expected in (
        "Post-loan callback evidence pack",
        ICBC_LOAN,
        "Calls from the bank and return calls",
        "Transferred and answered",
        "Use of funds",
        "Send a document",
        "6 of 9 ready, 1 stale, 2 missing",
        "贷款资金是否用于采购原材料？",  # what the bank asked, as written, in the English pack
        "Unchanged)",  # beside the file name (the narrow column wraps it)
        sha[:16],
    ):
        assert expected in text, expected
    assert not wrong_code_points(text)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    assert dialog.pack is not None and dialog.pack.title == "贷后回访配合证明材料"
    chinese = pdf_text(written(qtbot, dialog.save_pdf(tmp_path / "pack-zh.pdf")))
    for line in (
        "贷后回访配合证明材料",
        "中国工商银行",
        "流动资金贷款",
        "采购原材料（铝型材）",
        "2025年11月25日 至 2026年11月25日",
        "2026年10月16日 10:20 · 银行来电 · 已转接并接听",
        "来电人：黄蕾 010 6552 1288",
        "接听人：王敏",
        "贷款资金是否用于采购原材料？",
    ):
        assert line in chinese.split("\n"), line
    assert not wrong_code_points(chinese)


def test_the_evidence_pack_sits_on_the_document_dialog(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    select_contract(qtbot, view, ICBC_LOAN)
    dialog = view.open_evidence_pack()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.suggested_file_name() == f"Post-loan callback evidence pack-{ICBC_LOAN}.pdf"
    dialog.copy_to_clipboard()
    copied = QGuiApplication.clipboard().mimeData()
    assert ICBC_LOAN in copied.text() and "Calls from the bank" in copied.text()
    assert "<" in copied.html() and dialog.message_label.text() == (
        "Copied. Paste it into an e-mail."
    )
    # A period that ends before it begins: said below the preview, nothing to save or print.
    dialog.set_period(date(2026, 11, 25), date(2026, 1, 1))
    assert dialog.pack is None
    assert dialog.message_label.text() == "The period ends before it begins."
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    dialog.set_period(date(2026, 10, 1), date(2026, 10, 31))
    assert dialog.pack is not None and "2026" in dialog.preview.toPlainText()
    assert dialog.save_button.isEnabled()
    for language in ("zh_CN", "en"):
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(language))
        dialog.show()
        dialog.grab().save(str(tmp_path / f"evidence_pack_{language}.png"))


def test_the_template_editor(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    editor = view.open_templates()
    qtbot.addWidget(editor)
    editor.type_combo.setCurrentIndex(editor.type_combo.findData("working_capital"))
    assert editor.model.rowCount() == 9
    editor.save_item(
        None, TemplateItemDraft("存货盘点表", "Stock-take sheet", freshness_days=30)
    ).run()
    settle(qtbot)
    assert editor.model.rowCount() == 10
    assert editor.model.index(9, 1).data() == "30 days"
    added = editor.model.row_at(9).id
    editor.select(added)
    editor.up_button.click()  # moved off the GUI thread, then shown and still selected
    settle(qtbot)
    assert editor.model.row_at(8).id == added
    selected = editor.selected()
    assert selected is not None and selected.id == added
    select_contract(qtbot, view, ICBC_LOAN)
    assert view.panel.readiness_label.text() == "6 of 10 ready, 1 stale, 3 missing"


def test_readiness_on_the_contract_form_and_today(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    services = app_ctx.services
    editor = contract_editor(services, hub, demo_admin)
    contracts = ContractsView(services.contracts, services.people, hub, demo_admin, editor)
    qtbot.addWidget(contracts)
    settle(qtbot)  # the list is read off the GUI thread
    row = next(
        r
        for r in range(contracts.model.rowCount())
        if contracts.model.row_at(r).contract_number == ICBC_LOAN
    )
    dialog = contracts.open_editor(contracts.model.row_at(row))
    qtbot.addWidget(dialog)
    loaded(qtbot, dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == ["Loan", "Callback clause", "Checklist (6/9)", "Responders", "Mail sent"]
    assert dialog.checklist_panel is not None
    assert dialog.checklist_panel.readiness_label.text() == "6 of 9 ready, 1 stale, 2 missing"
    today = TodayView(
        app_ctx.services.today,
        hub,
        demo_admin,
        app_ctx.clock,
        checklists=app_ctx.services.checklists,
    )
    qtbot.addWidget(today)
    with qtbot.waitSignal(today.refreshed):
        today.show()  # the data is read just after the first paint
    model = today.contracts_model
    cells = {
        model.row_at(r)[0].contract_number: model.index(r, ContractsTodayModel.CHECKLIST).data()
        for r in range(model.rowCount())
    }
    assert cells[ICBC_LOAN] == "6/9 ready · 1 stale"
    assert not today.contracts_table.isColumnHidden(ContractsTodayModel.CHECKLIST)
    assert (
        "2 contracts have stale checklist evidence: 0200-2025-LD-0137, 11002025-JY-889"
        in today.banner_label.text()
    )


def test_the_front_desk_is_told_checklists_are_for_finance(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_view(qtbot, app_ctx, desk)
    assert not view.allowed and view.templates_button.isHidden()
    today = TodayView(
        app_ctx.services.today,
        ChangeHub(),
        desk,
        app_ctx.clock,
        checklists=app_ctx.services.checklists,
    )
    qtbot.addWidget(today)
    assert today.contracts_table.isColumnHidden(ContractsTodayModel.CHECKLIST)


def test_the_owner_list_follows_a_new_person_read_off_the_gui_thread(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    view = checklists_view(app_ctx.services, hub, demo_admin)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    select_contract(qtbot, view, ICBC_LOAN)
    owners = view.panel.owner_combo
    assert owners.findText("欧阳新") < 0
    make_person(app_ctx.services, demo_admin, name="欧阳新")
    hub.announce(Changes.of(Area.PEOPLE))
    assert owners.findText("欧阳新") < 0  # read off the GUI thread, shown when it comes
    settle(qtbot)
    assert owners.findText("欧阳新") > 0
