"""The bank and contract pickers the register's forms share: every bank the person may see, and the
chosen bank's contracts under a first item that stands for none in particular.

A form that opens at once reads the banks off the GUI thread with :func:`bank_choices` and
shows them with :func:`set_banks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor

if TYPE_CHECKING:
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.register.contracts import ContractService


def bank_combo(banks: BankService, actor: Actor) -> QComboBox:
    """A combo box of the banks ``actor`` may see, each item's data its id."""
    combo = QComboBox()
    combo.setAccessibleName(_("Bank"))
    for bank in banks.list(actor):
        combo.addItem(bank.name, bank.id)
    return combo


def bank_choices(banks: BankService, actor: Actor) -> list[tuple[int, str]]:
    """``(id, name)`` of the banks ``actor`` may see (a service read, for the worker thread)."""
    return [(bank.id, bank.name) for bank in banks.list(actor)]


def set_banks(combo: QComboBox, choices: list[tuple[int, str]], selected: int | None) -> None:
    """Replace ``combo``'s items with the banks ``choices`` and select ``selected`` (or the
    first), without emitting a change per item added."""
    was_blocked = combo.blockSignals(True)  # a caller's own block must outlast this one
    try:
        combo.clear()
        for bank_id, name in choices:
            combo.addItem(name, bank_id)
        combo.setCurrentIndex(-1)
    finally:
        combo.blockSignals(was_blocked)
    combo.setCurrentIndex(max(0, combo.findData(selected)) if choices else -1)


def contract_choices(
    contracts: ContractService, actor: Actor, bank_id: int | None
) -> list[tuple[int, str]]:
    """``(id, number)`` of ``bank_id``'s contracts (none without a bank), for the worker."""
    if bank_id is None:
        return []
    return [(c.id, c.contract_number) for c in contracts.list(actor, bank_id=int(bank_id))]


def set_contracts(combo: QComboBox, choices: list[tuple[int, str]], first: str) -> None:
    """Replace the items with ``first`` (data ``None``) and the contracts ``choices``."""
    combo.clear()
    combo.addItem(first, None)
    for contract_id, number in choices:
        combo.addItem(number, contract_id)


def contract_combo() -> QComboBox:
    """An empty combo box for a bank's contracts; :func:`fill_contracts` fills it."""
    combo = QComboBox()
    combo.setAccessibleName(_("Contract"))
    return combo


def fill_contracts(
    combo: QComboBox, contracts: ContractService, actor: Actor, bank_id: int | None, first: str
) -> None:
    """Replace the items with ``first`` (data ``None``) and the contracts of ``bank_id``, if any."""
    combo.clear()
    combo.addItem(first, None)
    if bank_id is None:
        return
    for contract in contracts.list(actor, bank_id=int(bank_id)):
        combo.addItem(contract.contract_number, contract.id)
