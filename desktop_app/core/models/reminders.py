"""Reminders before contact windows: each reminder's state, and each person's lead times.

A reminder belongs to one person and one subject (an occurrence key, or a certificate); the
unique (person, subject, kind, lead) quadruple lets every desk materialise reminders at once
without ever creating one twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class Reminder(Base):
    """One reminder for one person, from pending to acknowledged, escalated or expired."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("person_id", "subject", "kind", "lead_minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # prepare, be_at_phone, coverage_gap, ...
    subject: Mapped[str] = mapped_column(String(120))  # occurrence key or "certificate:<id>"
    lead_minutes: Mapped[int] = mapped_column(default=0)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    occurrence_key: Mapped[str | None] = mapped_column(String(80))
    contract_id: Mapped[int | None] = mapped_column()
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    window_starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    window_ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # pointless from then on
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # for title and body
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    snoozed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    shown_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    shown_missed: Mapped[bool] = mapped_column(Boolean, default=False)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    escalated_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    escalated_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("reminder.id", ondelete="SET NULL")
    )
    expired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    missed_reported: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


Index("ix_reminder_person_state", Reminder.person_id, Reminder.state)
Index("ix_reminder_state_due", Reminder.state, Reminder.due_at)


class ReminderLeadTimes(Base):
    """A person's own lead times; no row means the defaults, an empty list means none."""

    __tablename__ = "reminder_lead_times"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    leads: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
