"""The call log: every call, filtered, read a window at a time so that a million stay fluid.

The log is ordered newest first by (occurred_at, id). A screen asks for the number of matching
calls once, then for windows by position: a window near the end is read in the opposite order
from the end (so jumping to the oldest call costs what the first screen costs), one next to a
window already read is read by keyset from that window's edge, and only a jump into the middle
skips rows with OFFSET — over index entries alone, since it picks ids first and reads whole rows
for those ids only. Rows are small tuples, never ORM objects.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from desktop_app.core.i18n import N_, _
from desktop_app.core.models import Bank, CallRecord, FollowUp, LoanContract, Person
from desktop_app.core.services.calls import OUTCOMES, RETURN_OUTCOMES
from desktop_app.core.services.context import ServiceContext
from desktop_app.core.services.contracts import TOPICS
from desktop_app.core.services.org_settings import OrgSettingsService
from desktop_app.core.services.permissions import Actor, Permission

# What the log's outcome filter offers; a call recorded through the callback form was answered.
FILTER_OUTCOMES = {
    "transferred": OUTCOMES["transferred"],
    "answered": N_("Answered"),
    "message": OUTCOMES["message"],
    "no_one": OUTCOMES["no_one"],
    "no_answer": RETURN_OUTCOMES["no_answer"],
    "wrong_number": OUTCOMES["wrong_number"],
}
ANSWERED_DIRECTLY = N_("Answered directly")
DIRECTION_LABELS = {"inbound": N_("Bank called"), "return": N_("Return call")}


def outcome_label(direction: str, outcome: str) -> str:
    """The msgid naming a call's outcome (return calls have their own words)."""
    if direction == "return" and outcome in RETURN_OUTCOMES:
        return RETURN_OUTCOMES[outcome]
    if outcome == "answered":
        return ANSWERED_DIRECTLY
    return OUTCOMES.get(outcome, outcome)


@dataclass(frozen=True)
class CallLogQuery:
    """What the log is filtered by; None does not filter. Days are the company's local days."""

    bank_id: int | None = None
    contract_id: int | None = None
    outcome: str | None = None
    person_id: int | None = None  # who took the call
    since: date | None = None
    until: date | None = None  # inclusive


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
    topics: tuple[str, ...]
    recorded: bool
    open_follow_ups: int

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.occurred_at, self.id)

    def outcome_text(self) -> str:
        return _(outcome_label(self.direction, self.outcome))

    def direction_text(self) -> str:
        return _(DIRECTION_LABELS.get(self.direction, self.direction))

    def topics_text(self) -> str:
        return _(", ").join(_(TOPICS.get(t, t)) for t in self.topics)


TakenBy = aliased(Person)


class CallLogService:
    """Counts and reads windows of the call log."""

    def __init__(self, ctx: ServiceContext, org: OrgSettingsService) -> None:
        self._ctx = ctx
        self._org = org

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
        with self._ctx.read() as session:
            return int(session.scalar(statement) or 0)

    def _ids(self, query: CallLogQuery, newest_first: bool) -> Select[tuple[int]]:
        order = (
            (CallRecord.occurred_at.desc(), CallRecord.id.desc())
            if newest_first
            else (CallRecord.occurred_at.asc(), CallRecord.id.asc())
        )
        return select(CallRecord.id).where(*self._where(query)).order_by(*order)

    def _rows(self, ids: list[int]) -> list[CallLogRow]:
        """The log rows of these calls, newest first."""
        if not ids:
            return []
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
                CallRecord.topics,
                CallRecord.recorded_at,
                open_count,
            )
            .outerjoin(Bank, Bank.id == CallRecord.bank_id)
            .outerjoin(LoanContract, LoanContract.id == CallRecord.contract_id)
            .outerjoin(TakenBy, TakenBy.id == CallRecord.taken_by_id)
            .where(CallRecord.id.in_(ids))
            .order_by(CallRecord.occurred_at.desc(), CallRecord.id.desc())
        )
        with self._ctx.read() as session:
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
                    tuple(r[9] or ()),
                    r[10] is not None,
                    int(r[11] or 0),
                )
                for r in session.execute(statement)
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
        with self._ctx.read() as session:
            if start <= total - (start + limit):
                ids = list(session.scalars(self._ids(query, True).offset(start).limit(limit)))
            else:
                skip = total - (start + limit)
                ids = list(session.scalars(self._ids(query, False).offset(skip).limit(limit)))
        return self._rows(ids)

    def after(
        self, actor: Actor, query: CallLogQuery, key: tuple[datetime, int], limit: int
    ) -> list[CallLogRow]:
        """The ``limit`` calls just older than ``key`` (the next window down), by keyset."""
        actor.require(Permission.VIEW_REGISTER)
        moment, call_id = key
        statement = self._ids(query, True).where(
            CallRecord.occurred_at <= moment,
            or_(CallRecord.occurred_at < moment, CallRecord.id < call_id),
        )
        with self._ctx.read() as session:
            ids = list(session.scalars(statement.limit(limit)))
        return self._rows(ids)

    def before(
        self, actor: Actor, query: CallLogQuery, key: tuple[datetime, int], limit: int
    ) -> list[CallLogRow]:
        """The ``limit`` calls just newer than ``key`` (the window above), by keyset."""
        actor.require(Permission.VIEW_REGISTER)
        moment, call_id = key
        statement = self._ids(query, False).where(
            CallRecord.occurred_at >= moment,
            or_(CallRecord.occurred_at > moment, CallRecord.id > call_id),
        )
        with self._ctx.read() as session:
            ids = list(session.scalars(statement.limit(limit)))
        return self._rows(ids)

    def position_of(self, actor: Actor, query: CallLogQuery, call_id: int) -> int | None:
        """Where a call stands in the filtered log (None: it does not match)."""
        actor.require(Permission.VIEW_REGISTER)
        with self._ctx.read() as session:
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
        with self._ctx.read() as session:
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
