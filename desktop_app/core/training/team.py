"""The team's side of training: who is certified, whose certificate expires, the progress report
and its .xlsx export.

Certification status is open to everyone who may see the register (it stands next to responders
and in coverage checks); scores and the team report take ``VIEW_TEAM_TRAINING``. A person is
certified when they hold a current certificate on their role's path, or on a path that covers it
(the manager path covers the finance responder's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from desktop_app.core.common.i18n import current_language
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.models import (
    LessonProgress,
    LoanContract,
    Person,
    QuizAttempt,
    ResponderAssignment,
)
from desktop_app.core.storage.store import Store
from desktop_app.core.training.content import Course, load_course
from desktop_app.core.training.quiz import PATH_QUIZ
from desktop_app.core.training.records import (
    ROLE_PATHS,
    AttemptView,
    CertificateView,
    CertState,
    attempt_view,
    best_certificate,
    certificate_views,
    current_certificates,
    satisfying_paths,
    schedules,
    state_at,
)
from desktop_app.core.training.refreshers import due


@dataclass(frozen=True)
class CertificationStatus:
    """Whether a person holds a current certificate for their role's path."""

    person_id: int
    person_name: str
    role: Role
    path_code: str
    state: CertState
    expires_at: datetime | None
    certificate_id: int | None

    @property
    def certified(self) -> bool:
        return self.state in (CertState.VALID, CertState.EXPIRING)


@dataclass(frozen=True)
class PersonProgress:
    """One row of the team report."""

    person_id: int
    name: str
    role: Role
    path_code: str
    path_title: str
    lessons_read: int
    lessons_total: int
    attempts: int
    best_percent: int | None
    last_attempt_at: datetime | None
    last_passed: bool | None
    expires_at: datetime | None
    state: CertState
    refreshers_due: int
    responder: bool  # named in the responder list of an active contract

    @property
    def flagged(self) -> bool:
        """A responder without a current certificate."""
        return self.responder and self.state in (CertState.NONE, CertState.EXPIRED)


@dataclass(frozen=True)
class TeamReport:
    """The training progress of every active person, and every finished path attempt."""

    generated_at: datetime
    language: str
    rows: tuple[PersonProgress, ...]
    attempts: tuple[AttemptView, ...]

    def count(self, state: CertState) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def uncertified_responders(self) -> tuple[PersonProgress, ...]:
        return tuple(row for row in self.rows if row.flagged)


def _people(store: Store, person_ids: Sequence[int] | None) -> list[Person]:
    query = (
        select(Person)
        .where(Person.active.is_(True))
        .order_by(Person.sort_key, Person.name, Person.id)
    )
    if person_ids is not None:
        query = query.where(Person.id.in_(list(person_ids)))
    with store.read() as session:
        people = list(session.scalars(query))
        session.expunge_all()
    return people


def certification_status(
    store: Store, course: Course, actor: Actor, person_ids: Sequence[int] | None = None
) -> dict[int, CertificationStatus]:
    """The certification of active people (``person_ids``, or all), by person id."""
    actor.require(Permission.VIEW_REGISTER)
    now = store.clock.now()
    people = _people(store, person_ids)
    with store.read() as session:
        current = current_certificates(certificate_views(session, [p.id for p in people]))
    found = {}
    for person in people:
        role = Role(person.role)
        path_code = ROLE_PATHS[role]
        best = best_certificate(current, person.id, satisfying_paths(course, path_code))
        expires = best.expires_at if best else None
        found[person.id] = CertificationStatus(
            person.id,
            person.name,
            role,
            path_code,
            state_at(expires, now),
            expires,
            best.id if best else None,
        )
    return found


