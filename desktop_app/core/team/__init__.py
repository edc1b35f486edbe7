"""Team mode on a shared PostgreSQL server: set-up, database roles, and checking a connection.

:mod:`.policy` says what each group role may do, :mod:`.roles` applies it in PostgreSQL,
:mod:`.server_init` prepares a database and adds desk logins, :mod:`.check` and :mod:`.diagnose`
explain what is wrong in plain words, :mod:`.server_url` builds a team server's URL from the
settings' fields. Nothing here imports Qt.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from desktop_app.core.common.permissions import Role
from desktop_app.core.team.policy import DEFAULT_PREFIX, GROUP_ROLES
from desktop_app.core.team.roles import is_unrestricted, login_group, stored_prefix


def database_role_cap(engine: Engine) -> Role | None:
    """The most a person may do at this desk, given the database login it connects with.

    ``None`` (no limit) on SQLite, for the database's owner or a superuser, and for a login of
    none of the groups (it is stopped by the database instead); otherwise the role of the group,
    so that a finance person at a front-desk desk works as the front desk, whose login cannot
    read what finance reads.
    """
    if engine.dialect.name != "postgresql":
        return None
    try:
        with engine.connect() as connection:
            if is_unrestricted(connection):
                return None
            group = login_group(connection, stored_prefix(connection) or DEFAULT_PREFIX)
    except DBAPIError:
        return None
    return GROUP_ROLES[group] if group else None
