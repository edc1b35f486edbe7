"""Presence in team mode: who said they are available, away or not to be disturbed, and who has
the app running at a desk (online).

Each person sets their own status; an administrator may reset anyone's. Each run of the app
opens a desk session and keeps it alive with a heartbeat — one UPDATE every
:data:`HEARTBEAT_SECONDS` on a bare connection, which tells no other desk — and closes it at a
clean exit. A person is *online* while one of their desk sessions is open and was seen within
:data:`ONLINE_WITHIN`; a desk that crashed or lost the network simply stops being seen. A person
who never ran the app at a desk is *not tracked* (``online`` is ``None``): the front desk's
transfer list then treats them as before (office hours and absences only).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, case, delete, func, select, update
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.routing_results import Candidate
from desktop_app.core.models import DeskSession, Person, PersonPresence
from desktop_app.core.storage.store import Store

STATUSES = {
    "available": N_("Available"),
    "away": N_("Away"),
    "dnd": N_("Do not disturb"),
}
ONLINE_WITHIN = timedelta(minutes=2)
HEARTBEAT_SECONDS = 45
KEEP_ENDED = timedelta(days=30)  # ended or silent desk sessions older than this are removed


@dataclass(frozen=True)
class Presence:
    """One person's presence: what they said, and whether a desk of theirs is running the app."""

    person_id: int
    status: str  # "available", "away" or "dnd"
    online: bool | None  # None: never ran the app at a desk (not tracked)
    last_seen_at: datetime | None  # the latest heartbeat of any of their desks

    def status_text(self) -> str:
        return _(STATUSES.get(self.status, self.status))

    def label(self) -> str:
        """What the transfer list says beside the name ("" when nothing is worth saying)."""
        if self.status != "available":
            return self.status_text()
        if self.online is False:
            return _("Offline")
        return ""


def presence_words(online: bool | None, status: str) -> str:
    """Whether a person's app is running and what they said, as the transfer list shows it
    ("● Online · Away"); "" when nothing is known (not tracked, and available)."""
    parts = []
    if online is not None:
        parts.append(("● " + _("Online")) if online else ("○ " + _("Offline")))
    if status and status != "available":
        parts.append(_(STATUSES.get(status, status)))
    return " · ".join(parts)


@dataclass(frozen=True)
class DeskSessionView:
    """A run of the app at a desk."""

    token: str
    person_id: int
    desk: str
    started_at: datetime


