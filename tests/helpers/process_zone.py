"""Running code as if the computer were set to another time zone (``TZ`` and ``time.tzset()``).

What the app shows and prints must not depend on it: every "today" and printed date is the
company's, from its settings and the injected clock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

# The computer's zone: UTC, a zone behind it (its day starts 16 hours after Beijing's in winter)
# and the company's own.
PROCESS_ZONES = ("UTC", "America/Los_Angeles", "Asia/Shanghai")
BEIJING = ZoneInfo("Asia/Shanghai")
# Half a minute before and after midnight in Beijing, 30 November → 1 December 2026; in UTC and in
# Los Angeles both moments are still 30 November.
BEFORE_MIDNIGHT = datetime(2026, 11, 30, 23, 59, 30, tzinfo=BEIJING).astimezone(UTC)
AFTER_MIDNIGHT = datetime(2026, 12, 1, 0, 0, 30, tzinfo=BEIJING).astimezone(UTC)


@contextmanager
def process_zone(name: str) -> Iterator[None]:
    """The process's local time zone is ``name`` within the block."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        assert time.localtime(AFTER_MIDNIGHT.timestamp()).tm_zone in {"UTC", "PST", "CST"}
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
