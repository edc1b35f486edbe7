"""The list table: columns fit their content, the wide text column takes the rest, cut text
has a tooltip, Tab leaves the table, and screens fit at the common window sizes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.app import app_icon
from desktop_app.ui.controller import DeskController
from desktop_app.ui.widgets.tables import ListTable, make_table, share_out
from tests.helpers.operations import settle


def test_room_left_over_goes_to_the_stretching_column() -> None:
    widths = share_out({0: 100, 1: 300, 2: 80}, 1, 800, 10)
    assert widths == {0: 100, 1: 620, 2: 80}


def test_too_little_room_takes_from_the_wide_text_column_first() -> None:
    widths = share_out({0: 100, 1: 300, 2: 80}, 1, 400, 10)
    assert widths == {0: 100, 1: 220, 2: 80}
    assert sum(widths.values()) == 400


def test_then_every_column_gives_up_width_in_proportion() -> None:
    widths = share_out({0: 200, 1: 300, 2: 80}, 1, 300, 10)
    assert widths[1] == 120  # the stretching column down to its dozen characters
    assert sum(widths.values()) == 300
    assert widths[0] < 200 and widths[2] < 80


def test_only_what_cannot_shrink_further_scrolls() -> None:
    widths = share_out({0: 200, 1: 300, 2: 80}, 1, 150, 10)
    assert widths == {0: 70, 1: 120, 2: 70}


def test_a_column_kept_whole_never_gives_up_width() -> None:
    widths = share_out({0: 200, 1: 300, 2: 80}, 1, 300, 10, frozenset({0}))
    assert widths[0] == 200 and widths[1] == 120 and sum(widths.values()) == 390  # it scrolls


def filled_table(qtbot: QtBot, texts: list[list[str]], stretch: int | None) -> ListTable:
    model = QStandardItemModel(len(texts), len(texts[0]))
    for row, cells in enumerate(texts):
        for column, text in enumerate(cells):
            model.setItem(row, column, QStandardItem(text))
    table = make_table("Sample", stretch_column=stretch)
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(500, 200)
    table.show()
    qtbot.waitExposed(table)
    table.resizeColumnsToContents()
    return table


def test_a_cut_cell_has_its_whole_text_as_a_tooltip(qtbot: QtBot) -> None:
    long_text = "a very long description of what the bank asked for " * 3
    table = filled_table(qtbot, [["0200-2024-GD-0052", long_text, "ok"]], None)
    model = table.model()
    assert table.stretch_column() == 1  # the widest one, when not named
    assert table.elided_text_at(model.index(0, 1)) == long_text
    assert table.elided_text_at(model.index(0, 0)) == ""
    assert table.elided_text_at(model.index(0, 2)) == ""
    widths = sum(table.columnWidth(c) for c in range(3))
    assert widths == table.viewport().width()  # no sideways scrolling, no empty strip


def test_tab_leaves_the_table(qtbot: QtBot) -> None:
    table = filled_table(qtbot, [["a", "b"], ["c", "d"]], 1)
    assert not table.tabKeyNavigation()


@pytest.mark.parametrize("size", [(1280, 800), (1440, 900), (1920, 1080)])
def test_the_today_page_fits_its_tables_at_common_sizes(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, size: tuple[int, int]
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    today = controller.today_view
    window.resize(*size)
    with qtbot.waitSignal(today.refreshed):  # the first read comes just after the first paint
        window.show()
    settle(qtbot)  # the panels beside the overview (follow-ups, gaps) read after it
    QApplication.processEvents()
    tables = [t for t in today.findChildren(ListTable) if t.isVisible()]
    assert tables
    for table in tables:
        model = table.model()
        shown = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
        right = max(table.columnViewportPosition(c) + table.columnWidth(c) for c in shown)
        assert right <= table.viewport().width(), table.accessibleName()
    checklist = today.contracts_table
    column = today.contracts_model.CHECKLIST
    whole = [
        table_text
        for row in range(today.contracts_model.rowCount())
        if (table_text := checklist.elided_text_at(today.contracts_model.index(row, column)))
    ]
    if size[0] >= 1440:  # the checklist column is whole from 1440 wide (it was cut in English)
        assert whole == []
