"""The small JSON message a desk sends when it commits a change, and reading it back.

``{"v": 1, "o": origin token, "d": desk, "p": process id, "a": [areas], "i": {area: [ids]}}`` —
the ids are capped, and dropped altogether (areas only) when the message would not fit in
PostgreSQL's notification payload (under 8000 bytes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from desktop_app.core.common.changes import Area, Changes

VERSION = 1
MAX_BYTES = 7900  # PostgreSQL refuses a payload of 8000 bytes or more
MAX_IDS = 200  # ids per message, all areas together; more than that and screens reload anyway


@dataclass(frozen=True)
class Origin:
    """Where a change came from: the publishing context's token, its desk and process."""

    token: str  # unique per running context; "" for a resynchronisation after a reconnect
    desk: str = ""
    pid: int = 0
    resync: bool = False


RESYNC = Origin("", resync=True)
EVERYTHING = Changes.of(*Area)


def encode(changes: Changes, origin: Origin) -> str:
    """The notification payload for ``changes`` made by ``origin``."""
    ids: dict[str, list[int]] = {}
    kept = 0
    for area, identifier in changes.ids:
        if kept >= MAX_IDS:
            break
        bucket = ids.setdefault(area.value, [])
        if identifier not in bucket:
            bucket.append(identifier)
            kept += 1
    message = {
        "v": VERSION,
        "o": origin.token,
        "d": origin.desk,
        "p": origin.pid,
        "a": sorted(area.value for area in changes.areas),
        "i": ids,
    }
    text = _dump(message)
    if len(text.encode("utf-8")) > MAX_BYTES:
        message["i"] = {}
        text = _dump(message)
    return text


def decode(payload: str) -> tuple[Changes, Origin] | None:
    """The changes and origin in a payload; ``None`` for anything not written by :func:`encode`."""
    try:
        message = json.loads(payload)
        if not isinstance(message, dict) or message.get("v") != VERSION:
            return None
        known = {area.value for area in Area}
        areas = frozenset(Area(a) for a in message.get("a", ()) if a in known)
        ids = tuple(
            (Area(name), int(identifier))
            for name, values in dict(message.get("i", {})).items()
            if name in known
            for identifier in values
        )
        origin = Origin(str(message.get("o", "")), str(message.get("d", "")), int(message["p"]))
    except (ValueError, TypeError, KeyError):
        return None
    return Changes(areas, ids), origin


def _dump(message: dict[str, object]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))
