"""What a service call changed, so that each screen refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Area(StrEnum):
    """A kind of data a screen may show."""

    BANKS = "banks"
    CONTRACTS = "contracts"
    PEOPLE = "people"
    RESPONDERS = "responders"
    NUMBERS = "numbers"
    WINDOWS = "windows"
    CALLS = "calls"
    FOLLOW_UPS = "follow_ups"
    CHECKLISTS = "checklists"
    FEEDBACK = "feedback"
    TRAINING = "training"
    SETTINGS = "settings"
    CALENDAR = "calendar"
    REMINDERS = "reminders"
    PRESENCE = "presence"
    OUTBOX = "outbox"


@dataclass(frozen=True)
class Changes:
    """The areas a change touched and, where known, the ids within them."""

    areas: frozenset[Area] = frozenset()
    ids: tuple[tuple[Area, int], ...] = field(default=())

    @classmethod
    def of(cls, *areas: Area, ids: tuple[tuple[Area, int], ...] = ()) -> Changes:
        return cls(frozenset(areas), ids)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.areas | other.areas, self.ids + other.ids)

    def touches(self, *areas: Area) -> bool:
        return bool(self.areas.intersection(areas))


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of a service call that changed something: the new value and what changed."""

    value: T
    changes: Changes
