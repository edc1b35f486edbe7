"""ListScreen, the base of the list screens, through a tiny real screen of banks: rows or the
empty state, New/Open/activation opening the editor, the buttons following the selection, and
re-reading on a change through the hub — at once while shown, once when shown again, and for a
lazy screen not before it is first shown."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPushButton, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.register.banks import BankService, BankView
from desktop_app.ui.banks.banks_model import BanksModel
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.widgets.list_screen import ListScreen, button_row


class TinyBanks(ListScreen[BankView, BanksModel]):
    """The smallest list screen: banks filtered by a text, an editor that only records."""

    AREAS = (Area.BANKS,)

    def __init__(
        self, banks: BankService, hub: ChangeHub, actor: Actor, *, lazy: bool = False
    ) -> None:
        super().__init__(hub, actor, BanksModel(), "Banks", BanksModel.NAME, lazy=lazy)
        self._banks = banks
        self.reads = 0
        self.opened: list[BankView | None] = []
        self.search_edit = QLineEdit()
        self.search_edit.textChanged.connect(self.reload)
        self.new_button = self.make_new_button("New")
        self.open_button = self.make_open_button("Open")
        self.active_button = QPushButton("Deactivate")
        buttons = button_row((self.new_button, self.open_button, self.active_button))
        self.lay_out([self.search_edit], [buttons])
        if not lazy:
            self.first_load()

    def reload(self) -> None:
        self.reads += 1
        self.model.set_rows(self._banks.list(self._actor, self.search_edit.text()))
        self.show_rows()

    def empty_text(self) -> str:
        return f"Nothing matches {self.search_edit.text()}"

    def update_actions(self) -> None:
        bank = self.selected()
        self.active_button.setEnabled(bank is not None and bank.active)

    def open_editor(self, item: BankView | None) -> QWidget | None:
        self.opened.append(item)
        return None


def tiny(qtbot: QtBot, app_ctx: AppContext, actor: Actor, hub: ChangeHub, **kw: bool) -> TinyBanks:
    screen = TinyBanks(app_ctx.services.banks, hub, actor, **kw)
    qtbot.addWidget(screen)
    return screen


def test_rows_or_the_empty_state_and_the_editor_opened_on_them(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    screen = tiny(qtbot, app_ctx, demo_admin, ChangeHub())
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.model.rowCount() > 1
    assert screen.table.isVisible() and not screen.empty_label.isVisible()
    assert not screen.active_button.isEnabled()  # nothing selected yet

    screen.open_button.click()
    assert screen.opened == []  # Open without a selection does nothing
    screen.new_button.click()
    assert screen.opened == [None]
    screen.table.selectRow(1)
    second = screen.model.row_at(1)
    assert screen.selected() == second
    assert screen.active_button.isEnabled()  # the buttons follow the selection
    screen.open_button.click()
    screen.table.activated.emit(screen.model.index(0, 0))  # Enter or a double-click
    assert screen.opened == [None, second, screen.model.row_at(0)]

    refreshed: list[bool] = []
    screen.refreshed.connect(lambda: refreshed.append(True))
    screen.search_edit.setText("no bank is called this")
    assert refreshed == [True]
    assert screen.model.rowCount() == 0
    assert not screen.table.isVisible() and screen.empty_label.isVisible()
    assert screen.empty_label.text() == "Nothing matches no bank is called this"
    assert screen.selected() is None and not screen.active_button.isEnabled()


def test_a_change_is_read_at_once_while_shown_and_once_when_shown_again(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    front = QWidget()
    screen = TinyBanks(app_ctx.services.banks, hub, demo_admin)
    stack.addWidget(screen)
    stack.addWidget(front)
    stack.show()
    qtbot.waitExposed(stack)
    assert screen.reads == 1
    bank = screen.model.row_at(0)

    hub.apply(app_ctx.services.banks.set_active(demo_admin, bank.id, False))
    assert screen.reads == 2  # shown: at once
    shown = [screen.model.row_at(row).id for row in range(screen.model.rowCount())]
    assert bank.id not in shown  # deactivated, so no longer listed
    hub.announce(Changes.of(Area.CALLS))
    assert screen.reads == 2  # not an area it shows

    stack.setCurrentWidget(front)
    for _change in range(3):
        hub.announce(Changes.of(Area.BANKS))
    assert screen.reads == 2  # hidden behind another page: owed, not read
    stack.setCurrentWidget(screen)
    assert screen.reads == 3  # once for the three changes


def test_a_lazy_screen_reads_nothing_until_first_shown(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    screen = tiny(qtbot, app_ctx, demo_admin, hub, lazy=True)
    hub.announce(Changes.of(Area.BANKS))
    assert screen.reads == 0 and not screen.loaded
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.loaded and screen.reads == 1
    assert screen.model.rowCount() > 0
    screen.hide()
    screen.show()
    assert screen.reads == 1  # read once, not on every show
