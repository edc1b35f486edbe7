"""The bank and contract pickers the register's forms share: every bank the person may see, and the
chosen bank's contracts under a first item that stands for none in particular."""

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