def presence_of(
    connection: Connection | Session, person_ids: Iterable[int], now: datetime
) -> dict[int, Presence]:
    """The presence of each of these people, in one statement (the routing hot path uses it)."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return {}
    open_seen = func.max(case((DeskSession.ended_at.is_(None), DeskSession.last_seen_at)))
    rows = connection.execute(
        select(
            Person.id,
            PersonPresence.status,
            func.max(DeskSession.last_seen_at),
            open_seen,
            func.count(DeskSession.id),
        )
        .select_from(Person)
        .outerjoin(PersonPresence, PersonPresence.person_id == Person.id)
        .outerjoin(DeskSession, DeskSession.person_id == Person.id)
        .where(Person.id.in_(ids))
        .group_by(Person.id, PersonPresence.status)
    ).all()
    since = now - ONLINE_WITHIN
    found: dict[int, Presence] = {}
    for person_id, status, last_seen, open_last, sessions in rows:
        last_seen = _aware(last_seen)
        open_last = _aware(open_last)
        online = None if not sessions else bool(open_last is not None and open_last >= since)
        found[person_id] = Presence(person_id, status or "available", online, last_seen)
    return found


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class PresenceService:
    """Setting one's status, and the desk sessions that say who is online."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def set_status(self, actor: Actor, person_id: int, status: str) -> Outcome[Presence]:
        """Set a person's status: their own, or anyone's for an administrator."""
        if person_id != actor.person_id and not actor.can(Permission.ASSIGN_ROLES):
            raise PermissionDenied(N_("{name} may set only their own status."), name=actor.name)
        if status not in STATUSES:
            raise ValidationError.single("status", N_("Unknown status “{status}”."), status=status)
        now = self._store.clock.now()
        with self._store.write() as session:
            if session.get(Person, person_id) is None:
                raise NotFound(N_("The person no longer exists."))
            row = session.get(PersonPresence, person_id)
            before = row.status if row is not None else "available"
            if row is None:
                row = PersonPresence(person_id=person_id)
                session.add(row)
            row.status = status
            row.updated_at = now
            row.updated_by_id = actor.person_id
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "set_presence",
                "person",
                person_id,
                {"presence": before},
                {"presence": status},
            )
            presence = presence_of(session, [person_id], now)[person_id]
        return Outcome(presence, Changes.of(Area.PRESENCE, ids=((Area.PRESENCE, person_id),)))

    def of(self, actor: Actor, person_ids: Iterable[int]) -> dict[int, Presence]:
        """The presence of each of these people, now."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.connect() as connection:
            return presence_of(connection, person_ids, self._store.clock.now())

    def mine(self, actor: Actor) -> Presence | None:
        """The acting person's own presence (``None`` for the app itself)."""
        if actor.person_id is None:
            return None
        with self._store.connect() as connection:
            return presence_of(connection, [actor.person_id], self._store.clock.now()).get(
                actor.person_id
            )

    # -- desk sessions --------------------------------------------------------------------------

    def start_session(self, actor: Actor, desk: str, pid: int = 0) -> Outcome[DeskSessionView]:
        """Open this run's desk session: the person is online from now on.

        Old sessions of the person (ended, or silent for :data:`KEEP_ENDED`) are removed.
        """
        if actor.person_id is None:
            raise ValidationError.single("person_id", N_("Choose who is using the app."))
        now = self._store.clock.now()
        token = secrets.token_hex(16)
        with self._store.write() as session:
            session.execute(
                delete(DeskSession)
                .where(
                    DeskSession.person_id == actor.person_id,
                    DeskSession.last_seen_at < now - KEEP_ENDED,
                )
                .execution_options(synchronize_session=False)
            )
            row = DeskSession(
                token=token,
                person_id=actor.person_id,
                desk=desk[:120],
                pid=pid,
                started_at=now,
                last_seen_at=now,
            )
            session.add(row)
            session.flush()
            audit.record(
                session, self._store, actor, "start", "desk_session", row.id, after={"desk": desk}
            )
        view = DeskSessionView(token, actor.person_id, row.desk, now)
        return Outcome(view, Changes.of(Area.PRESENCE, ids=((Area.PRESENCE, actor.person_id),)))

    def heartbeat(self, actor: Actor, token: str) -> bool:
        """Say this desk is still running: one UPDATE, announced to nobody.

        False when the session is gone or was ended (start a new one).
        """
        with self._store.connect() as connection:
            result = connection.execute(
                update(DeskSession)
                .where(
                    DeskSession.token == token,
                    DeskSession.person_id == actor.person_id,
                    DeskSession.ended_at.is_(None),
                )
                .values(last_seen_at=self._store.clock.now())
            )
            connection.commit()
        return bool(result.rowcount)

    def end_session(self, actor: Actor, token: str) -> Outcome[bool]:
        """Close this run's desk session at a clean exit: the person is offline at once."""
        now = self._store.clock.now()
        with self._store.write() as session:
            row = session.scalar(select(DeskSession).where(DeskSession.token == token))
            if row is None or row.ended_at is not None:
                return Outcome(False, Changes())
            if row.person_id != actor.person_id:
                raise PermissionDenied(N_("This desk session is someone else's."))
            row.ended_at = now
            row.last_seen_at = now
            session.flush()
            audit.record(session, self._store, actor, "end", "desk_session", row.id)
        return Outcome(True, Changes.of(Area.PRESENCE, ids=((Area.PRESENCE, row.person_id),)))

    def online_people(self, actor: Actor) -> list[tuple[int, str, Presence]]:
        """Everyone active who is online now, by name: (id, name, presence)."""
        actor.require(Permission.VIEW_REGISTER)
        now = self._store.clock.now()
        with self._store.connect() as connection:
            ids = list(
                connection.scalars(
                    select(DeskSession.person_id)
                    .where(
                        DeskSession.ended_at.is_(None),
                        DeskSession.last_seen_at >= now - ONLINE_WITHIN,
                    )
                    .distinct()
                )
            )
            names = dict(
                connection.execute(
                    select(Person.id, Person.name).where(Person.id.in_(ids), Person.active)
                ).all()
            )
            found = presence_of(connection, names, now)
        return sorted(
            ((i, names[i], found[i]) for i in names), key=lambda entry: (entry[1], entry[0])
        )


def with_presence(
    connection: Connection, candidates: tuple[Candidate, ...], now: datetime
) -> tuple[Candidate, ...]:
    """The transfer list with each person's presence; those away, not to be disturbed or offline
    go after the others (each part keeps its order)."""
    found = presence_of(connection, [c.person_id for c in candidates], now)
    marked = []
    for candidate in candidates:
        presence = found.get(candidate.person_id)
        if presence is None:
            marked.append(candidate)
            continue
        marked.append(
            replace(
                candidate,
                presence=presence.status,
                online=presence.online,
                presence_label=presence.label(),
            )
        )
    return tuple(sorted(marked, key=lambda c: not c.present))
