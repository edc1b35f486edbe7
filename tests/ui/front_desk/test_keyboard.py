"""The front desk by keyboard: the Tab path, outcome keys acting at the key press, a refused log
said on screen, picking one of several contracts, and how many keys a message takes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.front_desk.front_desk_view import FrontDeskView
from desktop_app.ui.screens import front_desk_view


def shown_console(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> FrontDeskView:
    """The console in an active window, so that its window shortcuts (F5–F8) apply."""
    view = front_desk_view(app_ctx.services, ChangeHub(), actor, app_ctx.clock)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    return view


def desk(app_ctx: AppContext) -> Actor:
    return app_ctx.services.identity.actor_named("刘洋")


class KeyCounter:
    """Presses keys on whatever has the focus, counting them and the navigation among them."""

    NAVIGATION = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Down)

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.keys = 0
        self.navigation = 0

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.keys += 1
        self.navigation += key in self.NAVIGATION or modifier == Qt.KeyboardModifier.AltModifier
        self.qtbot.keyClick(self.focused(), key, modifier)

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.qtbot.keyClicks(self.focused(), text)


def calls_logged(app_ctx: AppContext, admin: Actor) -> int:
    return app_ctx.services.call_log.count(admin, CallLogQuery())


def test_tab_goes_search_transfer_list_caller_message_outcome_and_out_of_every_table(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = shown_console(qtbot, app_ctx, desk(app_ctx))
    keys = KeyCounter(qtbot)
    view.focus_search()
    qtbot.keyClicks(view.search_edit, "gsyh")
    assert view.contracts_model.rowCount() > 1 and view.candidates_model.rowCount() > 1
    bar = view.log_bar
    expected = [
        view.candidates_table,
        bar.caller_name_edit,
        bar.caller_number_edit,
        bar.notes_edit,
        *bar.outcome_buttons.values(),
        view.contracts_table,  # a table is one stop: the next Tab leaves it
    ]
    visited = []
    for _ in expected:
        keys.press(Qt.Key.Key_Tab)
        visited.append(keys.focused())
    assert visited == expected
    keys.press(Qt.Key.Key_Tab)
    assert keys.focused() is not view.contracts_table
    for _ in range(len(view.focus_order()) + 2):  # round the whole console: it comes back
        if keys.focused() is view.search_edit:
            break
        keys.press(Qt.Key.Key_Tab)
    assert keys.focused() is view.search_edit


def test_an_outcome_key_logs_the_call_as_it_is_at_the_key_press(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = shown_console(qtbot, app_ctx, desk(app_ctx))
    qtbot.keyClicks(view.search_edit, "BOB-ZGC")
    bar = view.log_bar
    qtbot.keyClicks(bar.caller_name_edit, "Feng Tao")
    qtbot.keyClicks(bar.caller_number_edit, "13911112222")
    with qtbot.waitSignal(view.call_logged, timeout=2000) as logged:
        qtbot.keyClick(bar.caller_number_edit, Qt.Key.Key_F6)
        # Typed straight after the key: the next call's number, not this one's.
        qtbot.keyClicks(QApplication.focusWidget(), "0105")
    call = logged.args[0]
    assert call.outcome == "message"
    assert call.caller_name == "Feng Tao"
    assert call.caller_number_key.endswith("13911112222")
    assert view.search_edit.text() == "0105"  # the digits went to the next call's search


def test_a_refused_log_is_said_on_screen_and_keeps_what_was_typed(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = shown_console(qtbot, app_ctx, desk(app_ctx))
    before = calls_logged(app_ctx, demo_admin)
    qtbot.keyClicks(view.search_edit, "BOB-ZGC")
    bar = view.log_bar
    qtbot.keyClicks(bar.caller_name_edit, "Feng Tao")
    qtbot.keyClicks(bar.caller_number_edit, "12")
    qtbot.keyClicks(bar.notes_edit, "about payroll")
    qtbot.keyClick(bar.notes_edit, Qt.Key.Key_F6)
    assert view.status_label.text().startswith("Not logged: ")
    assert view.status_label.objectName() == "warningBanner"
    assert view.status_label.isVisible()
    assert (bar.caller_name_edit.text(), bar.caller_number_edit.text()) == ("Feng Tao", "12")
    assert bar.notes_edit.text() == "about payroll"
    assert QApplication.focusWidget() is bar.caller_number_edit  # where the problem is
    assert calls_logged(app_ctx, demo_admin) == before


def test_the_desk_picks_one_of_the_banks_contracts_by_keyboard(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = shown_console(qtbot, app_ctx, desk(app_ctx))
    keys = KeyCounter(qtbot)
    view.focus_search()
    keys.type("gsyh")
    model = view.contracts_model
    assert model.rowCount() == 2
    assert view.chosen_contract_id() is None  # several, none named yet
    keys.press(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert keys.focused() is view.contracts_table
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Down)
    picked = view.contracts_model.row_at(view.contracts_table.currentIndex().row())
    assert view.chosen_contract_id() == picked.id
    view.log_bar.caller_name_edit.setFocus()
    keys.type("Wang Li")
    with qtbot.waitSignal(view.call_logged, timeout=2000) as logged:
        keys.press(Qt.Key.Key_F6)
    assert logged.args[0].contract_id == picked.id
    assert logged.args[0].contract_number == picked.contract_number


def test_a_message_takes_two_navigation_keys(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    """The issue's count was 59 keys, nine of them navigation, for a message."""
    view = shown_console(qtbot, app_ctx, desk(app_ctx))
    keys = KeyCounter(qtbot)
    view.focus_search()
    keys.type("01082001234")  # the number on the display
    keys.press(Qt.Key.Key_Return)
    assert keys.focused() is view.log_bar.caller_name_edit
    keys.type("Feng Tao")
    keys.press(Qt.Key.Key_Return)
    assert keys.focused() is view.log_bar.notes_edit
    keys.type("call back re payroll")
    with qtbot.waitSignal(view.call_logged, timeout=2000) as logged:
        keys.press(Qt.Key.Key_F6)
    call = logged.args[0]
    assert (call.outcome, call.caller_name, call.notes) == (
        "message",
        "Feng Tao",
        "call back re payroll",
    )
    assert call.caller_number_key.endswith("1082001234")
    assert keys.navigation == 2
    assert keys.keys == 11 + 8 + 20 + 2 + 1
