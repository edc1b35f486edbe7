"""The table of a person's absences (leave, business trips…) as edited in the person dialog.

Rows not saved yet have no id. Whole-day absences (midnight to midnight in the company's time
zone) are shown as days, the last one inclusive; others with their times.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from desktop_app.core.common.i18n import N_, _, format_day, format_moment
from desktop_app.core.register.availability import ABSENCE_KINDS
from desktop_app.ui.widgets.rows_model import Column, RowsModel


@dataclass(frozen=True)
class AbsenceRow:
    """An absence as the dialog holds it; ``id`` is None until saved."""

    id: int | None
    kind: str
    starts_at: datetime
    ends_at: datetime
    note: str
    zone: tzinfo

    def whole_days(self) -> bool:
        return all(
            moment.astimezone(self.zone).time() == time(0)
            for moment in (self.starts_at, self.ends_at)
        )

    def first_day(self) -> date:
        return self.starts_at.astimezone(self.zone).date()

    def last_day(self) -> date:
        """The last day the absence touches (an end at midnight does not touch that day)."""
        return (self.ends_at.astimezone(self.zone) - timedelta(microseconds=1)).date()

    def days(self) -> Iterator[date]:
        day = self.first_day()
        while day <= self.last_day():
            yield day
            day += timedelta(days=1)

    def from_text(self) -> str:
        if self.whole_days():
            return format_day(self.first_day())
        return format_moment(self.starts_at, self.zone)

    def to_text(self) -> str:
        if self.whole_days():
            return format_day(self.last_day())
        return format_moment(self.ends_at, self.zone)


def whole_day_span(first: date, last: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the end of ``last`` (inclusive) in ``zone``."""
    starts = datetime.combine(first, time(0), zone)
    ends = datetime.combine(last + timedelta(days=1), time(0), zone)
    return starts, ends


class AbsencesModel(RowsModel[AbsenceRow]):
    """Absences in start order."""

    KIND, FROM, TO, NOTE = range(4)
    COLUMNS = (
        Column(N_("Kind"), lambda a: _(ABSENCE_KINDS.get(a.kind, a.kind))),
        Column(N_("From"), lambda a: a.from_text()),
        Column(N_("To"), lambda a: a.to_text()),
        Column(
            N_("Note"),
            lambda a: (
                a.note
                if a.id is not None
                else _("{note} (not saved yet)").format(note=a.note).strip()
            ),
            tone=lambda a: "" if a.id is not None else "muted",
        ),
    )

    def rows(self) -> list[AbsenceRow]:
        return list(self._rows)

    def add(self, row: AbsenceRow) -> None:
        """Insert ``row`` keeping the start order."""
        rows = sorted([*self._rows, row], key=lambda a: a.starts_at)
        self.set_rows(rows)

    def remove(self, index: int) -> AbsenceRow:
        row = self._rows[index]
        self.set_rows([r for i, r in enumerate(self._rows) if i != index])
        return row
