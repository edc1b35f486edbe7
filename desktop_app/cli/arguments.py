"""Argument types that refuse what no one means: days in year 1 or 9999, ids beyond any row.

Each type raises ``argparse.ArgumentTypeError`` with a translated message, so the parser prints
one line and exits with code 2 instead of letting an overflow deep in the code print a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime

from desktop_app.core.common.i18n import _
from desktop_app.core.common.parsing import clean

EARLIEST = date(1970, 1, 1)
LATEST = date(2199, 12, 31)
MAX_SEARCH_CHARS = 200  # longer than any name, number or alias; SQLite refuses 50 KB patterns


def check_day(value: str, day: date) -> date:
    """``day`` when it lies between 1970 and 2199, else a usage error quoting ``value``."""
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(
            _("“{value}” is outside the years {first} to {last}.").format(
                value=value, first=EARLIEST.year, last=LATEST.year
            )
        )
    return day


def check_moment(value: str, moment: datetime) -> datetime:
    check_day(value, moment.date())
    return moment


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(
                _("“{value}” is not a whole number from {low} to {high}.").format(
                    value=value[:40], low=low, high=f"{high:,}"
                )
            )
        return number

    return parse


def search_text(value: str) -> str:
    """Text to search for, at most :data:`MAX_SEARCH_CHARS` characters."""
    if len(value) > MAX_SEARCH_CHARS:
        raise argparse.ArgumentTypeError(
            _("The search text is {length} characters long; at most {limit}.").format(
                length=f"{len(value):,}", limit=MAX_SEARCH_CHARS
            )
        )
    return value


def parse_moment(value: str) -> datetime:
    """An ISO-8601 moment for ``--at``; one without a zone is read in the company's time zone."""
    text = clean(value).replace(" ", "T", 1)
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _(
                "“{value}” is not a moment such as 2026-10-10T10:00 or 2026-10-10T10:00+08:00."
            ).format(value=value)
        ) from None
    return check_moment(value, moment)
