"""Training on both databases: lessons, quizzes, certificates, expiry, renewal, refreshers,
questions from the contracts, permissions, the team report and its .xlsx export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from openpyxl import load_workbook

from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import AuditEntry, Certificate, LessonProgress, QuizAttempt
from desktop_app.core.services import Services
from desktop_app.core.training.quiz import Quiz
from desktop_app.core.training.records import CertState
from desktop_app.core.training.service import QuizSubmission
from tests.helpers.factories import actor_with_role, count_rows, make_bank, make_contract
from tests.helpers.window_factories import BEIJING

PURPOSE = "采购原材料（铝型材）"
CLAUSE = "借款人应配合贷款人的贷后检查，并保持预留联系方式畅通。"


def read_all(services: Services, actor: Actor, path: str | None = None) -> None:
    progress = services.training.progress(actor, path)
    for status in progress.lessons:
        services.training.mark_lesson_read(actor, status.lesson.code)


def answers(quiz: Quiz, wrong: int = 0) -> dict[str, frozenset[int]]:
    """The right answers, except for the first ``wrong`` questions."""
    found = {}
    for number, question in enumerate(quiz.questions):
        if number < wrong:
            found[question.id] = frozenset(
                {next(k for k in question.keys if k not in question.correct)}
            )
        else:
            found[question.id] = question.correct
    return found


def take(
    services: Services, actor: Actor, wrong: int = 0, path: str | None = None, seed: int = 1
) -> QuizSubmission:
    quiz = services.training.start_quiz(actor, path, "en", seed=seed)
    return services.training.submit(actor, quiz, answers(quiz, wrong)).value


def test_the_quiz_opens_once_the_path_is_read(services: Services, admin: Actor) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    progress = services.training.progress(desk)
    assert (progress.path.code, progress.lessons_read, progress.lessons_total) == (
        "front_desk",
        0,
        6,
    )
    with pytest.raises(ValidationError) as refused:
        services.training.start_quiz(desk)
    assert refused.value.text() == "Read every lesson of the path first: 0 of 6 done."
    first = services.training.mark_lesson_read(desk, "why-banks-call")
    assert first.changes.touches(Area.TRAINING)
    again = services.training.mark_lesson_read(desk, "why-banks-call")
    assert again.value == first.value and not again.changes.areas
    with pytest.raises(NotFound):
        services.training.mark_lesson_read(desk, "no-such-lesson")
    read_all(services, desk)
    assert services.training.progress(desk).ready_for_quiz
    assert count_rows(services, LessonProgress) == 6
    with services.store.read() as session:
        entries = session.query(AuditEntry).filter(AuditEntry.entity == "lesson").count()
    assert entries == 6


def test_passing_issues_a_certificate_for_the_org_setting(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    finance = actor_with_role(services, admin, "finance")
    read_all(services, finance)
    result = take(services, finance)
    assert (result.result.score, result.result.total, result.result.passed) == (15, 15, True)
    certificate = result.certificate
    assert certificate is not None and not result.renewed
    assert certificate.expires_at == clock.now() + relativedelta(months=12)
    assert certificate.state(clock.now()) == CertState.VALID
    status = services.training.certification_status(finance, [finance.person_id])
    assert status[finance.person_id].certified
    services.org.update(admin, certificate_valid_months=6)
    other = actor_with_role(services, admin, "finance")
    read_all(services, other)
    shorter = take(services, other).certificate
    assert shorter is not None and shorter.expires_at == clock.now() + relativedelta(months=6)
    with services.store.read() as session:
        stored = session.get(QuizAttempt, result.attempt.id)
        assert stored is not None and stored.passed and stored.path_code == "finance_responder"
        assert len(stored.answers["questions"]) == 15
        assert session.query(AuditEntry).filter(AuditEntry.entity == "certificate").count() == 2


def test_failing_stores_the_attempt_without_a_certificate(services: Services, admin: Actor) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    failed = take(services, desk, wrong=3)  # 9 of 12 = 75 % < 80 %
    assert (failed.result.score, failed.result.passed, failed.certificate) == (9, False, None)
    assert count_rows(services, Certificate) == 0
    passed_at_mark = take(services, desk, wrong=2, seed=2)  # 10 of 12 = 83 %
    assert passed_at_mark.result.passed and passed_at_mark.certificate is not None
    attempts = services.training.attempts(desk)
    assert [(a.score, a.passed) for a in attempts] == [(10, True), (9, False)]
    assert services.training.progress(desk).best_percent == 83


def test_a_tampered_answer_key_is_ignored(services: Services, admin: Actor) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    quiz = services.training.start_quiz(desk, language="en", seed=3)
    course_question = next(q for q in quiz.questions if q.source == "course")
    wrong_key = next(k for k in course_question.keys if k not in course_question.correct)
    forged = tuple(
        q.__class__(**{**q.__dict__, "correct": frozenset({wrong_key})})
        if q is course_question
        else q
        for q in quiz.questions
    )
    forged_quiz = Quiz(**{**quiz.__dict__, "questions": forged})
    given = answers(quiz)
    given[course_question.id] = frozenset({wrong_key})
    result = services.training.submit(desk, forged_quiz, given).value.result
    assert result.score == quiz.total - 1


def test_expiry_and_renewal(services: Services, admin: Actor, clock: FakeClock) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    first = take(services, desk).certificate
    assert first is not None
    assert services.training.expiring(admin) == []
    clock.advance(timedelta(days=340))  # 25 or 26 days before expiry
    assert services.training.progress(desk).state == CertState.EXPIRING
    assert [c.id for c in services.training.expiring(admin)] == [first.id]
    assert [c.id for c in services.training.expiring(desk)] == [first.id]  # one's own
    renewed = take(services, desk, seed=4)
    assert renewed.renewed and renewed.certificate is not None
    assert renewed.certificate.expires_at == first.expires_at + relativedelta(months=12)
    assert services.training.expiring(admin) == []  # the old one is superseded
    clock.set(renewed.certificate.expires_at + timedelta(seconds=1))
    assert services.training.progress(desk).state == CertState.EXPIRED
    status = services.training.certification_status(admin, [desk.person_id])[desk.person_id]
    assert (status.state, status.certified) == (CertState.EXPIRED, False)
    assert services.training.certificates(admin) == []
    assert [c.id for c in services.training.certificates(admin, include_expired=True)] == [
        renewed.certificate.id
    ]
    late = take(services, desk, seed=5)
    assert late.certificate is not None and not late.renewed
    assert late.certificate.expires_at == clock.now() + relativedelta(months=12)


def test_passing_long_before_expiry_starts_a_new_year_from_today(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    first = take(services, desk).certificate
    clock.advance(timedelta(days=100))
    again = take(services, desk, seed=2)
    assert first is not None and again.certificate is not None and again.renewed
    assert again.certificate.expires_at == clock.now() + relativedelta(months=12)
    current = services.training.certificates(admin)
    assert [c.id for c in current] == [again.certificate.id]


def test_the_manager_path_covers_the_responder(services: Services, admin: Actor) -> None:
    read_all(services, admin)
    assert services.training.progress(admin).path.code == "manager"
    take(services, admin)
    finance = actor_with_role(services, admin, "finance")
    status = services.training.certification_status(admin)
    assert status[admin.person_id].certified
    assert not status[finance.person_id].certified
    assert status[finance.person_id].path_code == "finance_responder"


def test_wrong_answers_come_back_as_refreshers(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    failed = take(services, desk, wrong=2)
    missed = {r.question.id for r in failed.result.wrong}
    assert len(missed) == 2
    assert services.training.refreshers_due(desk) == []
    with pytest.raises(ValidationError):
        services.training.start_refresher(desk)
    clock.advance(timedelta(days=1))
    assert {c.question_id for c in services.training.refreshers_due(desk)} == missed
    assert services.training.progress(desk).refreshers_due == 2
    refresher = services.training.start_refresher(desk, "en", seed=1)
    assert {q.id for q in refresher.questions} == missed
    done = services.training.submit(desk, refresher, answers(refresher)).value
    assert done.result.passed and done.certificate is None
    assert done.attempt.kind == "refresher"
    assert services.training.refreshers_due(desk) == []
    clock.advance(timedelta(days=3))
    cards = services.training.refreshers_due(desk)
    assert {c.question_id for c in cards} == missed and {c.box for c in cards} == {2}


def contracts_for(services: Services, admin: Actor) -> list[Actor]:
    bank = make_bank(services, admin)
    other = make_bank(services, admin, "招商银行", short_name="招行", aliases=["CMB"], phones=[])
    primary = actor_with_role(services, admin, "finance")
    backup = actor_with_role(services, admin, "finance")
    first = make_contract(
        services,
        admin,
        bank.id,
        "ICBC-1",
        purpose_of_funds=PURPOSE,
        clause_text=CLAUSE,
        clause_documents=["付款凭证", "采购发票"],
    )
    make_contract(
        services,
        admin,
        other.id,
        "CMB-1",
        clause_method="on_site",
        purpose_of_funds="新厂区建设",
        clause_documents=["工程进度报告"],
    )
    services.responders.set_for_contract(admin, first.id, [primary.person_id, backup.person_id])
    return [primary, backup]


def test_questions_from_contracts_respect_roles(services: Services, admin: Actor) -> None:
    primary, backup = contracts_for(services, admin)
    desk = actor_with_role(services, admin, "front_desk")
    trainee = actor_with_role(services, admin, "trainee")
    for restricted in (desk, trainee):
        quiz = services.training.start_clause_practice(restricted, "en", seed=1)
        ids = {q.id.rsplit(":", 1)[-1] for q in quiz.questions}
        assert ids and not ids & {"purpose", "documents"}
        words = " ".join(
            " ".join([q.prompt, q.explanation, *(c.text for c in q.choices)])
            for q in quiz.questions
        )
        assert PURPOSE not in words and CLAUSE not in words and "5000000" not in words
        assert "付款凭证" not in words
    finance = services.training.start_clause_practice(primary, "en", seed=1)
    every = {
        q.id
        for seed in range(1, 30)
        for q in services.training.start_clause_practice(primary, "en", seed=seed).questions
    }
    assert "contract:1:purpose" in every and "contract:1:documents" in every
    backup_question = next(
        q
        for seed in range(1, 30)
        for q in services.training.start_clause_practice(desk, "en", seed=seed).questions
        if q.id == "contract:1:backup"
    )
    assert backup_question.choice_text(next(iter(backup_question.correct))) == backup.name
    assert finance.kind == "clauses"


def test_a_path_quiz_mixes_in_questions_from_the_contracts(
    services: Services, admin: Actor
) -> None:
    contracts_for(services, admin)
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    quiz = services.training.start_quiz(desk, language="en", seed=9)
    sources = [q.source for q in quiz.questions]
    assert sources.count("contracts") == 2 and len(sources) == 12
    submission = services.training.submit(desk, quiz, answers(quiz, wrong=1)).value
    review = services.training.review(desk, submission.attempt.id, "zh_CN")
    assert len(review.items) == 12 and len(review.wrong) == 1
    wrong = review.wrong[0]
    assert wrong.explanation and any(c.chosen and not c.correct for c in wrong.choices)
    contract_item = next(
        item
        for item, question in zip(review.items, quiz.questions, strict=True)
        if question.source == "contracts"
    )
    assert contract_item.prompt.startswith("The bank") or "contract" in contract_item.prompt
    course_item = next(
        item
        for item, question in zip(review.items, quiz.questions, strict=True)
        if question.source == "course"
    )
    assert any("\u4e00" <= ch <= "\u9fff" for ch in course_item.prompt)  # worded in Chinese now


def test_only_the_team_permission_sees_others(services: Services, admin: Actor) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    other = actor_with_role(services, admin, "front_desk")
    finance = actor_with_role(services, admin, "finance")
    read_all(services, other)
    attempt = take(services, other).attempt
    with pytest.raises(PermissionDenied):
        services.training.team_report(desk)
    with pytest.raises(PermissionDenied):
        services.training.attempts(desk, other.person_id)
    with pytest.raises(PermissionDenied):
        services.training.review(desk, attempt.id)
    with pytest.raises(PermissionDenied):
        services.training.progress_of(desk, other.person_id)
    assert services.training.certificates(desk) == []  # only one's own, and there is none
    assert services.training.attempts(finance, other.person_id)[0].id == attempt.id
    assert services.training.review(finance, attempt.id).attempt.person_id == other.person_id
    assert len(services.training.certification_status(desk)) == 4  # everyone may see who is


def test_the_team_report_flags_uncertified_responders_and_exports(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    primary, backup = contracts_for(services, admin)
    read_all(services, primary)
    take(services, primary)
    report = services.training.team_report(admin, "en")
    rows = {row.name: row for row in report.rows}
    assert rows[primary.name].state == CertState.VALID and not rows[primary.name].flagged
    assert rows[backup.name].responder and rows[backup.name].flagged
    assert [r.name for r in report.uncertified_responders] == [backup.name]
    assert report.count(CertState.VALID) == 1
    assert [a.person_name for a in report.attempts] == [primary.name]
    path = tmp_path / "training.xlsx"
    assert services.training.export_report(admin, path, "en") == len(report.rows)
    book = load_workbook(path)
    people = book["People"]
    headers = [c.value for c in people[1]]
    assert headers[:3] == ["Name", "Role", "Training path"]
    names = [row[0].value for row in people.iter_rows(min_row=2)]
    assert primary.name in names and backup.name in names
    primary_row = next(r for r in people.iter_rows(min_row=2) if r[0].value == primary.name)
    assert primary_row[10].value == "Certified" and primary_row[6].value == 100
    assert book["All attempts"].max_row == 2
    with pytest.raises(ValidationError):
        services.training.export_report(admin, tmp_path / "training.csv")


def test_the_certificate_document(services: Services, admin: Actor) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    certificate = take(services, desk).certificate
    assert certificate is not None
    document = services.training.certificate_document(desk, certificate.id, "en")
    assert document.person_name == desk.name and document.path_title == "Front desk"
    assert certificate.number(BEIJING) in document.text()
    chinese = services.training.certificate_document(desk, certificate.id, "zh_CN")
    assert chinese.path_title == "前台接待"
    other = actor_with_role(services, admin, "front_desk")
    with pytest.raises(PermissionDenied):
        services.training.certificate_document(other, certificate.id, "en")


def test_a_certificate_needs_a_real_path_quiz(services: Services, admin: Actor) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    read_all(services, desk)
    quiz = services.training.start_quiz(desk, language="en", seed=6)
    lenient = Quiz(**{**quiz.__dict__, "pass_percent": 10})
    result = services.training.submit(desk, lenient, answers(quiz, wrong=6)).value
    assert result.result.pass_percent == 80 and not result.result.passed
    short = Quiz(**{**quiz.__dict__, "questions": quiz.questions[:1]})
    with pytest.raises(ValidationError):
        services.training.submit(desk, short, answers(short))
    made_up = Quiz(
        **{
            **quiz.__dict__,
            "questions": tuple(
                q.__class__(**{**q.__dict__, "source": "contracts", "id": f"x:{n}"})
                for n, q in enumerate(quiz.questions)
            ),
        }
    )
    with pytest.raises(ValidationError):
        services.training.submit(desk, made_up, {})
    assert count_rows(services, Certificate) == 0
