"""``server check``: what is wrong with a desk's connection to the team server, in plain words.

It connects as the desk would and reports, in order: the connection (or why it failed), whether
it is encrypted, the schema (empty, older, newer, not ours), the group roles, which group the
login belongs to, and every privilege that group needs and the login lacks — or, for the front
desk, has and must not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import ROLE_LABELS
from desktop_app.core.storage.engine import make_engine, safe_url
from desktop_app.core.storage.migrate import HEAD_REVISION, KNOWN_REVISIONS, current_revision
from desktop_app.core.team.diagnose import connect_failure
from desktop_app.core.team.policy import (
    DATA_PRIVILEGES,
    DEFAULT_PREFIX,
    DELETE,
    GROUP_ROLES,
    SELECT,
    Grant,
    Group,
    forbidden_columns,
    group_grants,
    group_name,
)
from desktop_app.core.team.roles import existing_roles, is_unrestricted, login_group, stored_prefix


class Status(StrEnum):
    """How a finding reads: fine, worth knowing, or a problem to fix."""

    OK = "ok"
    NOTE = "note"
    PROBLEM = "problem"


STATUS_LABELS = {Status.OK: N_("ok"), Status.NOTE: N_("note"), Status.PROBLEM: N_("FAILED")}
EXIT_OK, EXIT_PROBLEMS, EXIT_UNREACHABLE = 0, 1, 3


@dataclass(frozen=True)
class Finding:
    """One thing the check looked at: what, how it reads, and what was found (translated)."""

    topic: str
    status: Status
    detail: str


@dataclass(frozen=True)
class ServerCheck:
    """Everything ``server check`` found."""

    findings: tuple[Finding, ...]
    reachable: bool

    @property
    def exit_code(self) -> int:
        if not self.reachable:
            return EXIT_UNREACHABLE
        if any(f.status is Status.PROBLEM for f in self.findings):
            return EXIT_PROBLEMS
        return EXIT_OK


def check_server(engine: Engine, prefix: str | None = None) -> ServerCheck:
    """Check the team server behind ``engine`` as its login sees it; never raises for a finding."""
    url = engine.url
    try:
        with engine.connect() as connection:
            return ServerCheck(tuple(_findings(engine, connection, prefix)), True)
    except OperationalError as error:
        failure = connect_failure(error)
        detail = failure.text(url) if failure else str(error)
        if failure and failure.detail:
            detail += " (" + failure.detail + ")"
        return ServerCheck((Finding(_("Connection"), Status.PROBLEM, detail),), False)


def check_url(url: str) -> ServerCheck:
    """:func:`check_server` for a URL (its password in it, or none): Settings' "Test connection"."""
    engine = make_engine(url)
    try:
        return check_server(engine)
    finally:
        engine.dispose()


def _findings(engine: Engine, connection: Connection, prefix: str | None) -> list[Finding]:
    user, database, version = connection.execute(
        text("SELECT current_user, current_database(), current_setting('server_version')")
    ).one()
    url = engine.url
    found = [
        Finding(
            _("Connection"),
            Status.OK,
            _(
                "Connected to {host}, port {port}, database {database}, as {user} "
                "(PostgreSQL {version})."
            ).format(
                host=url.host or "localhost",
                port=url.port or 5432,
                database=database,
                user=user,
                version=version,
            ),
        ),
        _encryption(connection),
    ]
    schema = _schema(engine)
    found.append(schema)
    if schema.status is Status.PROBLEM and not inspect(connection).has_table("org_setting"):
        return found  # nothing of ours to check further
    chosen = prefix or _stored_prefix(connection) or DEFAULT_PREFIX
    found.append(_groups(connection, chosen))
    if is_unrestricted(connection):
        found.append(
            Finding(
                _("Login"),
                Status.NOTE,
                _(
                    "{user} is the database's owner or a superuser: it passes every "
                    "restriction. Give each desk its own login with callback-desk server "
                    "add-login."
                ).format(user=user),
            )
        )
        return found
    group = login_group(connection, chosen)
    if group is None:
        found.append(
            Finding(
                _("Login"),
                Status.PROBLEM,
                _(
                    "{user} belongs to none of the groups {prefix}_admin, {prefix}_finance, "
                    "{prefix}_front_desk: run callback-desk server add-login {user} --role "
                    "front_desk (or finance, admin)."
                ).format(user=user, prefix=chosen),
            )
        )
        return found
    found.append(
        Finding(
            _("Login"),
            Status.OK,
            _(
                "{user} is a login of the group {group}: people at this desk act as {role} at most."
            ).format(
                user=user,
                group=group_name(chosen, group),
                role=_(ROLE_LABELS[GROUP_ROLES[group]]),
            ),
        )
    )
    found.extend(_privileges(connection, group))
    return found


def _stored_prefix(connection: Connection) -> str | None:
    try:
        with connection.begin_nested():
            return stored_prefix(connection)
    except DBAPIError:
        return None


