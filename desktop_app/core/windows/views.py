"""Contact windows as the screens and the CLI read them, with their rule in words."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import _, format_day, ngettext
from desktop_app.core.common.zones import zone_name
from desktop_app.core.models import ContactWindow
from desktop_app.core.windows.drafts import WindowDraft
from desktop_app.core.windows.rules import WindowPreset, day_of_month_in


@dataclass(frozen=True)
class WindowView:
    """A contact window as the screens and the CLI see it."""

    id: int
    bank_id: int
    bank_name: str
    contract_id: int | None
    contract_number: str
    kind: str
    title: str
    preset: str
    rrule: str
    day_of_month: int | None
    first_working_days: int | None
    after_drawdown_months: int | None
    working_days_only: bool
    valid_from: date | None
    valid_until: date | None
    starts: time | None
    ends: time | None
    timezone: str
    one_off_start: datetime | None
    one_off_end: datetime | None
    note: str
    active: bool
    version: int
    description: str
    rule: str  # the rule alone, translated: "Monthly on day 15", "One-off appointment"

    def draft(self) -> WindowDraft:
        """The window as a draft, to prefill the editor."""
        zone = zoneinfo.ZoneInfo(self.timezone)
        return WindowDraft(
            bank_id=self.bank_id,
            kind=self.kind,
            title=self.title,
            contract_id=self.contract_id,
            preset=self.preset,
            day_of_month=self.day_of_month,
            first_working_days=self.first_working_days,
            after_drawdown_months=self.after_drawdown_months,
            rrule=self.rrule if self.preset == WindowPreset.CUSTOM else "",
            working_days_only=self.working_days_only,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            starts=self.starts,
            ends=self.ends,
            timezone=self.timezone,
            one_off_start=self.one_off_start.astimezone(zone) if self.one_off_start else None,
            one_off_end=self.one_off_end.astimezone(zone) if self.one_off_end else None,
            note=self.note,
        )


def rule_words(window: ContactWindow) -> str:
    """The window's rule alone, without times, zone or validity, in the active language."""
    if window.kind == "one_off":
        return _("One-off appointment")
    preset = window.preset
    count = window.first_working_days or 0
    day = day_of_month_in(window.rrule) or 1
    if preset == WindowPreset.MONTHLY_ON_DAY:
        rule = _("Monthly on day {day}").format(day=day)
    elif preset == WindowPreset.QUARTERLY_ON_DAY:
        rule = _("Quarterly on day {day} of January, April, July and October").format(day=day)
    elif preset == WindowPreset.FIRST_WORKING_DAYS_MONTH:
        rule = ngettext(
            "The first working day of each month",
            "The first {count} working days of each month",
            count,
        ).format(count=count)
    elif preset == WindowPreset.FIRST_WORKING_DAYS_QUARTER:
        rule = ngettext(
            "The first working day of each quarter",
            "The first {count} working days of each quarter",
            count,
        ).format(count=count)
    elif preset == WindowPreset.AFTER_DRAWDOWN:
        months = window.after_drawdown_months or 0
        rule = ngettext(
            "Working days within {count} month after the drawdown",
            "Working days within {count} months after the drawdown",
            months,
        ).format(count=months)
    elif preset == WindowPreset.WORKING_DAYS:
        rule = _("Every working day")
    else:
        rule = _("Rule {rule}").format(rule=window.rrule)
        if count:
            rule += _(", the first {count} working days of each period").format(count=count)
    return rule


def describe(window: ContactWindow) -> str:
    """The window's rule in words with its times and zone, in the active language."""
    zone = zoneinfo.ZoneInfo(window.timezone)
    if window.kind == "one_off":
        if window.one_off_start is None or window.one_off_end is None:
            return _("One-off: {start} – {end}").format(start="—", end="—")
        span = formats.moment_range_text(window.one_off_start, window.one_off_end, zone)
        return _("One-off: {span}").format(span=span)
    rule = rule_words(window)
    times = (
        formats.time_range_text(window.starts, window.ends) if window.starts and window.ends else ""
    )
    text = _("{rule}, {times} ({zone})").format(
        rule=rule, times=times, zone=zone_name(window.timezone)
    )
    if window.valid_from or window.valid_until:
        text += _(", from {first} to {last}").format(
            first=format_day(window.valid_from) if window.valid_from else "…",
            last=format_day(window.valid_until) if window.valid_until else "…",
        )
    return text


def window_view(window: ContactWindow, bank_name: str, contract_number: str) -> WindowView:
    """The view of a stored window."""
    return WindowView(
        id=window.id,
        bank_id=window.bank_id,
        bank_name=bank_name,
        contract_id=window.contract_id,
        contract_number=contract_number,
        kind=window.kind,
        title=window.title,
        preset=window.preset,
        rrule=window.rrule,
        day_of_month=day_of_month_in(window.rrule)
        if window.preset in (WindowPreset.MONTHLY_ON_DAY, WindowPreset.QUARTERLY_ON_DAY)
        else None,
        first_working_days=window.first_working_days,
        after_drawdown_months=window.after_drawdown_months,
        working_days_only=window.working_days_only,
        valid_from=window.valid_from,
        valid_until=window.valid_until,
        starts=window.starts,
        ends=window.ends,
        timezone=window.timezone,
        one_off_start=window.one_off_start,
        one_off_end=window.one_off_end,
        note=window.note,
        active=window.active,
        version=window.version,
        description=describe(window),
        rule=rule_words(window),
    )
