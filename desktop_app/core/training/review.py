"""Reviewing an attempt: each question as it was shown, what was ticked, what was right, and why.

Each stored answer keeps the question's id, the order its choices were shown in, the keys ticked
and the keys that were right. A course question is worded again from the course, in the language
the person reads now; a question made from a contract keeps the words it was asked in, because the
contract may have changed since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.training.content import Course
from desktop_app.core.training.quiz import (
    CONTRACTS,
    COURSE,
    QuizChoice,
    QuizQuestion,
    from_course,
)
from desktop_app.core.training.records import AttemptView


@dataclass(frozen=True)
class ReviewChoice:
    """A choice as it was shown, whether it was ticked, and whether it is right."""

    text: str
    chosen: bool
    correct: bool


@dataclass(frozen=True)
class ReviewItem:
    """One question of an attempt, as answered, with the explanation."""

    number: int
    prompt: str
    multiple: bool
    choices: tuple[ReviewChoice, ...]
    correct: bool
    explanation: str


@dataclass(frozen=True)
class AttemptReview:
    """A finished attempt, question by question."""

    attempt: AttemptView
    items: tuple[ReviewItem, ...]

    @property
    def wrong(self) -> tuple[ReviewItem, ...]:
        return tuple(item for item in self.items if not item.correct)


def answer_record(question: QuizQuestion, chosen: frozenset[int]) -> dict[str, Any]:
    """What is stored for one answered question."""
    item: dict[str, Any] = {
        "id": question.id,
        "source": question.source,
        "order": list(question.keys),
        "chosen": sorted(chosen),
        "correct": sorted(question.correct),
        "ok": chosen == question.correct,
    }
    if question.source != COURSE:  # made from a contract that may change: keep its words
        item.update(
            prompt=question.prompt,
            choices=[question.choice_text(key) for key in sorted(question.keys)],
            explanation=question.explanation,
            multiple=question.multiple,
        )
    return item


def stored_question(item: dict[str, Any], course: Course) -> QuizQuestion:
    """The question of a stored answer, its choices in the order they were shown."""
    order = [int(k) for k in item.get("order", [])]
    if item.get("source") == CONTRACTS:
        texts = list(item.get("choices", []))
        return QuizQuestion(
            id=str(item.get("id")),
            prompt=str(item.get("prompt", "")),
            choices=tuple(QuizChoice(k, texts[k]) for k in order if 0 <= k < len(texts)),
            multiple=bool(item.get("multiple")),
            correct=frozenset(item.get("correct", [])),
            explanation=str(item.get("explanation", "")),
            source=CONTRACTS,
        )
    known = course.question(str(item.get("id")))
    if known is None:
        tr = translator_for(course.language)
        return QuizQuestion(
            id=str(item.get("id")),
            prompt=tr(N_("This question is no longer part of the course.")),
            choices=(),
            multiple=False,
            correct=frozenset(),
            explanation="",
        )
    question = from_course(known)
    by_key = {c.key: c for c in question.choices}
    return replace(question, choices=tuple(by_key[k] for k in order if k in by_key))


def review_items(answers: Sequence[dict[str, Any]], course: Course) -> tuple[ReviewItem, ...]:
    """Every stored answer of an attempt as a review item, in the order asked."""
    items = []
    for number, item in enumerate(answers, start=1):
        question = stored_question(item, course)
        chosen = set(item.get("chosen", []))
        right = set(item.get("correct", []))
        items.append(
            ReviewItem(
                number=number,
                prompt=question.prompt,
                multiple=question.multiple,
                choices=tuple(
                    ReviewChoice(c.text, c.key in chosen, c.key in right) for c in question.choices
                ),
                correct=bool(item.get("ok")),
                explanation=question.explanation,
            )
        )
    return tuple(items)
