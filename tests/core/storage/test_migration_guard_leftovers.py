"""Migration 0021: callback-form notes written before 0010 leave the column the front desk
reads, a message the front desk took stays where it was, and ``person.db_login`` appears.
Both databases, with data written at the old schema as the services of that time wrote it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, insert, text

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.models import CallRecord
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import upgrade
from desktop_app.core.team.roles import ensure_groups, store_prefix
from tests.helpers.databases import PostgresServer
from tests.helpers.team import TeamDatabase

FORM_NOTES = "客户经理提醒：下月现场检查抵押厂房"
MESSAGE = "请王敏回电 0755-8319 0000"
MOMENT = datetime(2026, 11, 25, 2, tzinfo=UTC)


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def _call(connection: Connection, call_id: int, notes: str, recorded: bool) -> None:
    connection.execute(
        insert(CallRecord).values(
            id=call_id,
            direction="inbound",
            occurred_at=MOMENT,
            outcome="answered",
            notes=notes,
            record_notes="",
            recorded_at=MOMENT if recorded else None,
        )
    )


def _audit(
    connection: Connection, call_id: int, action: str, before: object, after: object
) -> None:
    connection.execute(
        text(
            "INSERT INTO audit_entry (at, actor_name, desk, action, entity, entity_id, before, "
            "after) VALUES (:at, '王敏', '财务-1', :action, 'call', :id, :before, :after)"
        ),
        {
            "at": MOMENT,
            "action": action,
            "id": call_id,
            "before": None if before is None else json.dumps(before, ensure_ascii=False),
            "after": json.dumps(after, ensure_ascii=False),
        },
    )


def test_old_form_notes_move_where_the_front_desk_cannot_read(engine: Engine) -> None:
    upgrade(engine, "0020_registered_extension")
    with engine.begin() as connection:
        # 1: the front desk took a message, then finance recorded the call with notes of its own
        _call(connection, 1, FORM_NOTES, recorded=True)
        _audit(connection, 1, "create", None, {"notes": MESSAGE, "outcome": "message_taken"})
        _audit(connection, 1, "record", {"notes": MESSAGE}, {"notes": FORM_NOTES})
        # 2: a call recorded through the form from the start (its snapshot has recorded_at)
        _call(connection, 2, FORM_NOTES, recorded=True)
        _audit(connection, 2, "create", None, {"notes": FORM_NOTES, "recorded_at": "2026-11-25"})
        # 3: a message taken, then recorded without notes: the message stays the desk's
        _call(connection, 3, MESSAGE, recorded=True)
        _audit(connection, 3, "create", None, {"notes": MESSAGE, "outcome": "message_taken"})
        _audit(connection, 3, "record", {"questions": ""}, {"questions": "资金用途？"})
        # 4: a message never recorded
        _call(connection, 4, MESSAGE, recorded=False)
        _audit(connection, 4, "create", None, {"notes": MESSAGE})
    upgrade(engine, "head")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, notes, record_notes FROM call_record ORDER BY id")
        ).all()
        linked = connection.execute(text("SELECT count(db_login) FROM person")).scalar()
    assert [tuple(row) for row in rows] == [
        (1, MESSAGE, FORM_NOTES),
        (2, "", FORM_NOTES),
        (3, MESSAGE, ""),
        (4, MESSAGE, ""),
    ]
    assert linked == 0


def test_a_team_servers_quiz_policy_is_keyed_on_the_person(
    postgres_server: PostgresServer,
) -> None:
    database = TeamDatabase(postgres_server, FakeClock(datetime(2026, 11, 25, tzinfo=UTC)), "quiz")
    engine = make_engine(database.owner_url)
    own_rows = f"{database.prefix}_own_rows"
    try:
        upgrade(engine, "0020_registered_extension")
        with engine.begin() as connection:  # what server init made before this migration
            ensure_groups(connection, database.prefix)
            store_prefix(connection, database.prefix)
            connection.execute(text("ALTER TABLE quiz_attempt ENABLE ROW LEVEL SECURITY"))
            connection.execute(
                text(
                    f'CREATE POLICY "{own_rows}" ON quiz_attempt TO PUBLIC '
                    "USING (db_login = session_user)"
                )
            )
        upgrade(engine, "head")
        with engine.connect() as connection:
            rule = connection.execute(
                text("SELECT qual FROM pg_policies WHERE policyname = :name"), {"name": own_rows}
            ).scalar()
        assert "person_id" in str(rule) and "db_login" in str(rule), rule
    finally:
        engine.dispose()
        database.drop()
