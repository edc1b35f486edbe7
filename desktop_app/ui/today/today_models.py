"""Table models of the Today view: the active contracts and who is on duty now."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.core.checklists.service import Readiness
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import ROLE_LABELS
from desktop_app.core.register.contracts import LOAN_TYPES, ContractView
from desktop_app.core.today.service import DutyRow
from desktop_app.ui.widgets.rows_model import Column, RowsModel, warning_brush


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
    """Active contracts with their responders, who would answer right now, and their checklist."""

    NUMBER, BANK, LOAN_TYPE, RESPONDERS, ANSWERS_NOW, CHECKLIST = range(6)
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
        Column(N_("Checklist"), lambda row: ""),  # filled from the readiness, see data()
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._readiness: dict[int, Readiness] = {}

    def set_readiness(self, readiness: dict[int, Readiness]) -> None:
        """How ready each contract's checklist is (set before the rows)."""
        self._readiness = dict(readiness)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.CHECKLIST and index.row() < self.rowCount():
            readiness = self._readiness.get(self.row_at(index.row())[0].id)
            if role == Qt.ItemDataRole.DisplayRole:
                return readiness.short_text() if readiness else "—"
            if role == Qt.ItemDataRole.ToolTipRole:
                return readiness.text() if readiness else None
            if role == Qt.ItemDataRole.ForegroundRole and readiness is not None:
                return warning_brush() if readiness.stale or readiness.missing else None
        return super().data(index, role)


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
