"""The Registered numbers list read with SQLAlchemy Core into plain rows: the screen's filters
(bank, stale only, deactivated) and the stale count beside them, without ORM objects.

A bank's list is thousands of rows and the whole register a hundred thousand; reading them as ORM
numbers and people with their absences, and working out each row's staleness from scratch, took
seconds (measured in benchmarks/register_filter.py). Here one joined statement reads the rows, the
long absences that cover now are read once, the day's cut-off is worked out once, and the reasons
are shared between rows that have the same ones. The stale count is counted by the database.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select

from desktop_app.core.front_desk.follow_ups import open_notify_for
from desktop_app.core.models import (
    Absence,
    Bank,
    LoanContract,
    Person,
    RegisteredNumber,
)

_NUMBER = RegisteredNumber.__table__.c
_PERSON = Person.__table__.c
_BANK = Bank.__table__.c
_CONTRACT = LoanContract.__table__.c
_ABSENCE = Absence.__table__.c

LONG_ABSENCE = timedelta(days=30)


@dataclass(frozen=True)
class StaleDay:
    """What staleness depends on besides the row, worked out once per read: today in the
    company's zone, the earliest confirmation day still recent enough, and who is away long now
    (person id → the day their absence ends, in the company's zone, as ISO text)."""

    today: date
    cutoff: date
    absent_until: dict[int, str]


def long_absences(connection: Connection, now: datetime, timezone: str) -> dict[int, str]:
    """Each person away now for 30 days or more: the day their absence ends (ISO, company zone).

    Of several such absences the earliest-starting one counts, as a person's ``absences`` are
    ordered by their start."""
    zone = zoneinfo.ZoneInfo(timezone)
    found: dict[int, str] = {}
    for person_id, starts_at, ends_at in connection.execute(
        select(_ABSENCE.person_id, _ABSENCE.starts_at, _ABSENCE.ends_at)
        .where(_ABSENCE.starts_at <= now, _ABSENCE.ends_at > now)
        .order_by(_ABSENCE.person_id, _ABSENCE.starts_at, _ABSENCE.id)
    ):
        if person_id not in found and ends_at - starts_at >= LONG_ABSENCE:
            found[person_id] = ends_at.astimezone(zone).date().isoformat()
    return found


def stale_condition(day: StaleDay) -> ColumnElement[bool]:
    """The rows of :func:`listing_statement` that are stale on ``day``: active numbers whose
    person is missing, inactive or away long, or that were not confirmed since the cut-off."""
    person_gone: list[ColumnElement[bool]] = [_PERSON.id.is_(None), _PERSON.active.is_(False)]
    if day.absent_until:
        person_gone.append(_NUMBER.person_id.in_(sorted(day.absent_until)))
    return and_(
        _NUMBER.active.is_(True),
        or_(
            *person_gone,
            _NUMBER.last_confirmed_on.is_(None),
            _NUMBER.last_confirmed_on < day.cutoff,
        ),
    )


def scope_filter(
    bank_id: int | None, contract_id: int | None, include_inactive: bool
) -> list[ColumnElement[bool]]:
    """The screen's filters: a bank, a contract (its own numbers and the bank-wide ones)."""
    where: list[ColumnElement[bool]] = []
    if not include_inactive:
        where.append(_NUMBER.active.is_(True))
    if bank_id is not None:
        where.append(_NUMBER.bank_id == bank_id)
    if contract_id is not None:
        contract_bank = (
            select(_CONTRACT.bank_id).where(_CONTRACT.id == contract_id).scalar_subquery()
        )
        where.append(
            or_(
                _NUMBER.contract_id == contract_id,
                _NUMBER.contract_id.is_(None) & (_NUMBER.bank_id == contract_bank),
            )
        )
    return where


def listing_statement(where: Collection[ColumnElement[bool]]) -> Select[Any]:
    """The columns a row of the list shows, with its bank, contract and person."""
    statement = select(
        _NUMBER.id,
        _NUMBER.bank_id,
        _BANK.name,
        _NUMBER.contract_id,
        func.coalesce(_CONTRACT.contract_number, ""),
        _NUMBER.person_id,
        _PERSON.id,
        _PERSON.name,
        _PERSON.active,
        _NUMBER.display,
        _NUMBER.number_key,
        _NUMBER.label,
        _NUMBER.last_confirmed_on,
        _NUMBER.active,
        _NUMBER.version,
        _NUMBER.extension,
    ).select_from(
        RegisteredNumber.__table__.join(Bank.__table__, _BANK.id == _NUMBER.bank_id)
        .outerjoin(LoanContract.__table__, _CONTRACT.id == _NUMBER.contract_id)
        .outerjoin(Person.__table__, _PERSON.id == _NUMBER.person_id)
    )
    return statement.where(*where) if where else statement


def window_statement(
    where: Collection[ColumnElement[bool]], offset: int, limit: int
) -> Select[Any]:
    """One window of :func:`listing_statement` in the screen's order: banks by their sort key
    (as the Contracts screen orders them), then contract number, number and id."""
    return (
        listing_statement(where)
        .order_by(
            _BANK.sort_key,
            _BANK.name,
            func.coalesce(_CONTRACT.contract_number, ""),
            _NUMBER.display,
            _NUMBER.id,
        )
        .offset(offset)
        .limit(limit)
    )


def count_statement(where: Collection[ColumnElement[bool]]) -> Select[Any]:
    """How many numbers match ``where`` (which may name the person's columns)."""
    statement = select(func.count()).select_from(
        RegisteredNumber.__table__.outerjoin(Person.__table__, _PERSON.id == _NUMBER.person_id)
    )
    return statement.where(*where)


def open_notify(
    connection: Connection, bank_id: int | None, number_ids: Collection[int] | None = None
) -> dict[int, int]:
    """The open notify-the-bank follow-up of each number (of the bank, or of ``number_ids``)
    that has one, the oldest: {number: id}."""
    if number_ids is not None:
        return open_notify_for(connection, number_ids)
    if bank_id is not None:
        return open_notify_for(connection, select(_NUMBER.id).where(_NUMBER.bank_id == bank_id))
    return open_notify_for(connection, None)
