"""Writing and reading the audit log; every service change goes through :func:`record`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common.errors import PermissionDenied
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.models import AuditEntry, Person
from desktop_app.core.storage.store import Store


def plain(value: Any) -> Any:
    """A JSON-safe copy of a column value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


_ALREADY_PLAIN = frozenset({str, int, float, bool, type(None)})


def plain_values(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The named ``values``, JSON-safe (missing ones as None), for many rows at a time."""
    result = {}
    for name in names:
        value = values.get(name)
        result[name] = value if type(value) in _ALREADY_PLAIN else plain(value)
    return result


def snapshot(record: Any, *names: str) -> dict[str, Any]:
    """The named attributes of a record, JSON-safe; all its columns when no name is given."""
    if not names:
        names = tuple(column.key for column in record.__table__.columns)
    return {name: plain(getattr(record, name)) for name in names}


def record(
    session: Session,
    store: Store,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    version: int | None = None,
) -> None:
    """Add an audit entry to the session's transaction.

    ``version`` is the record's version after the change, for records with one. The entry
    carries the person's stored name (:func:`actor_name`), never one the caller made up.
    """
    made = entry(store, actor, action, entity, entity_id, before, after, version)
    made.actor_name = actor_name(session, actor)
    session.add(made)


def actor_name(session: Session, actor: Actor) -> str:
    """The name the audit log records for ``actor``: their person's stored name.

    An actor naming a person who does not exist, or carrying another person's name, is a
    forged entry and refused (PermissionDenied), so nothing of the change is written. A name
    that is merely out of date (the person was renamed since the actor was made) is corrected.
    The team server holds the front desk's login to the same rule (``0021_guard_leftovers``).
    """
    if actor.person_id is None:
        return actor.name  # the app itself, before anyone exists
    names: dict[tuple[int, str], str] = session.info.setdefault("audit_names", {})
    key = (actor.person_id, actor.name)
    if key not in names:
        stored = session.scalar(select(Person.name).where(Person.id == actor.person_id))
        if stored is None:
            raise PermissionDenied(
                N_("The change names a person who does not exist; nothing was saved.")
            )
        if stored != actor.name:
            other = select(Person.id).where(Person.name == actor.name)
            if session.scalar(other.where(Person.id != actor.person_id).limit(1)) is not None:
                raise PermissionDenied(
                    N_(
                        "The change is signed “{name}”, which is another person's name; "
                        "nothing was saved."
                    ),
                    name=actor.name,
                )
        names[key] = stored
    return names[key]


def entry(
    store: Store,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    version: int | None = None,
) -> AuditEntry:
    """An audit entry not yet added to a session (an import adds thousands at once)."""
    if before is not None and after is not None:
        changed = {key for key in after if before.get(key) != after.get(key)}
        before = {key: before[key] for key in changed if key in before}
        after = {key: after[key] for key in changed}
    return AuditEntry(
        at=store.clock.now(),
        actor_id=actor.person_id,
        actor_name=actor.name,
        desk=actor.desk or store.desk,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        version=version,
    )


def entry_values(
    session: Session,
    store: Store,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    """A new record's audit entry as column values, for a bulk ``INSERT`` (an import writes
    100,000 at once: no ORM object for each)."""
    return {
        "at": store.clock.now(),
        "actor_id": actor.person_id,
        "actor_name": actor_name(session, actor),
        "desk": actor.desk or store.desk,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "after": after,
    }


@dataclass(frozen=True)
class AuditView:
    """One audit entry as shown to a person."""

    at: datetime
    actor_name: str
    desk: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    # Team server: the database login that wrote the entry, stamped by the server ("" on SQLite).
    db_login: str = ""


class AuditService:
    """Reads the audit log."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def recent(
        self,
        actor: Actor,
        entity: str | None = None,
        entity_id: int | None = None,
        limit: int = 200,
    ) -> list[AuditView]:
        actor.require(Permission.VIEW_AUDIT)
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if entity:
            query = query.where(AuditEntry.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        with self._store.read() as session:
            return [_view(e) for e in session.scalars(query)]

    def search(
        self,
        actor: Actor,
        text: str = "",
        entity: str | None = None,
        limit: int = 200,
    ) -> list[AuditView]:
        """The newest ``limit`` entries of ``entity`` (all kinds when None) whose person, desk,
        login or sentence in the active language contains ``text`` (any case), newest first.

        The sentence exists only in words, not in the database, so a search reads the log
        newest first, a batch at a time, until it has ``limit`` matches or reaches the start.
        """
        actor.require(Permission.VIEW_AUDIT)
        needle = text.strip().casefold()
        if not needle:
            return self.recent(actor, entity, None, limit)
        from desktop_app.core.common.audit_text import sentence

        found: list[AuditView] = []
        below: int | None = None  # the id the next batch starts under
        with self._store.read() as session:
            while len(found) < limit:
                query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(SEARCH_BATCH)
                if entity:
                    query = query.where(AuditEntry.entity == entity)
                if below is not None:
                    query = query.where(AuditEntry.id < below)
                batch = session.scalars(query).all()
                for row in batch:
                    view = _view(row)
                    words = (view.actor_name, view.desk, view.db_login, sentence(view))
                    if any(needle in word.casefold() for word in words):
                        found.append(view)
                if len(batch) < SEARCH_BATCH:
                    break
                below = batch[-1].id
                session.expunge_all()  # a long log is read in batches, not held at once
        return found[:limit]


#: Entries a search reads at a time.
SEARCH_BATCH = 1000


def _view(row: AuditEntry) -> AuditView:
    return AuditView(
        row.at,
        row.actor_name,
        row.desk,
        row.action,
        row.entity,
        row.entity_id,
        row.before,
        row.after,
        row.db_login or "",
    )
