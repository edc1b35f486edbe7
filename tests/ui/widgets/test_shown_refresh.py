"""A screen hidden behind another page refreshes once when shown, not on every change."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.widgets.shown_refresh import ShownRefresh


def test_a_hidden_page_catches_up_once_when_shown(qtbot: QtBot) -> None:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    front, behind = QWidget(), QWidget()
    stack.addWidget(front)
    stack.addWidget(behind)
    refreshed: list[str] = []
    front_refresh = ShownRefresh(front, lambda: refreshed.append("front"))
    behind_refresh = ShownRefresh(behind, lambda: refreshed.append("behind"))
    stack.show()
    qtbot.waitExposed(stack)
    for _burst in range(3):
        front_refresh.request()
        behind_refresh.request()
    assert refreshed == ["front", "front", "front"]  # the page on view follows at once
    assert behind_refresh.stale
    stack.setCurrentWidget(behind)
    assert refreshed[3:] == ["behind"]  # one refresh for the three changes
    assert not behind_refresh.stale
    stack.setCurrentWidget(front)
    stack.setCurrentWidget(behind)
    assert refreshed[4:] == []  # nothing owed: shown again without a refresh


def test_a_screen_on_its_own_refreshes_at_once(qtbot: QtBot) -> None:
    screen = QWidget()
    qtbot.addWidget(screen)
    refreshed: list[int] = []
    ShownRefresh(screen, lambda: refreshed.append(1)).request()
    assert refreshed == [1]
