"""The front-desk login at the database, swept: every table and column read and written against
the policy, and each leak and forbidden write the review found tried by name.

The team database holds the demo company, a callback record finance wrote (questions, answers, a
promised document, the form's notes) and quiz attempts taken at a finance and a front-desk desk.
These tests fail, never skip, when the PostgreSQL test server is unreachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.demo.windows import CERTIFIED
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.records.callback_records import CallbackDraft, Exchange, PromisedDocument
from desktop_app.core.team.policy import Group
from desktop_app.core.team.sweep import sweep
from tests.conftest import START
from tests.core.team.test_team_server import PASSWORD, login_context
from tests.helpers.databases import PostgresServer
from tests.helpers.team import TeamDatabase

DOCUMENT = "2026年三季度增值税申报表"
FORM_NOTES = "客户经理提醒：下月现场检查抵押厂房"


@pytest.fixture(scope="module")
def team(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TeamDatabase]:
    database = TeamDatabase(postgres_server, FakeClock(START), "sweep")
    try:
        database.load_demo_then_init(tmp_path_factory.mktemp("owner"), database.clock)
        database.add_login(Group.FRONT_DESK, person="刘洋")
        database.add_login(Group.FINANCE)
        finance = login_context(database, Group.FINANCE, tmp_path_factory.mktemp("finance"))
        try:
            services = finance.services
            actor = services.identity.actor_named("王敏")
            bank = services.banks.list(actor)[0]
            services.callback_records.record(
                actor,
                CallbackDraft(
                    bank_id=bank.id,
                    exchanges=[Exchange("use_of_funds", "资金用途？", "支付铝型材货款")],
                    documents=[PromisedDocument(DOCUMENT, date(2026, 11, 27))],
                    notes=FORM_NOTES,
                ),
            )
        finally:
            finance.close()
        owner_engine = create_engine(database.owner_url)
        try:
            with owner_engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO follow_up (kind, description, due_at, status, "
                        "escalation_level, created_at) "
                        "VALUES ('notify_bank', 'notify', now(), 'open', 0, now())"
                    )
                )
        finally:
            owner_engine.dispose()
        # 刘洋's attempts at the finance desk and at the front desk, and 王敏's at the front desk
        for group, person in (
            (Group.FINANCE, "刘洋"),
            (Group.FRONT_DESK, "刘洋"),
            (Group.FRONT_DESK, "王敏"),
        ):
            engine = raw(database, group)
            try:
                with engine.begin() as connection:
                    connection.execute(
                        text(
                            "INSERT INTO quiz_attempt (person_id, path_code, started_at, score, "
                            "total, passed, answers) SELECT id, 'front_desk', now(), 3, 10, "
                            "false, '{}' FROM person WHERE name = :name"
                        ),
                        {"name": person},
                    )
            finally:
                engine.dispose()
        yield database
    finally:
        database.drop()


def raw(team: TeamDatabase, group: Group) -> Engine:
    login = next(name for name in team.logins if f"_{group.value}_" in name)
    return create_engine(team.url_for(login, PASSWORD))


@pytest.fixture
def front_desk_sql(team: TeamDatabase) -> Iterator[Connection]:
    engine = raw(team, Group.FRONT_DESK)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def owner_scalar(team: TeamDatabase, statement: str) -> object:
    engine = create_engine(team.owner_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(statement)).scalar()
    finally:
        engine.dispose()


def refused(connection: Connection, statement: str) -> bool:
    """Whether the database refuses ``statement`` for lack of privilege (then rolled back)."""
    if connection.in_transaction():
        connection.rollback()
    transaction = connection.begin()
    try:
        connection.execute(text(statement))
    except DBAPIError as error:
        assert getattr(error.orig, "sqlstate", None) == "42501", error
        return True
    finally:
        transaction.rollback()
    return False


# -- the sweep ------------------------------------------------------------------------------------


def test_every_table_and_column_as_the_front_desk_holds_to_the_policy(
    front_desk_sql: Connection,
) -> None:
    report = sweep(front_desk_sql, Group.FRONT_DESK)
    assert report.tried > 500
    assert [str(a) for a in report.leaks] == []
    assert [str(a) for a in report.forbidden_writes] == []
    assert [str(a) for a in report.missing] == []


def test_the_sweep_sees_a_leak(team: TeamDatabase, front_desk_sql: Connection) -> None:
    # Proof the sweep can fail: grant one hidden column, sweep, take it back.
    group = f"{team.prefix}_front_desk"
    owner = create_engine(team.owner_url)
    try:
        with owner.begin() as connection:
            connection.execute(text(f'GRANT SELECT (principal) ON loan_contract TO "{group}"'))
            connection.execute(text(f'GRANT UPDATE (bank_id) ON bank_phone TO "{group}"'))
        report = sweep(front_desk_sql, Group.FRONT_DESK)
        assert [str(a) for a in report.leaks] == ["SELECT loan_contract.principal"]
        assert [str(a) for a in report.forbidden_writes] == ["UPDATE bank_phone.bank_id"]
    finally:
        with owner.begin() as connection:
            connection.execute(text(f'REVOKE SELECT (principal) ON loan_contract FROM "{group}"'))
            connection.execute(text(f'REVOKE UPDATE (bank_id) ON bank_phone FROM "{group}"'))
        owner.dispose()


def test_a_finance_login_holds_to_the_policy(team: TeamDatabase) -> None:
    engine = raw(team, Group.FINANCE)
    try:
        with engine.connect() as connection:
            assert sweep(connection, Group.FINANCE).clean
    finally:
        engine.dispose()


# -- what the bank asked ------------------------------------------------------------------------


def test_the_requested_document_is_not_in_what_the_front_desk_reads(
    team: TeamDatabase, front_desk_sql: Connection, tmp_path: Path
) -> None:
    stored = f"SELECT count(*) FROM follow_up WHERE document = '{DOCUMENT}'"
    assert owner_scalar(team, stored) == 1
    descriptions = front_desk_sql.execute(text("SELECT description FROM follow_up")).scalars()
    assert all(DOCUMENT not in (d or "") for d in descriptions)
    assert refused(front_desk_sql, "SELECT document FROM follow_up")
    assert refused(front_desk_sql, "SELECT record_notes FROM call_record")
    notes = front_desk_sql.execute(text("SELECT notes FROM call_record")).scalars()
    assert all(FORM_NOTES not in (n or "") for n in notes)
    desk = login_context(team, Group.FRONT_DESK, tmp_path / "desk")
    try:
        actor = desk.services.identity.actor_named("刘洋")
        listed = desk.services.follow_ups.list(actor)
        documents = [f for f in listed if f.kind == "document"]
        assert documents and all(DOCUMENT not in f.description for f in documents)
        assert documents[0].description == "Send the bank the documents it asked for"
        ics = desk.services.ics.calendar_bytes(actor, START, START + timedelta(days=30))
        assert DOCUMENT.encode() not in ics and b"Send the bank the documents" in ics
        record = desk.services.callback_records.get(actor, documents[0].call_id or 0)
        assert record.record_notes is None and FORM_NOTES not in (record.notes or "")
    finally:
        desk.close()


def test_finance_reads_the_document_and_the_form_notes(team: TeamDatabase, tmp_path: Path) -> None:
    finance = login_context(team, Group.FINANCE, tmp_path / "finance")
    try:
        actor = finance.services.identity.actor_named("王敏")
        documents = [f for f in finance.services.follow_ups.list(actor) if f.kind == "document"]
        assert DOCUMENT in [f.description for f in documents]
        record = finance.services.callback_records.get(actor, documents[0].call_id or 0)
        assert record.record_notes == FORM_NOTES
    finally:
        finance.close()


def test_demo_contract_titles_do_not_name_the_use_of_funds(team: TeamDatabase) -> None:
    engine = create_engine(team.owner_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT title, purpose_of_funds FROM loan_contract"))
            pairs = rows.all()
    finally:
        engine.dispose()
    assert pairs
    for title, purpose in pairs:
        assert purpose and purpose[:4] not in title, (title, purpose)


def test_quiz_answers_and_scores_are_read_per_person_not_per_login(
    team: TeamDatabase, front_desk_sql: Connection
) -> None:
    assert owner_scalar(team, "SELECT count(*) FROM quiz_attempt") == 3 + len(CERTIFIED)
    rows = front_desk_sql.execute(
        text(
            "SELECT p.name, q.db_login FROM quiz_attempt q JOIN person p ON p.id = q.person_id "
            "ORDER BY q.id"
        )
    ).all()
    desk = next(name for name in team.logins if "_front_desk_" in name)
    finance = next(name for name in team.logins if "_finance_" in name)
    # 刘洋's own attempts wherever taken; not 王敏's, although taken at this very login
    assert [tuple(row) for row in rows] == [("刘洋", finance), ("刘洋", desk)]
    assert refused(front_desk_sql, "UPDATE quiz_attempt SET db_login = 'someone'")
    assert refused(front_desk_sql, "UPDATE person SET db_login = NULL")


# -- what the front desk may not write ----------------------------------------------------------


def test_a_forged_audit_name_is_refused(team: TeamDatabase, front_desk_sql: Connection) -> None:
    login = next(name for name in team.logins if "_front_desk_" in name)
    ids = dict(
        front_desk_sql.execute(
            text("SELECT name, id FROM person WHERE name IN ('刘洋', '王敏')")
        ).all()
    )
    front_desk_sql.rollback()
    insert = (
        "INSERT INTO audit_entry (at, actor_id, actor_name, desk, action, entity{extra}) "
        "VALUES (now(), {actor}, '{name}', 'Finance-1', '{action}', 'contract'{value})"
    )
    for actor, name in (
        ("NULL", "王敏"),  # nobody, under someone's name
        (ids["王敏"], "王敏"),  # another person, whole and consistent
        (ids["刘洋"], "王敏"),  # this login's person, under another name
    ):
        statement = insert.format(actor=actor, name=name, action="forged", extra="", value="")
        assert refused(front_desk_sql, statement), (actor, name)
    assert refused(
        front_desk_sql,
        insert.format(
            actor=ids["刘洋"], name="刘洋", action="x", extra=", db_login", value=", 'postgres'"
        ),
    )
    with front_desk_sql.begin():
        front_desk_sql.execute(
            text(insert.format(actor=ids["刘洋"], name="刘洋", action="own", extra="", value=""))
        )
    assert owner_scalar(team, "SELECT count(*) FROM audit_entry WHERE action = 'forged'") == 0
    stamped = owner_scalar(team, "SELECT db_login FROM audit_entry WHERE action = 'own'")
    assert stamped == login
    assert refused(front_desk_sql, "UPDATE audit_entry SET actor_name = 'x'")
    assert refused(front_desk_sql, "DELETE FROM audit_entry")


@pytest.mark.parametrize(
    "statement",
    [
        # wipe a callback record's questions and answers
        "UPDATE call_record SET questions = '', answers = '', exchanges = '[]' "
        "WHERE recorded_at IS NOT NULL",
        "UPDATE call_record SET recorded_at = NULL WHERE recorded_at IS NOT NULL",
        # re-point a bank's numbers to another bank
        "UPDATE bank_phone SET bank_id = (SELECT max(id) FROM bank)",
        "DELETE FROM bank_phone",
        # mark every follow-up done
        "UPDATE follow_up SET status = 'closed'",
        "UPDATE follow_up SET status = 'closed' WHERE kind = 'notify_bank'",
        "UPDATE follow_up SET description = 'nothing to do'",
        # change the administrator's computer-account link
        "UPDATE person SET os_account = 'intruder' WHERE role = 'admin'",
        "UPDATE person SET os_account = 'intruder' WHERE os_account IS NOT NULL",
        "UPDATE person SET role = 'admin'",
        # and the rest of what the app protects
        "UPDATE loan_contract SET status = 'closed'",
        "UPDATE bank SET name = 'x'",
        "DELETE FROM call_record",
        "INSERT INTO person (name, search_key, role) VALUES ('x', 'x', 'admin')",
    ],
)
def test_a_forbidden_write_is_refused(front_desk_sql: Connection, statement: str) -> None:
    assert refused(front_desk_sql, statement)


def test_the_front_desk_still_closes_one_return_call_and_links_itself(
    front_desk_sql: Connection,
) -> None:
    if front_desk_sql.in_transaction():
        front_desk_sql.rollback()
    transaction = front_desk_sql.begin()
    try:
        one = front_desk_sql.execute(
            text("SELECT id FROM follow_up WHERE kind IN ('return_call', 'document') LIMIT 1")
        ).scalar()
        assert one is not None
        closed = front_desk_sql.execute(
            text("UPDATE follow_up SET status = 'closed' WHERE id = :i"), {"i": one}
        )
        assert closed.rowcount == 1
        linked = front_desk_sql.execute(
            text(
                "UPDATE person SET os_account = 'new-pc' WHERE id = "
                "(SELECT min(id) FROM person WHERE os_account IS NULL AND role <> 'admin')"
            )
        )
        assert linked.rowcount == 1
    finally:
        transaction.rollback()


def test_the_audit_log_shows_the_login_that_wrote_each_entry(
    team: TeamDatabase, tmp_path: Path
) -> None:
    desk = login_context(team, Group.FRONT_DESK, tmp_path / "desk", desk="Reception-1")
    finance = login_context(team, Group.FINANCE, tmp_path / "finance")
    try:
        actor = desk.services.identity.actor_named("刘洋")
        call = desk.services.calls.log(actor, CallDraft(outcome="wrong_number")).value
        reader = finance.services.identity.actor_named("王敏")
        (entry,) = finance.services.audit.recent(reader, "call", call.id)
        login = next(name for name in team.logins if "_front_desk_" in name)
        assert (entry.actor_name, entry.desk, entry.db_login) == ("刘洋", "Reception-1", login)
    finally:
        desk.close()
        finance.close()


# -- quizzes at the front desk, keyed on the person ---------------------------------------------


def test_the_person_of_a_front_desk_login_takes_a_quiz_and_sees_it(
    team: TeamDatabase, tmp_path: Path
) -> None:
    desk = login_context(team, Group.FRONT_DESK, tmp_path / "desk")
    try:
        services = desk.services
        actor = services.identity.actor_named("刘洋")
        for status in services.training.progress(actor).lessons:
            services.training.mark_lesson_read(actor, status.lesson.code)
        quiz = services.training.start_quiz(actor, None, "en", seed=1)
        submitted = services.training.submit(actor, quiz, {}).value
        assert [a.id for a in services.training.attempts(actor)] == [submitted.attempt.id]
    finally:
        desk.close()


def test_a_login_of_nobody_still_reads_what_was_taken_at_it(team: TeamDatabase) -> None:
    login = team.add_login(Group.FRONT_DESK)  # a desk shared by several people
    engine = create_engine(team.url_for(login, PASSWORD))
    try:
        with engine.begin() as connection:
            made = connection.execute(
                text(
                    "INSERT INTO quiz_attempt (person_id, path_code, started_at, score, total, "
                    "passed, answers) SELECT id, 'front_desk', now(), 1, 10, false, '{}' "
                    "FROM person WHERE name = '王敏' RETURNING id"
                )
            ).scalar()
            seen = connection.execute(text("SELECT id, db_login FROM quiz_attempt")).all()
        assert [tuple(row) for row in seen] == [(made, login)]
    finally:
        engine.dispose()
