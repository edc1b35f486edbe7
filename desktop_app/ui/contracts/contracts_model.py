"""The lazily filled table of contracts, with loan amounts only for those allowed to see them."""

from __future__ import annotations

from desktop_app.core.common.i18n import N_, _, format_day, format_money
from desktop_app.core.register.contracts import LOAN_TYPES, STATUSES, ContractView
from desktop_app.ui.widgets.paged_model import PagedRowsModel
from desktop_app.ui.widgets.rows_model import Column


def responders_text(contract: ContractView) -> str:
    if not contract.responders:
        return _("None assigned")
    names = [
        r.name if r.active else _("{name} (inactive)").format(name=r.name)
        for r in contract.responders
    ]
    text = " › ".join(names)
    if contract.responders[0].inherited:
        text = _("{names} (bank default)").format(names=text)
    return text


def has_active_responder(contract: ContractView) -> bool:
    return any(r.active for r in contract.responders)


class ContractsModel(PagedRowsModel[ContractView]):
    """Contracts in bank and number order."""

    NUMBER, BANK, LOAN_TYPE, PRINCIPAL, MATURITY, STATUS, RESPONDERS = range(7)
    COLUMNS = (
        Column(N_("Contract"), lambda c: c.contract_number),
        Column(N_("Bank"), lambda c: c.bank_name),
        Column(N_("Loan type"), lambda c: _(LOAN_TYPES[c.loan_type])),
        Column(N_("Principal"), lambda c: format_money(c.principal, c.currency), align_right=True),
        Column(N_("Maturity"), lambda c: format_day(c.maturity_date)),
        Column(N_("Status"), lambda c: _(STATUSES[c.status])),
        Column(
            N_("Responders (primary first)"),
            responders_text,
            tone=lambda c: "" if has_active_responder(c) else "warning",
        ),
    )
