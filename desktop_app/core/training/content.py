"""The bundled training course: lessons, quiz questions and role paths, in zh_CN and en.

The course is data in ``resources/training``: ``course.toml`` holds what does not depend on the
language (the lessons' order and files, each role path's lessons, quiz size and pass mark); each
language folder holds ``texts.toml`` (path titles, lesson summaries), ``questions.toml`` and the
lessons as Markdown. :func:`check_course` compares the two languages — the same lessons with the
same headings, the same questions with the same choices, answers, lessons and paths — so that a
person who switches language takes the same course. Lessons may name a few organisation settings
as ``{{company_name}}``; :func:`render_lesson` fills them in.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop_app.core.local.paths import resources_dir

LANGUAGES = ("zh_CN", "en")
KINDS = ("single", "multiple")
#: The organisation settings a lesson may quote, as ``{{name}}``.
TOKENS = (
    "company_name",
    "follow_up_working_hours",
    "stale_after_months",
    "certificate_valid_months",
)
_TOKEN = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_HEADING = re.compile(r"^(#{1,6})\s+\S", re.MULTILINE)


class CourseError(ValueError):
    """The bundled course is broken; ``problems`` says where (for developers, in English)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Lesson:
    """One lesson in one language."""

    code: str
    number: int  # 1-based position in the course
    file: str
    minutes: int
    title: str
    summary: str
    body: str  # Markdown, tokens not yet filled in


@dataclass(frozen=True)
class Question:
    """One quiz question; ``correct`` holds indices into ``choices``."""

    id: str
    lessons: tuple[str, ...]
    paths: tuple[str, ...]
    multiple: bool
    scenario: bool
    prompt: str
    choices: tuple[str, ...]
    correct: frozenset[int]
    explanation: str


@dataclass(frozen=True)
class RolePath:
    """A role's way to a certificate: the lessons to read and the quiz to pass."""

    code: str
    title: str
    description: str
    lessons: tuple[str, ...]
    quiz_questions: int
    contract_questions: int  # of those, how many are drawn from the company's own contracts
    pass_percent: int
    covers: tuple[str, ...]  # other paths a certificate in this one also satisfies


