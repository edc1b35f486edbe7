"""What a transaction changed, derived once from the rows it wrote — on SQLite and PostgreSQL alike.

Session events on a session factory note the tables of the rows each transaction inserts,
updates or deletes — ORM objects at each flush, and Core ``insert``/``update``/``delete``
statements run through the session — and map each table to the :class:`Area` the screens know
(one table, :data:`TABLE_AREAS`). When the transaction commits, what it wrote is added to the
:func:`collect_changes` block open in the same thread (if any): that is how the UI's operation
helper learns what a service call changed without the service declaring it, and how the team
publisher (``core.team.live.publisher``) tells the other desks. Rolled-back writes are dropped.

:class:`~desktop_app.core.storage.store.Store` installs the recorder on its session factory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from desktop_app.core.common.changes import Area, Changes

#: Where a session keeps what its open transaction wrote (area → ids).
PENDING_KEY = "callback_desk_written"

#: What a write to each table changes, for the screens.
TABLE_AREAS: dict[str, Area] = {
    "bank": Area.BANKS,
    "bank_alias": Area.BANKS,
    "bank_officer": Area.BANKS,
    "bank_officer_key": Area.BANKS,
    "bank_phone": Area.BANKS,
    "branch": Area.BANKS,
    "loan_contract": Area.CONTRACTS,
    "registered_number": Area.NUMBERS,
    "person": Area.PEOPLE,
    "office_hours": Area.PEOPLE,
    "absence": Area.PEOPLE,
    "responder_assignment": Area.RESPONDERS,
    "contact_window": Area.WINDOWS,
    "call_record": Area.CALLS,
    "follow_up": Area.FOLLOW_UPS,
    "checklist_template": Area.CHECKLISTS,
    "checklist_template_item": Area.CHECKLISTS,
    "checklist_item": Area.CHECKLISTS,
    "evidence_file": Area.CHECKLISTS,
    "evidence_chunk": Area.CHECKLISTS,
    "feedback_item": Area.FEEDBACK,
    "certificate": Area.TRAINING,
    "lesson_progress": Area.TRAINING,
    "quiz_attempt": Area.TRAINING,
    "org_setting": Area.SETTINGS,
    "calendar_override": Area.CALENDAR,
    "reminder": Area.REMINDERS,
    "outbox": Area.OUTBOX,  # outbox_message, outbox_attachment
    "notify_preference": Area.PEOPLE,
    "person_presence": Area.PRESENCE,
    "desk_session": Area.PRESENCE,
}
#: What else a write to an area changes on screen: a person's name and active flag show in the
#: responder lists, the contracts and the registered numbers.
SHOWN_WITH: dict[Area, frozenset[Area]] = {
    Area.PEOPLE: frozenset({Area.RESPONDERS, Area.CONTRACTS, Area.NUMBERS}),
}
#: Tables whose writes no screen shows (the audit log is read on demand).
#: (calendar_event is the .ics exports' bookkeeping of what calendar programs were told.)
IGNORED_TABLES = frozenset({"audit_entry", "alembic_version", "calendar_event"})
#: Where a table's rows name the id the screens know: the row's own id, or its parent's.
ID_COLUMNS: dict[str, str] = {
    "bank": "id",
    "bank_alias": "bank_id",
    "bank_phone": "bank_id",
    "branch": "bank_id",
    "bank_officer": "bank_id",
    "loan_contract": "id",
    "registered_number": "id",
    "person": "id",
    "office_hours": "person_id",
    "absence": "person_id",
    "contact_window": "id",
    "call_record": "id",
    "follow_up": "id",
    "checklist_item": "contract_id",
    "feedback_item": "id",
    "person_presence": "person_id",
    "desk_session": "person_id",
}


def area_of(table: Table) -> Area | None:
    """The area a table belongs to: listed above, declared in ``Table.info["area"]``, or that of
    the listed table whose name starts it (``reminder_lead_time`` → reminders); else ``None``."""
    name = table.name
    if name in TABLE_AREAS:
        return TABLE_AREAS[name]
    declared = table.info.get("area")
    if declared:
        return Area(declared)
    prefixes = [known for known in TABLE_AREAS if name.startswith(known + "_")]
    return TABLE_AREAS[max(prefixes, key=len)] if prefixes else None


class ChangeCollector:
    """What the transactions committed in one :func:`collect_changes` block wrote."""

    def __init__(self) -> None:
        self.changes = Changes()

    def add(self, changes: Changes) -> None:
        self.changes = self.changes | changes


_local = threading.local()


@contextmanager
def collect_changes() -> Iterator[ChangeCollector]:
    """Collect what every transaction committed in this thread inside the block wrote."""
    collector = ChangeCollector()
    outer: list[ChangeCollector] = getattr(_local, "collectors", [])
    _local.collectors = [*outer, collector]
    try:
        yield collector
    finally:
        _local.collectors = outer
        for enclosing in outer:  # an enclosing block saw these commits too
            enclosing.add(collector.changes)


def with_shown(changes: Changes) -> Changes:
    """``changes`` and the areas that show what they wrote (:data:`SHOWN_WITH`)."""
    areas = set(changes.areas)
    for area in changes.areas:
        areas |= SHOWN_WITH.get(area, frozenset())
    return Changes(frozenset(areas), changes.ids)


def pending_changes(session: Session) -> Changes:
    """What the session's open transaction wrote so far (flush first to include pending rows)."""
    pending: dict[Area, list[int]] = session.info.get(PENDING_KEY) or {}
    ids = tuple((area, i) for area, values in pending.items() for i in values)
    return Changes(frozenset(pending), ids)


