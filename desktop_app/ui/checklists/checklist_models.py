"""Table models of the Checklists screen: contracts with their readiness, items, evidence files."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.core.checklists.evidence import FileCheck
from desktop_app.core.checklists.service import ChecklistItemView, EvidenceView, Readiness
from desktop_app.core.checklists.templates import TemplateItemView
from desktop_app.core.common.i18n import N_, _, format_day, format_local_day, ngettext
from desktop_app.core.register.contracts import LOAN_TYPES, ContractView
from desktop_app.ui.widgets.paged_model import PagedRowsModel
from desktop_app.ui.widgets.rows_model import Column, RowsModel


def readiness_tone(readiness: Readiness) -> str:
    if readiness.stale or readiness.missing:
        return "warning"
    return ""


class ContractReadinessModel(PagedRowsModel[tuple[ContractView, Readiness]]):
    """Contracts, a page at a time, with how ready each one's checklist is."""

    NUMBER, BANK, LOAN_TYPE, READINESS = range(4)
    COLUMNS = (
        Column(N_("Contract"), lambda row: row[0].contract_number),
        Column(N_("Bank"), lambda row: row[0].bank_name),
        Column(N_("Loan type"), lambda row: _(LOAN_TYPES.get(row[0].loan_type, "other"))),
        Column(N_("Checklist"), lambda row: row[1].text(), tone=lambda row: readiness_tone(row[1])),
    )


def _item_tone(item: ChecklistItemView) -> str:
    if item.effective_state in ("stale", "missing"):
        return "warning"
    if item.effective_state == "not_applicable":
        return "muted"
    return ""


def _fresh_text(item: ChecklistItemView) -> str:
    if item.fresh_until is None:
        return "—" if item.effective_state != "ready" else _("Does not expire")
    text = format_day(item.fresh_until)
    return _("{date} (soon)").format(date=text) if item.expiring else text


class ChecklistItemsModel(RowsModel[ChecklistItemView]):
    """A contract's checklist items."""

    TITLE, STATE, OWNER, READY_ON, FRESH_UNTIL, FILES = range(6)
    COLUMNS = (
        Column(N_("Item"), lambda i: i.title()),
        Column(N_("State"), lambda i: i.state_text(), tone=_item_tone),
        Column(N_("Owner"), lambda i: i.owner_name or "—"),
        Column(N_("Ready on"), lambda i: format_day(i.ready_on) if i.ready_on else "—"),
        Column(
            N_("Fresh until"),
            _fresh_text,
            tone=lambda i: "warning" if i.expiring or i.effective_state == "stale" else "",
        ),
        Column(N_("Files"), lambda i: str(len(i.files)) if i.files else "—", align_right=True),
    )


class EvidenceFilesModel(RowsModel[tuple[EvidenceView, FileCheck | None]]):
    """An item's evidence files, with what the last check found."""

    NAME, SIZE, ADDED, HASH, CHECK = range(5)
    COLUMNS = (
        Column(N_("File"), lambda row: row[0].file_name),
        Column(N_("Size"), lambda row: _size(row[0].size), align_right=True),
        Column(N_("Added"), lambda row: format_local_day(row[0].added_at)),
        Column(N_("SHA-256"), lambda row: f"{row[0].sha256[:16]}…"),
        Column(
            N_("File check"),
            lambda row: row[1].text() if row[1] else _("Not checked"),
            tone=lambda row: "warning" if row[1] and not row[1].ok else "",
        ),
    )

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == self.HASH
            and 0 <= index.row() < self.rowCount()
        ):
            return self.row_at(index.row())[0].sha256  # the whole hash, to compare by eye
        return super().data(index, role)


class TemplateItemsModel(RowsModel[TemplateItemView]):
    """A template's items in order."""

    TITLE, FRESHNESS = range(2)
    COLUMNS = (
        Column(N_("Item"), lambda i: i.title()),
        Column(
            N_("Stays fresh for"),
            lambda i: (
                ngettext("{days} day", "{days} days", i.freshness_days).format(
                    days=i.freshness_days
                )
                if i.freshness_days
                else _("Does not expire")
            ),
        ),
    )


def _size(size: int) -> str:
    if size < 1024:
        return _("{count} B").format(count=size)
    if size < 1024 * 1024:
        return _("{count} KB").format(count=f"{size / 1024:.1f}")
    return _("{count} MB").format(count=f"{size / 1024 / 1024:.1f}")
