"""Versions of the records two desks may edit at once, and the conflict a stale save becomes.

Every save of such a record (contract, person, bank, registered number, checklist item, feedback
item) names the version the person started from. The service loads the row locked
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite has one writer at a time), checks the version
with :func:`expect` and writes the next one. The mapper's ``version_id_col`` makes that write
``UPDATE … WHERE id = :id AND version = :loaded``, so two concurrent transactions never both win
on either database, even without the lock. A refused save raises a ConflictError whose
:class:`~.conflicts.EditConflict` is read here from the record as stored and the
audit log: each entry of a versioned record keeps the version it wrote, so the values the person
started from are the stored ones with the ``before`` of every newer entry put back.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.common import audit
from desktop_app.core.common.conflicts import EditConflict, FieldChange, same_value
from desktop_app.core.common.errors import ConflictError, DeskError, NotFound
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.models import AuditEntry, Bank, LoanContract, Person
from desktop_app.core.storage.store import Store


class StaleVersion(Exception):
    """The stored version is not the one the save started from (caught by :func:`guarded`)."""


def expect(record: Any, expected: int) -> None:
    """Refuse to go on when ``record`` is no longer at the version the person started from."""
    if record.version != expected:
        raise StaleVersion


def lock(session: Session, model: Any, record_id: int, expected: int | None = None) -> None:
    """Lock a record's row for the rest of the transaction (PostgreSQL; SQLite has one writer).

    A second desk saving the same record waits here, then reads the version the first one wrote
    and is refused cleanly, before it touches any of the record's rows. A save already stale
    (``expected`` is not the stored version) is refused at once, without queueing for the lock.
    """
    if expected is not None:
        stored = session.scalar(select(model.version).where(model.id == record_id))
        if stored is not None and stored != expected:
            raise StaleVersion
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(model.id).where(model.id == record_id).with_for_update())


def next_version(record: Any) -> int:
    """Move ``record`` to its next version (written with ``WHERE version = :loaded``)."""
    record.version = record.version + 1
    return int(record.version)


def write_audited(
    session: Session,
    store: Store,
    actor: Actor,
    action: str,
    entity: str,
    record: Any,
    before: dict[str, Any],
    after: dict[str, Any] | None = None,
) -> int:
    """Move ``record`` to its next version, write it, and audit the change with that version.

    ``after`` defaults to the record's snapshot once written. Returns the version written.
    """
    version = next_version(record)
    session.flush()
    audit.record(
        session,
        store,
        actor,
        action,
        entity,
        record.id,
        before=before,
        after=audit.snapshot(record) if after is None else after,
        version=version,
    )
    return version


@dataclass(frozen=True)
class FieldSpec:
    """A field of a record's form as the conflict dialog lists it."""

    key: str
    label: str  # msgid
    kind: str = "text"  # see desktop_app.core.common.conflicts.show_value
    choices: Mapping[str, str] | None = None
    ref: str | None = None  # "person", "people", "bank" or "contract": ids shown as names
    restricted: bool = False  # a loan detail: listed only for those who may see them


# The stored record: (version, how people name it, its form values as plain audit values).
Reader = Callable[[Session, int], tuple[int, str, dict[str, Any]] | None]


@dataclass(frozen=True)
class RecordSpec:
    """What the conflict of one kind of record needs."""

    kind: str
    message: str  # msgid of the ConflictError
    fields: tuple[FieldSpec, ...]
    # audit entity → {key in its before/after → form field}; keys not listed are used as they are
    entities: Mapping[str, Mapping[str, str]]
    read: Reader
    # The form's fields worked out from stored ones (a contact window's day of the month from its
    # RRULE), applied to the stored, started-from and pending values before they are compared.
    derive: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None


@contextmanager
def guarded(
    store: Store,
    actor: Actor,
    spec: RecordSpec,
    record_id: int,
    expected: int,
    mine: Mapping[str, Any],
    keep: Collection[str] = (),
) -> Iterator[None]:
    """Turn a stale version met inside into a ConflictError describing the other change.

    ``keep``: the fields the person is re-applying without having changed them (after an
    earlier conflict); they stay unchanged by this person in the new conflict too. Put it
    outside ``store.write()`` so that the refused transaction is rolled back first.
    """
    try:
        yield
    except (StaleVersion, StaleDataError) as error:
        raise conflict_for(store, actor, spec, record_id, expected, mine, keep) from error
    except ConflictError as error:
        if error.conflict is not None:
            raise
        raise conflict_for(store, actor, spec, record_id, expected, mine, keep) from error


