"""The outbox: every e-mail and chat message is stored here first, then sent, and never lost.

A message is ``queued`` until a desk claims it (``sending``), then ``sent`` or, when the server
refused it for good, ``failed`` with the reason; a temporary failure puts it back to ``queued``
with the next attempt's time. ``phase`` says how far a claimed send got, so that after a crash a
message that never reached the server is sent again and one that may have reached it is not
(``uncertain``, for a person to decide). ``dedupe_key`` makes producing a message idempotent across
desks: a digest or a chat notice for one event is queued once, whoever notices it first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.core.models.base import Base, UtcDateTime


class OutboxMessage(Base):
    """One message to send by e-mail or to a chat group."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        UniqueConstraint("channel", "dedupe_key"),
        Index("ix_outbox_message_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # mail, wecom, dingtalk, feishu
    kind: Mapped[str] = mapped_column(String(40))  # change_notice, digest, invitation, …
    dedupe_key: Mapped[str] = mapped_column(String(120))
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    calendar: Mapped[str | None] = mapped_column(Text)  # an iCalendar part (METHOD:REQUEST)
    message_id: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(10), default="zh_CN")
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("bank.id", ondelete="SET NULL"))
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="queued")
    phase: Mapped[str] = mapped_column(String(20), default="")  # connecting, handing_over
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str] = mapped_column(String(120), default="")  # the desk
    last_error: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="OutboxAttachment.id"
    )


class OutboxAttachment(Base):
    """A file sent with a message (the letter's PDF)."""

    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")


class NotifyPreference(Base):
    """How a person wants to be told: the language of their mail, and the daily digest."""

    __tablename__ = "notify_preference"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(10), default="zh_CN")
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=True)
