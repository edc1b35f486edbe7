"""Translations and locale-aware formatting for every layer of the app.

Messages are marked with ``_()`` (translated now), ``N_()`` (marked, translated later) and
``ngettext()``; named placeholders are filled after translating: ``_("Saved {name}").format(...)``.
The catalogs are gettext ``.mo`` files compiled by Babel from ``translations/``. Money, dates and
numbers go through Babel, imported only when first used so that start-up stays quick.
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from desktop_app.core.local.paths import translations_dir

DOMAIN = "messages"
SUPPORTED = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def _(message: str) -> str:
    """Translate a message into the active language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _translation.ngettext(singular, plural, count)


def normalise_language(value: str | None) -> str | None:
    """Map a locale name such as ``zh_Hans_CN.UTF-8`` or ``en-GB`` to a supported language."""
    if not value:
        return None
    code = value.split(".")[0].split("@")[0].replace("-", "_").lower()
    if code.startswith("zh"):
        return "zh_CN"
    if code.startswith("en") or code in ("c", "posix"):
        return "en"
    return None


def system_language() -> str:
    """The supported language closest to the operating system's locale."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in os.environ.get(variable, "").split(":"):
            found = normalise_language(part)
            if found:
                return found
    try:
        found = normalise_language(locale.getlocale()[0])
    except ValueError:
        found = None
    return found or DEFAULT_LANGUAGE


def set_language(language: str | None) -> str:
    """Activate a language (``None`` or empty: the system's) and return the one now active."""
    global _translation, _language
    chosen = normalise_language(language) if language else system_language()
    chosen = chosen or DEFAULT_LANGUAGE
    try:
        folder = translations_dir()
        _translation = gettext.translation(DOMAIN, localedir=str(folder), languages=[chosen])
    except (FileNotFoundError, OSError):
        _translation = gettext.NullTranslations()
    _language = chosen
    return chosen


def translator_for(language: str) -> Callable[[str], str]:
    """The gettext function of ``language`` (``zh_CN`` or ``en``), whatever language is active.

    For documents written in a language of their own, such as a letter to a bank.
    """
    return translation_for(language).gettext


def translation_for(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` (``zh_CN`` or ``en``), for ``gettext`` and ``ngettext`` both."""
    chosen = normalise_language(language) or DEFAULT_LANGUAGE
    try:
        return gettext.translation(DOMAIN, localedir=str(translations_dir()), languages=[chosen])
    except OSError:
        return gettext.NullTranslations()


def babel_locale_for(language: str) -> str:
    """The Babel locale that formats dates and numbers for ``language``."""
    return "zh_Hans_CN" if normalise_language(language) == "zh_CN" else "en_US"


def current_language() -> str:
    """The active language code (``zh_CN`` or ``en``)."""
    return _language


def _babel_locale() -> str:
    return "zh_Hans_CN" if _language == "zh_CN" else "en_US"


def format_money(amount: Decimal | None, currency: str) -> str:
    """Format an exact amount with its currency for the active locale."""
    if amount is None:
        return "—"
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=_babel_locale())


def format_number(value: int | float | Decimal) -> str:
    """Format a number for the active locale."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_babel_locale())


def format_day(value: date | None, form: str = "medium") -> str:
    """Format a calendar day by the format policy (``full``: written out with its weekday;
    ``long``: written out, as in letters; ``EEE``: the weekday alone)."""
    from desktop_app.core.common import formats

    if form == "full":
        return formats.full_date_text(value)
    if form == "long":
        return formats.long_date_text(value)
    if form == "EEE" and value is not None:
        return formats.weekday_text(value)
    return formats.date_text(value)


_display_zone: tzinfo | None = None


def set_display_zone(zone: tzinfo | None) -> None:
    """The time zone moments are shown in (the company's); ``None``: the computer's own."""
    global _display_zone
    _display_zone = zone


def display_day(value: datetime, zone: tzinfo | None = None) -> date:
    """The calendar day an aware moment falls on in ``zone`` (default: the display zone, the
    company's), not the computer's."""
    zone = zone or _display_zone
    return value.astimezone(zone).date() if zone else value.astimezone().date()


def format_local_day(
    value: datetime | None, zone: tzinfo | None = None, form: str = "medium"
) -> str:
    """Format the day of an aware moment in ``zone`` (default: the display zone)."""
    return format_day(display_day(value, zone), form) if value is not None else "—"


def display_zone() -> tzinfo | None:
    """The zone moments are shown in (``None``: the computer's own)."""
    return _display_zone


def format_moment(value: datetime | None, zone: tzinfo | None = None) -> str:
    """Format an aware datetime in ``zone`` (default: the display zone) by the format policy."""
    from desktop_app.core.common import formats

    return formats.date_time_text(value, zone)


def format_clock(value: Any) -> str:
    """Format a time of day (``datetime.time``) by the format policy."""
    from desktop_app.core.common import formats

    return formats.time_text(value)
