"""Turning the raw values of spreadsheet cells into the text and values the services take.

Spreadsheets store what people typed in whatever type Excel guessed: a phone number becomes a
number and loses its leading zero, a contract number gains ".0", a date is a serial number or a
``datetime``. These helpers undo that. The rules themselves (what is a valid amount, date or phone
number) stay in :mod:`desktop_app.core.common.parsing`, :mod:`desktop_app.core.common.phone` and
the services.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.parsing import clean

_LIST_SEPARATORS = re.compile(r"[、;,\n|]+")
_NAME_SEPARATORS = re.compile(r"[、;,\n|>/→]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_HOTLINE = re.compile(r"[48]00\d{7}")
_LOST_ZERO = re.compile(r"[1-9]\d{9,10}")
_LABELLED = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def folded(text: object) -> str:
    """Text with every full-width form folded (，→ , and （）→ ()), for finding separators."""
    return unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()


def cell_text(value: object) -> str:
    """The text of a cell as a person would read it; integral numbers lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return clean(value)


def is_blank(value: object) -> bool:
    return cell_text(value) == ""


def split_items(text: str, names: bool = False) -> list[str]:
    """The items of a list cell: 、 ; , | and line breaks separate them (and > / for names)."""
    pattern = _NAME_SEPARATORS if names else _LIST_SEPARATORS
    return [item.strip() for item in pattern.split(folded(text)) if item.strip()]


def restore_leading_zero(text: str) -> str | None:
    """The number with its lost leading zero back, or ``None`` when it lost nothing.

    Excel turns 010-65521234 typed without the dash into the number 1065521234. A mainland
    number of 10 or 11 digits starting 1–9 that is not a mobile (1[3-9] and 11 digits) nor a
    400/800 hotline can only be a landline whose "0" went missing.
    """
    digits = re.sub(r"\.0+$", "", folded(text))
    if not _LOST_ZERO.fullmatch(digits):
        return None
    if _MOBILE.fullmatch(digits) or _HOTLINE.fullmatch(digits):
        return None
    return "0" + digits


def labelled_number(item: str) -> tuple[str, str]:
    """``010-65521234 (朝阳支行)`` → the number and its label."""
    match = _LABELLED.match(folded(item))
    if match and re.search(r"\d", match.group(1)):
        return match.group(1).strip(), match.group(2).strip()
    return folded(item), ""


def money_value(value: object) -> Decimal | str:
    """An amount cell for :func:`desktop_app.core.common.parsing.parse_money`.

    A float cell is turned into the decimal Excel displays (its shortest form), rounded to the
    four places the app keeps when it is only float noise away from them.
    """
    if isinstance(value, bool) or value is None:
        return cell_text(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        try:
            amount = Decimal(repr(value))
        except InvalidOperation:
            return repr(value)
        if int(amount.as_tuple().exponent) >= -4:
            return amount
        rounded = amount.quantize(Decimal("0.0001"))
        return rounded if abs(rounded - amount) < Decimal("0.000001") else amount
    return cell_text(value)


def has_own_unit(text: str) -> bool:
    """Whether an amount written as text carries its own unit (500万元, 1.2亿, 1200万元整,
    壹仟贰佰万元整, 伍角)."""
    return bool(re.search(r"(万|亿|元|圆|角|分)\s*[整正]?\s*$", folded(text)))


def day_value(value: object) -> date | str:
    """A date cell for :func:`desktop_app.core.common.parsing.parse_day`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value))  # an Excel serial; a fraction is the time of day
    text = cell_text(value)
    return re.sub(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$", "", text)


# Office hours: "周一至周五 09:00-12:00，13:30-18:00；周六 09:00-12:00" or "Mon-Fri 09:00-18:00".
_ZH_DAYS = "一二三四五六日"
_EN_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"(\d{1,2}[:：]\d{2})\s*(?:-|~|–|—|至|到|to)\s*(\d{1,2}[:：]\d{2})")
_DAY_RANGE = re.compile(r"\s*(?:至|到|-|~|–|—|\bto\b)\s*")
_ALL_WEEK = {"每天", "每日", "全周", "daily", "everyday", "alldays"}
_WORKDAYS = {"工作日", "周一至周五", "weekdays", "workdays"}


def _weekday(token: str) -> int | None:
    token = token.strip().lower()
    token = re.sub(r"^(?:周|星期|礼拜)", "", token)
    if token in ("天", "日"):
        return 6
    if len(token) == 1 and token in _ZH_DAYS:
        return _ZH_DAYS.index(token)
    if token.isdigit() and 1 <= int(token) <= 7:
        return int(token) - 1
    if len(token) >= 3 and token[:3] in _EN_DAYS:
        return _EN_DAYS.index(token[:3])
    return None


def _weekdays(text: str) -> list[int] | None:
    text = text.strip(" ,、:")
    if not text or text.lower().replace(" ", "") in _WORKDAYS:
        return list(range(5))
    if text.lower().replace(" ", "") in _ALL_WEEK:
        return list(range(7))
    days: list[int] = []
    for item in re.split(r"[、,/&和\s]+", _DAY_RANGE.sub("-", text)):
        if not item:
            continue
        ends = item.split("-")
        first, last = _weekday(ends[0]), _weekday(ends[-1])
        if first is None or last is None or len(ends) > 2:
            return None
        if first <= last:
            days.extend(range(first, last + 1))
        else:  # 周六至周一
            days.extend([*range(first, 7), *range(last + 1)])
    return days


def parse_hours(text: str, field: str = "office_hours") -> list[tuple[int, str, str]]:
    """Office hours written as text, as (weekday, "09:00", "18:00") spans for a PersonDraft."""
    spans: list[tuple[int, str, str]] = []
    for segment in re.split(r"[;\n]+", folded(text)):
        if not segment.strip():
            continue
        times = _SPAN.findall(segment)
        days = _weekdays(_SPAN.sub(" ", segment).strip(" ,、"))
        if not times or days is None:
            raise ValidationError.single(
                field,
                N_("“{value}” is not office hours such as “Mon-Fri 09:00-18:00”."),
                value=segment.strip(),
            )
        spans.extend((day, start, end) for day in days for start, end in times)
    return spans


def _day_name(day: int, language: str) -> str:
    return "周" + _ZH_DAYS[day] if language == "zh_CN" else _EN_DAYS[day].title()


def _runs(days: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def format_hours(spans: list[tuple[int, time, time]], language: str) -> str:
    """Office hours as text that :func:`parse_hours` reads back; days with equal hours together."""
    zh = language == "zh_CN"
    by_day: dict[int, tuple[str, ...]] = {}
    for weekday, start, end in sorted(spans):
        by_day[weekday] = (*by_day.get(weekday, ()), f"{start:%H:%M}-{end:%H:%M}")
    groups: dict[tuple[str, ...], list[int]] = {}
    for day, hours in sorted(by_day.items()):
        groups.setdefault(hours, []).append(day)
    parts = []
    for hours, days in groups.items():
        names = []
        for run in _runs(days):
            first, last = _day_name(run[0], language), _day_name(run[-1], language)
            if len(run) == 1:
                names.append(first)
            else:
                names.append(f"{first}至{last}" if zh else f"{first}-{last}")
        times = ("，" if zh else ", ").join(hours)
        parts.append(("、" if zh else ", ").join(names) + " " + times)
    return ("；" if zh else "; ").join(parts)
