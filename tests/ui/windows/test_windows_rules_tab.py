"""The Windows tab of the Contact windows page: every window as a rule — active, inactive (greyed,
on request) and without a date in the period shown — filtered by bank, opened with Enter,
deactivated and reactivated through the real services; read-only for the front desk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.context import AppContext
from desktop_app.core.windows.service import WindowDraft, WindowPreset, WindowView
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.screens import windows_view
from desktop_app.ui.widgets.rows_model import muted_brush
from desktop_app.ui.windows.rules_model import RulesModel
from desktop_app.ui.windows.window_dialog import WindowDialog
from desktop_app.ui.windows.windows_view import WindowsView
from tests.helpers.operations import loaded, settle


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor, hub: ChangeHub) -> WindowsView:
    view = windows_view(app_ctx.services, hub, actor, app_ctx.clock)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot)  # the occurrences are read off the GUI thread
    view.tabs.setCurrentIndex(WindowsView.RULES_TAB)
    return view


def shown(view: WindowsView) -> list[str]:
    return [view.rules_model.row_at(r).title for r in range(view.rules_model.rowCount())]


def window_titled(app_ctx: AppContext, actor: Actor, title: str) -> WindowView:
    windows = app_ctx.services.windows.list(actor, include_inactive=True)
    return next(w for w in windows if w.title == title)


def select(view: WindowsView, title: str) -> None:
    view.rules_table.selectRow(shown(view).index(title))


def test_lists_active_inactive_and_future_windows(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    hub = ChangeHub()
    ccb = window_titled(app_ctx, demo_admin, "建行月度贷后核查")
    hub.apply(services.windows.deactivate(demo_admin, ccb.id))
    later = services.windows.create(
        demo_admin,
        WindowDraft(
            bank_id=ccb.bank_id,
            title="建行2028年回访",
            preset=WindowPreset.QUARTERLY_ON_DAY,
            day_of_month=5,
            starts="10:00",
            ends="11:00",
            valid_from="2028-01-01",
            valid_until="2028-12-31",
        ),
    ).value
    view = make_view(qtbot, app_ctx, demo_admin, hub)
    qtmodeltester.check(view.rules_model)
    # Neither has a date in the agenda; the Windows tab lists the future one, the other on request.
    agenda = {
        view.agenda_model.row_at(r).occurrence.title for r in range(view.agenda_model.rowCount())
    }
    assert not {"建行月度贷后核查", "建行2028年回访"} & agenda
    active = [w.title for w in services.windows.list(demo_admin)]
    assert shown(view) == active and "建行2028年回访" in active
    assert view.rules_page.hidden_label.text() == "1 inactive window hidden"
    view.inactive_check.setChecked(True)
    assert len(shown(view)) == len(active) + 1 and "建行月度贷后核查" in shown(view)
    assert view.rules_page.hidden_label.text() == ""

    model = view.rules_model
    stopped = shown(view).index("建行月度贷后核查")
    assert model.index(stopped, RulesModel.STATUS).data() == "Inactive"
    assert model.index(stopped, RulesModel.RULE).data() == "Monthly on day 15"
    assert model.index(stopped, RulesModel.TIMES).data() == "14:00–16:00 (China (Shanghai) Time)"
    assert model.index(stopped, RulesModel.CONTRACT).data() == "All contracts"
    for column in (RulesModel.BANK, RulesModel.TITLE, RulesModel.STATUS):
        assert model.index(stopped, column).data(Qt.ItemDataRole.ForegroundRole) == muted_brush()
    future = shown(view).index("建行2028年回访")
    assert model.index(future, RulesModel.STATUS).data() == "Active"
    assert model.index(future, RulesModel.BANK).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(future, RulesModel.VALID).data() == "Jan 1, 2028 – Dec 31, 2028"
    tip = model.index(future, RulesModel.RULE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == later.description and "from Jan 1, 2028 to Dec 31, 2028" in tip
    visit = shown(view).index("招行现场检查")
    assert model.index(visit, RulesModel.RULE).data() == "One-off appointment"
    assert model.index(visit, RulesModel.TIMES).data().endswith("–12:00 (China (Shanghai) Time)")
    assert model.index(visit, RulesModel.VALID).data() == "—"

    view.bank_combo.setCurrentIndex(view.bank_combo.findText("中国建设银行"))  # shared filter
    settle(qtbot)
    assert sorted(shown(view)) == sorted(["建行月度贷后核查", "建行2028年回访"])
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    assert view.agenda_model.rowCount() == 0  # the agenda follows the same bank

    hub.apply(services.windows.reactivate(demo_admin, ccb.id))  # as another screen would
    settle(qtbot)
    assert view.agenda_model.rowCount() > 0
    view.tabs.setCurrentIndex(WindowsView.RULES_TAB)
    row = view.rules_model.row_of_window(ccb.id)
    assert view.rules_model.index(row, RulesModel.STATUS).data() == "Active"


def test_deactivate_and_reactivate_round_trip(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin, ChangeHub())
    assert view.letter_button.isHidden() and not view.reactivate_button.isHidden()
    assert not view.problems_check.isEnabled()
    assert not view.edit_button.isEnabled() and not view.deactivate_button.isEnabled()
    select(view, "招行现场检查")
    assert view.edit_button.isEnabled() and view.deactivate_button.isEnabled()
    assert not view.reactivate_button.isEnabled()

    view.deactivate_button.click()
    box = view.findChild(QMessageBox)
    assert box is not None and "招行现场检查" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot)  # written off the GUI thread
    assert view.message_label.text() == "Deactivated the contact window “招行现场检查”."
    assert "招行现场检查" not in shown(view)  # inactive ones are hidden until asked for
    assert not window_titled(app_ctx, demo_admin, "招行现场检查").active

    view.inactive_check.setChecked(True)
    select(view, "招行现场检查")
    assert not view.deactivate_button.isEnabled() and view.reactivate_button.isEnabled()
    view.reactivate_button.click()
    settle(qtbot)
    assert view.message_label.text() == "Reactivated the contact window “招行现场检查”."
    assert window_titled(app_ctx, demo_admin, "招行现场检查").active
    selected = view.selected_window()
    assert selected is not None and selected.title == "招行现场检查" and selected.active
    assert view.deactivate_button.isEnabled() and not view.reactivate_button.isEnabled()
    row = shown(view).index("招行现场检查")
    assert view.rules_model.index(row, RulesModel.STATUS).data() == "Active"

    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)  # its date is back in the agenda
    titles = [
        view.agenda_model.row_at(r).occurrence.title for r in range(view.agenda_model.rowCount())
    ]
    assert "招行现场检查" in titles
    assert not view.letter_button.isHidden() and view.reactivate_button.isHidden()
    assert view.problems_check.isEnabled()


def test_enter_opens_the_editor_on_an_inactive_window(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    ccb = window_titled(app_ctx, demo_admin, "建行月度贷后核查")
    app_ctx.services.windows.deactivate(demo_admin, ccb.id)
    view = make_view(qtbot, app_ctx, demo_admin, ChangeHub())
    view.inactive_check.setChecked(True)
    select(view, "建行月度贷后核查")
    view.rules_table.setFocus()
    qtbot.keyClick(view.rules_table, Qt.Key.Key_Return)
    dialog = view.findChild(WindowDialog)
    assert dialog is not None and dialog.title_edit.text() == "建行月度贷后核查"
    loaded(qtbot, dialog)
    assert "Inactive: it has no dates until it is reactivated." in dialog.description_label.text()
    dialog.title_edit.setText("建行月度核查（暂停）")
    with qtbot.waitSignal(dialog.window_saved):
        dialog.save()
    settle(qtbot)
    saved = window_titled(app_ctx, demo_admin, "建行月度核查（暂停）")
    assert not saved.active  # editing does not switch it back on
    assert "建行月度核查（暂停）" in shown(view)


def test_front_desk_reads_the_windows_tab_only(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    ccb = window_titled(app_ctx, demo_admin, "建行月度贷后核查")
    app_ctx.services.windows.deactivate(demo_admin, ccb.id)
    desk = app_ctx.services.identity.actor_named("刘洋")
    assert desk.role == Role.FRONT_DESK
    view = make_view(qtbot, app_ctx, desk, ChangeHub())
    view.inactive_check.setChecked(True)
    assert "建行月度贷后核查" in shown(view)
    select(view, "建行月度贷后核查")
    for button in (
        view.new_button,
        view.deactivate_button,
        view.reactivate_button,
        view.letter_button,
    ):
        assert button.isHidden()
    assert view.edit_button.text() == "Open…" and view.edit_button.isEnabled()
    view.edit_button.click()
    dialog = view.findChild(WindowDialog)
    assert dialog is not None
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save) is None
    assert dialog.title_edit.isReadOnly()
    assert not window_titled(app_ctx, demo_admin, "建行月度贷后核查").active
