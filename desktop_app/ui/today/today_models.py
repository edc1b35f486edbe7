"""Table models of the Today view: the active contracts and who is on duty now."""

from __future__ import annotations

from desktop_app.core.i18n import N_, _
from desktop_app.core.services.contracts import LOAN_TYPES, ContractView
from desktop_app.core.services.permissions import ROLE_LABELS
from desktop_app.core.services.today import DutyRow
from desktop_app.ui.widgets.rows_model import Column, RowsModel


def _responders(contract: ContractView) -> str:
    if not contract.responders:
        return _("None assigned")
    names = []
    for responder in contract.responders:
        label = (
            responder.name
            if responder.active
            else _("{name} (inactive)").format(name=responder.name)
        )
        names.append(label)
    return " › ".join(names)


class ContractsTodayModel(RowsModel[tuple[ContractView, str]]):
    """Active contracts with their responders and who would answer right now."""

    NUMBER, BANK, LOAN_TYPE, RESPONDERS, ANSWERS_NOW = range(5)
    COLUMNS = (
        Column(N_("Contract"), lambda row: row[0].contract_number),
        Column(N_("Bank"), lambda row: row[0].bank_name),
        Column(N_("Loan type"), lambda row: _(LOAN_TYPES[row[0].loan_type])),
        Column(
            N_("Responders (primary first)"),
            lambda row: _responders(row[0]),
            tone=lambda row: "" if row[0].responders else "warning",
        ),
        Column(
            N_("Answers now"),
            lambda row: row[1] or _("Nobody available"),
            tone=lambda row: "" if row[1] else "warning",
        ),
    )


class DutyModel(RowsModel[DutyRow]):
    """People and whether they can answer the bank now."""

    NAME, ROLE, CONTRACTS, EXTENSION, MOBILE, STATUS = range(6)
    COLUMNS = (
        Column(N_("Name"), lambda row: row.person.name),
        Column(N_("Role"), lambda row: _(ROLE_LABELS[row.person.role])),
        Column(N_("Responder for"), lambda row: str(row.responder_for), align_right=True),
        Column(N_("Extension"), lambda row: row.person.extension or "—"),
        Column(N_("Mobile"), lambda row: row.person.mobile or "—"),
        Column(
            N_("Now"),
            lambda row: row.status.text(),
            tone=lambda row: "" if row.status.available else "muted",
        ),
    )
