"""The team's database policy kept in step with the data model, the role cap, and plain words.

A new table must be classified for the front desk; the columns the ORM defers as loan or call
details must be exactly those the front desk's login may not read; a server address keeps TLS
settings in its URL and never a password.
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect as orm_inspect

from desktop_app.core.common.permissions import Role, capped
from desktop_app.core.models import Base, CallRecord, FollowUp, LoanContract
from desktop_app.core.models.calls import CALL_DETAILS, FOLLOW_UP_DETAILS
from desktop_app.core.models.contracts import LOAN_DETAILS
from desktop_app.core.team.diagnose import ConnectProblem, classify
from desktop_app.core.team.policy import (
    FRONT_DESK_WRITES,
    HIDDEN_FROM_FRONT_DESK,
    INSERT,
    SELECT,
    Grant,
    Group,
    classified_tables,
    forbidden_columns,
    front_desk_grants,
    group_grants,
)
from desktop_app.core.team.server_url import ServerAddress


def test_every_table_is_classified_for_the_front_desk() -> None:
    unclassified = set(Base.metadata.tables) - classified_tables()
    assert not unclassified, (
        f"Decide what the front desk may do on {sorted(unclassified)} in "
        "desktop_app/core/team/policy.py"
    )
    assert classified_tables() <= set(Base.metadata.tables)  # no stale names either


def test_every_written_column_exists() -> None:
    for table, writes in FRONT_DESK_WRITES.items():
        columns = set(Base.metadata.tables[table].c.keys())
        for write in writes:
            assert set(write.columns) <= columns, (table, write)


@pytest.mark.parametrize(
    ("model", "group"),
    [
        (LoanContract, LOAN_DETAILS),
        (CallRecord, CALL_DETAILS),
        (FollowUp, FOLLOW_UP_DETAILS),
    ],
)
def test_the_orm_defers_exactly_what_the_front_desk_may_not_read(
    model: type[Base], group: str
) -> None:
    deferred = {
        prop.key
        for prop in orm_inspect(model).column_attrs
        if prop.deferred and prop.group == group
    }
    assert deferred == HIDDEN_FROM_FRONT_DESK[model.__tablename__]


def test_front_desk_grants() -> None:
    columns = list(Base.metadata.tables["loan_contract"].c.keys())
    (select_grant,) = front_desk_grants("loan_contract", columns)
    assert select_grant.privilege == SELECT
    assert "principal" not in select_grant.columns and "contract_number" in select_grant.columns
    audit = front_desk_grants("audit_entry", ["id", "before", "after"])
    assert audit[0] == Grant(SELECT, "audit_entry", ("id",))
    assert audit[1].privilege == INSERT and "db_login" not in audit[1].columns
    assert forbidden_columns(Group.FRONT_DESK, "audit_entry", ["id", "before"]) == ["before"]
    assert forbidden_columns(Group.FINANCE, "loan_contract", columns) == []
    assert {g.privilege for g in group_grants(Group.FINANCE, "loan_contract", columns)} == {
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
    }


def test_the_desks_login_caps_the_role() -> None:
    assert capped(Role.FINANCE, Role.FRONT_DESK) is Role.FRONT_DESK
    assert capped(Role.ADMIN, Role.FINANCE) is Role.FINANCE
    assert capped(Role.TRAINEE, Role.FRONT_DESK) is Role.TRAINEE
    assert capped(Role.ADMIN, None) is Role.ADMIN


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ('FATAL:  用户 "desk1" Password 认证失败', ConnectProblem.PASSWORD_REJECTED),
        ('FATAL:  角色 "desk1" 不存在', ConnectProblem.NO_SUCH_ROLE),
        ('FATAL:  数据库 "callback_desk" 不存在', ConnectProblem.NO_DATABASE),
        (
            'FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "desk1", database "cd"',
            ConnectProblem.HOST_NOT_ALLOWED,
        ),
        ("timeout expired", ConnectProblem.TIMEOUT),
        (
            'could not translate host name "office-srv" to address: Name or service not known',
            ConnectProblem.UNKNOWN_HOST,
        ),
        ("server does not support SSL, but SSL was required", ConnectProblem.TLS_UNAVAILABLE),
        ("something else entirely", ConnectProblem.OTHER),
    ],
)
def test_connection_failures_the_test_server_cannot_produce(
    message: str, problem: ConnectProblem
) -> None:
    # The live tests produce refused ports, unknown roles and databases, group roles, missing
    # CONNECT and passwords; these are the wordings of a Chinese-language server and of
    # networks the test machine does not have.
    assert classify(message) is problem


def test_a_server_address_keeps_tls_in_its_url_and_no_password() -> None:
    address = ServerAddress("db.office", 5433, "callback_desk", "reception1", "verify-full", "/ca")
    url = address.url("secret")
    assert url.password == "secret"
    assert "secret" not in address.settings_url()
    assert ServerAddress.from_url(address.settings_url()) == address
    assert ServerAddress.from_url("postgresql://u@h/d") == ServerAddress("h", 5432, "d", "u")
    assert "sslmode" not in ServerAddress("h", user="u").settings_url()  # prefer: the default