def install(factory: sessionmaker[Session]) -> None:
    """Record what every session ``factory`` makes writes (once per factory)."""
    for name, listener in _LISTENERS:
        if not event.contains(factory, name, listener):
            event.listen(factory, name, listener)


def _on_after_flush(session: Session, _flush: UOWTransaction) -> None:
    changed = [*session.new, *session.deleted]
    changed += [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    for instance in changed:
        table = getattr(instance, "__table__", None)
        if isinstance(table, Table):
            column = ID_COLUMNS.get(table.name)
            identifier = getattr(instance, column, None) if column else None
            _note(session, table, [identifier] if isinstance(identifier, int) else [])


def _on_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if isinstance(table, Table):
        ids = _ids_named(state.statement, table) if ID_COLUMNS.get(table.name) == "id" else []
        _note(state.session, table, ids)


def _on_after_commit(session: Session) -> None:
    changes = pending_changes(session)
    session.info.pop(PENDING_KEY, None)
    if not changes.areas:
        return
    collectors: list[ChangeCollector] = getattr(_local, "collectors", [])
    if collectors:
        collectors[-1].add(with_shown(changes))


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING_KEY, None)


_LISTENERS: tuple[tuple[str, Any], ...] = (
    ("after_flush", _on_after_flush),
    ("do_orm_execute", _on_orm_execute),
    ("after_commit", _on_after_commit),
    ("after_rollback", _forget),
)


def _note(session: Session, table: Table, ids: list[int]) -> None:
    if table.name in IGNORED_TABLES:
        return
    area = area_of(table)
    if area is None:
        return
    bucket: list[int] = session.info.setdefault(PENDING_KEY, {}).setdefault(area, [])
    bucket.extend(i for i in ids if i not in bucket)


def _ids_named(statement: Any, table: Table) -> list[int]:
    """The ids a Core update or delete names in its WHERE clause (``id = x``, ``id IN (…)``)."""
    where = getattr(statement, "whereclause", None)
    if where is None:
        return []
    found: list[int] = []
    for node in visitors.iterate(where):
        if not isinstance(node, BinaryExpression):
            continue
        left, right = node.left, node.right
        left_table = getattr(getattr(left, "table", None), "name", None)
        if getattr(left, "name", None) != "id" or left_table != table.name:
            continue
        if not isinstance(right, BindParameter):
            continue
        if node.operator is operators.eq and isinstance(right.value, int):
            found.append(right.value)
        elif node.operator is operators.in_op and isinstance(right.value, list | tuple):
            found.extend(v for v in right.value if isinstance(v, int))
    return found
