"""The role sweep: every table and column of a team database tried as one login, against the policy.

For each column it tries a read (``SELECT col … LIMIT 1``), and for each table and column the
writes (``INSERT … SELECT … WHERE false``, ``UPDATE … SET col = col WHERE false``,
``DELETE … WHERE false``): PostgreSQL checks privileges before it looks at a single row, so no
row is changed and no trigger fires, yet a privilege the login should not hold shows. What the
database allowed is compared with what :mod:`.policy` says the login's group may do: a *leak* is
a column read that the policy forbids, a *forbidden write* a write it does not grant; a
privilege the policy grants but the database refused is *missing* (the app would fail there).
Each statement runs in its own savepoint, inside one transaction that is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, inspect
from sqlalchemy.exc import DBAPIError

from desktop_app.core.team.policy import (
    DELETE,
    INSERT,
    SELECT,
    UPDATE,
    Group,
    forbidden_columns,
    group_grants,
)

INSUFFICIENT_PRIVILEGE = "42501"


@dataclass(frozen=True)
class Attempt:
    """One privilege tried: on a table, and a column ("" for the whole row, as DELETE)."""

    privilege: str
    table: str
    column: str = ""

    def __str__(self) -> str:
        return f"{self.privilege} {self.table}{'.' + self.column if self.column else ''}"


@dataclass
class SweepReport:
    """What the sweep tried and how the database answered, against the policy."""

    tried: int = 0
    leaks: list[Attempt] = field(default_factory=list)
    forbidden_writes: list[Attempt] = field(default_factory=list)
    missing: list[Attempt] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.leaks or self.forbidden_writes or self.missing)


def allowed_by_policy(group: Group, table: str, columns: list[str]) -> set[Attempt]:
    """Every (privilege, column) the policy lets ``group`` use on ``table``."""
    allowed: set[Attempt] = set()
    if table == "alembic_version" and group is not Group.ADMIN:
        # server init gives the other groups the schema revision to read, nothing more.
        return {Attempt(SELECT, table, column) for column in columns}
    hidden = set(forbidden_columns(group, table, columns))
    for grant in group_grants(group, table, columns):
        targets = grant.columns or tuple(columns)
        if grant.privilege == DELETE:
            allowed.add(Attempt(DELETE, table))
            continue
        for column in targets:
            if grant.privilege == SELECT and column in hidden:
                continue
            allowed.add(Attempt(grant.privilege, table, column))
    return allowed


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _statements(
    connection: Connection, table: str, columns: list[str]
) -> list[tuple[Attempt, str]]:
    quoted = _quote(connection, table)
    tried: list[tuple[Attempt, str]] = []
    for column in columns:
        name = _quote(connection, column)
        tried.append((Attempt(SELECT, table, column), f"SELECT {name} FROM {quoted} LIMIT 1"))
        tried.append(
            (
                Attempt(INSERT, table, column),
                f"INSERT INTO {quoted} ({name}) SELECT NULL WHERE false",
            )
        )
        tried.append(
            (Attempt(UPDATE, table, column), f"UPDATE {quoted} SET {name} = NULL WHERE false")
        )
    tried.append((Attempt(DELETE, table), f"DELETE FROM {quoted} WHERE false"))
    return tried


def _permitted(connection: Connection, statement: str) -> bool:
    savepoint = connection.begin_nested()
    try:
        connection.exec_driver_sql(statement)
    except DBAPIError as error:
        savepoint.rollback()
        if getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            return False
        raise
    savepoint.rollback()
    return True


def sweep(connection: Connection, group: Group) -> SweepReport:
    """Try every privilege on every table and column as the connected login of ``group``."""
    if connection.in_transaction():
        connection.rollback()
    report = SweepReport()
    transaction = connection.begin()
    try:
        inspector = inspect(connection)
        tables = {
            name: [column["name"] for column in inspector.get_columns(name)]
            for name in inspector.get_table_names()
        }
        for table, columns in sorted(tables.items()):
            allowed = allowed_by_policy(group, table, columns)
            for attempt, statement in _statements(connection, table, columns):
                report.tried += 1
                permitted = _permitted(connection, statement)
                expected = attempt in allowed
                if permitted and not expected:
                    target = (
                        report.leaks if attempt.privilege == SELECT else report.forbidden_writes
                    )
                    target.append(attempt)
                elif expected and not permitted:
                    report.missing.append(attempt)
    finally:
        transaction.rollback()
    return report
