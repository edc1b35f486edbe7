"""Spaced refreshers: a small Leitner schedule of the course questions a person got wrong.

The schedule is not stored on its own: it is replayed from the answers kept with every attempt,
oldest first, so it can never disagree with the record. A question answered wrong goes to box 1,
due the next day; each later right answer moves it up a box, due after a longer gap; a right
answer in the last box retires it; a wrong answer anywhere sends it back to box 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Days until a question in box 1, 2, 3, 4 is due again.
INTERVAL_DAYS = (1, 3, 7, 21)
LAST_BOX = len(INTERVAL_DAYS)
#: Questions in one refresher session: short enough to do between calls.
SESSION_SIZE = 5


@dataclass(frozen=True)
class Card:
    """A question in the schedule: its box and when it is due."""

    question_id: str
    box: int
    due_at: datetime

    def is_due(self, now: datetime) -> bool:
        return self.due_at <= now


@dataclass(frozen=True)
class Answer:
    """One answered question in the history: when, which, and whether it was right."""

    at: datetime
    question_id: str
    correct: bool


def replay(history: Iterable[Answer]) -> dict[str, Card]:
    """The schedule after ``history`` (any order; it is sorted by time here)."""
    cards: dict[str, Card] = {}
    for answer in sorted(history, key=lambda a: a.at):
        card = cards.get(answer.question_id)
        if not answer.correct:
            cards[answer.question_id] = Card(
                answer.question_id, 1, answer.at + timedelta(days=INTERVAL_DAYS[0])
            )
        elif card is not None:
            if card.box >= LAST_BOX:
                del cards[answer.question_id]
            else:
                box = card.box + 1
                cards[answer.question_id] = Card(
                    answer.question_id, box, answer.at + timedelta(days=INTERVAL_DAYS[box - 1])
                )
    return cards


def due(cards: Mapping[str, Card], now: datetime) -> list[Card]:
    """The cards due at ``now``, longest overdue first."""
    return sorted(
        (card for card in cards.values() if card.is_due(now)),
        key=lambda card: (card.due_at, card.question_id),
    )