@dataclass(frozen=True)
class Course:
    """The whole course in one language."""

    language: str
    lessons: tuple[Lesson, ...]
    questions: tuple[Question, ...]
    paths: tuple[RolePath, ...]
    company_fallback: str  # how a lesson names the company when its name is not set

    def lesson(self, code: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.code == code:
                return lesson
        raise KeyError(code)

    def path(self, code: str) -> RolePath:
        for path in self.paths:
            if path.code == code:
                return path
        raise KeyError(code)

    def has_path(self, code: str) -> bool:
        return any(path.code == code for path in self.paths)

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def questions_for(self, path_code: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if path_code in q.paths)


def training_dir() -> Path:
    """The folder of the bundled course."""
    return resources_dir() / "training"


def _read_toml(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.append(f"{path.name}: missing")
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{path.name}: {error}")
    return {}


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return ()


def _lesson_title(body: str) -> str:
    first = body.lstrip().splitlines()[0] if body.strip() else ""
    return first[2:].strip() if first.startswith("# ") else ""


def _load(root: Path, language: str, problems: list[str]) -> Course:
    neutral = _read_toml(root / "course.toml", problems)
    folder = root / language
    texts = _read_toml(folder / "texts.toml", problems)
    raw_questions = _read_toml(folder / "questions.toml", problems).get("question", [])
    lesson_texts = texts.get("lessons", {})
    lessons = []
    for number, entry in enumerate(neutral.get("lesson", []), start=1):
        code, file = str(entry.get("code", "")), str(entry.get("file", ""))
        try:
            body = (folder / "lessons" / file).read_text("utf-8")
        except OSError:
            problems.append(f"{language}/lessons/{file}: missing (lesson {code})")
            body = ""
        title = _lesson_title(body)
        if body and not title:
            problems.append(f"{language}/lessons/{file}: does not start with a '# ' title")
        summary = str(lesson_texts.get(code, {}).get("summary", ""))
        if not summary:
            problems.append(f"{language}/texts.toml: lesson {code} has no summary")
        lessons.append(
            Lesson(code, number, file, int(entry.get("minutes", 5)), title, summary, body)
        )
    path_texts = texts.get("paths", {})
    paths = []
    for entry in neutral.get("path", []):
        code = str(entry.get("code", ""))
        words = path_texts.get(code, {})
        if not words.get("title"):
            problems.append(f"{language}/texts.toml: path {code} has no title")
        paths.append(
            RolePath(
                code=code,
                title=str(words.get("title", code)),
                description=str(words.get("description", "")),
                lessons=_strings(entry.get("lessons")),
                quiz_questions=int(entry.get("quiz_questions", 0)),
                contract_questions=int(entry.get("contract_questions", 0)),
                pass_percent=int(entry.get("pass_percent", 0)),
                covers=_strings(entry.get("covers", [])),
            )
        )
    questions = []
    for entry in raw_questions:
        kind = entry.get("kind", "single")
        if kind not in KINDS:
            problems.append(f"{language}: question {entry.get('id')} has unknown kind {kind!r}")
        correct = entry.get("correct", [])
        questions.append(
            Question(
                id=str(entry.get("id", "")),
                lessons=_strings(entry.get("lessons")),
                paths=_strings(entry.get("paths")),
                multiple=kind == "multiple",
                scenario=bool(entry.get("scenario", False)),
                prompt=str(entry.get("prompt", "")).strip(),
                choices=tuple(str(c).strip() for c in entry.get("choices", [])),
                correct=frozenset(c for c in correct if isinstance(c, int)),
                explanation=str(entry.get("explanation", "")).strip(),
            )
        )
    return Course(
        language,
        tuple(lessons),
        tuple(questions),
        tuple(paths),
        str(texts.get("company_fallback", "")),
    )


def _check_one(course: Course, problems: list[str]) -> None:
    where = course.language
    lesson_codes = [lesson.code for lesson in course.lessons]
    path_codes = [path.code for path in course.paths]
    if len(set(lesson_codes)) != len(lesson_codes):
        problems.append(f"{where}: a lesson code is used twice")
    if len(set(path_codes)) != len(path_codes):
        problems.append(f"{where}: a path code is used twice")
    if not course.company_fallback:
        problems.append(f"{where}/texts.toml: no company_fallback")
    for lesson in course.lessons:
        unknown = set(_TOKEN.findall(lesson.body)) - set(TOKENS)
        if unknown:
            problems.append(f"{where}/lessons/{lesson.file}: unknown tokens {sorted(unknown)}")
    ids = [q.id for q in course.questions]
    if len(set(ids)) != len(ids):
        problems.append(f"{where}: a question id is used twice")
    for q in course.questions:
        label = f"{where}: question {q.id}"
        if not q.id or not q.prompt or not q.explanation:
            problems.append(f"{label}: needs an id, a prompt and an explanation")
        if len(q.choices) < 2 or not all(q.choices):
            problems.append(f"{label}: needs at least two non-empty choices")
        if len(set(q.choices)) != len(q.choices):
            problems.append(f"{label}: two choices read the same")
        if not q.correct or not all(0 <= c < len(q.choices) for c in q.correct):
            problems.append(f"{label}: correct answers must index its choices")
        if not q.multiple and len(q.correct) != 1:
            problems.append(f"{label}: a single-answer question has exactly one correct choice")
        if q.multiple and len(q.correct) < 2:
            problems.append(f"{label}: a multiple-answer question has two or more correct choices")
        if not q.lessons or set(q.lessons) - set(lesson_codes):
            problems.append(f"{label}: unknown or missing lessons {list(q.lessons)}")
        if not q.paths or set(q.paths) - set(path_codes):
            problems.append(f"{label}: unknown or missing paths {list(q.paths)}")
    for path in course.paths:
        label = f"{where}: path {path.code}"
        if not path.lessons or set(path.lessons) - set(lesson_codes):
            problems.append(f"{label}: unknown or missing lessons")
        if set(path.covers) - set(path_codes):
            problems.append(f"{label}: covers an unknown path")
        if not 1 <= path.pass_percent <= 100:
            problems.append(f"{label}: pass mark must be 1 to 100 percent")
        if not 0 <= path.contract_questions < path.quiz_questions:
            problems.append(f"{label}: needs more quiz questions than contract questions")
        pool = course.questions_for(path.code)
        if len(pool) < path.quiz_questions:
            problems.append(
                f"{label}: {len(pool)} questions cannot fill a quiz of {path.quiz_questions}"
            )
        outside = {lesson for q in pool for lesson in q.lessons} - set(path.lessons)
        if outside:
            problems.append(f"{label}: asks about lessons it does not require {sorted(outside)}")
    for lesson in course.lessons:
        if not any(lesson.code in q.lessons for q in course.questions):
            problems.append(f"{where}: lesson {lesson.code} has no question")


def _headings(body: str) -> list[int]:
    return [len(match.group(1)) for match in _HEADING.finditer(body)]


def _compare(first: Course, other: Course, problems: list[str]) -> None:
    pair = f"{first.language}/{other.language}"
    for a, b in zip(first.lessons, other.lessons, strict=False):
        if _headings(a.body) != _headings(b.body):
            problems.append(f"{pair}: lesson {a.code} has different headings")
        if sorted(_TOKEN.findall(a.body)) != sorted(_TOKEN.findall(b.body)):
            problems.append(f"{pair}: lesson {a.code} uses different tokens")
    ids_a = [q.id for q in first.questions]
    ids_b = [q.id for q in other.questions]
    if ids_a != ids_b:
        problems.append(f"{pair}: the question ids differ: {sorted(set(ids_a) ^ set(ids_b))}")
    others = {q.id: q for q in other.questions}
    for question in first.questions:
        theirs = others.get(question.id)
        if theirs is None:
            continue
        for name in ("lessons", "paths", "multiple", "scenario", "correct"):
            if getattr(question, name) != getattr(theirs, name):
                problems.append(f"{pair}: question {question.id} has a different {name}")
        if len(question.choices) != len(theirs.choices):
            problems.append(f"{pair}: question {question.id} has a different number of choices")


def check_course(root: Path | None = None) -> list[str]:
    """Every problem of the course at ``root`` (the bundled one by default); empty when sound."""
    folder = root or training_dir()
    problems: list[str] = []
    courses = [_load(folder, language, problems) for language in LANGUAGES]
    for course in courses:
        _check_one(course, problems)
    for other in courses[1:]:
        _compare(courses[0], other, problems)
    return problems


@lru_cache(maxsize=8)
def _cached(root: str, language: str) -> Course:
    problems: list[str] = []
    course = _load(Path(root), language, problems)
    if problems:
        raise CourseError(problems)
    return course


def load_course(language: str, root: Path | None = None) -> Course:
    """The course in ``language`` (zh_CN or en; anything else reads as zh_CN)."""
    chosen = language if language in LANGUAGES else LANGUAGES[0]
    return _cached(str(root or training_dir()), chosen)


def render_lesson(lesson: Lesson, values: Mapping[str, object], company_fallback: str) -> str:
    """The lesson's Markdown with ``{{token}}`` replaced by the organisation's settings."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if name == "company_name" and not value:
            return company_fallback
        return str(value) if value not in (None, "") else match.group(0)

    return _TOKEN.sub(fill, lesson.body)
