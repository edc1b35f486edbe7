"""Python's cycle collector runs on the GUI thread only: never where an operation works."""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from desktop_app.ui.collector import GuiThreadCollector


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
