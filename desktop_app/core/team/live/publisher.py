"""Tells the other desks what each committed write changed, for every service at once.

The recorder of :mod:`desktop_app.core.storage.written` collects, on the app's session factory, the
areas of the rows a transaction inserts, updates or deletes (the same derivation the local screens
get through the operation helper). Just before the commit the publisher runs
``SELECT pg_notify('callback_desk', payload)`` in the same transaction, so PostgreSQL delivers the
message when, and only if, the transaction commits. No service has to remember to do it.

Installed for PostgreSQL only (the embedded database has one desk). Writes made on a bare
connection (``store.connect()``), such as the presence heartbeat, are not announced on purpose.
"""

from __future__ import annotations

import os
import secrets

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.storage import written
from desktop_app.core.storage.written import IGNORED_TABLES, TABLE_AREAS, area_of
from desktop_app.core.team.live import CHANNEL
from desktop_app.core.team.live.payload import Origin, encode

__all__ = ["IGNORED_TABLES", "TABLE_AREAS", "Publisher", "area_of"]


class Publisher:
    """Collects what each transaction of a session factory changed and notifies it at commit."""

    def __init__(self, desk: str, channel: str = CHANNEL) -> None:
        self.origin = Origin(secrets.token_hex(8), desk, os.getpid())
        self.channel = channel
        self.sent = 0  # notifications sent, for the benchmark and tests

    def install(self, factory: sessionmaker[Session]) -> None:
        """Listen to every session ``factory`` makes (the recorder collects what it writes)."""
        written.install(factory)
        event.listen(factory, "before_commit", self._on_before_commit)

    def _on_before_commit(self, session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint: the outer commit sends everything
        session.flush()  # what the commit would flush, collected now
        changes = written.pending_changes(session)
        if not changes.areas:
            return
        payload = encode(changes, self.origin)
        session.connection().execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": self.channel, "payload": payload},
        )
        self.sent += 1
