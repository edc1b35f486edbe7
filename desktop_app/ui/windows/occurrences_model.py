"""Occurrences of contact windows as rows: the agenda's table and the month grid's day list.

Times are shown in the organisation's time zone; each row keeps its local start and end so that
the models and the grid never convert again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import N_, _, babel_locale_for, current_language
from desktop_app.core.windows.checks import UNKNOWN_YEAR
from desktop_app.core.windows.service import Occurrence, OccurrenceResponder
from desktop_app.ui.widgets.rows_model import Column, RowsModel


@dataclass(frozen=True)
class AgendaRow:
    """An occurrence with its start and end in the organisation's time zone."""

    occurrence: Occurrence
    starts: datetime
    ends: datetime

    @property
    def day(self) -> date:
        return self.starts.date()

    @property
    def problems(self) -> list[str]:
        """What is wrong with this occurrence, translated: its warnings, and no one on duty."""
        found = list(self.occurrence.warnings)
        if not self.occurrence.covered and self.occurrence.responders:
            found.append(_("Nobody on duty"))  # with no one designated, a warning says so
        return found

    @property
    def flagged(self) -> bool:
        """Outside office hours or on a day off: worth asking the bank for a better time."""
        return self.occurrence.outside_office_hours or self.occurrence.non_working_day

    @property
    def has_problem(self) -> bool:
        """Flagged, or nobody on duty ("only problems"); other warnings, such as a year whose
        holidays are not published yet, are shown without counting as a problem."""
        return self.flagged or not self.occurrence.covered


def agenda_rows(occurrences: Iterable[Occurrence], zone: tzinfo) -> list[AgendaRow]:
    """Rows for ``occurrences`` with their times in ``zone``."""
    return [
        AgendaRow(o, o.starts_at.astimezone(zone), o.ends_at.astimezone(zone)) for o in occurrences
    ]


def day_skeleton(day: date, skeleton: str) -> str:
    """``day`` formatted from a CLDR skeleton ("yMMMEd", "yMMMM") for the active language."""
    from babel.dates import format_skeleton

    return format_skeleton(skeleton, day, locale=babel_locale_for(current_language()))


def day_text(day: date) -> str:
    """The day with its weekday: "Wed, Nov 25, 2026" / "2026年11月25日周三"."""
    return day_skeleton(day, "yMMMEd")


def time_range(row: AgendaRow) -> str:
    """ "09:30–11:30", or with the end's day when the window runs past midnight."""
    if row.ends.date() == row.starts.date():
        return formats.time_range_text(row.starts, row.ends)
    return "{start} – {end_day} {end}".format(
        start=formats.time_text(row.starts),
        end_day=day_skeleton(row.ends.date(), "MMMd"),
        end=formats.time_text(row.ends),
    )


def on_duty_text(occurrence: Occurrence) -> str:
    on_duty = occurrence.on_duty
    return on_duty.name if on_duty is not None else _("Nobody on duty")


def _others(occurrence: Occurrence) -> list[OccurrenceResponder]:
    on_duty = occurrence.on_duty
    return [r for r in occurrence.responders if on_duty is None or r.person_id != on_duty.person_id]


def others_text(occurrence: Occurrence) -> str:
    """The other designated responders' names in rank order."""
    if not occurrence.responders:
        return _("None assigned")
    return " › ".join(r.name for r in _others(occurrence)) or "—"


def why_text(occurrence: Occurrence) -> str:
    """Why each of the other responders cannot take the window, people with the same reason
    together: "张伟, 李娜: Outside office hours (09:00–18:00)"."""
    if not occurrence.responders:
        return _("No responder is designated")
    groups: dict[str, list[str]] = {}
    for responder in _others(occurrence):
        if not responder.available:
            reason = responder.reason or _("unavailable")
        elif not responder.certified:
            reason = _("not certified")
        else:
            reason = _("available")
        groups.setdefault(reason, []).append(responder.name)
    return _("; ").join(
        _("{names}: {reason}").format(names=_(", ").join(names), reason=reason)
        for reason, names in groups.items()
    )


def contract_text(occurrence: Occurrence) -> str:
    return occurrence.contract_number or _("All contracts")


class OccurrencesModel(RowsModel[AgendaRow]):
    """Occurrences, one per row; problems in red, the others' reasons in the tooltip."""

    DAY, TIME, BANK, CONTRACT, TITLE, ON_DUTY, PROBLEMS, OTHERS = range(8)
    COLUMNS: Sequence[Column[AgendaRow]] = (
        Column(N_("Date"), lambda r: day_text(r.day)),
        Column(N_("Time"), time_range, tone=lambda r: "warning" if r.flagged else ""),
        Column(N_("Bank"), lambda r: r.occurrence.bank_name),
        Column(N_("Contract"), lambda r: contract_text(r.occurrence)),
        Column(N_("Subject"), lambda r: r.occurrence.title),
        Column(
            N_("On duty"),
            lambda r: on_duty_text(r.occurrence),
            tone=lambda r: "" if r.occurrence.covered else "warning",
        ),
        Column(
            N_("Warnings"),
            lambda r: _("; ").join(r.occurrence.warnings) or "—",  # "On duty" says "nobody"
            tone=lambda r: "warning" if r.has_problem else "muted",
        ),
        Column(N_("Other responders"), lambda r: others_text(r.occurrence), tone=lambda r: "muted"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._shared: tuple[str, ...] = ()

    def set_rows(self, rows: Sequence[AgendaRow]) -> None:
        """Show ``rows``; a warning about the calendar rather than the window (a year whose
        holidays are not published yet), or one every row carries, is taken out of the rows for
        the page to say once."""
        rows = list(rows)
        calendar_notes = {_(UNKNOWN_YEAR).format(year=r.starts.year) for r in rows}
        found: dict[str, int] = {}
        for row in rows:
            for warning in row.occurrence.warnings:
                found[warning] = found.get(warning, 0) + 1
        self._shared = tuple(
            w for w, n in found.items() if w in calendar_notes or (n == len(rows) and n > 1)
        )
        super().set_rows(rows)

    def shared_warnings(self) -> tuple[str, ...]:
        """The warnings every row shown carries, said once above the table."""
        return self._shared

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and self._shared
            and index.isValid()
            and index.column() == self.PROBLEMS
            and index.row() < self.rowCount()
        ):
            own = [w for w in self.row_at(index.row()).occurrence.warnings if w not in self._shared]
            return _("; ").join(own) or "—"
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == self.OTHERS
            and index.row() < self.rowCount()
        ):
            return why_text(self.row_at(index.row()).occurrence)
        return super().data(index, role)

    def row_of_key(self, key: str) -> int:
        """The row showing the occurrence ``key``, or -1."""
        return next((i for i in range(self.rowCount()) if self.row_at(i).occurrence.key == key), -1)
