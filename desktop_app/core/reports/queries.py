"""The report's SQL: figures counted in the database, never rows loaded one by one.

Calls are counted as many small range counts in one statement — a scalar sub-select per outcome
(and per bank, per month, per person) over the period's ``occurred_at`` range — each answered by
one index alone (``ix_call_record_report_outcome``, ``…_bank``, ``…_logged``, and
``ix_call_record_taken_by_time`` for people). Counting index entries is what both databases do
fastest; grouping a year's rows (a sort of a third of a million entries) cost ten times more on
SQLite. The outcomes counted are those of the report's categories (``outcomes.COUNTED``). Each
function takes the session and plain values and returns plain values.

A statement of a hundred sub-selects costs more to build in Python than to answer, so each shape
(how many months, which filters) is built once with bound parameters and kept; rows are read with
Core from the session's connection, as plain tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from itertools import pairwise
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    ScalarSelect,
    and_,
    bindparam,
    case,
    func,
    select,
)
from sqlalchemy.orm import Session

from desktop_app.core.models import Bank, CallRecord, Certificate, FollowUp, Person, Reminder
from desktop_app.core.reports.outcomes import COUNTED

RETURN_CALL = "return_call"


def _count(
    outcome: str, start: BindParameter[Any], end: BindParameter[Any], *where: ColumnElement[bool]
) -> ScalarSelect[int]:
    """How many inbound calls with ``outcome`` in [start, end) match ``where``."""
    return (
        select(func.count())
        .select_from(CallRecord)
        .where(
            CallRecord.direction == "inbound",
            CallRecord.outcome == outcome,
            CallRecord.occurred_at >= start,
            CallRecord.occurred_at < end,
            *where,
        )
        .scalar_subquery()
    )


def _filters(by_bank: bool, by_logger: bool) -> list[ColumnElement[bool]]:
    where = []
    if by_bank:
        where.append(CallRecord.bank_id == bindparam("bank_id"))
    if by_logger:
        where.append(CallRecord.logged_by_id == bindparam("logged_by"))
    return where


def _values(bank_id: int | None, logged_by: int | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if bank_id is not None:
        values["bank_id"] = bank_id
    if logged_by is not None:
        values["logged_by"] = logged_by
    return values


@cache
def _months_statement(months: int, by_bank: bool, by_logger: bool) -> Executable:
    """Counts per outcome of ``months`` consecutive ranges ``edge0``…``edge{months}``."""
    where = _filters(by_bank, by_logger)
    edges: list[BindParameter[Any]] = [bindparam(f"edge{i}") for i in range(months + 1)]
    return select(*[_count(o, a, b, *where) for a, b in pairwise(edges) for o in COUNTED])


@cache
def _banks_statement(by_bank: bool) -> Executable:
    start: BindParameter[Any] = bindparam("start")
    end: BindParameter[Any] = bindparam("end")
    counts = [_count(o, start, end, CallRecord.bank_id == Bank.id) for o in COUNTED]
    statement = select(Bank.id, *counts)
    if by_bank:
        statement = statement.where(Bank.id == bindparam("bank_id"))
    return statement


def inbound_totals(
    session: Session,
    start: datetime,
    end: datetime,
    bank_id: int | None = None,
    logged_by: int | None = None,
) -> list[tuple[int | None, str, int]]:
    """(None, outcome, calls) of the inbound calls in [start, end), any bank or one."""
    counted = inbound_by_month(session, [start, end], bank_id, logged_by)
    return [(None, outcome, calls) for _month, outcome, calls in counted]


def inbound_by_bank(
    session: Session, start: datetime, end: datetime, bank_id: int | None = None
) -> list[tuple[int | None, str, int]]:
    """(bank id, outcome, calls) of the inbound calls in [start, end), for every bank."""
    values = {"start": start, "end": end, **_values(bank_id, None)}
    found: list[tuple[int | None, str, int]] = []
    for row in session.connection().execute(_banks_statement(bank_id is not None), values):
        found.extend((int(row[0]), o, int(n or 0)) for o, n in zip(COUNTED, row[1:], strict=True))
    return found


def inbound_by_month(
    session: Session,
    boundaries: Sequence[datetime],
    bank_id: int | None = None,
    logged_by: int | None = None,
) -> list[tuple[int | None, str, int]]:
    """(month index, outcome, calls) of the inbound calls; month ``i`` runs from
    ``boundaries[i]`` to ``boundaries[i + 1]``."""
    months = len(boundaries) - 1
    statement = _months_statement(months, bank_id is not None, logged_by is not None)
    values = {f"edge{i}": edge for i, edge in enumerate(boundaries)}
    row = session.connection().execute(statement, {**values, **_values(bank_id, logged_by)}).one()
    cells = iter(row)
    return [(index, o, int(next(cells) or 0)) for index in range(months) for o in COUNTED]


def handled_by_person(
    session: Session, start: datetime, end: datetime, bank_id: int | None = None
) -> dict[int, int]:
    """Calls of either direction taken by each person in [start, end) (people with none left
    out)."""
    where = [
        CallRecord.taken_by_id == Person.id,
        CallRecord.occurred_at >= start,
        CallRecord.occurred_at < end,
    ]
    if bank_id is not None:
        where.append(CallRecord.bank_id == bank_id)
    taken = select(func.count()).select_from(CallRecord).where(*where).scalar_subquery()
    return {int(r[0]): int(r[1]) for r in session.execute(select(Person.id, taken)) if r[1]}


def return_calls_by_bank(
    session: Session, start: datetime, end: datetime, now: datetime, bank_id: int | None = None
) -> list[tuple[int | None, int, int, int, int, int]]:
    """(bank id, due, on time, late, still open, overdue) of return calls due in [start, end)."""
    closed = FollowUp.status == "closed"
    still_open = FollowUp.status == "open"

    def total(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    where = [FollowUp.kind == RETURN_CALL, FollowUp.due_at >= start, FollowUp.due_at < end]
    if bank_id is not None:
        where.append(FollowUp.bank_id == bank_id)
    statement = (
        select(
            FollowUp.bank_id,
            func.count(),
            total(and_(closed, FollowUp.closed_at <= FollowUp.due_at)),
            total(and_(closed, FollowUp.closed_at > FollowUp.due_at)),
            total(still_open),
            total(and_(still_open, FollowUp.due_at < now)),
        )
        .where(*where)
        .group_by(FollowUp.bank_id)
    )
    return [
        (r[0], int(r[1]), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0), int(r[5] or 0))
        for r in session.execute(statement)
    ]


def returned_moments(
    session: Session, start: datetime, end: datetime, bank_id: int | None = None
) -> list[tuple[int | None, datetime, datetime]]:
    """(bank id, asked at, returned at) of the return calls made, due in [start, end)."""
    where = [
        FollowUp.kind == RETURN_CALL,
        FollowUp.status == "closed",
        FollowUp.closed_at.is_not(None),
        FollowUp.due_at >= start,
        FollowUp.due_at < end,
    ]
    if bank_id is not None:
        where.append(FollowUp.bank_id == bank_id)
    statement = select(FollowUp.bank_id, FollowUp.created_at, FollowUp.closed_at).where(*where)
    return [(r[0], r[1], r[2]) for r in session.connection().execute(statement) if r[2] is not None]


def open_returns_by_person(
    session: Session, now: datetime, bank_id: int | None = None
) -> dict[int, tuple[int, int]]:
    """Per assignee: (open return calls, of which overdue), now."""
    where = [] if bank_id is None else [FollowUp.bank_id == bank_id]
    statement = (
        select(
            FollowUp.assignee_id,
            func.count(),
            func.sum(case((FollowUp.due_at < now, 1), else_=0)),
        )
        .where(
            FollowUp.kind == RETURN_CALL,
            FollowUp.status == "open",
            FollowUp.assignee_id.is_not(None),
            *where,
        )
        .group_by(FollowUp.assignee_id)
    )
    return {int(r[0]): (int(r[1]), int(r[2] or 0)) for r in session.execute(statement)}


def late_reminders_by_person(session: Session, start: datetime, end: datetime) -> dict[int, int]:
    """Reminders due in [start, end) acknowledged after their window started or after they were
    passed on, per person."""
    late = (Reminder.window_starts_at.is_not(None)) & (
        Reminder.acknowledged_at > Reminder.window_starts_at
    ) | Reminder.escalated_at.is_not(None)
    statement = (
        select(Reminder.person_id, func.count())
        .where(
            Reminder.acknowledged_at.is_not(None),
            Reminder.due_at >= start,
            Reminder.due_at < end,
            late,
        )
        .group_by(Reminder.person_id)
    )
    return {int(r[0]): int(r[1]) for r in session.execute(statement)}


def certified_until(session: Session) -> dict[int, datetime]:
    """Each person's latest certificate expiry."""
    statement = select(Certificate.person_id, func.max(Certificate.expires_at)).group_by(
        Certificate.person_id
    )
    return {int(r[0]): r[1] for r in session.execute(statement) if r[1] is not None}


def open_notices_by_bank(session: Session) -> dict[int, int]:
    """Open notify-the-bank follow-ups (change notices not confirmed yet) per bank."""
    statement = (
        select(FollowUp.bank_id, func.count())
        .where(
            FollowUp.kind == "notify_bank",
            FollowUp.status == "open",
            FollowUp.bank_id.is_not(None),
        )
        .group_by(FollowUp.bank_id)
    )
    return {int(r[0] or 0): int(r[1]) for r in session.execute(statement)}
