"""Working days of a bank abroad: the public holidays of the place a time zone stands for.

A bank in Hong Kong or London keeps its own public holidays, not the Chinese schedule with its
make-up workdays (调休). A contact window or a return call in such a bank's time zone asks
:func:`place_calendar` for that place's calendar, built from the ``holidays`` package; a time zone
of mainland China (or none) has no place calendar, and the company's :class:`WorkingCalendar`
answers. A foreign zone the table below does not name counts weekdays as working days, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from desktop_app.core.common.i18n import current_language

if TYPE_CHECKING:  # the package is imported when a place abroad is first asked about
    import holidays

# Time zones of mainland China: the company's own working calendar answers for them.
CHINA_ZONES = frozenset(
    {"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "Asia/Urumqi", "PRC"}
)

# The place whose public holidays a bank in each time zone keeps: (country, subdivision).
PLACES: dict[str, tuple[str, str | None]] = {
    "Asia/Hong_Kong": ("HK", None),
    "Hongkong": ("HK", None),
    "Asia/Macau": ("MO", None),
    "Europe/London": ("GB", "ENG"),
    "Asia/Singapore": ("SG", None),
    "Asia/Tokyo": ("JP", None),
    "Asia/Seoul": ("KR", None),
    "Asia/Taipei": ("TW", None),
    "America/New_York": ("US", "NY"),
    "Europe/Frankfurt": ("DE", None),
    "Europe/Berlin": ("DE", None),
    "Europe/Paris": ("FR", None),
}


@dataclass(frozen=True)
class PlaceCalendar:
    """Weekends and the public holidays of one place abroad."""

    zone: str
    country: str
    subdivision: str | None = None

    def holiday_name(self, day: date) -> str:
        """The public holiday on ``day`` in the active language where the package has it;
        "" on an ordinary day."""
        return _holiday_names(self.country, self.subdivision, _language(self.country)).get(day, "")

    def is_workday(self, day: date) -> bool:
        """A weekday that is not a public holiday there."""
        if day.weekday() >= 5:
            return False
        return day not in _holiday_names(self.country, self.subdivision, None)


def is_china_zone(zone: str | None) -> bool:
    """Whether ``zone`` (empty: the company's own) is one of mainland China's time zones."""
    return not zone or zone in CHINA_ZONES


@lru_cache(maxsize=64)
def place_calendar(zone: str | None) -> PlaceCalendar | None:
    """The calendar of the place abroad that ``zone`` stands for; ``None`` for mainland China
    (the company's calendar answers) or a zone whose place is not known here."""
    if is_china_zone(zone) or zone not in PLACES:
        return None
    country, subdivision = PLACES[zone]
    return PlaceCalendar(zone, country, subdivision)


def weekday_only(day: date) -> bool:
    """The fallback for a foreign zone without a place: every weekday works."""
    return day.weekday() < 5


@lru_cache(maxsize=32)
def _holiday_names(
    country: str, subdivision: str | None, language: str | None
) -> holidays.HolidayBase:
    """The package's holidays of one place (years are added as they are asked for)."""
    import holidays  # its registry of countries costs a tenth of a second at start-up

    return holidays.country_holidays(country, subdiv=subdivision, language=language)


def _language(country: str) -> str | None:
    """The package's language for the active one, when that place's data has it."""
    if current_language().startswith("zh"):
        import holidays

        supported = holidays.list_localized_countries().get(country, [])
        return "zh_CN" if "zh_CN" in supported else None
    return None
