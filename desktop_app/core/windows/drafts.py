"""Contact windows as the editor fills them in: the draft and its checks.

``validate_window`` turns a draft (text or typed values) into column values, naming every field
that is wrong in one ValidationError; it reads nothing itself: the bank, contract and time zone
facts it needs are handed in.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from desktop_app.core.common.errors import FieldProblem, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.parsing import clean, parse_clock, parse_day
from desktop_app.core.windows.rules import (
    MAX_AFTER_DRAWDOWN_MONTHS,
    MAX_FIRST_WORKING_DAYS,
    WindowPreset,
    bounded,
    parse_rule,
    preset_rule,
)

T = TypeVar("T")
KINDS = {"recurring": N_("Recurring"), "one_off": N_("One-off appointment")}
MAX_APPOINTMENT = timedelta(days=7)
_FIRST_DAYS_PRESETS = (
    WindowPreset.FIRST_WORKING_DAYS_MONTH,
    WindowPreset.FIRST_WORKING_DAYS_QUARTER,
)
_DAY_PRESETS = (WindowPreset.MONTHLY_ON_DAY, WindowPreset.QUARTERLY_ON_DAY)


@dataclass
class WindowDraft:
    """A contact window as typed into the editor; values may still be text."""

    bank_id: int
    kind: str = "recurring"  # recurring, one_off
    title: str = ""
    contract_id: int | None = None
    preset: str = WindowPreset.MONTHLY_ON_DAY
    day_of_month: int | str | None = None
    first_working_days: int | str | None = None
    after_drawdown_months: int | str | None = None
    rrule: str = ""  # the custom preset's rule
    working_days_only: bool = True
    valid_from: date | str | None = None
    valid_until: date | str | None = None
    starts: time | str | None = None
    ends: time | str | None = None
    timezone: str = ""  # "" = the organisation's
    one_off_start: datetime | str | None = None
    one_off_end: datetime | str | None = None
    note: str = ""


@dataclass(frozen=True)
class WindowFacts:
    """What the checks need to know from the database about the draft's bank and contract."""

    bank_exists: bool
    contract_bank_id: int | None  # None: no contract chosen, or it does not exist
    contract_number: str
    drawdown: date | None
    org_timezone: str


def _number(
    problems: list[FieldProblem], name: str, value: object, high: int, message: str
) -> int | None:
    text = clean(value)
    if re.fullmatch(r"\d{1,3}", text) and 1 <= int(text) <= high:
        return int(text)
    problems.append(FieldProblem(name, message, {"high": high}))
    return None


