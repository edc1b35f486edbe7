"""What the calendar (.ics) exports have told calendar programs, event by event.

A calendar program that imports a newer export keeps an event whose UID it knows and replaces it
only when the new copy has a higher ``SEQUENCE`` (RFC 5546). So each exported event is kept here
with the sequence it was last written with and a digest of what it said: an export that says
something else raises the sequence, and an event an earlier export announced but that no longer
exists (a removed window, a day that became a company day off, a finished follow-up) is written
again as cancelled, from what is kept here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class CalendarEvent(Base):
    """One event UID as the calendar exports last wrote it."""

    __tablename__ = "calendar_event"

    uid: Mapped[str] = mapped_column(String(120), primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # "window" | "follow_up"
    sequence: Mapped[int] = mapped_column(default=0)
    digest: Mapped[str] = mapped_column(String(64))  # of start, end, summary and description
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    summary: Mapped[str] = mapped_column(Text, default="")
