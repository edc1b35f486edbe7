"""What a report holds: call counts, return calls, standing figures per bank and per person,
and the monthly trend — plain values, ready for the screen, the exports and the CLI's JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from desktop_app.core.reports.outcomes import ANSWERED_CATEGORIES, CATEGORY_KEYS
from desktop_app.core.reports.periods import Period


@dataclass(frozen=True)
class CallCounts:
    """Inbound calls received, by category (wrong numbers are not a bank's call)."""

    answered: int = 0
    transferred: int = 0
    message: int = 0
    no_one: int = 0
    missed: int = 0

    @classmethod
    def of(cls, counts: dict[str, int]) -> CallCounts:
        return cls(**{key: counts.get(key, 0) for key in CATEGORY_KEYS})

    def get(self, key: str) -> int:
        return int(getattr(self, key))

    @property
    def received(self) -> int:
        return sum(self.get(key) for key in CATEGORY_KEYS)

    @property
    def answered_total(self) -> int:
        return sum(self.get(key) for key in ANSWERED_CATEGORIES)

    @property
    def answer_rate(self) -> float | None:
        """Answered or transferred, as a share of the calls received (None: no calls)."""
        return self.answered_total / self.received if self.received else None

    def __add__(self, other: CallCounts) -> CallCounts:
        return CallCounts.of({k: self.get(k) + other.get(k) for k in CATEGORY_KEYS})


@dataclass(frozen=True)
class ReturnCalls:
    """Return calls (follow-ups) due in the period and how they went; hours are working hours."""

    due: int = 0
    on_time: int = 0
    late: int = 0
    still_open: int = 0
    overdue: int = 0  # of the still open, past their deadline now
    median_hours: float | None = None
    p90_hours: float | None = None


@dataclass(frozen=True)
class BankFigures:
    """One bank over the period, and its standing figures as they are now."""

    bank_id: int
    bank_name: str
    calls: CallCounts
    returns: ReturnCalls
    windows_expected: int = 0
    windows_covered: int = 0
    responders: int = 0
    responders_certified: int = 0
    stale_numbers: int = 0
    notices_awaiting: int = 0
    checklist_ready: int = 0
    checklist_total: int = 0

    @property
    def coverage_gaps(self) -> int:
        return self.windows_expected - self.windows_covered

    @property
    def certified_share(self) -> float | None:
        return self.responders_certified / self.responders if self.responders else None

    @property
    def checklist_share(self) -> float | None:
        return self.checklist_ready / self.checklist_total if self.checklist_total else None


@dataclass(frozen=True)
class PersonFigures:
    """One person over the period (calls taken) and now (open return calls, training)."""

    person_id: int
    name: str
    role: str
    calls_handled: int = 0
    returns_open: int = 0
    returns_overdue: int = 0
    reminders_late: int = 0
    certified_until: datetime | None = None
    training_state: str = "none"  # certified, expired, none


@dataclass(frozen=True)
class TrendMonth:
    """One month of the trend: calls by category."""

    month: date
    calls: CallCounts


@dataclass(frozen=True)
class Report:
    """A report for a period; ``scope`` "own" is a front-desk person's own calls only."""

    period: Period
    generated_at: datetime
    generated_by: str
    scope: str  # "full" or "own"
    bank_filter: str = ""  # the bank's name when the report is about one bank
    totals: CallCounts = field(default_factory=CallCounts)
    returns: ReturnCalls = field(default_factory=ReturnCalls)
    banks: tuple[BankFigures, ...] = ()
    people: tuple[PersonFigures, ...] = ()
    trend: tuple[TrendMonth, ...] = ()
