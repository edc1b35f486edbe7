"""The bundled training course and the plain rules of quizzes, refreshers and certificates."""

from __future__ import annotations

import random
import re
import shutil
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.common.i18n import translator_for
from desktop_app.core.register.contracts import ContractView
from desktop_app.core.register.responders import ResponderView
from desktop_app.core.training.certificate import build_certificate
from desktop_app.core.training.content import (
    LANGUAGES,
    CourseError,
    check_course,
    load_course,
    render_lesson,
    training_dir,
)
from desktop_app.core.training.contract_questions import contract_questions
from desktop_app.core.training.quiz import (
    PATH_QUIZ,
    Quiz,
    draw,
    from_course,
    passes,
    percent,
    score,
)
from desktop_app.core.training.refreshers import INTERVAL_DAYS, LAST_BOX, Answer, due, replay

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)


def test_the_bundled_course_is_sound() -> None:
    assert check_course() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_course_is_big_enough(language: str) -> None:
    course = load_course(language)
    assert len(course.lessons) >= 8
    assert len(course.questions) >= 40
    assert sum(q.scenario for q in course.questions) >= 10
    assert sum(q.multiple for q in course.questions) >= 5
    assert {p.code for p in course.paths} == {"front_desk", "finance_responder", "manager"}
    for path in course.paths:
        assert len(course.questions_for(path.code)) >= path.quiz_questions + 5
        assert 0 < path.pass_percent <= 100


def test_both_languages_have_the_same_lessons_and_questions() -> None:
    zh, en = load_course("zh_CN"), load_course("en")
    assert [(x.code, x.file, x.minutes) for x in zh.lessons] == [
        (x.code, x.file, x.minutes) for x in en.lessons
    ]
    for a, b in zip(zh.lessons, en.lessons, strict=True):
        assert HEADING.findall(a.body) == HEADING.findall(b.body), a.code
        assert a.title and b.title and a.summary and b.summary
        assert a.title != b.title  # really translated
    assert [q.id for q in zh.questions] == [q.id for q in en.questions]
    for a, b in zip(zh.questions, en.questions, strict=True):
        assert (a.lessons, a.paths, a.multiple, a.scenario, a.correct) == (
            b.lessons,
            b.paths,
            b.multiple,
            b.scenario,
            b.correct,
        ), a.id
        assert len(a.choices) == len(b.choices), a.id
        assert a.prompt != b.prompt and a.explanation != b.explanation, a.id
    assert [(p.code, p.lessons, p.quiz_questions, p.pass_percent) for p in zh.paths] == [
        (p.code, p.lessons, p.quiz_questions, p.pass_percent) for p in en.paths
    ]


def test_the_issue_topics_are_covered() -> None:
    text = " ".join(lesson.body for lesson in load_course("en").lessons)
    for phrase in (
        "post-loan management",
        "Use of funds",
        "Business condition",
        "Repayment capacity",
        "Article 672",
        "Article 673",
        "verify",
        "number-change notice",
        "credit rating",
        "recall",
    ):
        assert phrase.lower() in text.lower(), phrase
    chinese = " ".join(lesson.body for lesson in load_course("zh_CN").lessons)
    for phrase in (
        "贷后管理",
        "资金用途",
        "经营状况",
        "还款能力",
        "第六百七十二条",
        "号码变更通知函",
    ):
        assert phrase in chinese, phrase


def copy_course(tmp_path: Path) -> Path:
    root = tmp_path / "training"
    shutil.copytree(training_dir(), root)
    return root


def test_a_question_missing_in_one_language_is_reported(tmp_path: Path) -> None:
    root = copy_course(tmp_path)
    questions = root / "zh_CN" / "questions.toml"
    text = questions.read_text("utf-8")
    questions.write_text(text.replace('id = "mgr-4"', 'id = "mgr-5"'), "utf-8")
    problems = check_course(root)
    assert any("question ids differ" in p for p in problems)