def conflict_for(
    store: Store,
    actor: Actor,
    spec: RecordSpec,
    record_id: int,
    expected: int,
    mine: Mapping[str, Any],
    keep: Collection[str] = (),
) -> DeskError:
    """The ConflictError (or NotFound, when the record is gone) for a save refused as stale."""
    with store.read() as session:
        found = spec.read(session, record_id)
        if found is None:
            return NotFound(N_("The record no longer exists."))
        version, title, theirs = found
        # Who changed what comes from the audit log; a role that may not read it (the front
        # desk, whose database login cannot) sees the values without their author.
        reads_audit = actor.can(Permission.VIEW_AUDIT)
        entries = (
            []
            if not reads_audit
            else list(
                session.scalars(
                    select(AuditEntry)
                    .where(
                        AuditEntry.entity.in_(list(spec.entities)),
                        AuditEntry.entity_id == record_id,
                        AuditEntry.version > expected,
                    )
                    .order_by(AuditEntry.id.desc())
                )
            )
        )
        base: dict[str, Any] | None = dict(theirs) if entries else None
        for entry in entries:
            renames = spec.entities[entry.entity]
            for key, value in (entry.before or {}).items():
                name = renames.get(key, key)
                if base is not None and name in base:
                    base[name] = value
        fields = [
            f for f in spec.fields if not f.restricted or actor.can(Permission.VIEW_LOAN_DETAILS)
        ]
        pending = {name: value for name, value in mine.items() if name not in keep}
        if spec.derive is not None:
            theirs = spec.derive(theirs)
            base = spec.derive(base) if base is not None else None
            pending = {n: v for n, v in spec.derive(mine).items() if n not in keep}
        changes, untouched = _compare(fields, theirs, base, pending)
        changes = _named(session, changes, {f.key: f for f in fields})
        latest = entries[0] if entries else None
        if latest is None and reads_audit:
            latest = _latest(session, spec, record_id)
        authors = tuple(dict.fromkeys(e.actor_name for e in entries))
    conflict = EditConflict(
        kind=spec.kind,
        record_id=record_id,
        title=title,
        expected_version=expected,
        current_version=version,
        changes=tuple(changes),
        mine=dict(mine),
        changed_by=latest.actor_name if latest else "",
        changed_at=latest.at if latest else None,
        desk=latest.desk if latest else "",
        authors=authors,
        untouched=frozenset(untouched),
    )
    return ConflictError(spec.message, conflict)


def _compare(
    fields: list[FieldSpec],
    theirs: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    mine: Mapping[str, Any],
) -> tuple[list[FieldChange], set[str]]:
    """The fields changed by the other person, and those this person left as they were.

    Without the audit entries (a change made before versions were recorded) the values started
    from are unknown: every field where theirs and mine differ is listed as changed by both.
    """
    changes: list[FieldChange] = []
    untouched: set[str] = set()
    for spec in fields:
        now = theirs.get(spec.key)
        started = base.get(spec.key) if base is not None else now
        pending = mine.get(spec.key, started)
        you_changed = spec.key in mine and not same_value(spec.kind, pending, started)
        if not you_changed:
            untouched.add(spec.key)
        if base is None:
            they_changed = spec.key in mine and not same_value(spec.kind, pending, now)
            you_changed = they_changed
        else:
            they_changed = not same_value(spec.kind, now, started)
        if they_changed:
            changes.append(
                FieldChange(
                    spec.key,
                    spec.label,
                    now,
                    started if base is not None else None,
                    pending,
                    you_changed,
                    spec.kind,
                    spec.choices,
                )
            )
    return changes, untouched


def _named(
    session: Session, changes: list[FieldChange], specs: Mapping[str, FieldSpec]
) -> list[FieldChange]:
    """The changes with ids of people, banks and contracts replaced by their names."""
    wanted: dict[str, set[int]] = {"person": set(), "bank": set(), "contract": set()}
    for change in changes:
        ref = specs[change.field].ref
        if ref is None:
            continue
        for value in (change.theirs, change.base, change.mine):
            ids = value if isinstance(value, list | tuple) else [value]
            wanted["person" if ref == "people" else ref].update(
                int(i) for i in ids if isinstance(i, int)
            )
    names: dict[str, dict[int, str]] = {"person": {}, "bank": {}, "contract": {}}
    for ref, model, column in (
        ("person", Person, Person.name),
        ("bank", Bank, Bank.name),
        ("contract", LoanContract, LoanContract.contract_number),
    ):
        if wanted[ref]:
            rows = session.execute(select(model.id, column).where(model.id.in_(wanted[ref])))
            names[ref] = {row[0]: row[1] for row in rows}

    def name(ref: str, value: Any) -> Any:
        if ref == "people" and isinstance(value, list | tuple):
            return [names["person"].get(i, str(i)) for i in value]
        if isinstance(value, int):
            return names[ref].get(value, str(value))
        return value

    named = []
    for change in changes:
        ref = specs[change.field].ref
        if ref is None:
            named.append(change)
            continue
        named.append(
            FieldChange(
                change.field,
                change.label,
                name(ref, change.theirs),
                name(ref, change.base),
                name(ref, change.mine),
                change.you_changed,
                "ranked" if ref == "people" else "text",
            )
        )
    return named


def _latest(session: Session, spec: RecordSpec, record_id: int) -> AuditEntry | None:
    return session.scalar(
        select(AuditEntry)
        .where(AuditEntry.entity.in_(list(spec.entities)), AuditEntry.entity_id == record_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )


def kept(
    values: Mapping[str, Any], stored: Mapping[str, Any], keep: frozenset[str]
) -> dict[str, Any]:
    """``values`` with the fields in ``keep`` taken from ``stored`` (re-applying one's changes)."""
    return {name: stored[name] if name in keep else value for name, value in values.items()}
