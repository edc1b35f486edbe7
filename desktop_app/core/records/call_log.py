"""The call log: every call, filtered, read a window at a time so that a million stay fluid.

The log is ordered newest first by (occurred_at, id). A screen reads the first page at once
(:meth:`CallLogService.first`), counts the matching calls after it has painted (a COUNT over a
million index entries takes longer than a frame), then asks for windows by position: a window
near the end is read in the opposite order from the end (so jumping to the oldest call costs what
the first screen costs), one next to a window already read is read by keyset from that window's
edge, and only a jump into the middle skips rows with OFFSET — over index entries alone, in a
sub-select that picks the page's ids before whole rows are joined. Each page is one statement,
built once per filter and run on the connection: rows are small tuples, never ORM objects.
"""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    Text,
    and_,
    bindparam,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.calls import OUTCOMES, RETURN_OUTCOMES, RING_OUTCOMES
from desktop_app.core.models import Bank, CallRecord, FollowUp, LoanContract, Person
from desktop_app.core.models.base import UtcDateTime
from desktop_app.core.register.contracts import TOPICS
from desktop_app.core.storage.store import Store

# What the log's outcome filter offers; a call recorded through the callback form was answered.
FILTER_OUTCOMES = {
    "transferred": OUTCOMES["transferred"],
    "answered": N_("Answered"),
    "message": OUTCOMES["message"],
    "no_one": OUTCOMES["no_one"],
    "no_answer": RETURN_OUTCOMES["no_answer"],
    "wrong_number": OUTCOMES["wrong_number"],
    "missed": N_("Missed"),
    "rang_unlogged": RING_OUTCOMES["rang_unlogged"],
    "unverified": OUTCOMES["unverified"],
}
ANSWERED_DIRECTLY = N_("Answered directly")
DIRECTION_LABELS = {"inbound": N_("Bank called"), "return": N_("Return call")}


def outcome_label(direction: str, outcome: str) -> str:
    """The msgid naming a call's outcome (return calls have their own words)."""
    if direction == "return" and outcome in RETURN_OUTCOMES:
        return RETURN_OUTCOMES[outcome]
    if outcome == "answered":
        return ANSWERED_DIRECTLY
    return OUTCOMES.get(outcome) or RING_OUTCOMES.get(outcome, outcome)


@dataclass(frozen=True)
class CallLogQuery:
    """What the log is filtered by; None does not filter. Days are the company's local days."""

    bank_id: int | None = None
    contract_id: int | None = None
    outcome: str | None = None
    person_id: int | None = None  # who took the call
    since: date | None = None
    until: date | None = None  # inclusive
    direction: str | None = None  # "inbound" (the bank called) or "return"


@dataclass(frozen=True, slots=True)
class CallLogRow:
    """One line of the log."""

    id: int
    occurred_at: datetime
    direction: str
    outcome: str
    bank_name: str
    contract_number: str
    caller_name: str
    caller_number: str
    taken_by_name: str
    topics_stored: Any  # the JSON text (SQLite) or list (PostgreSQL), decoded when shown
    recorded: bool
    open_follow_ups: int

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.occurred_at, self.id)

    @property
    def topics(self) -> tuple[str, ...]:
        stored = self.topics_stored
        if isinstance(stored, str):
            stored = json.loads(stored) if stored else ()
        return tuple(stored or ())

    def outcome_text(self) -> str:
        return _(outcome_label(self.direction, self.outcome))

    def direction_text(self) -> str:
        return _(DIRECTION_LABELS.get(self.direction, self.direction))

    def topics_text(self) -> str:
        return _(", ").join(_(TOPICS.get(t, t)) for t in self.topics)


TakenBy = aliased(Person)


