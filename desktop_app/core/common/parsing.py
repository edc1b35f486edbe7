"""Reading values the way people and spreadsheets write them: amounts, days, times of day.

Amounts may carry thousands separators, full-width digits, a currency sign or 人民币, 万/万元/亿
and a closing 整, or be written in Chinese capital numerals (壹仟贰佰万元整); days may
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
    "圆": Decimal(1),
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


# Chinese numerals, capital (大写, as on cheques and contracts) and ordinary.
_CN_DIGITS = {
    **dict.fromkeys("零〇", 0),
    **dict.fromkeys("壹一", 1),
    **dict.fromkeys("贰貳二两兩", 2),
    **dict.fromkeys("叁參三", 3),
    **dict.fromkeys("肆四", 4),
    **dict.fromkeys("伍五", 5),
    **dict.fromkeys("陆陸六", 6),
    **dict.fromkeys("柒七", 7),
    **dict.fromkeys("捌八", 8),
    **dict.fromkeys("玖九", 9),
}
_CN_UNITS = {
    **dict.fromkeys("拾十", 10),
    **dict.fromkeys("佰百", 100),
    **dict.fromkeys("仟千", 1000),
}
_CN_GROUPS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_FRACTIONS = {"角": Decimal("0.1"), "分": Decimal("0.01")}
_CN_CURRENCY = re.compile(r"^(?:人民币|币种[:：]?人民币|RMB|CNY|¥|￥)", re.IGNORECASE)


def has_chinese_numerals(text: str) -> bool:
    """Whether ``text`` writes a number in Chinese numerals (壹仟贰佰, 一千二百)."""
    return any(char in _CN_DIGITS or char in _CN_UNITS for char in text)


def parse_chinese_amount(text: str) -> Decimal:
    """An amount written in Chinese numerals: 壹仟贰佰万元整, 人民币伍拾万零捌佰元叁角伍分.

    Capital (壹贰叁…拾佰仟) and ordinary numerals (一二三…十百千), 万 and 亿 (and 万亿), 元 or
    圆, 角 and 分, a closing 整 or 正, 人民币 in front. Raises ValueError for anything else, such
    as two digits without a unit between them or a unit repeated out of order.
    """
    text = _CN_CURRENCY.sub("", re.sub(r"\s", "", text))
    text = re.sub(r"[整正]$", "", text)
    if not text or not has_chinese_numerals(text):
        raise ValueError(text)
    whole_text, _, fraction_text = text.partition("元") if "元" in text else text.partition("圆")
    if fraction_text == "" and not re.search(r"[元圆]", text):
        match = re.search(r"[角分]", whole_text)
        if match:  # 伍角 / 叁分: no yuan at all
            whole_text, fraction_text = "", whole_text
    amount = Decimal(_chinese_whole(whole_text)) if whole_text else Decimal(0)
    return amount + _chinese_fraction(fraction_text)


def _chinese_whole(text: str) -> int:
    total, group, section, digit = 0, 0, 0, None
    last_unit = 10**5  # each unit inside a section must be smaller than the one before
    for char in text:
        if char in _CN_DIGITS:
            if digit not in (None, 0) and _CN_DIGITS[char] != 0:
                raise ValueError(text)  # 壹贰: two digits with no unit between them
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            unit = _CN_UNITS[char]
            if unit >= last_unit or (digit is None and (section or unit != 10)):
                raise ValueError(text)
            section += (1 if digit is None else digit) * unit  # 拾伍 is fifteen
            digit, last_unit = None, unit
        elif char in _CN_GROUPS:
            value = section + (digit or 0)
            if _CN_GROUPS[char] == 10**8:
                total = (total + group + value) * 10**8
                group = 0
            else:
                if value == 0 and group == 0:
                    raise ValueError(text)
                group = (group + value) * 10**4
            section, digit, last_unit = 0, None, 10**5
        else:
            raise ValueError(text)
    return total + group + section + (digit or 0)


def _chinese_fraction(text: str) -> Decimal:
    amount = Decimal(0)
    rest = text.lstrip("零〇")
    for match in re.finditer(r"(.)([角分])", rest):
        if match.group(1) not in _CN_DIGITS:
            raise ValueError(text)
        amount += _CN_DIGITS[match.group(1)] * _CN_FRACTIONS[match.group(2)]
    if re.sub(r".[角分]", "", rest).lstrip("零〇"):
        raise ValueError(text)
    return amount


def parse_money(value: object, field: str) -> Decimal:
    """An exact, non-negative amount; raises ValidationError naming ``field``.

    As written in finance: 1,200,000.00, ¥1,200万, 人民币1,200万元, 1200万元整, 1.2亿, and in
    Chinese numerals (壹仟贰佰万元整, see :func:`parse_chinese_amount`).
    """
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = _folded(value).replace(",", "").replace(" ", "")
        text = re.sub(r"^(?:¥|￥|RMB|CNY|USD|\$|EUR|€|HKD)", "", text, flags=re.IGNORECASE)
        text = _CN_CURRENCY.sub("", text)
        if not text:
            raise ValidationError.single(field, N_("Enter an amount."))
        try:
            amount = _plain_or_chinese(text)
        except (InvalidOperation, ValueError):
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


def _plain_or_chinese(text: str) -> Decimal:
    """``text`` (folded, no separators or currency) as an amount; raises ValueError."""
    if has_chinese_numerals(text):
        return parse_chinese_amount(text)
    text = re.sub(r"(?<=[万亿元圆])[整正]$", "", text)
    multiplier = Decimal(1)
    for suffix, factor in _MULTIPLIERS.items():
        if text.endswith(suffix):
            text, multiplier = text[: -len(suffix)], factor
            break
    return Decimal(text) * multiplier


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
