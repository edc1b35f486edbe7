"""Exporting the call log to .xlsx or .csv, streamed in batches so a million calls fit in memory.

The columns are headed in the active language; times are the company's local times (a real date
and time in .xlsx, ``2026-11-25 10:00`` in .csv). What was asked, answered, promised and worried
about is written only for a reader allowed to see loan details. A CSV is UTF-8 with a byte-order
mark, which Excel opens correctly everywhere. The caller's progress callback may cancel; a
cancelled or failed export leaves no half-written file behind.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.common.cell_safety import neutralise_row
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.records.call_log import CallLogQuery, CallLogRow, CallLogService

COLUMNS = (
    N_("Time"),
    N_("Direction"),
    N_("Outcome"),
    N_("Bank"),
    N_("Contract"),
    N_("Caller"),
    N_("Caller number"),
    N_("Taken by"),
    N_("Topics"),
    N_("Record written"),
    N_("Open follow-ups"),
)
DETAIL_COLUMNS = (
    N_("Questions asked"),
    N_("Answers given"),
    N_("Documents promised"),
    N_("Concerns of the bank"),
    N_("Notes"),
)
DETAIL_KEYS = ("questions", "answers", "bank_requests", "concerns", "notes")
TIME_FORMAT = "yyyy-mm-dd hh:mm"


class Cancelled(Exception):
    """The person cancelled the export."""


def _cells(row: CallLogRow, local: datetime, for_csv: bool) -> list[Any]:
    return [
        local.strftime("%Y-%m-%d %H:%M") if for_csv else local.replace(tzinfo=None),
        row.direction_text(),
        row.outcome_text(),
        row.bank_name,
        row.contract_number,
        row.caller_name,
        row.caller_number,
        row.taken_by_name,
        row.topics_text(),
        _("Yes") if row.recorded else _("No"),
        row.open_follow_ups,
    ]


def export_call_log(
    log: CallLogService,
    actor: Actor,
    query: CallLogQuery,
    path: Path,
    progress: Callable[[int], bool] | None = None,
) -> int:
    """Write every matching call to ``path`` (.xlsx or .csv); return how many rows were written."""
    actor.require(Permission.VIEW_REGISTER)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError.single(
            "path", N_("Choose a file name ending in .xlsx or .csv."), name=path.name
        )
    details = actor.can(Permission.VIEW_LOAN_DETAILS)
    headers = [_(h) for h in COLUMNS] + ([_(h) for h in DETAIL_COLUMNS] if details else [])
    zone = log.zone()
    partial = path.with_name(path.name + ".part")
    written = 0
    try:
        writer = _CsvSink(partial, headers) if suffix == ".csv" else _XlsxSink(partial, headers)
        try:
            for batch in log.iterate(actor, query):
                extra = log.details(actor, [r.id for r in batch]) if details else {}
                for row in batch:
                    cells = _cells(row, row.occurred_at.astimezone(zone), suffix == ".csv")
                    if details:
                        found = extra.get(row.id, {})
                        cells += [found.get(key, "") or "" for key in DETAIL_KEYS]
                    writer.add(cells)
                written += len(batch)
                if progress is not None and not progress(written):
                    raise Cancelled
        finally:
            writer.close()
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written


class _CsvSink:
    def __init__(self, path: Path, headers: list[str]) -> None:
        self._handle = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(headers)

    def add(self, cells: list[Any]) -> None:
        self._writer.writerow(neutralise_row(cells))

    def close(self) -> None:
        self._handle.close()


class _XlsxSink:
    """A write-only workbook: rows stream to disk instead of piling up in memory."""

    def __init__(self, path: Path, headers: list[str]) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        self._illegal = ILLEGAL_CHARACTERS_RE  # control characters a workbook cannot hold
        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(_("Calls"))
        self._sheet.freeze_panes = "A2"
        self._cell = WriteOnlyCell
        bold = Font(bold=True)
        header_cells = []
        for text in headers:
            cell = WriteOnlyCell(self._sheet, value=text)
            cell.font = bold
            header_cells.append(cell)
        self._sheet.append(header_cells)

    def add(self, cells: list[Any]) -> None:
        first = self._cell(self._sheet, value=cells[0])
        first.number_format = TIME_FORMAT
        rest = [self._illegal.sub("", c) if isinstance(c, str) else c for c in cells[1:]]
        rest = neutralise_row(rest)
        self._sheet.append([first, *rest])

    def close(self) -> None:
        self._book.save(self._path)
