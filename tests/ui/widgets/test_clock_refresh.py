"""A page that re-reads with the clock does so only while somebody can see it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.widgets.clock_refresh import ClockRefresh


def _shown(qtbot: QtBot) -> tuple[QMainWindow, QStackedWidget, QWidget, QWidget]:
    window = QMainWindow()
    qtbot.addWidget(window)
    stack = QStackedWidget()
    front, behind = QWidget(), QWidget()
    stack.addWidget(front)
    stack.addWidget(behind)
    window.setCentralWidget(stack)
    window.show()
    qtbot.waitExposed(window)
    return window, stack, front, behind


def test_a_tick_on_screen_reads_and_keeps_ticking(qtbot: QtBot) -> None:
    _win, _stack, front, _behind = _shown(qtbot)
    reads: list[int] = []
    refresh = ClockRefresh(front, 60_000, lambda: reads.append(1))
    refresh.timer.timeout.emit()
    assert reads == [1]
    assert refresh.timer.isActive()
    assert not refresh.stale


def test_a_window_in_the_tray_sleeps_and_catches_up_when_shown(qtbot: QtBot) -> None:
    window, _stack, front, _behind = _shown(qtbot)
    reads: list[int] = []
    refresh = ClockRefresh(front, 60_000, lambda: reads.append(1))
    window.hide()
    refresh.timer.timeout.emit()
    assert reads == []
    assert refresh.stale
    assert not refresh.timer.isActive()  # no more wake-ups while nobody looks
    window.show()
    qtbot.waitUntil(lambda: reads == [1])
    assert not refresh.stale
    assert refresh.timer.isActive()


def test_a_minimised_window_reads_once_restored(qtbot: QtBot) -> None:
    window, _stack, front, _behind = _shown(qtbot)
    reads: list[int] = []
    refresh = ClockRefresh(front, 60_000, lambda: reads.append(1))
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    refresh.timer.timeout.emit()
    assert reads == []
    assert refresh.stale
    window.showNormal()
    qtbot.waitUntil(lambda: reads == [1])
    assert refresh.timer.isActive()


def test_a_page_behind_another_reads_when_it_comes_forward(qtbot: QtBot) -> None:
    _win, stack, _front, behind = _shown(qtbot)
    reads: list[int] = []
    refresh = ClockRefresh(behind, 60_000, lambda: reads.append(1))
    refresh.timer.timeout.emit()
    assert reads == []
    assert refresh.stale
    stack.setCurrentWidget(behind)
    qtbot.waitUntil(lambda: reads == [1])
    stack.setCurrentWidget(stack.widget(0))
    stack.setCurrentWidget(behind)
    QCoreApplication.processEvents()
    assert reads == [1]  # nothing owed any more: shown again without a read
