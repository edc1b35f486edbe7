"""The table of what depends on a person: responder lists that name them, numbers banks hold."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.register.people import DeactivationImpact
from desktop_app.ui.widgets.rows_model import Column, RowsModel

CONTRACT, BANK_DEFAULT, NUMBER = "contract", "bank_default", "number"
KINDS = {
    CONTRACT: N_("Contract responder list"),
    BANK_DEFAULT: N_("Bank's default responder list"),
    NUMBER: N_("Number registered with the bank"),
}


def rank_text(rank: int) -> str:
    return _("Primary") if rank == 1 else _("Backup {number}").format(number=rank - 1)


@dataclass(frozen=True)
class ImpactRow:
    """One thing that points to the person."""

    kind: str
    subject: str  # a contract number, a bank name or a phone number
    detail: str  # already translated: the rank, or the bank holding the number


def impact_rows(impact: DeactivationImpact) -> list[ImpactRow]:
    rows = [ImpactRow(CONTRACT, number, rank_text(rank)) for _id, number, rank in impact.contracts]
    names = impact.bank_names or tuple(f"#{bank_id}" for bank_id in impact.bank_defaults)
    rows.extend(ImpactRow(BANK_DEFAULT, name, "") for name in names)
    banks = impact.number_banks or ("",) * len(impact.numbers)
    rows.extend(
        ImpactRow(NUMBER, display, _("on file at {bank}").format(bank=bank) if bank else "")
        for (_id, display), bank in zip(impact.numbers, banks, strict=True)
    )
    return rows


class ImpactModel(RowsModel[ImpactRow]):
    """Contracts, bank default lists and registered numbers that name the person."""

    KIND, SUBJECT, DETAIL = range(3)
    COLUMNS = (
        Column(N_("Where"), lambda r: _(KINDS[r.kind])),
        Column(N_("Which"), lambda r: r.subject),
        Column(N_("Detail"), lambda r: r.detail),
    )
