"""What the training service reads back: certificates with their state, attempts, and the
refresher schedule replayed from stored answers. Shared by the personal and the team views.

A person's *current* certificate on a path is the one that expires last; older ones stay as
history but never count as "expiring" once a renewal has replaced them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Role
from desktop_app.core.models import Certificate, Person, QuizAttempt
from desktop_app.core.training.certificate import certificate_number
from desktop_app.core.training.content import Course
from desktop_app.core.training.quiz import CLAUSE_PRACTICE, COURSE, PATH_QUIZ, REFRESHER, percent
from desktop_app.core.training.refreshers import Answer, Card, replay

#: Days before expiry from which a certificate counts as expiring (and a reminder is due).
EXPIRY_NOTICE_DAYS = 30

#: The role path each role follows unless the person picks another.
ROLE_PATHS = {
    Role.FRONT_DESK: "front_desk",
    Role.FINANCE: "finance_responder",
    Role.TRAINEE: "finance_responder",
    Role.ADMIN: "manager",
}


class CertState(StrEnum):
    """Where a person stands with a certificate."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NONE = "none"


CERT_STATE_LABELS = {
    CertState.VALID: N_("Certified"),
    CertState.EXPIRING: N_("Expires soon"),
    CertState.EXPIRED: N_("Expired"),
    CertState.NONE: N_("Not certified"),
}


def state_at(expires_at: datetime | None, now: datetime) -> CertState:
    """The state of a certificate expiring at ``expires_at`` (``None``: no certificate)."""
    if expires_at is None:
        return CertState.NONE
    if expires_at <= now:
        return CertState.EXPIRED
    if expires_at - now <= timedelta(days=EXPIRY_NOTICE_DAYS):
        return CertState.EXPIRING
    return CertState.VALID


@dataclass(frozen=True)
class CertificateView:
    """A certificate as shown to a person."""

    id: int
    person_id: int
    person_name: str
    path_code: str
    issued_at: datetime
    expires_at: datetime
    attempt_id: int | None
    score: int | None
    total: int | None

    def number(self, zone: tzinfo) -> str:
        """The printed number: its year is the year of issue in ``zone`` (the company's)."""
        return certificate_number(self.id, self.issued_at.astimezone(zone).date())

    def state(self, now: datetime) -> CertState:
        return state_at(self.expires_at, now)


@dataclass(frozen=True)
class AttemptView:
    """One finished attempt."""

    id: int
    person_id: int
    person_name: str
    kind: str  # PATH_QUIZ, REFRESHER or CLAUSE_PRACTICE
    path_code: str  # the role path, for a path quiz
    finished_at: datetime
    score: int
    total: int
    passed: bool

    @property
    def percent(self) -> int:
        return percent(self.score, self.total)


def kind_of(path_code: str) -> str:
    return path_code if path_code in (REFRESHER, CLAUSE_PRACTICE) else PATH_QUIZ


def attempt_view(attempt: QuizAttempt, person_name: str) -> AttemptView:
    return AttemptView(
        id=attempt.id,
        person_id=attempt.person_id,
        person_name=person_name,
        kind=kind_of(attempt.path_code),
        path_code=attempt.path_code,
        finished_at=attempt.finished_at or attempt.started_at,
        score=attempt.score,
        total=attempt.total,
        passed=attempt.passed,
    )


def certificate_views(
    session: Session, person_ids: Sequence[int] | None = None
) -> list[CertificateView]:
    """Every certificate (of ``person_ids``, or everyone's), newest expiry first."""
    query = (
        select(Certificate, Person.name, QuizAttempt.score, QuizAttempt.total)
        .join(Person, Person.id == Certificate.person_id)
        .outerjoin(QuizAttempt, QuizAttempt.id == Certificate.attempt_id)
        .order_by(Certificate.expires_at.desc(), Certificate.id.desc())
    )
    if person_ids is not None:
        query = query.where(Certificate.person_id.in_(list(person_ids)))
    return [
        CertificateView(
            c.id, c.person_id, name, c.path_code, c.issued_at, c.expires_at, c.attempt_id, s, t
        )
        for c, name, s, t in session.execute(query)
    ]


def current_certificates(
    views: Iterable[CertificateView],
) -> dict[tuple[int, str], CertificateView]:
    """The certificate that expires last for each (person, path)."""
    current: dict[tuple[int, str], CertificateView] = {}
    for view in views:
        key = (view.person_id, view.path_code)
        if key not in current or view.expires_at > current[key].expires_at:
            current[key] = view
    return current


def satisfying_paths(course: Course, path_code: str) -> set[str]:
    """The paths whose certificate counts for ``path_code``: itself and those that cover it."""
    return {p.code for p in course.paths if p.code == path_code or path_code in p.covers}


def best_certificate(
    current: dict[tuple[int, str], CertificateView], person_id: int, paths: set[str]
) -> CertificateView | None:
    """Of a person's current certificates on ``paths``, the one that lasts longest."""
    found = [v for (pid, code), v in current.items() if pid == person_id and code in paths]
    return max(found, key=lambda v: v.expires_at, default=None)


def answers_of(attempt: QuizAttempt) -> list[dict[str, Any]]:
    questions = (attempt.answers or {}).get("questions", [])
    return [q for q in questions if isinstance(q, dict)]


def schedules(attempts: Iterable[QuizAttempt]) -> dict[int, dict[str, Card]]:
    """Each person's refresher schedule, replayed from the course questions they answered."""
    history: dict[int, list[Answer]] = {}
    for attempt in attempts:
        at = attempt.finished_at or attempt.started_at
        for item in answers_of(attempt):
            if item.get("source") == COURSE and "id" in item:
                history.setdefault(attempt.person_id, []).append(
                    Answer(at, str(item["id"]), bool(item.get("ok")))
                )
    return {person_id: replay(answers) for person_id, answers in history.items()}
