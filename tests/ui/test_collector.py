"""Python's cycle collector runs on the GUI thread only: never where an operation works."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui import handover
from desktop_app.ui.collector import GuiThreadCollector, collect_on_gui_thread


class Cycle:
    """Garbage only the cycle collector can free."""

    def __init__(self) -> None:
        self.me = self


def test_collection_waits_for_the_gui_thread(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()  # no thread collects by itself any more
        first = gc.get_threshold()[0]
        gc.collect()
        garbage = [Cycle() for _ in range(first + 10)]
        del garbage
        assert gc.get_count()[0] > first  # due, but nothing collected it
        assert collector.collect_if_due() is not None
        assert gc.get_count()[0] <= first
        assert collector.collect_if_due() is None  # nothing due right after
    finally:
        if was_enabled:
            gc.enable()


def test_a_result_handed_back_brings_a_look_soon_after(qapp: QApplication, qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = collect_on_gui_thread(qapp)  # the app's one collector
    try:
        gc.collect()
        garbage = [Cycle() for _ in range(gc.get_threshold()[0] + 10)]
        del garbage
        assert gc.get_count()[0] > gc.get_threshold()[0]  # due; the slow timer is a minute off
        done: list[object] = []
        handover.start(lambda: 42, done.append)
        qtbot.waitUntil(lambda: bool(done))
        qtbot.waitUntil(lambda: gc.get_count()[0] <= gc.get_threshold()[0], timeout=2_000)
        assert collector.collect_if_due() is None
    finally:
        if was_enabled:
            gc.enable()


def test_a_full_collection_waits_until_a_quarter_more_lives_long(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector()
    first, second, third = gc.get_threshold()
    try:
        kept = [[index] for index in range(200_000)]  # a large heap, long-lived
        collector.collect(2)
        heap = len(gc.get_objects(2))

        def due_for_all_three() -> None:
            for _ in range(third + 1):
                collector.collect(1)  # each counts once towards the oldest generation
            for _ in range(second + 1):
                collector.collect(0)  # each counts once towards the middle one
            garbage = [Cycle() for _ in range(first + 10)]
            del garbage

        due_for_all_three()
        assert gc.get_count()[2] > third  # by the counts alone, a full collection is due
        assert collector.collect_if_due() == 1  # but few objects were added: the middle one
        more = [[index] for index in range(heap // 4 + 1000)]
        collector.collect(1)  # they move into the oldest generation
        due_for_all_three()
        assert collector.collect_if_due() == 2  # a quarter more: now the full one
        del more, kept
    finally:
        if was_enabled:
            gc.enable()
