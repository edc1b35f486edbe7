"""The audit log: who changed what, when, from which desk, with the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, FetchedValue, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class AuditEntry(Base):
    """One change to one record."""

    __tablename__ = "audit_entry"
    # The front desk may read only an entry's id: never fetch the login the server stamps.
    __mapper_args__ = {"eager_defaults": False}  # noqa: RUF012 - SQLAlchemy reads it as is

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column()
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    desk: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column()
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The record's version after this change, for records two desks may edit at once: the
    # changes made since a version are the entries above it (desktop_app.core.common.versions).
    version: Mapped[int | None] = mapped_column()
    # Team server: the database login of the session that wrote the entry, set by a trigger
    # (never by the client), so an entry written under another person's name shows whose login
    # wrote it. Empty on SQLite, where there is one login.
    db_login: Mapped[str | None] = mapped_column(String(120), server_default=FetchedValue())


Index("ix_audit_entry_entity", AuditEntry.entity, AuditEntry.entity_id)
