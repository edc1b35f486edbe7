"""Tells the other desks what each committed write changed, for every service at once.

Session events on the app's session factory collect the tables of the rows a transaction inserts,
updates or deletes — ORM objects at each flush, and Core ``insert``/``update``/``delete`` statements
run through the session (escalation's guarded update, replacing a responder list) — and map each
table to the :class:`Area` the screens know. Just before the commit it runs
``SELECT pg_notify('callback_desk', payload)`` in the same transaction, so PostgreSQL delivers the
message when, and only if, the transaction commits. No service has to remember to do it.

Installed for PostgreSQL only (the embedded database has one desk). Writes made on a bare
connection (``store.connect()``), such as the presence heartbeat, are not announced on purpose.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.team.live import CHANNEL
from desktop_app.core.team.live.payload import Origin, encode

_KEY = "callback_desk_live_changes"

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
#: Tables whose writes no screen shows (the audit log is read on demand; calendar_event is the
#: .ics exports' bookkeeping of what calendar programs were told).
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


class Publisher:
    """Collects what each transaction of a session factory changed and notifies it at commit."""

    def __init__(self, desk: str, channel: str = CHANNEL) -> None:
        self.origin = Origin(secrets.token_hex(8), desk, os.getpid())
        self.channel = channel
        self.sent = 0  # notifications sent, for the benchmark and tests

    def install(self, factory: sessionmaker[Session]) -> None:
        """Listen to every session ``factory`` makes."""
        event.listen(factory, "after_flush", self._on_after_flush)
        event.listen(factory, "do_orm_execute", self._on_orm_execute)
        event.listen(factory, "before_commit", self._on_before_commit)
        event.listen(factory, "after_commit", self._forget)
        event.listen(factory, "after_rollback", self._forget)

    def _on_after_flush(self, session: Session, _flush: UOWTransaction) -> None:
        changed = [*session.new, *session.deleted]
        changed += [o for o in session.dirty if session.is_modified(o, include_collections=False)]
        for instance in changed:
            table = getattr(instance, "__table__", None)
            if isinstance(table, Table):
                column = ID_COLUMNS.get(table.name)
                identifier = getattr(instance, column, None) if column else None
                _note(session, table, [identifier] if isinstance(identifier, int) else [])

    def _on_orm_execute(self, state: ORMExecuteState) -> None:
        if not (state.is_insert or state.is_update or state.is_delete):
            return
        table = getattr(state.statement, "table", None)
        if isinstance(table, Table):
            ids = _ids_named(state.statement, table) if ID_COLUMNS.get(table.name) == "id" else []
            _note(state.session, table, ids)

    def _on_before_commit(self, session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint: the outer commit sends everything
        session.flush()  # what the commit would flush, collected now
        pending: dict[Area, list[int]] | None = session.info.pop(_KEY, None)
        if not pending:
            return
        ids = tuple((area, i) for area, values in pending.items() for i in values)
        payload = encode(Changes(frozenset(pending), ids), self.origin)
        session.connection().execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": self.channel, "payload": payload},
        )
        self.sent += 1

    def _forget(self, session: Session, *_args: Any) -> None:
        session.info.pop(_KEY, None)


def _note(session: Session, table: Table, ids: list[int]) -> None:
    if table.name in IGNORED_TABLES:
        return
    area = area_of(table)
    if area is None:
        return
    bucket: list[int] = session.info.setdefault(_KEY, {}).setdefault(area, [])
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
