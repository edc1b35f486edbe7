"""The people list read with SQLAlchemy Core into plain rows: one keystroke's search in the People
screen and its pickers, without an ORM session or objects (measured in
benchmarks/register_filter.py: the ORM's objects and their collection were most of its time).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, select

from desktop_app.core.common.permissions import Role
from desktop_app.core.common.text import fold
from desktop_app.core.models import Absence, OfficeHours, Person
from desktop_app.core.register.availability import AbsenceSpan, Span


@dataclass(frozen=True)
class PersonView:
    """A person as the screens and the CLI see them."""

    id: int
    name: str
    role: Role
    job_title: str
    extension: str
    mobile: str
    email: str
    os_account: str
    active: bool
    notes: str
    version: int
    office_hours: tuple[Span, ...]
    absences: tuple[AbsenceSpan, ...]


_PERSON = Person.__table__.c
_HOURS = OfficeHours.__table__.c
_ABSENCE = Absence.__table__.c
_ROLES = {role.value: role for role in Role}


def search_people(
    connection: Connection,
    text: str,
    offset: int,
    limit: int | None,
    include_inactive: bool,
) -> list[PersonView]:
    """One window of the people whose search key contains ``text`` folded, by name then id."""
    query = (
        select(
            _PERSON.id,
            _PERSON.name,
            _PERSON.role,
            _PERSON.job_title,
            _PERSON.extension,
            _PERSON.mobile,
            _PERSON.email,
            _PERSON.os_account,
            _PERSON.active,
            _PERSON.notes,
            _PERSON.version,
        )
        .order_by(_PERSON.sort_key, _PERSON.name, _PERSON.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    if not include_inactive:
        query = query.where(_PERSON.active.is_(True))
    key = fold(text)
    if key:
        query = query.where(_PERSON.search_key.contains(key, autoescape=True))
    rows = connection.execute(query).all()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    hours: defaultdict[int, list[Span]] = defaultdict(list)
    for person_id, weekday, starts, ends in connection.execute(
        select(_HOURS.person_id, _HOURS.weekday, _HOURS.starts, _HOURS.ends)
        .where(_HOURS.person_id.in_(ids))
        .order_by(_HOURS.person_id, _HOURS.weekday, _HOURS.id)
    ):
        hours[person_id].append(Span(weekday, starts, ends))
    absences: defaultdict[int, list[AbsenceSpan]] = defaultdict(list)
    for person_id, kind, starts_at, ends_at in connection.execute(
        select(_ABSENCE.person_id, _ABSENCE.kind, _ABSENCE.starts_at, _ABSENCE.ends_at)
        .where(_ABSENCE.person_id.in_(ids))
        .order_by(_ABSENCE.person_id, _ABSENCE.starts_at, _ABSENCE.id)
    ):
        absences[person_id].append(AbsenceSpan(kind, starts_at, ends_at))
    no_spans: tuple[Span, ...] = ()
    no_absences: tuple[AbsenceSpan, ...] = ()
    return [
        PersonView(
            id=row[0],
            name=row[1],
            role=_ROLES.get(row[2]) or Role(row[2]),
            job_title=row[3],
            extension=row[4],
            mobile=row[5],
            email=row[6],
            os_account=row[7] or "",
            active=row[8],
            notes=row[9],
            version=row[10],
            office_hours=tuple(hours[row[0]]) if row[0] in hours else no_spans,
            absences=tuple(absences[row[0]]) if row[0] in absences else no_absences,
        )
        for row in rows
    ]
