"""Time zones in words: the list a person chooses from and the name a zone is shown by.

A zone is stored as its IANA name (``Asia/Shanghai``) and never shown that way: people read
``(UTC+08:00) 中国（上海）时间`` / ``(UTC+08:00) China (Shanghai) Time``, Babel's (CLDR) name of
the zone's place in the active language, and pick it from a list they can search by any part.
"""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop_app.core.common import i18n
from desktop_app.core.common.i18n import N_, _

REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
           "Indian", "Pacific")  # fmt: skip
#: Places whose CLDR name is not the one a company in mainland China writes.
OWN_NAMES = {
    "Asia/Taipei": N_("China (Taipei) Time"),
    "UTC": N_("Coordinated Universal Time"),
}


@dataclass(frozen=True)
class ZoneChoice:
    """One entry of the time zone list: the stored IANA name and what people read."""

    zone: str
    label: str
    offset: timedelta


def _place(zone: str, language: str | None = None) -> str:
    if zone in OWN_NAMES:
        translate = i18n.translator_for(language) if language else _
        return translate(OWN_NAMES[zone])
    from babel.dates import get_timezone_location

    try:
        locale = i18n.babel_locale_for(language or i18n.current_language())
        return str(get_timezone_location(zone, locale=locale))
    except (LookupError, ValueError):
        return zone


def _city(zone: str) -> str:
    from babel.dates import get_timezone_location

    try:
        locale = i18n.babel_locale_for(i18n.current_language())
        return str(get_timezone_location(zone, locale=locale, return_city=True))
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"(UTC{sign}{hours:02d}:{rest:02d})"


def zone_name(zone: str, at: datetime | None = None, language: str | None = None) -> str:
    """What people read for an IANA zone: its place (in ``language``, default the active one),
    and its UTC offset at ``at`` if given."""
    if not zone:
        return "—"
    try:
        info = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zone
    place = _place(zone, language)
    if at is None:
        return place
    return f"{_offset_text(at.astimezone(info).utcoffset() or timedelta())} {place}"


@functools.cache
def _zones() -> tuple[str, ...]:
    from babel.core import get_global

    aliases = get_global("zone_aliases")
    places = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if zone.split("/")[0] in REGIONS and "/" in zone and zone not in aliases
    )
    return (*places, "UTC")


def zone_choices(at: datetime | None = None, language: str | None = None) -> list[ZoneChoice]:
    """Every zone a person can choose, in the active language, ordered by UTC offset at ``at``
    (default: now) and then by name. Places sharing a name keep their city to tell them apart."""
    del language  # the active language names the places
    moment = at or datetime.now(UTC)
    choices = []
    for zone in _zones():
        offset = moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() or timedelta()
        choices.append(
            ZoneChoice(
                zone,
                f"{_offset_text(offset)} {_place(zone)}",
                offset,
            )
        )
    seen: dict[str, int] = {}
    for choice in choices:
        seen[choice.label] = seen.get(choice.label, 0) + 1
    result = []
    for choice in choices:
        if seen[choice.label] > 1:
            city = _city(choice.zone)
            choice = ZoneChoice(choice.zone, f"{choice.label} · {city}", choice.offset)
        result.append(choice)
    return sorted(result, key=lambda c: (c.offset, c.label))
