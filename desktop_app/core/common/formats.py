"""The one format policy for dates and times shown to people, per language.

Every screen, letter and command formats a day, a moment, a time of day, a time range, a relative
time ("in 15 min") or a day with its weekday through this module, so that one screen never shows
the same kind of value in two shapes. The shapes come from Babel (CLDR) for the language:

=============  ===========================  ==============================
kind           zh_CN                        en
=============  ===========================  ==============================
date           2026年12月7日                Dec 7, 2026
date+time      2026年12月7日 08:30          Dec 7, 2026, 08:30
time           08:30                        08:30
time range     08:30–11:00                  08:30–11:00
relative       15分钟后                     in 15 minutes
weekday+date   2026年12月7日周一            Mon, Dec 7, 2026
long date      2026年12月7日                December 7, 2026  (letters)
full date      2026年12月7日星期一          Monday, December 7, 2026  (letters)
month          2026年12月                   Dec 2026
=============  ===========================  ==============================

Times use the 24-hour clock in both languages (CLDR's ``Hm`` skeleton): the company and its banks
work in China, where a time is read as 14:00, and an English screen beside a Chinese one must not
show the same call as 2:00 PM.

Moments are shown in the display zone (the company's) unless a zone is given. Functions take an
optional ``language``; without it the active one is used.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from desktop_app.core.common import i18n

DASH = "—"


def _locale(language: str | None) -> str:
    return i18n.babel_locale_for(language or i18n.current_language())


def local_moment(value: datetime, zone: tzinfo | None = None) -> datetime:
    """An aware moment moved into ``zone`` (default: the display zone, else the computer's)."""
    zone = zone or i18n.display_zone()
    return value.astimezone(zone) if zone else value.astimezone()


def date_text(value: date | datetime | None, language: str | None = None) -> str:
    """A calendar day: ``2026年12月7日`` / ``Dec 7, 2026``. A datetime is taken as it is."""
    if value is None:
        return DASH
    from babel.dates import format_date

    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="medium", locale=_locale(language))


def long_date_text(value: date | None, language: str | None = None) -> str:
    """A day written out, for letters: ``2026年12月7日`` / ``December 7, 2026``."""
    if value is None:
        return DASH
    from babel.dates import format_date

    return format_date(value, format="long", locale=_locale(language))


def weekday_date_text(value: date | None, language: str | None = None) -> str:
    """A day with its weekday: ``2026年12月7日周一`` / ``Mon, Dec 7, 2026``."""
    if value is None:
        return DASH
    from babel.dates import format_skeleton

    return format_skeleton("yMMMEd", value, locale=_locale(language))


def month_text(value: date | None, language: str | None = None) -> str:
    """A month: ``2026年12月`` / ``Dec 2026``."""
    if value is None:
        return DASH
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", value, locale=_locale(language))


def time_text(value: time | datetime | None, language: str | None = None) -> str:
    """A time of day on the 24-hour clock: ``08:30``. A datetime is taken as it is."""
    if value is None:
        return DASH
    from babel.dates import format_skeleton

    clock = value.time() if isinstance(value, datetime) else value
    return format_skeleton("Hm", clock, locale=_locale(language))


def date_time_text(
    value: datetime | None, zone: tzinfo | None = None, language: str | None = None
) -> str:
    """A moment: ``2026年12月7日 08:30`` / ``Dec 7, 2026, 8:30 AM`` in ``zone``."""
    if value is None:
        return DASH
    local = local_moment(value, zone) if value.tzinfo else value
    return naive_date_time_text(local, language)


def naive_date_time_text(value: datetime, language: str | None = None) -> str:
    """A wall-clock date and time already in the zone it is to be read in."""
    from babel import Locale

    pattern = Locale.parse(_locale(language)).datetime_formats["medium"]
    return str(pattern).format(time_text(value, language), date_text(value, language))


def time_range_text(
    start: time | datetime, end: time | datetime, language: str | None = None
) -> str:
    """A span within one day: ``08:30–11:00`` (wall-clock values), in both languages."""
    return f"{time_text(start, language)}–{time_text(end, language)}"


def full_date_text(value: date | None, language: str | None = None) -> str:
    """A day with its weekday written out, for letters: ``2026年12月7日星期一`` /
    ``Monday, December 7, 2026``."""
    if value is None:
        return DASH
    from babel.dates import format_date

    return format_date(value, format="full", locale=_locale(language))


def moment_range_text(
    start: datetime,
    end: datetime,
    zone: tzinfo | None = None,
    language: str | None = None,
    written: bool = False,
) -> str:
    """A span of two moments: one day and a time range when both fall on the same day
    (``2026年12月7日周一 08:30–11:00``), else two full moments. ``written``: the days in full,
    as a letter writes them."""
    first = local_moment(start, zone) if start.tzinfo else start
    last = local_moment(end, zone) if end.tzinfo else end
    if first.date() == last.date() or (last - first <= timedelta(days=1) and last.time() == time()):
        day = (full_date_text if written else weekday_date_text)(first.date(), language)
        return f"{day} {time_range_text(first, last, language)}"
    if written:
        since = f"{full_date_text(first.date(), language)} {time_text(first, language)}"
        until = f"{full_date_text(last.date(), language)} {time_text(last, language)}"
        return f"{since} – {until}"
    return f"{naive_date_time_text(first, language)} – {naive_date_time_text(last, language)}"


def relative_text(delta: timedelta, language: str | None = None) -> str:
    """How far away a moment is: ``15分钟后`` / ``in 15 minutes``; past: ``15分钟前``."""
    from babel.dates import format_timedelta

    return str(format_timedelta(delta, add_direction=True, threshold=1.0, locale=_locale(language)))


def duration_text(minutes: int, language: str | None = None) -> str:
    """A length of time in words: ``1天`` / ``1 day``, ``90分钟`` / ``90 minutes``."""
    from babel.units import format_unit

    if minutes and minutes % 1440 == 0:
        amount, unit = minutes // 1440, "duration-day"
    elif minutes and minutes % 60 == 0:
        amount, unit = minutes // 60, "duration-hour"
    else:
        amount, unit = minutes, "duration-minute"
    return str(format_unit(amount, unit, length="long", locale=_locale(language)))


def weekday_text(value: date, language: str | None = None) -> str:
    """The short name of a day's weekday: ``周一`` / ``Mon``."""
    from babel.dates import format_skeleton

    return format_skeleton("E", value, locale=_locale(language))


def date_edit_pattern(language: str | None = None) -> str:
    """The display format of a date field (Qt's pattern letters), in the policy's shape."""
    return "MMM d, yyyy" if _is_english(language) else "yyyy年M月d日"


def date_time_edit_pattern(language: str | None = None) -> str:
    """The display format of a date-and-time field (Qt's pattern letters)."""
    return "MMM d, yyyy, HH:mm" if _is_english(language) else "yyyy年M月d日 HH:mm"


def _is_english(language: str | None) -> bool:
    return i18n.normalise_language(language or i18n.current_language()) == "en"


def month_edit_pattern(language: str | None = None) -> str:
    """The display format of a month field (Qt's pattern letters)."""
    return "MMM yyyy" if _is_english(language) else "yyyy年M月"
