"""The team server's roles in PostgreSQL: the three groups, their grants, and the desks' logins.

Everything here runs inside the caller's transaction on a PostgreSQL connection, and can be run
again: groups are made only when missing, and every grant is first revoked and then given anew,
so after ``server init`` the privileges are exactly those of :mod:`.policy`, however they were
before. Role names are quoted by the dialect; a login's password is sent as a SCRAM verifier
computed on this computer, never as plain text that a server log could keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import cast

from sqlalchemy import Connection, Table, inspect, text

from desktop_app.core.common.errors import PermissionDenied, StorageError, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.models import OrgSetting
from desktop_app.core.team.policy import (
    FRONT_DESK_ROWS,
    PREFIX_SETTING,
    SELECT,
    Grant,
    Group,
    group_grants,
    group_name,
)

ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,47}")
COMMENT = "Callback Desk {group} ({prefix})"


def check_prefix(prefix: str) -> str:
    """A valid group-name prefix, or ValidationError."""
    if not ROLE_NAME.fullmatch(prefix) or len(prefix) > 40:
        raise ValidationError.single(
            "role_prefix",
            N_(
                "“{value}” cannot start a role name: use lower-case letters, digits and _, "
                "starting with a letter."
            ),
            value=prefix,
        )
    return prefix


def check_login_name(name: str, prefix: str) -> str:
    """A valid name for a new login, not one of the groups, or ValidationError."""
    if not ROLE_NAME.fullmatch(name):
        raise ValidationError.single(
            "name",
            N_(
                "“{value}” cannot be a login name: use lower-case letters, digits and _, "
                "starting with a letter (at most 48)."
            ),
            value=name,
        )
    if name in {group_name(prefix, group) for group in Group} or name.startswith("pg_"):
        raise ValidationError.single(
            "name", N_("“{value}” is reserved: choose another login name."), value=name
        )
    return name


def quote(connection: Connection, name: str) -> str:
    """A role or table name quoted for SQL."""
    return connection.dialect.identifier_preparer.quote_identifier(name)


def existing_roles(connection: Connection, names: list[str]) -> dict[str, tuple[bool, bool]]:
    """The roles among ``names`` that exist: name → (may log in, is superuser)."""
    rows = connection.execute(
        text("SELECT rolname, rolcanlogin, rolsuper FROM pg_roles WHERE rolname = ANY(:names)"),
        {"names": names},
    ).all()
    return {row[0]: (bool(row[1]), bool(row[2])) for row in rows}


def may_create_roles(connection: Connection) -> bool:
    """Whether the connected login may create roles (a superuser or CREATEROLE)."""
    row = connection.execute(
        text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).first()
    return bool(row and row[0])


def ensure_groups(connection: Connection, prefix: str) -> list[str]:
    """Create the missing group roles; return the names created."""
    names = [group_name(prefix, group) for group in Group]
    present = existing_roles(connection, names)
    missing = [name for name in names if name not in present]
    if missing and not may_create_roles(connection):
        raise PermissionDenied(
            N_(
                "This login may not create roles: run server init as the PostgreSQL "
                "administrator (postgres) or a login with CREATEROLE."
            )
        )
    for group in Group:
        name = group_name(prefix, group)
        if name in missing:
            connection.exec_driver_sql(f"CREATE ROLE {quote(connection, name)} NOLOGIN")
            comment = COMMENT.format(group=group.value, prefix=prefix).replace("'", "''")
            connection.exec_driver_sql(f"COMMENT ON ROLE {quote(connection, name)} IS '{comment}'")
    return missing


def _grant_sql(connection: Connection, grant: Grant, role: str) -> str:
    columns = ""
    if grant.columns:
        columns = " (" + ", ".join(quote(connection, c) for c in grant.columns) + ")"
    table = quote(connection, grant.table)
    return f"GRANT {grant.privilege}{columns} ON TABLE {table} TO {quote(connection, role)}"


def apply_grants(connection: Connection, prefix: str) -> None:
    """Give each group exactly its privileges on every table of the database."""
    inspector = inspect(connection)
    tables = {
        name: [column["name"] for column in inspector.get_columns(name)]
        for name in inspector.get_table_names()
    }
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    groups = {group: quote(connection, group_name(prefix, group)) for group in Group}
    every = ", ".join(groups.values())
    for statement in (
        f"REVOKE ALL ON DATABASE {quote(connection, database)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {quote(connection, database)} TO {every}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {every}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {every}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {every}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {every}",
        f"GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO {groups[Group.ADMIN]}",
    ):
        connection.exec_driver_sql(statement)
    for group in (Group.FINANCE, Group.FRONT_DESK):
        role = group_name(prefix, group)
        for table, columns in sorted(tables.items()):
            if table == "alembic_version":
                grants = [Grant(SELECT, table)]
            else:
                grants = group_grants(group, table, columns)
            for grant in grants:
                if grant.columns:  # an older schema lacks the columns a later version added
                    present = tuple(c for c in grant.columns if c in columns)
                    if not present:
                        continue
                    grant = replace(grant, columns=present)
                connection.exec_driver_sql(_grant_sql(connection, grant, role))
    apply_row_filters(connection, prefix, set(tables))


def renew_after_upgrade(connection: Connection) -> str | None:
    """After a schema upgrade, in the same transaction: give the team's groups their privileges
    on the tables the upgrade made, so no desk ever meets a newer schema its login cannot read.
    Returns the groups' prefix; ``None`` for a database ``server init`` never prepared."""
    prefix = stored_prefix(connection)
    if prefix is None:
        return None
    names = [group_name(prefix, group) for group in Group]
    missing = [name for name in names if name not in existing_roles(connection, names)]
    if missing:
        raise StorageError(
            N_(
                "The group roles {names} of this team server are missing: an administrator "
                "runs callback-desk server init to upgrade it."
            ),
            names=", ".join(missing),
        )
    apply_grants(connection, prefix)
    return prefix


