"""Training: lessons read, quizzes taken, certificates issued and renewed, refreshers due.

Everyone may train themselves; the team's progress and other people's attempts take
``VIEW_TEAM_TRAINING`` (see :mod:`desktop_app.core.training.team`). A role path's quiz
opens once its lessons are read; passing it issues a certificate valid for the organisation's
``certificate_valid_months``. Passing again within the last :data:`EXPIRY_NOTICE_DAYS` days of a
certificate renews it from its expiry, so renewing early loses nothing; later, or before that
window, the new certificate runs from the day of passing. Questions made from the company's
contracts are built from the contracts as the actor may see them.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.i18n import N_, current_language, translator_for
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.models import Certificate, LessonProgress, Person, QuizAttempt
from desktop_app.core.register.contracts import ContractService, ContractView
from desktop_app.core.storage.store import Store
from desktop_app.core.training import content
from desktop_app.core.training.certificate import CertificateDocument, build_certificate
from desktop_app.core.training.content import Course, Lesson, RolePath
from desktop_app.core.training.contract_questions import contract_questions
from desktop_app.core.training.quiz import (
    CLAUSE_PRACTICE,
    COURSE,
    PATH_QUIZ,
    REFRESHER,
    Quiz,
    QuizQuestion,
    QuizResult,
    draw,
    from_course,
    new_seed,
    score,
    shuffled,
)
from desktop_app.core.training.records import (
    EXPIRY_NOTICE_DAYS,
    ROLE_PATHS,
    AttemptView,
    CertificateView,
    CertState,
    answers_of,
    attempt_view,
    certificate_views,
    current_certificates,
    schedules,
    state_at,
)
from desktop_app.core.training.refreshers import SESSION_SIZE, Card, due
from desktop_app.core.training.report_xlsx import write_report
from desktop_app.core.training.review import (
    AttemptReview,
    answer_record,
    review_items,
)
from desktop_app.core.training.team import (
    CertificationStatus,
    TeamReport,
    certification_status,
    list_certificates,
    team_report,
)

CLAUSE_PRACTICE_SIZE = 8


@dataclass(frozen=True)
class LessonStatus:
    """A lesson of a path and when the person finished reading it."""

    lesson: Lesson
    read_at: datetime | None
    position: int = 0  # 1-based place in the path


@dataclass(frozen=True)
class PathProgress:
    """Where one person stands on one role path."""

    person_id: int
    person_name: str
    path: RolePath
    lessons: tuple[LessonStatus, ...]
    certificate: CertificateView | None  # the current one on this path, even if expired
    state: CertState
    attempts: int
    best_percent: int | None
    last_attempt_at: datetime | None
    refreshers_due: int

    @property
    def lessons_read(self) -> int:
        return sum(1 for status in self.lessons if status.read_at is not None)

    @property
    def lessons_total(self) -> int:
        return len(self.lessons)

    @property
    def ready_for_quiz(self) -> bool:
        return self.lessons_read == self.lessons_total


@dataclass(frozen=True)
class QuizSubmission:
    """A submitted quiz: the stored attempt, its score, and the certificate it earned."""

    attempt: AttemptView
    result: QuizResult
    certificate: CertificateView | None
    renewed: bool  # the certificate renewed one that was still valid


class TrainingService:
    """Use cases of the training module."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        contracts: ContractService,
        content_root: Path | None = None,
    ) -> None:
        self._store = store
        self._org = org
        self._contracts = contracts
        self._root = content_root

    # ------------------------------------------------------------------ content

    def course(self, language: str | None = None) -> Course:
        """The bundled course in ``language`` (the app's by default)."""
        return content.load_course(language or current_language(), self._root)

    def default_path(self, role: Role) -> str:
        return ROLE_PATHS[role]

    def lesson_text(self, code: str, language: str | None = None) -> str:
        """A lesson's Markdown with the organisation's settings filled in."""
        course = self.course(language)
        try:
            lesson = course.lesson(code)
        except KeyError:
            raise NotFound(N_("This lesson is not part of the course.")) from None
        return content.render_lesson(lesson, asdict(self._org.get()), course.company_fallback)

    def _path(self, course: Course, code: str) -> RolePath:
        try:
            return course.path(code)
        except KeyError:
            raise ValidationError.single(
                "path", N_("“{value}” is not a training path."), value=code
            ) from None

    @staticmethod
    def _me(actor: Actor) -> int:
        if actor.person_id is None:
            raise PermissionDenied(N_("Only a person can take training."))
        return actor.person_id

    # ------------------------------------------------------------------ progress

    def progress(
        self, actor: Actor, path_code: str | None = None, language: str | None = None
    ) -> PathProgress:
        """The actor's own progress on ``path_code`` (their role's path by default)."""
        person_id = self._me(actor)
        return self.progress_of(actor, person_id, path_code, language)

    def progress_of(
        self,
        actor: Actor,
        person_id: int,
        path_code: str | None = None,
        language: str | None = None,
    ) -> PathProgress:
        """One person's progress on a path; someone else's takes the team permission."""
        if person_id != actor.person_id:
            actor.require(Permission.VIEW_TEAM_TRAINING)
        course = self.course(language)
        now = self._store.clock.now()
        with self._store.read() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound(N_("The person no longer exists."))
            path = self._path(course, path_code or ROLE_PATHS[Role(person.role)])
            read = dict(
                session.execute(
                    select(LessonProgress.lesson_code, LessonProgress.completed_at).where(
                        LessonProgress.person_id == person_id
                    )
                ).all()
            )
            attempts = list(
                session.scalars(
                    select(QuizAttempt)
                    .where(QuizAttempt.person_id == person_id)
                    .order_by(QuizAttempt.id)
                )
            )
            certificate = current_certificates(certificate_views(session, [person_id])).get(
                (person_id, path.code)
            )
        own = [a for a in attempts if a.path_code == path.code]
        cards = schedules(attempts).get(person_id, {})
        return PathProgress(
            person_id=person_id,
            person_name=person.name,
            path=path,
            lessons=tuple(
                LessonStatus(course.lesson(code), read.get(code), position)
                for position, code in enumerate(path.lessons, start=1)
            ),
            certificate=certificate,
            state=state_at(certificate.expires_at if certificate else None, now),
            attempts=len(own),
            best_percent=max((a.score * 100 // a.total for a in own if a.total), default=None),
            last_attempt_at=max((a.finished_at for a in own if a.finished_at), default=None),
            refreshers_due=len(self._due_in(course, cards, now)),
        )

    def mark_lesson_read(self, actor: Actor, code: str) -> Outcome[datetime]:
        """Record that the actor finished a lesson (once; reading it again changes nothing)."""
        person_id = self._me(actor)
        course = self.course()
        if not any(lesson.code == code for lesson in course.lessons):
            raise NotFound(N_("This lesson is not part of the course."))
        now = self._store.clock.now()
        with self._store.write() as session:
            existing = session.scalar(
                select(LessonProgress).where(
                    LessonProgress.person_id == person_id, LessonProgress.lesson_code == code
                )
            )
            if existing is not None:
                return Outcome(existing.completed_at, Changes())
            row = LessonProgress(person_id=person_id, lesson_code=code, completed_at=now)
            session.add(row)
            session.flush()
            audit.record(
                session, self._store, actor, "complete", "lesson", row.id, after={"lesson": code}
            )
        return Outcome(now, Changes.of(Area.TRAINING))

    # ------------------------------------------------------------------ quizzes

    def _contract_questions(
        self, actor: Actor, language: str, rng: random.Random
    ) -> list[QuizQuestion]:
        if not actor.can(Permission.VIEW_REGISTER):
            return []
        contracts = self._contracts.list(actor, status="active")
        with self._store.read() as session:
            people = list(
                session.scalars(
                    select(Person.name)
                    .where(
                        Person.active.is_(True),
                        Person.role.in_([Role.FINANCE.value, Role.ADMIN.value]),
                    )
                    .order_by(Person.sort_key, Person.name)
                )
            )
        return contract_questions(
            contracts,
            people,
            translator_for(language),
            actor.can(Permission.VIEW_LOAN_DETAILS),
            rng,
        )

    def start_quiz(
        self,
        actor: Actor,
        path_code: str | None = None,
        language: str | None = None,
        seed: int | None = None,
    ) -> Quiz:
        """A path's quiz for the actor, in random order; its lessons must be read first."""
        progress = self.progress(actor, path_code, language)
        if not progress.ready_for_quiz:
            raise ValidationError.single(
                "lessons",
                N_("Read every lesson of the path first: {read} of {total} done."),
                read=progress.lessons_read,
                total=progress.lessons_total,
            )
        language = language or current_language()
        course = self.course(language)
        path = progress.path
        chosen_seed = new_seed() if seed is None else seed
        rng = random.Random(chosen_seed)
        own = self._contract_questions(actor, language, rng) if path.contract_questions else []
        questions = draw(
            [from_course(q) for q in course.questions_for(path.code)],
            own,
            path.quiz_questions,
            path.contract_questions,
            rng,
        )
        return Quiz(
            PATH_QUIZ,
            path.code,
            language,
            chosen_seed,
            path.pass_percent,
            questions,
            self._store.clock.now(),
        )

    @staticmethod
    def _due_in(course: Course, cards: Mapping[str, Card], now: datetime) -> list[Card]:
        return [card for card in due(cards, now) if course.question(card.question_id)]

    def refreshers_due(self, actor: Actor, language: str | None = None) -> list[Card]:
        """The actor's questions due for a refresher now, longest overdue first."""
        person_id = self._me(actor)
        with self._store.read() as session:
            attempts = list(
                session.scalars(select(QuizAttempt).where(QuizAttempt.person_id == person_id))
            )
        cards = schedules(attempts).get(person_id, {})
        return self._due_in(self.course(language), cards, self._store.clock.now())

    def start_refresher(
        self, actor: Actor, language: str | None = None, seed: int | None = None
    ) -> Quiz:
        """A short refresher of the questions due; refused when none is due."""
        language = language or current_language()
        cards = self.refreshers_due(actor, language)[:SESSION_SIZE]
        if not cards:
            raise ValidationError.single("refresher", N_("No refresher is due."))
        course = self.course(language)
        chosen_seed = new_seed() if seed is None else seed
        rng = random.Random(chosen_seed)
        questions = [from_course(q) for c in cards if (q := course.question(c.question_id))]
        rng.shuffle(questions)
        return Quiz(
            REFRESHER,
            REFRESHER,
            language,
            chosen_seed,
            100,
            tuple(shuffled(q, rng) for q in questions),
            self._store.clock.now(),
        )

    def start_clause_practice(
        self, actor: Actor, language: str | None = None, seed: int | None = None
    ) -> Quiz:
        """Practice questions made from the company's contracts (not for a certificate)."""
        self._me(actor)
        language = language or current_language()
        chosen_seed = new_seed() if seed is None else seed
        rng = random.Random(chosen_seed)
        own = self._contract_questions(actor, language, rng)
        if not own:
            raise ValidationError.single(
                "contracts", N_("There are no active contracts to practise on yet.")
            )
        questions = draw([], own, CLAUSE_PRACTICE_SIZE, CLAUSE_PRACTICE_SIZE, rng)
        return Quiz(
            CLAUSE_PRACTICE,
            CLAUSE_PRACTICE,
            language,
            chosen_seed,
            100,
            questions,
            self._store.clock.now(),
        )

    def _trusted(self, quiz: Quiz) -> Quiz:
        """The quiz with every course question's answer key taken from the course itself."""
        course = self.course(quiz.language)
        questions = []
        for question in quiz.questions:
            if question.source == COURSE:
                known = course.question(question.id)
                if known is None:
                    raise ValidationError.single(
                        "quiz", N_("The course changed meanwhile; start the quiz again.")
                    )
                question = replace(question, correct=known.correct, multiple=known.multiple)
            questions.append(question)
        return replace(quiz, questions=tuple(questions))

    def _checked_path_quiz(self, quiz: Quiz) -> Quiz:
        """A certification quiz as its path says it must be: its size, its share of course
        questions and its pass mark — so a certificate is only ever earned on a real quiz."""
        path = self._path(self.course(quiz.language), quiz.path_code)
        course_count = sum(1 for q in quiz.questions if q.source == COURSE)
        ids = [q.id for q in quiz.questions]
        if (
            quiz.total != path.quiz_questions
            or course_count < path.quiz_questions - path.contract_questions
            or len(set(ids)) != len(ids)
        ):
            raise ValidationError.single(
                "quiz", N_("The quiz does not match its training path; start it again.")
            )
        return replace(quiz, pass_percent=path.pass_percent)

    def submit(
        self, actor: Actor, quiz: Quiz, answers: Mapping[str, Collection[int]]
    ) -> Outcome[QuizSubmission]:
        """Score and store an attempt; a passed path quiz issues (or renews) a certificate."""
        person_id = self._me(actor)
        if quiz.kind == PATH_QUIZ:
            quiz = self._checked_path_quiz(quiz)
        quiz = self._trusted(quiz)
        result = score(quiz, answers)
        now = self._store.clock.now()
        record = {
            "kind": quiz.kind,
            "language": quiz.language,
            "seed": quiz.seed,
            "pass_percent": quiz.pass_percent,
            "questions": [answer_record(r.question, r.chosen) for r in result.results],
        }
        certificate: CertificateView | None = None
        renewed = False
        with self._store.write() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound(N_("The person no longer exists."))
            attempt = QuizAttempt(
                person_id=person_id,
                path_code=quiz.path_code,
                started_at=quiz.started_at,
                finished_at=now,
                score=result.score,
                total=result.total,
                passed=result.passed,
                answers=record,
            )
            session.add(attempt)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "create",
                "quiz_attempt",
                attempt.id,
                after={
                    "path": quiz.path_code,
                    "score": result.score,
                    "total": result.total,
                    "passed": result.passed,
                },
            )
            if quiz.kind == PATH_QUIZ and result.passed:
                certificate, renewed = self._issue(session, actor, person, attempt, now)
            view = attempt_view(attempt, person.name)
        ids = ((Area.TRAINING, view.id),)
        return Outcome(
            QuizSubmission(view, result, certificate, renewed), Changes.of(Area.TRAINING, ids=ids)
        )

    def _issue(
        self, session: Session, actor: Actor, person: Person, attempt: QuizAttempt, now: datetime
    ) -> tuple[CertificateView, bool]:
        months = self._org.get().certificate_valid_months
        current = session.scalar(
            select(Certificate)
            .where(
                Certificate.person_id == person.id,
                Certificate.path_code == attempt.path_code,
                Certificate.expires_at > now,
            )
            .order_by(Certificate.expires_at.desc())
            .limit(1)
        )
        start = now
        if current is not None and current.expires_at - now <= timedelta(days=EXPIRY_NOTICE_DAYS):
            start = current.expires_at
        certificate = Certificate(
            person_id=person.id,
            path_code=attempt.path_code,
            attempt_id=attempt.id,
            issued_at=now,
            expires_at=start + relativedelta(months=months),
        )
        session.add(certificate)
        session.flush()
        audit.record(
            session,
            self._store,
            actor,
            "renew" if current is not None else "create",
            "certificate",
            certificate.id,
            after={
                "person": person.id,
                "path": attempt.path_code,
                "expires_at": audit.plain(certificate.expires_at),
            },
        )
        view = CertificateView(
            certificate.id,
            person.id,
            person.name,
            certificate.path_code,
            certificate.issued_at,
            certificate.expires_at,
            attempt.id,
            attempt.score,
            attempt.total,
        )
        return view, current is not None

    # ------------------------------------------------------------------ history

    def attempts(
        self, actor: Actor, person_id: int | None = None, limit: int = 200
    ) -> list[AttemptView]:
        """Finished attempts, newest first: the actor's own, or another person's with the team
        permission."""
        who = person_id if person_id is not None else self._me(actor)
        if who != actor.person_id:
            actor.require(Permission.VIEW_TEAM_TRAINING)
        with self._store.read() as session:
            rows = session.execute(
                select(QuizAttempt, Person.name)
                .join(Person, Person.id == QuizAttempt.person_id)
                .where(QuizAttempt.person_id == who, QuizAttempt.finished_at.is_not(None))
                .order_by(QuizAttempt.finished_at.desc(), QuizAttempt.id.desc())
                .limit(limit)
            ).all()
            return [attempt_view(attempt, name) for attempt, name in rows]

    def review(self, actor: Actor, attempt_id: int, language: str | None = None) -> AttemptReview:
        """An attempt question by question: what was chosen, what was right, and why."""
        course = self.course(language)
        with self._store.read() as session:
            row = session.execute(
                select(QuizAttempt, Person.name)
                .join(Person, Person.id == QuizAttempt.person_id)
                .where(QuizAttempt.id == attempt_id)
            ).first()
            if row is None:
                raise NotFound(N_("The attempt no longer exists."))
            attempt, name = row
            if attempt.person_id != actor.person_id:
                actor.require(Permission.VIEW_TEAM_TRAINING)
            items = review_items(answers_of(attempt), course)
            return AttemptReview(attempt_view(attempt, name), tuple(items))

    # ------------------------------------------------------------------ certificates

    def certificate_document(
        self, actor: Actor, certificate_id: int, language: str
    ) -> CertificateDocument:
        """A certificate worded in ``language``, to preview and print."""
        with self._store.read() as session:
            found = [v for v in certificate_views(session) if v.id == certificate_id]
        if not found:
            raise NotFound(N_("The certificate no longer exists."))
        view = found[0]
        if view.person_id != actor.person_id:
            actor.require(Permission.VIEW_TEAM_TRAINING)
        course = self.course(language)
        title = course.path(view.path_code).title if course.has_path(view.path_code) else ""
        local = ZoneInfo(self._org.get().timezone)
        return build_certificate(
            language=course.language,
            certificate_id=view.id,
            person_name=view.person_name,
            path_title=title or view.path_code,
            issued=view.issued_at.astimezone(local).date(),
            expires=view.expires_at.astimezone(local).date(),
            score=view.score,
            total=view.total,
            company_name=self._org.get().company_name,
        )

    def clause_library(self, actor: Actor) -> list[ContractView]:
        """Every active contract as a study case, with as much as the actor may see."""
        return self._contracts.list(actor, status="active")

    # ------------------------------------------------------------------ the team
    # The work is done in training_team; these keep one service for the screens and the CLI.

    def certificates(
        self, actor: Actor, expiring_within_days: int | None = None, include_expired: bool = False
    ) -> list[CertificateView]:
        return list_certificates(self._store, actor, expiring_within_days, include_expired)

    def expiring(
        self, actor: Actor, within_days: int = EXPIRY_NOTICE_DAYS
    ) -> list[CertificateView]:
        """Current certificates that expire within ``within_days`` (for reminders)."""
        return self.certificates(actor, expiring_within_days=within_days)

    def certification_status(
        self, actor: Actor, person_ids: Sequence[int] | None = None
    ) -> dict[int, CertificationStatus]:
        """Whether each active person (of ``person_ids``, or all) is certified for their role."""
        return certification_status(self._store, self.course(), actor, person_ids)

    def team_report(self, actor: Actor, language: str | None = None) -> TeamReport:
        """Every active person's progress; takes the team permission."""
        return team_report(self._store, actor, language, self._root)

    def export_report(self, actor: Actor, path: Path, language: str | None = None) -> int:
        """Write the team report to an .xlsx file; returns the number of people in it."""
        if path.suffix.lower() != ".xlsx":
            raise ValidationError.single("file", N_("Choose a file name ending in .xlsx."))
        report = self.team_report(actor, language)
        return write_report(path, report, ZoneInfo(self._org.get().timezone))
