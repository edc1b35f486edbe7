"""The views of a report as tables — one definition shared by the screen, the .xlsx workbook,
the PDF and the command line, so each shows the same columns with the same meaning.

A column is (figure key, kind); its header and tooltip come from ``definitions.FIGURES`` (or
:data:`PLAIN_HEADERS`). Cells are raw values — counts, shares between 0 and 1, hours, dates —
formatted by whoever shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.core.common.i18n import N_
from desktop_app.core.reports.definitions import FIGURES, TRAINING_STATES
from desktop_app.core.reports.figures import BankFigures, CallCounts, PersonFigures, Report

Value = int | float | str | date | datetime | None
PLAIN_HEADERS = {
    "bank": N_("Bank"),
    "person": N_("Person"),
    "month": N_("Month"),
    "scope": N_("Calls"),
    "certified_until": N_("Certified until"),
}
VIEW_TITLES = {
    "calls": N_("Calls by bank"),
    "returns": N_("Return calls by bank"),
    "standing": N_("Windows, responders, numbers"),
    "people": N_("By person"),
    "trend": N_("Last 12 months"),
}


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # text, count, share, hours, day, month

    def header(self, tr: Callable[[str], str]) -> str:
        if self.key in FIGURES:
            return tr(FIGURES[self.key][0])
        return tr(PLAIN_HEADERS.get(self.key, self.key))

    def definition(self, tr: Callable[[str], str]) -> str:
        return tr(FIGURES[self.key][1]) if self.key in FIGURES else ""


@dataclass(frozen=True)
class Table:
    """One view: its columns, its rows and, for the bank views, a total row."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    row_ids: tuple[int | None, ...]  # the bank or person of each row, to open the call log
    total: tuple[Value, ...] | None = None

    def title(self, tr: Callable[[str], str]) -> str:
        return tr(VIEW_TITLES[self.key])


C = Column
CALL_COLUMNS = (
    C("received", "count"),
    C("answered", "count"),
    C("transferred", "count"),
    C("message", "count"),
    C("no_one", "count"),
    C("missed", "count"),
    C("answer_rate", "share"),
)


def _calls(counts: CallCounts) -> tuple[Value, ...]:
    return (
        counts.received,
        counts.answered,
        counts.transferred,
        counts.message,
        counts.no_one,
        counts.missed,
        counts.answer_rate,
    )


def calls_table(report: Report) -> Table:
    return Table(
        "calls",
        (C("bank", "text"), *CALL_COLUMNS),
        tuple((b.bank_name, *_calls(b.calls)) for b in report.banks),
        tuple(b.bank_id for b in report.banks),
        ("", *_calls(report.totals)),
    )


def returns_table(report: Report) -> Table:
    def cells(name: str, r: Any) -> tuple[Value, ...]:
        return (name, r.due, r.on_time, r.late, r.still_open, r.median_hours, r.p90_hours)

    return Table(
        "returns",
        (
            C("bank", "text"),
            C("returns_due", "count"),
            C("returns_on_time", "count"),
            C("returns_late", "count"),
            C("returns_open", "count"),
            C("median_hours", "hours"),
            C("p90_hours", "hours"),
        ),
        tuple(cells(b.bank_name, b.returns) for b in report.banks),
        tuple(b.bank_id for b in report.banks),
        cells("", report.returns),
    )


def standing_table(report: Report) -> Table:
    def cells(b: BankFigures) -> tuple[Value, ...]:
        return (
            b.bank_name,
            b.windows_expected,
            b.windows_covered,
            b.coverage_gaps,
            b.certified_share,
            b.stale_numbers,
            b.notices_awaiting,
            b.checklist_share,
        )

    return Table(
        "standing",
        (
            C("bank", "text"),
            C("windows_expected", "count"),
            C("windows_covered", "count"),
            C("coverage_gaps", "count"),
            C("certified_share", "share"),
            C("stale_numbers", "count"),
            C("notices_awaiting", "count"),
            C("checklist", "share"),
        ),
        tuple(cells(b) for b in report.banks),
        tuple(b.bank_id for b in report.banks),
    )


def people_table(report: Report, tr: Callable[[str], str]) -> Table:
    def cells(p: PersonFigures) -> tuple[Value, ...]:
        return (
            p.name,
            p.calls_handled,
            p.returns_open,
            p.returns_overdue,
            p.reminders_late,
            tr(TRAINING_STATES.get(p.training_state, p.training_state)),
            p.certified_until,
        )

    return Table(
        "people",
        (
            C("person", "text"),
            C("calls_handled", "count"),
            C("person_returns_open", "count"),
            C("person_returns_overdue", "count"),
            C("reminders_late", "count"),
            C("training", "text"),
            C("certified_until", "day"),
        ),
        tuple(cells(p) for p in report.people),
        tuple(p.person_id for p in report.people),
    )


def trend_table(report: Report) -> Table:
    return Table(
        "trend",
        (C("month", "month"), *CALL_COLUMNS),
        tuple((m.month, *_calls(m.calls)) for m in report.trend),
        tuple(None for _m in report.trend),
    )


def report_tables(report: Report, tr: Callable[[str], str]) -> list[Table]:
    """The views of ``report``: all five for the full report, the trend alone for "own"."""
    if report.scope == "own":
        return [trend_table(report)]
    return [
        calls_table(report),
        returns_table(report),
        standing_table(report),
        people_table(report, tr),
        trend_table(report),
    ]


def plain_cell(value: Value, kind: str) -> str:
    """A cell as text without locale (the command line's table, JSON-friendly)."""
    if value is None:
        return "—"
    if kind == "share" and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if kind == "hours" and isinstance(value, float):
        return f"{value:.1f}"
    if kind == "month" and isinstance(value, date):
        return value.strftime("%Y-%m")
    if kind == "day" and isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value)