def test_a_different_answer_or_heading_is_reported(tmp_path: Path) -> None:
    root = copy_course(tmp_path)
    questions = root / "en" / "questions.toml"
    text = questions.read_text("utf-8")
    start = text.index('id = "why-1"')
    end = text.index("correct = [1]", start)
    questions.write_text(text[:end] + "correct = [2]" + text[end + 13 :], "utf-8")
    lesson = root / "en" / "lessons" / "01-why-banks-call.md"
    lesson.write_text(lesson.read_text("utf-8") + "\n## An extra section\n", "utf-8")
    problems = check_course(root)
    assert any("why-1 has a different correct" in p for p in problems)
    assert any("why-banks-call has different headings" in p for p in problems)
    with pytest.raises(CourseError):
        (root / "en" / "texts.toml").write_text("company_fallback = 3 = 4", "utf-8")
        load_course("en", root)


def test_lessons_quote_the_organisation_settings() -> None:
    course = load_course("en")
    lesson = course.lesson("our-procedure")
    values = {"company_name": "", "follow_up_working_hours": 2, "certificate_valid_months": 12}
    text = render_lesson(lesson, values, course.company_fallback)
    assert "This is how the company makes sure" in text
    assert "within 2 working hours" in text and "**12 months**" in text
    assert "{{" not in text


def quiz_of(seed: int, count: int = 12) -> Quiz:
    course = load_course("en")
    pool = [from_course(q) for q in course.questions_for("front_desk")]
    questions = draw(pool, [], count, 0, random.Random(seed))
    return Quiz(PATH_QUIZ, "front_desk", "en", seed, 80, questions, T0)


def test_quizzes_are_random_but_repeatable_with_a_seed() -> None:
    first, again, other = quiz_of(1), quiz_of(1), quiz_of(2)
    assert first.questions == again.questions
    assert [q.id for q in first.questions] != [q.id for q in other.questions]
    assert len({q.id for q in first.questions}) == 12
    written = {q.id: from_course(q) for q in load_course("en").questions}
    assert any(q.keys != written[q.id].keys for q in first.questions)  # choices shuffled
    for question in first.questions:
        assert sorted(question.keys) == sorted(written[question.id].keys)


def answers_with_wrong(quiz: Quiz, wrong: int) -> dict[str, frozenset[int]]:
    answers = {}
    for number, question in enumerate(quiz.questions):
        if number < wrong:
            other = next(k for k in question.keys if k not in question.correct)
            answers[question.id] = frozenset({other})
        else:
            answers[question.id] = question.correct
    return answers


def test_scoring_and_the_pass_mark() -> None:
    quiz = quiz_of(3, count=15)
    assert score(quiz, answers_with_wrong(quiz, 0)).score == 15
    at_mark = score(quiz, answers_with_wrong(quiz, 3))
    assert (at_mark.score, at_mark.percent, at_mark.passed) == (12, 80, True)
    below = score(quiz, answers_with_wrong(quiz, 4))
    assert (below.score, below.passed, len(below.wrong)) == (11, False, 4)
    assert score(quiz, {}).score == 0
    assert passes(4, 5, 80) and not passes(0, 0, 80) and percent(2, 3) == 66


def test_a_multiple_answer_question_needs_every_right_choice_and_nothing_else() -> None:
    quiz = quiz_of(5, count=34)
    multiple = next(q for q in quiz.questions if q.multiple)
    single = next(q for q in quiz.questions if not q.multiple)
    partial = {multiple.id: frozenset(sorted(multiple.correct)[:1])}
    extra = {multiple.id: frozenset(multiple.keys)}
    both = {single.id: frozenset(single.keys[:2])}
    assert not score(quiz, partial).results[quiz.questions.index(multiple)].correct
    assert not score(quiz, extra).results[quiz.questions.index(multiple)].correct
    assert score(quiz, both).results[quiz.questions.index(single)].chosen == frozenset()