def responder_ids(store: Store) -> set[int]:
    """Everyone named in the responder list (own or inherited) of an active contract.

    One statement, whatever the size of the register: the people of active contracts' own
    lists, and of the banks' lists where an active contract has none of its own (as
    ``effective_responders`` chooses).
    """
    active = LoanContract.status == "active"
    with_own_list = select(ResponderAssignment.contract_id).where(
        ResponderAssignment.contract_id.is_not(None)
    )
    inheriting_banks = select(LoanContract.bank_id).where(
        active, LoanContract.id.not_in(with_own_list)
    )
    own = select(ResponderAssignment.person_id).where(
        ResponderAssignment.contract_id.in_(select(LoanContract.id).where(active))
    )
    inherited = select(ResponderAssignment.person_id).where(
        ResponderAssignment.bank_id.in_(inheriting_banks)
    )
    with store.read() as session:
        return set(session.scalars(own.union(inherited)))


def team_report(
    store: Store, actor: Actor, language: str | None = None, root: Path | None = None
) -> TeamReport:
    """Every active person's progress on their role's path, with the attempts behind it."""
    actor.require(Permission.VIEW_TEAM_TRAINING)
    course = load_course(language or current_language(), root)
    now = store.clock.now()
    people = _people(store, None)
    names = {p.id: p.name for p in people}
    with store.read() as session:
        read: dict[int, set[str]] = {}
        for person_id, code in session.execute(
            select(LessonProgress.person_id, LessonProgress.lesson_code)
        ):
            read.setdefault(person_id, set()).add(code)
        attempts = list(
            session.scalars(
                select(QuizAttempt)
                .where(QuizAttempt.finished_at.is_not(None))
                .order_by(QuizAttempt.finished_at, QuizAttempt.id)
            )
        )
        current = current_certificates(certificate_views(session))
    cards = schedules(attempts)
    responders = responder_ids(store)
    rows = []
    for person in people:
        role = Role(person.role)
        path = course.path(ROLE_PATHS[role])
        own = [a for a in attempts if a.person_id == person.id and a.path_code == path.code]
        best = best_certificate(current, person.id, satisfying_paths(course, path.code))
        expires = best.expires_at if best else None
        person_cards = cards.get(person.id, {})
        rows.append(
            PersonProgress(
                person_id=person.id,
                name=person.name,
                role=role,
                path_code=path.code,
                path_title=path.title,
                lessons_read=len(read.get(person.id, set()) & set(path.lessons)),
                lessons_total=len(path.lessons),
                attempts=len(own),
                best_percent=max((a.score * 100 // a.total for a in own if a.total), default=None),
                last_attempt_at=own[-1].finished_at if own else None,
                last_passed=own[-1].passed if own else None,
                expires_at=expires,
                state=state_at(expires, now),
                refreshers_due=sum(
                    1 for card in due(person_cards, now) if course.question(card.question_id)
                ),
                responder=person.id in responders,
            )
        )
    views = [
        attempt_view(a, names[a.person_id])
        for a in reversed(attempts)
        if a.person_id in names and attempt_view(a, "").kind == PATH_QUIZ
    ]
    return TeamReport(now, course.language, tuple(rows), tuple(views))


def list_certificates(
    store: Store,
    actor: Actor,
    expiring_within_days: int | None = None,
    include_expired: bool = False,
) -> list[CertificateView]:
    """Current certificates of active people (only the actor's own without the team
    permission), soonest expiry first; ``expiring_within_days`` keeps those that expire within
    that many days, ``include_expired`` adds those already expired."""
    now = store.clock.now()
    own_only = not actor.can(Permission.VIEW_TEAM_TRAINING)
    if own_only and actor.person_id is None:
        return []
    with store.read() as session:
        active = set(session.scalars(select(Person.id).where(Person.active.is_(True))))
        views = certificate_views(session, [actor.person_id] if own_only else None)  # type: ignore[list-item]
    current = [v for v in current_certificates(views).values() if v.person_id in active]
    if not include_expired:
        current = [v for v in current if v.expires_at > now]
    if expiring_within_days is not None:
        limit = now + timedelta(days=expiring_within_days)
        current = [v for v in current if v.expires_at <= limit]
    return sorted(current, key=lambda v: (v.expires_at, v.person_name, v.id))
