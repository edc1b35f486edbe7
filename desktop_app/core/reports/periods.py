"""The period a report covers: a month, a quarter, a year or any days, in the company's zone."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_, _, format_day

KINDS = {
    "month": N_("By month"),
    "quarter": N_("By quarter"),
    "year": N_("By year"),
    "custom": N_("Chosen days"),
}
#: The longest period a report covers (a report over decades is a mistake, not a question).
MAX_DAYS = 3 * 366


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` (included), local to the company."""

    first: date
    last: date
    kind: str = "custom"

    @classmethod
    def month(cls, day: date) -> Period:
        first = day.replace(day=1)
        return cls(first, add_months(first, 1) - timedelta(days=1), "month")

    @classmethod
    def quarter(cls, day: date) -> Period:
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return cls(first, add_months(first, 3) - timedelta(days=1), "quarter")

    @classmethod
    def year(cls, day: date) -> Period:
        return cls(date(day.year, 1, 1), date(day.year, 12, 31), "year")

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        """The month, quarter or year holding ``day``."""
        return {"month": cls.month, "quarter": cls.quarter, "year": cls.year}[kind](day)

    @classmethod
    def custom(cls, first: date, last: date) -> Period:
        """Any days; refused when backwards or longer than :data:`MAX_DAYS`."""
        if last < first:
            raise ValidationError.single("period", N_("The last day is before the first day."))
        if (last - first).days >= MAX_DAYS:
            raise ValidationError.single(
                "period", N_("A report covers at most three years; choose a shorter period.")
            )
        return cls(first, last, "custom")

    def bounds(self, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as aware moments in ``zone``."""
        return (
            datetime.combine(self.first, time(), zone),
            datetime.combine(self.last + timedelta(days=1), time(), zone),
        )

    def text(self) -> str:
        """ "2026-11-01 – 2026-11-30" in the active language."""
        return _("{first} – {last}").format(
            first=format_day(self.first), last=format_day(self.last)
        )


def trend_months(last: date, count: int = 12) -> list[date]:
    """The first days of the ``count`` months ending with ``last``'s month, oldest first."""
    end = last.replace(day=1)
    return [add_months(end, -n) for n in range(count - 1, -1, -1)]
