"""Filling a bank list: one change for the choice made, none while the caller holds the signals."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop_app.ui.widgets.bank_pickers import set_banks

BANKS = [(1, "中国工商银行"), (2, "招商银行"), (3, "北京银行")]


def test_filling_announces_only_the_bank_chosen(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    chosen: list[object] = []
    combo.currentIndexChanged.connect(lambda _index: chosen.append(combo.currentData()))
    set_banks(combo, BANKS, 2)
    assert chosen == [2]
    assert [combo.itemText(i) for i in range(combo.count())] == [name for _id, name in BANKS]


def test_a_caller_that_holds_the_signals_hears_nothing(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    chosen: list[object] = []
    combo.currentIndexChanged.connect(lambda _index: chosen.append(combo.currentData()))
    combo.blockSignals(True)  # as an editor does when the bank's contracts came with it
    set_banks(combo, BANKS, 3)
    assert combo.signalsBlocked()
    combo.blockSignals(False)
    assert chosen == []
    assert combo.currentData() == 3