def apply_row_filters(connection: Connection, prefix: str, tables: set[str]) -> None:
    """Row-level security where the policy filters the front desk's rows; others see all."""
    names = {group: quote(connection, group_name(prefix, group)) for group in Group}
    for table, condition in sorted(FRONT_DESK_ROWS.items()):
        if table not in tables:
            continue
        quoted = quote(connection, table)
        every = quote(connection, f"{prefix}_every_row")
        own = quote(connection, f"{prefix}_own_rows")
        add = quote(connection, f"{prefix}_new_rows")
        for statement in (
            f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {every} ON {quoted}",
            f"DROP POLICY IF EXISTS {own} ON {quoted}",
            f"DROP POLICY IF EXISTS {add} ON {quoted}",
            f"CREATE POLICY {every} ON {quoted} TO {names[Group.ADMIN]}, "
            f"{names[Group.FINANCE]} USING (true) WITH CHECK (true)",
            f"CREATE POLICY {own} ON {quoted} TO {names[Group.FRONT_DESK]} "
            f"USING ({condition}) WITH CHECK (true)",
            f"CREATE POLICY {add} ON {quoted} FOR INSERT TO {names[Group.FRONT_DESK]} "
            "WITH CHECK (true)",
        ):
            connection.exec_driver_sql(statement)


def store_prefix(connection: Connection, prefix: str) -> None:
    """Note the groups' prefix in the shared settings, where every desk can read it."""
    table = cast(Table, OrgSetting.__table__)  # typed FromClause; it is a Table
    updated = connection.execute(
        table.update().where(table.c.key == PREFIX_SETTING).values(value=prefix)
    )
    if not updated.rowcount:
        connection.execute(table.insert().values(key=PREFIX_SETTING, value=prefix))


def stored_prefix(connection: Connection) -> str | None:
    """The groups' prefix noted by ``server init``, if any."""
    table = OrgSetting.__table__
    value = connection.execute(
        table.select().with_only_columns(table.c.value).where(table.c.key == PREFIX_SETTING)
    ).scalar()
    return value if isinstance(value, str) else None


def login_group(connection: Connection, prefix: str) -> Group | None:
    """The group of the connected login (the most capable, if several); ``None`` for none."""
    names = {group_name(prefix, group): group for group in Group}
    rows = connection.execute(
        text(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(:names) "
            "AND pg_has_role(current_user, oid, 'MEMBER')"
        ),
        {"names": list(names)},
    ).scalars()
    found = {names[name] for name in rows}
    return next((group for group in Group if group in found), None)


def is_unrestricted(connection: Connection) -> bool:
    """Whether the connected login is a superuser or owns the schema's tables (the installer)."""
    row = connection.execute(
        text(
            "SELECT rolsuper OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' "
            "AND pg_has_role(current_user, tableowner, 'MEMBER')) "
            "FROM pg_roles WHERE rolname = current_user"
        )
    ).first()
    return bool(row and row[0])


@dataclass(frozen=True)
class LoginResult:
    """What ``add_login`` did."""

    name: str
    group: str
    created: bool  # False: an existing login got the new password and group


def add_login(
    connection: Connection, prefix: str, name: str, group: Group, password: str
) -> LoginResult:
    """Create a login in ``group`` (or move an existing login there) with ``password``."""
    check_login_name(name, prefix)
    if not password:
        raise ValidationError.single("password", N_("A login needs a password."))
    groups = [group_name(prefix, g) for g in Group]
    present = existing_roles(connection, [*groups, name])
    missing = [g for g in groups if g not in present]
    if missing:
        raise ValidationError.single(
            "role",
            N_("The group roles {names} do not exist: run callback-desk server init first."),
            names=", ".join(missing),
        )
    if not may_create_roles(connection):
        raise PermissionDenied(
            N_(
                "This login may not create roles: add logins as the PostgreSQL administrator "
                "(postgres) or a login with CREATEROLE."
            )
        )
    created = name not in present
    if not created and present[name][1]:
        raise ValidationError.single(
            "name", N_("{name} is a superuser: choose another login name."), name=name
        )
    verifier = _verifier(connection, name, password).replace("'", "''")
    role = quote(connection, name)
    if created:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{verifier}'")
    else:
        connection.exec_driver_sql(f"ALTER ROLE {role} LOGIN PASSWORD '{verifier}'")
        for other in groups:
            connection.exec_driver_sql(f"REVOKE {quote(connection, other)} FROM {role}")
    target = group_name(prefix, group)
    connection.exec_driver_sql(f"GRANT {quote(connection, target)} TO {role}")
    return LoginResult(name, target, created)


def _verifier(connection: Connection, name: str, password: str) -> str:
    """The password as the server stores it (SCRAM), computed here by libpq."""
    raw = connection.connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    return bytes(pgconn.encrypt_password(password.encode(), name.encode())).decode()