def test_refreshers_follow_a_leitner_schedule() -> None:
    history = [Answer(T0, "q1", False), Answer(T0, "q2", True)]
    cards = replay(history)
    assert set(cards) == {"q1"}  # a right answer to a new question schedules nothing
    assert (cards["q1"].box, cards["q1"].due_at) == (1, T0 + timedelta(days=1))
    assert due(cards, T0 + timedelta(hours=23)) == []
    at = T0 + timedelta(days=1)
    for box in range(2, LAST_BOX + 1):
        history.append(Answer(at, "q1", True))
        card = replay(history)["q1"]
        assert (card.box, card.due_at) == (box, at + timedelta(days=INTERVAL_DAYS[box - 1]))
        at = card.due_at
    history.append(Answer(at, "q1", True))
    assert replay(history) == {}  # retired
    history.append(Answer(at + timedelta(days=1), "q1", False))
    assert replay(history)["q1"].box == 1


def test_the_certificate_is_worded_in_its_language() -> None:
    english = build_certificate(
        language="en",
        certificate_id=17,
        person_name="刘洋",
        path_title="Front desk",
        issued=date(2026, 11, 25),
        expires=date(2027, 11, 25),
        score=11,
        total=12,
        company_name="北京示例精密制造有限公司",
    )
    text = english.text()
    assert "Certificate of Training" in text and "CD-2026-00017" in text
    assert "Valid until November 25, 2027" in text
    assert "Quiz result: 11 of 12 correct (91%)" in text
    chinese = build_certificate(
        language="zh_CN",
        certificate_id=17,
        person_name="刘洋",
        path_title="前台接待",
        issued=date(2026, 11, 25),
        expires=date(2027, 11, 25),
        score=None,
        total=None,
        company_name="",
    )
    assert "2027年11月25日" in chinese.text()
    assert chinese.title == translator_for("zh_CN")("Certificate of Training")
    assert "<h1" in chinese.html() and "刘洋" in chinese.html()


def contract(
    contract_id: int, bank: str, restricted: bool, responders: tuple[str, ...], method: str
) -> ContractView:
    return ContractView(
        id=contract_id,
        bank_id=contract_id,
        bank_name=bank,
        contract_number=f"C-{contract_id}",
        title="",
        loan_type="working_capital",
        currency="CNY",
        principal=None if restricted else Decimal("5000000.00"),
        start_date=date(2026, 1, 1),
        maturity_date=date(2027, 1, 1),
        drawdown_date=None,
        purpose_of_funds=None if restricted else f"采购原材料 {contract_id}",
        clause_text=None if restricted else "借款人应配合贷后检查。",
        clause_caller="post_loan_officer",
        clause_method=method,
        clause_cadence="quarterly",
        clause_topics=("use_of_funds", "repayment_capacity"),
        clause_documents=("付款凭证", f"发票 {contract_id}"),
        consequences=None if restricted else "提前收回",
        status="active",
        notes=None,
        version=1,
        responders=tuple(
            ResponderView(rank, name, rank, True, False)
            for rank, name in enumerate(responders, start=1)
        ),
    )


@pytest.mark.parametrize("restricted", [True, False])
def test_questions_from_contracts_only_use_what_the_role_may_see(restricted: bool) -> None:
    contracts = [
        contract(1, "中国工商银行", restricted, ("王敏", "李娜"), "on_site"),
        contract(2, "中国建设银行", restricted, ("李娜",), "phone"),
    ]
    found = contract_questions(
        contracts, ["周杰", "陈静"], translator_for("en"), not restricted, random.Random(1)
    )
    kinds = {q.id.rsplit(":", 1)[-1] for q in found}
    assert {"primary", "backup", "cadence", "method", "topics", "on_site"} <= kinds
    assert ("purpose" in kinds, "documents" in kinds) == (not restricted, not restricted)
    backup = next(q for q in found if q.id == "contract:1:backup")
    assert backup.choice_text(next(iter(backup.correct))) == "李娜"
    on_site = next(q for q in found if q.id == "contracts:on_site")
    assert on_site.choice_text(next(iter(on_site.correct))) == "中国工商银行"
    if restricted:
        words = " ".join(
            " ".join([q.prompt, q.explanation, *(c.text for c in q.choices)]) for q in found
        )
        assert "采购原材料" not in words and "5000000" not in words and "付款凭证" not in words
