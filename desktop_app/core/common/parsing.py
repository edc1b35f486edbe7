"""Reading values the way people and spreadsheets write them: amounts, days, times of day.

Amounts may carry thousands separators, full-width digits, a currency sign, or 万/万元/亿; days may
be ISO dates, 2026/1/5, 2026年1月5日, or Excel serial numbers. Each parser raises ValidationError
naming the field, so a form or an import can say exactly what is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_

EXCEL_EPOCH = date(1899, 12, 30)
_MULTIPLIERS = {
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "亿元": Decimal(10**8),
    "亿": Decimal(10**8),
    "元": Decimal(1),
}
_DAY_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


_FULL_WIDTH_ALNUM = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},  # ０-９
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    0x3000: 0x20,  # ideographic space
}


MAX_AMOUNT = Decimal(10) ** 14  # a hundred trillion: more than any loan, and storable


def clean(value: object) -> str:
    """Text as typed, with full-width digits, Latin letters and spaces folded, and trimmed.

    Chinese punctuation (，（）：) is left alone: it belongs to the text.
    """
    if value is None:
        return ""
    return str(value).translate(_FULL_WIDTH_ALNUM).strip()


def _folded(value: object) -> str:
    """Every full-width form folded (NFKC), for reading numbers, dates and times."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


def parse_money(value: object, field: str) -> Decimal:
    """An exact, non-negative amount; raises ValidationError naming ``field``."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = _folded(value).replace(",", "").replace(" ", "")
        text = re.sub(r"^(?:¥|￥|RMB|CNY|USD|\$|EUR|€|HKD)", "", text, flags=re.IGNORECASE)
        if not text:
            raise ValidationError.single(field, N_("Enter an amount."))
        multiplier = Decimal(1)
        for suffix, factor in _MULTIPLIERS.items():
            if text.endswith(suffix):
                text, multiplier = text[: -len(suffix)], factor
                break
        try:
            amount = Decimal(text) * multiplier
        except InvalidOperation:
            raise ValidationError.single(
                field, N_("“{value}” is not an amount."), value=clean(value)
            ) from None
    if not amount.is_finite():
        raise ValidationError.single(field, N_("“{value}” is not an amount."), value=str(value))
    if amount < 0:
        raise ValidationError.single(field, N_("An amount cannot be negative."))
    if amount >= MAX_AMOUNT:  # stored as ten-thousandths in a 64-bit integer
        raise ValidationError.single(
            field, N_("{value} is too large for an amount."), value=clean(str(value))
        )
    if amount != amount.quantize(Decimal("0.0001")):
        raise ValidationError.single(field, N_("An amount has at most four decimal places."))
    return amount


def parse_day(value: object, field: str, required: bool = True) -> date | None:
    """A calendar day from a date, an Excel serial or text; raises ValidationError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValidationError.single(field, N_("“{value}” is not a date."), value=str(value))
    text = _folded(value)
    if not text:
        if required:
            raise ValidationError.single(field, N_("Enter a date."))
        return None
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return parse_day(float(text), field)
    for pattern in _DAY_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise ValidationError.single(field, N_("“{value}” is not a date."), value=text)


def parse_clock(value: object, field: str) -> time:
    """A time of day such as 09:30 or 9:30; raises ValidationError."""
    if isinstance(value, time):
        return value
    text = _folded(value)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValidationError.single(field, N_("“{value}” is not a time of day."), value=text)
