"""The texts of notify-the-bank follow-ups, written and read again in the reader's language.

The app writes a notify-the-bank follow-up's description when it opens one (a stale number, a
person who left), and its closing note when the bank's confirmation closes it, in the language
of the desk that did so. As with return calls, a stored text
that is exactly what the app writes — in any supported language — is read back in the reader's
language: it is matched against each language's wording, its values (bank, number, names, the
reasons with their dates and counts) are taken out, and the same sentence is written again in
the reader's language. A text a person wrote, or one that matches nothing, is left as written.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date

from desktop_app.core.common.i18n import (
    N_,
    SUPPORTED,
    babel_locale_for,
    current_language,
    translation_for,
)

STALE = N_("Ask {bank} to confirm the contact on file for {number}: {reasons}")
LEFT_REPLACED = N_(
    "Tell {bank} that {name} no longer answers on {number}; the new contact is {replacement}."
)
LEFT_NO_REPLACEMENT = N_(
    "Tell {bank} that {name} no longer answers on {number}, and give the bank a new contact."
)
INACTIVE = N_("{name} is no longer active.")
AWAY = N_("{name} is away until {until}.")
CONFIRMED = N_("The bank confirmed {number} on {date}.")
NO_PERSON = N_("The number no longer belongs to anyone.")
NEVER_CONFIRMED = N_("The bank has never confirmed this number.")
# The wording of ``reason_text``'s ngettext call, where the catalog tool finds it.
MONTHS_ONE = "Last confirmed {months} month ago, on {date}."
MONTHS_MANY = "Last confirmed {months} months ago, on {date}."
REASON_SEPARATOR = "; "
_DAY_FIELDS = ("until", "date")


@dataclass(frozen=True)
class Words:
    """Translating and formatting days in one language, whatever language is active."""

    language: str

    def gettext(self, message: str) -> str:
        return translation_for(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translation_for(self.language).ngettext(singular, plural, count)

    def day(self, value: date) -> str:
        from babel.dates import format_date

        return format_date(value, format="medium", locale=babel_locale_for(self.language))


def words_for(language: str | None = None) -> Words:
    """The words of ``language``, or of the active language."""
    return Words(language or current_language())


def reason_text(code: str, params: dict[str, str], words: Words) -> str:
    """One reason a number is stale, as a sentence in ``words``' language."""
    if code == "person_inactive":
        return words.gettext(INACTIVE).format(name=params["name"])
    if code == "person_absent_long":
        until = words.day(date.fromisoformat(params["until"]))
        return words.gettext(AWAY).format(name=params["name"], until=until)
    if code == "no_person":
        return words.gettext(NO_PERSON)
    if "on" not in params:
        return words.gettext(NEVER_CONFIRMED)
    months = int(params["months"])
    return words.ngettext(
        "Last confirmed {months} month ago, on {date}.",
        "Last confirmed {months} months ago, on {date}.",
        months,
    ).format(months=months, date=words.day(date.fromisoformat(params["on"])))


def describe_stale(bank: str, number: str, reasons: list[str], words: Words) -> str:
    """“Ask 中国工商银行 to confirm the contact on file for 010 …: …” in ``words``' language."""
    return words.gettext(STALE).format(
        bank=bank, number=number, reasons=REASON_SEPARATOR.join(reasons)
    )


def describe_left(bank: str, name: str, number: str, replacement: str, words: Words) -> str:
    """Tell the bank that a person who left no longer answers on a number (and who does now)."""
    if replacement:
        return words.gettext(LEFT_REPLACED).format(
            bank=bank, name=name, number=number, replacement=replacement
        )
    return words.gettext(LEFT_NO_REPLACEMENT).format(bank=bank, name=name, number=number)


def describe_confirmed(number: str, day: date, words: Words) -> str:
    """The closing note of a notify-the-bank follow-up the bank's confirmation closed."""
    return words.gettext(CONFIRMED).format(number=number, date=words.day(day))


def reword(stored: str, words: Words) -> str | None:
    """``stored`` written again in ``words``' language if the app wrote it (in any language)."""
    for language in SUPPORTED:
        source = Words(language)
        found = _reword_in(stored, source, words)
        if found is not None:
            return found
    return None


def _reword_in(stored: str, source: Words, target: Words) -> str | None:
    fields = _match(source.gettext(STALE), stored)
    if fields is not None:
        reasons = [_reason_again(part, source, target) for part in _split(fields["reasons"])]
        if all(reason is not None for reason in reasons):
            return describe_stale(
                fields["bank"], fields["number"], [r for r in reasons if r is not None], target
            )
    fields = _match(source.gettext(CONFIRMED), stored)
    params = _days_back(fields, source) if fields is not None else None
    if params is not None:
        return describe_confirmed(params["number"], date.fromisoformat(params["date"]), target)
    for template in (LEFT_REPLACED, LEFT_NO_REPLACEMENT):
        fields = _match(source.gettext(template), stored)
        if fields is not None:
            return describe_left(
                fields["bank"],
                fields["name"],
                fields["number"],
                fields.get("replacement", ""),
                target,
            )
    return None


def _split(reasons: str) -> list[str]:
    return reasons.split(REASON_SEPARATOR) if reasons else []


def _reason_again(text: str, source: Words, target: Words) -> str | None:
    """A reason's sentence in ``target``'s language, or ``None`` if the app did not write it."""
    simple: list[tuple[str, str]] = [
        ("person_inactive", INACTIVE),
        ("person_absent_long", AWAY),
        ("no_person", NO_PERSON),
        ("not_confirmed", NEVER_CONFIRMED),
    ]
    for code, template in simple:
        fields = _match(source.gettext(template), text)
        if fields is not None:
            params = _days_back(fields, source)
            if params is not None:
                return reason_text(code, params, target)
    for count in (1, 2):
        fields = _match(source.ngettext(MONTHS_ONE, MONTHS_MANY, count), text)
        params = _days_back(fields, source) if fields is not None else None
        if params is None:
            continue
        params["on"] = params.pop("date")
        if reason_text("not_confirmed", params, source) == text:
            return reason_text("not_confirmed", params, target)
    return None


def _days_back(fields: dict[str, str], source: Words) -> dict[str, str] | None:
    """The fields with each formatted day turned back into ISO form (``None``: not a day)."""
    params = dict(fields)
    for key in _DAY_FIELDS:
        if key in params:
            day = _parse_day(params[key], source)
            if day is None:
                return None
            params[key] = day.isoformat()
    return params


def _parse_day(text: str, words: Words) -> date | None:
    """A day formatted by ``words.day``, read back; checked by formatting it again."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    candidates: list[date] = []
    if len(numbers) == 3:
        year, month, day = numbers
        candidates.append(_day_or_none(year, month, day))
    elif len(numbers) == 2:
        day, year = numbers
        for month in range(1, 13):
            candidates.append(_day_or_none(year, month, day))
    for candidate in candidates:
        if candidate != date.min and words.day(candidate) == text:
            return candidate
    return None


def _day_or_none(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date.min


def _match(template: str, text: str) -> dict[str, str] | None:
    """The values of ``template``'s fields if ``text`` is ``template`` filled in, else ``None``."""
    pattern = _pattern(template)
    found = pattern.fullmatch(text)
    return dict(found.groupdict()) if found else None


def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field:
            parts.append(f"(?P<{field}>.+?)" if field != "months" else r"(?P<months>\d+)")
    return re.compile("".join(parts), re.DOTALL)