def parse_moment(value: object, field: str, zone: zoneinfo.ZoneInfo) -> datetime:
    """A moment from an aware datetime, or a naive one / "2026-12-03 10:00" read in ``zone``."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=zone)
        return moment.astimezone(UTC)
    text = clean(value)
    if not text:
        raise ValidationError.single(field, N_("Enter a date and time."))
    parts = re.split(r"[\sT]+", text, maxsplit=1)
    if len(parts) != 2:
        raise ValidationError.single(field, N_("“{value}” is not a date and time."), value=text)
    try:
        day = parse_day(parts[0], field)
        clock = parse_clock(parts[1], field)
    except ValidationError:
        raise ValidationError.single(
            field, N_("“{value}” is not a date and time."), value=text
        ) from None
    assert day is not None
    return datetime.combine(day, clock, zone).astimezone(UTC)


def _zone(problems: list[FieldProblem], draft: WindowDraft, facts: WindowFacts) -> str:
    name = clean(draft.timezone) or facts.org_timezone
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(
            FieldProblem("timezone", N_("“{value}” is not a time zone."), {"value": name})
        )
        return ""
    return name


def _attempt(problems: list[FieldProblem], parse: Callable[[], T]) -> T | None:
    try:
        return parse()
    except ValidationError as error:
        problems.extend(error.problems)
        return None


def validate_window(draft: WindowDraft, facts: WindowFacts) -> dict[str, object]:
    """Check a draft and return clean column values; raises ValidationError with every problem."""
    problems: list[FieldProblem] = []
    if not facts.bank_exists:
        problems.append(FieldProblem("bank_id", N_("Choose the bank that calls.")))
    if draft.contract_id is not None and facts.contract_bank_id is None:
        problems.append(FieldProblem("contract_id", N_("The contract no longer exists.")))
    elif draft.contract_id is not None and facts.contract_bank_id != draft.bank_id:
        problems.append(
            FieldProblem(
                "contract_id",
                N_("Contract {number} is not a loan from this bank."),
                {"number": facts.contract_number},
            )
        )
    if draft.kind not in KINDS:
        problems.append(
            FieldProblem("kind", N_("“{value}” is not one of the choices."), {"value": draft.kind})
        )
    title = clean(draft.title)
    if len(title) > 200:
        problems.append(FieldProblem("title", N_("Keep the title under 200 characters.")))
    note = draft.note.strip()
    if len(note) > 2000:
        problems.append(FieldProblem("note", N_("Keep the note under 2000 characters.")))
    zone_name = _zone(problems, draft, facts)
    values: dict[str, object] = {
        "bank_id": draft.bank_id,
        "contract_id": draft.contract_id,
        "kind": draft.kind,
        "title": title,
        "note": note,
        "timezone": zone_name,
        "rrule": "",
        "preset": WindowPreset.CUSTOM.value,
        "working_days_only": bool(draft.working_days_only),
        "first_working_days": None,
        "after_drawdown_months": None,
        "valid_from": None,
        "valid_until": None,
        "starts": None,
        "ends": None,
        "one_off_start": None,
        "one_off_end": None,
    }
    if draft.kind == "one_off":
        _one_off(problems, draft, zone_name, values)
    elif draft.kind == "recurring":
        _recurring(problems, draft, facts, values)
    if problems:
        raise ValidationError(problems)
    return values


def _one_off(
    problems: list[FieldProblem], draft: WindowDraft, zone_name: str, values: dict[str, object]
) -> None:
    zone = zoneinfo.ZoneInfo(zone_name or "UTC")
    start = _attempt(problems, lambda: parse_moment(draft.one_off_start, "one_off_start", zone))
    end = _attempt(problems, lambda: parse_moment(draft.one_off_end, "one_off_end", zone))
    if isinstance(start, datetime) and isinstance(end, datetime):
        if end <= start:
            problems.append(
                FieldProblem("one_off_end", N_("The appointment must end after it starts."))
            )
        elif end - start > MAX_APPOINTMENT:
            problems.append(
                FieldProblem("one_off_end", N_("An appointment lasts at most seven days."))
            )
    values.update(one_off_start=start, one_off_end=end, working_days_only=False)


def _recurring(
    problems: list[FieldProblem],
    draft: WindowDraft,
    facts: WindowFacts,
    values: dict[str, object],
) -> None:
    starts = _attempt(problems, lambda: parse_clock(draft.starts, "starts"))
    ends = _attempt(problems, lambda: parse_clock(draft.ends, "ends"))
    if isinstance(starts, time) and isinstance(ends, time) and ends <= starts:
        problems.append(FieldProblem("ends", N_("The window must end after it starts.")))
    first = _attempt(problems, lambda: parse_day(draft.valid_from, "valid_from", False))
    last = _attempt(problems, lambda: parse_day(draft.valid_until, "valid_until", False))
    if isinstance(first, date) and isinstance(last, date) and last < first:
        problems.append(
            FieldProblem("valid_until", N_("The last day cannot be before the first day."))
        )
    values.update(starts=starts, ends=ends, valid_from=first, valid_until=last)
    try:
        preset = WindowPreset(draft.preset)
    except ValueError:
        problems.append(
            FieldProblem(
                "preset", N_("“{value}” is not one of the choices."), {"value": draft.preset}
            )
        )
        return
    values["preset"] = preset.value
    day_message = N_("Enter a day of the month from 1 to {high}.")
    if preset in _DAY_PRESETS:
        day = _number(problems, "day_of_month", draft.day_of_month, 31, day_message)
        values["rrule"] = preset_rule(preset, day)
    elif preset in _FIRST_DAYS_PRESETS:
        values["first_working_days"] = _first_working_days(problems, draft)
        values["rrule"] = preset_rule(preset, None)
    elif preset == WindowPreset.AFTER_DRAWDOWN:
        _after_drawdown(problems, draft, facts, values)
    elif preset == WindowPreset.WORKING_DAYS:
        values["rrule"] = preset_rule(preset, None)
        values["working_days_only"] = True
    else:
        _custom(problems, draft, values)


def _first_working_days(problems: list[FieldProblem], draft: WindowDraft) -> int | None:
    return _number(
        problems,
        "first_working_days",
        draft.first_working_days,
        MAX_FIRST_WORKING_DAYS,
        N_("Enter a number of working days from 1 to {high}."),
    )


def _after_drawdown(
    problems: list[FieldProblem],
    draft: WindowDraft,
    facts: WindowFacts,
    values: dict[str, object],
) -> None:
    values["after_drawdown_months"] = _number(
        problems,
        "after_drawdown_months",
        draft.after_drawdown_months,
        MAX_AFTER_DRAWDOWN_MONTHS,
        N_("Enter a number of months from 1 to {high}."),
    )
    values["rrule"] = preset_rule(WindowPreset.AFTER_DRAWDOWN, None)
    values["working_days_only"] = True
    if draft.contract_id is None:
        problems.append(
            FieldProblem("contract_id", N_("Choose the contract whose drawdown starts the window."))
        )
    elif facts.contract_bank_id is not None and facts.drawdown is None:
        problems.append(
            FieldProblem(
                "contract_id",
                N_("Contract {number} has no drawdown date."),
                {"number": facts.contract_number},
            )
        )


def _custom(problems: list[FieldProblem], draft: WindowDraft, values: dict[str, object]) -> None:
    rule = clean(draft.rrule).upper().removeprefix("RRULE:")
    if not rule:
        problems.append(FieldProblem("rrule", N_("Enter the rule, such as FREQ=WEEKLY;BYDAY=TU.")))
    else:
        try:
            parsed = parse_rule(rule, date(2024, 1, 1))
        except (ValueError, TypeError):
            problems.append(
                FieldProblem(
                    "rrule",
                    N_("“{value}” is not a rule the calendar understands."),
                    {"value": rule},
                )
            )
        else:
            if bounded(parsed, date(2028, 1, 1)).after(datetime(2024, 1, 1), inc=True) is None:
                problems.append(  # e.g. BYMONTH=2;BYMONTHDAY=30: no date, ever
                    FieldProblem(
                        "rrule", N_("“{value}” gives no date within four years."), {"value": rule}
                    )
                )
    values["rrule"] = rule
    if clean(draft.first_working_days):
        values["first_working_days"] = _first_working_days(problems, draft)
