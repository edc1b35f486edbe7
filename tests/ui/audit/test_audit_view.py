"""The Audit log page: the demo company's entries as sentences, filters, details, who sees it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.app import app_icon
from desktop_app.ui.audit.audit_model import AuditModel, FieldsModel
from desktop_app.ui.audit.audit_view import AuditView
from desktop_app.ui.audit.details_dialog import AuditDetailsDialog
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.controller import DeskController
from tests.helpers.factories import actor_with_role
from tests.helpers.operations import settle
from tests.ui.test_accessibility import problems_in

CODES = ("follow_up", "acknowledged_at", "checklist_item", "owner_id", "contract_responders")


def audit_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor, hub: ChangeHub) -> AuditView:
    """The page, its first read done."""
    services = app_ctx.services
    view = AuditView(services.audit, services.org, hub, actor)
    qtbot.addWidget(view)
    settle(qtbot)
    return view


def cells(view: AuditView, column: int) -> list[str]:
    model = view.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def visible_text(view: AuditView) -> str:
    model = view.model
    texts = [
        model.index(row, column).data()
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        if not view.table.isColumnHidden(column)
    ]
    texts += [label.text() for label in view.findChildren(QLabel)]
    return "\n".join(texts)


def test_the_page_lists_the_demo_companys_entries_as_sentences(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    set_language("zh_CN")
    view = audit_view(qtbot, app_ctx, demo_admin, ChangeHub())
    entries = app_ctx.services.audit.recent(demo_admin, limit=1000)
    assert view.model.rowCount() == len(entries) > 40
    what = cells(view, AuditModel.WHAT)
    assert what[0] == "吴晓东新建了跟进事项 #2"  # newest first
    assert "吴晓东修改了清单条目 #6（负责人）" in what
    assert cells(view, AuditModel.WHEN)[0] == "2026年11月25日 10:00"  # Shanghai, not UTC
    assert set(cells(view, AuditModel.PERSON)) == {"吴晓东", "系统"}  # the demo loader
    text = visible_text(view)
    assert not [code for code in CODES if code in text]
    assert "_" not in "".join(what)
    assert view.table.isColumnHidden(AuditModel.LOGIN)  # no team server, no login column
    assert view.count_label.text() == f"{len(entries)} 条记录"
    qtmodeltester.check(view.model)


def test_the_kind_and_the_search_narrow_the_list(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    set_language("en")
    view = audit_view(qtbot, app_ctx, demo_admin, ChangeHub())
    everything = view.model.rowCount()
    kind = view.kind_combo.findData("bank")
    assert view.kind_combo.itemText(0) == "All kinds" and view.kind_combo.itemText(kind) == "bank"
    with qtbot.waitSignal(view.refreshed):
        view.kind_combo.setCurrentIndex(kind)
    assert cells(view, AuditModel.WHAT)[-1] == "吴晓东 created bank #1"
    assert {row.split(" #")[0] for row in cells(view, AuditModel.WHAT)} == {"吴晓东 created bank"}
    with qtbot.waitSignal(view.refreshed):
        view.kind_combo.setCurrentIndex(0)
    assert view.model.rowCount() == everything
    with qtbot.waitSignal(view.refreshed):
        qtbot.keyClicks(view.search_edit, "follow-up")
    assert cells(view, AuditModel.WHAT) == ["吴晓东 created follow-up #2"]
    with qtbot.waitSignal(view.refreshed):
        view.search_edit.setText("no such thing")
    assert view.model.rowCount() == 0 and view.table.isHidden()
    assert view.empty_label.text() == "No entry matches “no such thing”."
    assert not view.empty_label.isHidden()
    with qtbot.waitSignal(view.refreshed):
        view.limit_combo.setCurrentIndex(1)
    assert view.limit_combo.currentText() == "The latest 1,000"


def test_the_details_show_the_fields_before_and_after_in_words(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    set_language("en")
    view = audit_view(qtbot, app_ctx, demo_admin, ChangeHub())
    row = cells(view, AuditModel.WHAT).index("吴晓东 changed checklist item #6 (owner)")
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 0))
    assert view.details_button.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter opens the entry
    dialog = view.dialog
    assert isinstance(dialog, AuditDetailsDialog)
    qtbot.addWidget(dialog)
    assert dialog.sentence_label.text() == "吴晓东 changed checklist item #6 (owner)"
    desk = app_ctx.services.store.desk
    assert dialog.who_label.text() == f"Nov 25, 2026, 10:00 · 吴晓东 · desk {desk}"
    fields = [
        [dialog.model.index(r, c).data() for c in range(3)] for r in range(dialog.model.rowCount())
    ]
    assert fields == [["owner", "—", "#4"]]
    assert not dialog.table.isColumnHidden(FieldsModel.BEFORE)
    qtmodeltester.check(dialog.model)
    assert problems_in(dialog) == []
    dialog.reject()
    follow_up = cells(view, AuditModel.WHAT).index("吴晓东 created follow-up #2")
    dialog = view.open_details(view.model.row_at(follow_up))
    qtbot.addWidget(dialog)
    shown = {row.field: row for row in map(dialog.model.row_at, range(dialog.model.rowCount()))}
    assert shown["due"].after == "Nov 30, 2026, 18:00"
    assert shown["document"].after == "三季度财务报表"
    assert shown["acknowledged"].after == "—"
    assert (shown["kind"].after, shown["status"].after) == ("Send a document", "To do")
    assert (shown["assignee"].after, shown["closing call"].after) == ("#3", "—")
    assert "id" not in shown
    assert dialog.table.isColumnHidden(FieldsModel.BEFORE)  # a new record has no before
    words = "".join(f"{r.field}{r.before}{r.after}" for r in shown.values())
    assert not [mark for mark in ("_", "None", "{", "'", "T10:00") if mark in words]


def test_a_change_elsewhere_shows_at_the_top(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    set_language("en")
    hub = ChangeHub()
    view = audit_view(qtbot, app_ctx, demo_admin, hub)
    before = view.model.rowCount()
    banks = app_ctx.services.banks
    bank = banks.list(demo_admin)[0]
    with qtbot.waitSignal(view.refreshed):
        hub.apply(banks.set_active(demo_admin, bank.id, False))
    assert view.model.rowCount() == before + 1
    assert cells(view, AuditModel.WHAT)[0] == f"吴晓东 deactivated bank #{bank.id}"


def test_only_those_who_may_read_the_log_get_the_page(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    set_language("en")

    def titles(actor: Actor) -> list[str]:
        window = DeskController(app_ctx, actor, app_icon()).build_window()
        qtbot.addWidget(window)
        return [window.navigation.item(r).text() for r in range(window.navigation.count())]

    assert titles(demo_admin)[-1] == "Audit log"
    finance = actor_with_role(app_ctx.services, demo_admin, "finance")
    assert "Audit log" in titles(finance)
    for role in ("front_desk", "trainee"):
        assert "Audit log" not in titles(actor_with_role(app_ctx.services, demo_admin, role))


def test_the_page_says_so_when_the_log_is_empty(qtbot: QtBot, app_ctx: AppContext) -> None:
    set_language("en")
    admin = app_ctx.services.identity.create_first_admin("Admin", "admin-account").value
    view = audit_view(qtbot, app_ctx, admin, ChangeHub())
    assert view.model.rowCount() == 1  # the administrator's own creation
    with qtbot.waitSignal(view.refreshed):
        view.kind_combo.setCurrentIndex(view.kind_combo.findData("contract"))
    assert view.table.isHidden() and not view.empty_label.isHidden()
    assert view.empty_label.text() == "No entries of this kind yet."
