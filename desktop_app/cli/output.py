"""Printing results for people (aligned tables) and for scripts (JSON)."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

log = logging.getLogger(__name__)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    """Write ``value`` as JSON to standard output."""
    json.dump(_plain(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """Write an aligned table; wide (Chinese) characters count as two columns."""
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    print(line(headers).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row).rstrip())


def error(message: str) -> None:
    """Write a message for a person to standard error (and to the log)."""
    log.warning("command refused: %s", message)
    print(message, file=sys.stderr)
