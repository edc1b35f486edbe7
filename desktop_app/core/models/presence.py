"""Team mode: each person's presence (available, away, do not disturb) and the desks running the
app, whose heartbeat says who is online."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class PersonPresence(Base):
    """What a person said about themselves: available, away or do not disturb."""

    __tablename__ = "person_presence"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20), default="available")  # available, away, dnd
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


class DeskSession(Base):
    """One run of the app at a desk, for one person; ``last_seen_at`` is its heartbeat."""

    __tablename__ = "desk_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    desk: Mapped[str] = mapped_column(String(120), default="")
    pid: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# Who is online: the latest heartbeat of each person's desks.
Index("ix_desk_session_person_seen", DeskSession.person_id, DeskSession.last_seen_at)
