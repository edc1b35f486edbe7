"""Live updates between desks in team mode: what a write changed is told to every other desk.

On PostgreSQL every committed write notifies the channel :data:`CHANNEL` (see :mod:`.publisher`);
each running app listens on its own connection (see :mod:`.listener`) and feeds what it hears to
its change hub. The embedded SQLite database has one desk, so nothing is published there.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine

CHANNEL = "callback_desk"


def is_team_database(bind: Engine | Connection) -> bool:
    """Whether this is a shared team server (PostgreSQL), where desks tell each other."""
    return bind.dialect.name == "postgresql"