class CallLogService:
    """Counts and reads windows of the call log."""

    def __init__(self, store: Store, org: OrgSettingsService) -> None:
        self._store = store
        self._org = org
        self._statements: dict[tuple[CallLogQuery, str], Select[*tuple[Any, ...]]] = {}

    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self._org.get().timezone)

    def _where(self, query: CallLogQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.bank_id is not None:
            conditions.append(CallRecord.bank_id == query.bank_id)
        if query.contract_id is not None:
            conditions.append(CallRecord.contract_id == query.contract_id)
        if query.outcome:
            conditions.append(CallRecord.outcome == query.outcome)
        if query.person_id is not None:
            conditions.append(CallRecord.taken_by_id == query.person_id)
        if query.direction is not None:
            conditions.append(CallRecord.direction == query.direction)
        zone = self.zone()
        if query.since is not None:
            conditions.append(
                CallRecord.occurred_at >= datetime.combine(query.since, time(), tzinfo=zone)
            )
        if query.until is not None:
            end = datetime.combine(query.until + timedelta(days=1), time(), tzinfo=zone)
            conditions.append(CallRecord.occurred_at < end)
        return conditions

    def count(self, actor: Actor, query: CallLogQuery) -> int:
        """How many calls match."""
        actor.require(Permission.VIEW_REGISTER)
        statement = select(func.count()).select_from(CallRecord).where(*self._where(query))
        with self._store.read() as session:
            return int(session.scalar(statement) or 0)

    def _ids(self, query: CallLogQuery, newest_first: bool) -> Select[int]:
        order = (
            (CallRecord.occurred_at.desc(), CallRecord.id.desc())
            if newest_first
            else (CallRecord.occurred_at.asc(), CallRecord.id.asc())
        )
        return select(CallRecord.id).where(*self._where(query)).order_by(*order)

    def _statement(self, query: CallLogQuery, mode: str) -> Select[*tuple[Any, ...]]:
        """The one statement that reads a page of rows, built once per filter and kept.

        ``mode``: "down" (newest first from an offset), "up" (oldest first from an offset, for
        windows near the end), "after" / "before" (by keyset from a neighbouring page). The page's
        ids are picked by a sub-select over the index; whole rows are joined for those ids only.
        Offset, limit and key are bound at execution.
        """
        cache_key = (query, mode)
        cached = self._statements.get(cache_key)
        if cached is not None:
            return cached
        ids = self._ids(query, mode in ("down", "after"))
        moment = bindparam("moment", type_=UtcDateTime())
        below: BindParameter[int] = bindparam("call_id")
        if mode == "after":
            ids = ids.where(
                CallRecord.occurred_at <= moment,
                or_(CallRecord.occurred_at < moment, CallRecord.id < below),
            )
        elif mode == "before":
            ids = ids.where(
                CallRecord.occurred_at >= moment,
                or_(CallRecord.occurred_at > moment, CallRecord.id > below),
            )
        else:
            ids = ids.offset(bindparam("skip"))
        ids = ids.limit(bindparam("limit"))
        open_count = (
            select(func.count())
            .select_from(FollowUp)
            .where(FollowUp.call_id == CallRecord.id, FollowUp.status == "open")
            .scalar_subquery()
        )
        statement = (
            select(
                CallRecord.id,
                CallRecord.occurred_at,
                CallRecord.direction,
                CallRecord.outcome,
                Bank.name,
                LoanContract.contract_number,
                CallRecord.caller_name,
                CallRecord.caller_number,
                TakenBy.name,
                # Decoding every row's JSON took a fifth of a page's time; it waits for display.
                type_coerce(CallRecord.topics, Text()),
                CallRecord.recorded_at,
                open_count,
            )
            .outerjoin(Bank, Bank.id == CallRecord.bank_id)
            .outerjoin(LoanContract, LoanContract.id == CallRecord.contract_id)
            .outerjoin(TakenBy, TakenBy.id == CallRecord.taken_by_id)
            .where(CallRecord.id.in_(ids.scalar_subquery()))
            .order_by(CallRecord.occurred_at.desc(), CallRecord.id.desc())
        )
        if len(self._statements) >= 16:
            self._statements.clear()
        self._statements[cache_key] = statement
        return statement

    def _fetch(self, query: CallLogQuery, mode: str, **params: Any) -> list[CallLogRow]:
        """Run a page statement on the connection directly (no ORM objects), newest first."""
        statement = self._statement(query, mode)
        with self._store.read() as session:
            result = session.connection().execute(statement, params)
            return [
                CallLogRow(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4] or "",
                    r[5] or "",
                    r[6],
                    r[7],
                    r[8] or "",
                    r[9],
                    r[10] is not None,
                    int(r[11] or 0),
                )
                for r in result
            ]

    def window(
        self, actor: Actor, query: CallLogQuery, start: int, limit: int, total: int
    ) -> list[CallLogRow]:
        """Rows ``start`` to ``start + limit`` (newest first) of ``total`` matching calls.

        A window in the older half is counted from the end, in the opposite order, so that the
        database never skips more than half the log.
        """
        actor.require(Permission.VIEW_REGISTER)
        start = max(0, min(start, total))
        limit = max(0, min(limit, total - start))
        if limit == 0:
            return []
        if start <= total - (start + limit):
            return self._fetch(query, "down", skip=start, limit=limit)
        return self._fetch(query, "up", skip=total - (start + limit), limit=limit)

    def first(self, actor: Actor, query: CallLogQuery, limit: int) -> list[CallLogRow]:
        """The newest ``limit`` matching calls, without counting them first."""
        actor.require(Permission.VIEW_REGISTER)
        return self._fetch(query, "down", skip=0, limit=limit)

    def after(
        self, actor: Actor, query: CallLogQuery, key: tuple[datetime, int], limit: int
    ) -> list[CallLogRow]:
        """The ``limit`` calls just older than ``key`` (the next window down), by keyset."""
        actor.require(Permission.VIEW_REGISTER)
        return self._fetch(query, "after", moment=key[0], call_id=key[1], limit=limit)

    def before(
        self, actor: Actor, query: CallLogQuery, key: tuple[datetime, int], limit: int
    ) -> list[CallLogRow]:
        """The ``limit`` calls just newer than ``key`` (the window above), by keyset."""
        actor.require(Permission.VIEW_REGISTER)
        return self._fetch(query, "before", moment=key[0], call_id=key[1], limit=limit)

    def position_of(self, actor: Actor, query: CallLogQuery, call_id: int) -> int | None:
        """Where a call stands in the filtered log (None: it does not match)."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            found = session.execute(
                select(CallRecord.occurred_at).where(CallRecord.id == call_id, *self._where(query))
            ).first()
            if found is None:
                return None
            newer = (
                select(func.count())
                .select_from(CallRecord)
                .where(
                    *self._where(query),
                    or_(
                        CallRecord.occurred_at > found[0],
                        and_(CallRecord.occurred_at == found[0], CallRecord.id > call_id),
                    ),
                )
            )
            return int(session.scalar(newer) or 0)

    def iterate(
        self, actor: Actor, query: CallLogQuery, batch: int = 2000
    ) -> Iterator[list[CallLogRow]]:
        """Every matching call, newest first, in batches read by keyset (for exports)."""
        rows = self.window(actor, query, 0, batch, batch)
        while rows:
            yield rows
            if len(rows) < batch:
                return
            rows = self.after(actor, query, rows[-1].key, batch)

    def details(self, actor: Actor, ids: list[int]) -> dict[int, dict[str, Any]]:
        """What was asked, answered, promised and worried about, for an export with details."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        if not ids:
            return {}
        with self._store.read() as session:
            rows = session.execute(
                select(
                    CallRecord.id,
                    CallRecord.questions,
                    CallRecord.answers,
                    CallRecord.bank_requests,
                    CallRecord.concerns,
                    CallRecord.notes,
                ).where(CallRecord.id.in_(ids))
            ).all()
        return {
            r[0]: {
                "questions": r[1],
                "answers": r[2],
                "bank_requests": r[3],
                "concerns": r[4],
                "notes": r[5],
            }
            for r in rows
        }


ProgressCallback = Callable[[int], bool]  # rows written so far; False cancels
