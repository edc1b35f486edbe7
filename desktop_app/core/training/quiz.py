"""Quizzes: drawing questions in random order with shuffled choices, and scoring the answers.

Randomness comes from a ``random.Random`` made from a seed the caller may give, so a test (or a
person reviewing an attempt) gets the same quiz again. A choice keeps its ``key`` — its index in
the question as written — whatever place it is shown in; answers and the correct set are keys.
A multiple-answer question scores only when exactly the correct choices are ticked.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from desktop_app.core.training.content import Question

COURSE = "course"
CONTRACTS = "contracts"

#: Kinds of quiz: a role path's certification quiz, a refresher, practice on the contracts.
PATH_QUIZ = "path"
REFRESHER = "refresher"
CLAUSE_PRACTICE = "clauses"


@dataclass(frozen=True)
class QuizChoice:
    """A choice as shown: its stable key and its text."""

    key: int
    text: str


@dataclass(frozen=True)
class QuizQuestion:
    """A question ready to show, from the course or made from one of the company's contracts."""

    id: str
    prompt: str
    choices: tuple[QuizChoice, ...]
    multiple: bool
    correct: frozenset[int]
    explanation: str
    scenario: bool = False
    source: str = COURSE
    lessons: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[int, ...]:
        return tuple(choice.key for choice in self.choices)

    def choice_text(self, key: int) -> str:
        for choice in self.choices:
            if choice.key == key:
                return choice.text
        return ""


@dataclass(frozen=True)
class Quiz:
    """One quiz as handed to a person; nothing is stored until it is submitted."""

    kind: str
    path_code: str
    language: str
    seed: int
    pass_percent: int
    questions: tuple[QuizQuestion, ...]
    started_at: datetime

    @property
    def total(self) -> int:
        return len(self.questions)


@dataclass(frozen=True)
class QuestionResult:
    """How one question was answered."""

    question: QuizQuestion
    chosen: frozenset[int]

    @property
    def correct(self) -> bool:
        return self.chosen == self.question.correct


@dataclass(frozen=True)
class QuizResult:
    """The score of a submitted quiz."""

    score: int
    total: int
    pass_percent: int
    results: tuple[QuestionResult, ...]

    @property
    def passed(self) -> bool:
        return passes(self.score, self.total, self.pass_percent)

    @property
    def percent(self) -> int:
        return percent(self.score, self.total)

    @property
    def wrong(self) -> tuple[QuestionResult, ...]:
        return tuple(result for result in self.results if not result.correct)


def percent(score: int, total: int) -> int:
    """The score as a whole percentage, rounded down (79.9 % is not 80 %)."""
    return score * 100 // total if total else 0


def passes(score: int, total: int, pass_percent: int) -> bool:
    """Whether ``score`` of ``total`` reaches the pass mark, compared exactly."""
    return total > 0 and score * 100 >= pass_percent * total


def from_course(question: Question) -> QuizQuestion:
    """A course question as a quiz question, choices in their written order."""
    return QuizQuestion(
        id=question.id,
        prompt=question.prompt,
        choices=tuple(QuizChoice(key, text) for key, text in enumerate(question.choices)),
        multiple=question.multiple,
        correct=question.correct,
        explanation=question.explanation,
        scenario=question.scenario,
        source=COURSE,
        lessons=question.lessons,
    )


def shuffled(question: QuizQuestion, rng: random.Random) -> QuizQuestion:
    """The question with its choices in a random order."""
    choices = list(question.choices)
    rng.shuffle(choices)
    return replace(question, choices=tuple(choices))


def draw(
    course_questions: Sequence[QuizQuestion],
    contract_questions: Sequence[QuizQuestion],
    count: int,
    from_contracts: int,
    rng: random.Random,
) -> tuple[QuizQuestion, ...]:
    """``count`` questions in random order: up to ``from_contracts`` made from the contracts, the
    rest from the course; every question's choices shuffled."""
    own = rng.sample(list(contract_questions), min(from_contracts, len(contract_questions)))
    rest = rng.sample(list(course_questions), min(count - len(own), len(course_questions)))
    chosen = own + rest
    rng.shuffle(chosen)
    return tuple(shuffled(question, rng) for question in chosen)


def new_seed() -> int:
    """A fresh seed for a quiz nobody asked to repeat."""
    return random.SystemRandom().randrange(1, 2**31)


def score(quiz: Quiz, answers: Mapping[str, Collection[int]]) -> QuizResult:
    """Score ``answers`` (question id → chosen keys); an unanswered question scores nothing."""
    results = []
    for question in quiz.questions:
        valid = set(question.keys)
        chosen = frozenset(key for key in answers.get(question.id, ()) if key in valid)
        if not question.multiple and len(chosen) > 1:
            chosen = frozenset()  # two ticks on a one-answer question are no answer
        results.append(QuestionResult(question, chosen))
    points = sum(1 for result in results if result.correct)
    return QuizResult(points, len(results), quiz.pass_percent, tuple(results))