def _encryption(connection: Connection) -> Finding:
    row = connection.execute(
        text("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
    ).first()
    if row and row[0]:
        return Finding(
            _("Encryption"), Status.OK, _("Encrypted with {version}.").format(version=row[1])
        )
    return Finding(
        _("Encryption"),
        Status.NOTE,
        _(
            "Not encrypted. Inside the office network that may do; to encrypt, turn on ssl on "
            "the server and choose the TLS mode “require” or “verify-full” in Settings › Database."
        ),
    )


def _schema(engine: Engine) -> Finding:
    topic = _("Schema")
    try:
        revision = current_revision(engine)
    except DeskError as error:
        return Finding(topic, Status.PROBLEM, error.text())
    where = safe_url(engine.url)
    if revision is None:
        return Finding(
            topic,
            Status.PROBLEM,
            _(
                "The database is empty: run callback-desk server init --db {url} --admin NAME "
                "on the server."
            ).format(url=where),
        )
    if revision == HEAD_REVISION:
        return Finding(
            topic, Status.OK, _("Schema {revision}, as this app expects.").format(revision=revision)
        )
    if revision in KNOWN_REVISIONS:
        return Finding(
            topic,
            Status.PROBLEM,
            _(
                "Schema {found} is older than this app's {expected}: upgrade it with "
                "callback-desk server init --db {url}, run as the database's owner (postgres)."
            ).format(found=revision, expected=HEAD_REVISION, url=where),
        )
    return Finding(
        topic,
        Status.PROBLEM,
        _(
            "Schema {found} was written by a newer version of Callback Desk: update the app on "
            "this desk."
        ).format(found=revision),
    )


def _groups(connection: Connection, prefix: str) -> Finding:
    names = [group_name(prefix, group) for group in Group]
    present = existing_roles(connection, names)
    missing = [name for name in names if name not in present]
    if missing:
        return Finding(
            _("Roles"),
            Status.PROBLEM,
            _(
                "The group roles {names} are missing: run callback-desk server init on the "
                "server (as postgres)."
            ).format(names=", ".join(missing)),
        )
    return Finding(_("Roles"), Status.OK, ", ".join(names))


def _has(connection: Connection, grant: Grant, column: str | None = None) -> bool:
    if column is None:
        query = "SELECT has_table_privilege(current_user, :table, :privilege)"
    else:
        query = "SELECT has_column_privilege(current_user, :table, :column, :privilege)"
    return bool(
        connection.execute(
            text(query),
            {"table": f"public.{grant.table}", "column": column, "privilege": grant.privilege},
        ).scalar()
    )


def _privileges(connection: Connection, group: Group) -> list[Finding]:
    inspector = inspect(connection)
    missing: list[str] = []
    excess: list[str] = []
    for table in sorted(inspector.get_table_names()):
        columns = [column["name"] for column in inspector.get_columns(table)]
        grants = (
            [Grant(SELECT, table)]
            if table == "alembic_version"
            else group_grants(group, table, columns)
        )
        for grant in grants:
            lacking = (
                [c for c in grant.columns if not _has(connection, grant, c)]
                if grant.columns
                else ([] if _has(connection, grant) else [""])
            )
            if lacking:
                where = f"{table}({', '.join(lacking)})" if lacking != [""] else table
                missing.append(f"{grant.privilege} {where}")
        for column in forbidden_columns(group, table, columns):
            if _has(connection, Grant(SELECT, table), column):
                excess.append(f"SELECT {table}.{column}")
        if group is Group.FRONT_DESK:
            granted = {g.privilege for g in grants}
            for privilege in DATA_PRIVILEGES:
                # DELETE has no column form; the others are granted per column too.
                function = (
                    "has_table_privilege" if privilege == DELETE else "has_any_column_privilege"
                )
                if (
                    privilege not in granted
                    and connection.execute(
                        text(f"SELECT {function}(current_user, :table, :privilege)"),
                        {"table": f"public.{table}", "privilege": privilege},
                    ).scalar()
                ):
                    excess.append(f"{privilege} {table}")
    findings: list[Finding] = []
    if missing:
        findings.append(
            Finding(
                _("Privileges"),
                Status.PROBLEM,
                _(
                    "This login lacks privileges its group needs: {missing}. Renew them with "
                    "callback-desk server init on the server."
                ).format(missing="; ".join(missing)),
            )
        )
    if excess:
        findings.append(
            Finding(
                _("Privileges"),
                Status.PROBLEM,
                _(
                    "This front-desk login may read or change what the front desk must not: "
                    "{excess}. Restore the restrictions with callback-desk server init."
                ).format(excess="; ".join(excess)),
            )
        )
    if not findings:
        findings.append(
            Finding(
                _("Privileges"),
                Status.OK,
                _("Every privilege the group needs is granted, and no more."),
            )
        )
    return findings
