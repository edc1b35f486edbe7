"""Training records: lessons read, quiz attempts, and certificates with their expiry.

Lessons and questions themselves are content shipped in ``resources/``, not rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, FetchedValue, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class LessonProgress(Base):
    """A person finished reading a lesson."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("person_id", "lesson_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    lesson_code: Mapped[str] = mapped_column(String(60))
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuizAttempt(Base):
    """One attempt at a quiz, with each answer given."""

    __tablename__ = "quiz_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    path_code: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    score: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Team server: the login of the desk that took the quiz, set by a trigger; a front-desk
    # login reads only its own desk's attempts (row-level security, see team.policy).
    db_login: Mapped[str | None] = mapped_column(String(120), server_default=FetchedValue())


class Certificate(Base):
    """Proof that a person passed a role path's quiz, valid until ``expires_at``."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    path_code: Mapped[str] = mapped_column(String(40))
    attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_attempt.id", ondelete="SET NULL")
    )
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
