"""The team server on real PostgreSQL: ``server init``, group roles and grants, desk logins.

A front-desk login is refused loan amounts, clause texts and what banks asked by the database
itself, while the front desk's own work (routing, logging calls and messages, contracts without
amounts, people, Today, training, reminders, presence) runs under that login; a finance login
reads the amounts. Every database and role made here is dropped afterwards. These tests fail,
never skip, when the PostgreSQL test server is unreachable.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ConflictError, StorageError, ValidationError
from desktop_app.core.common.permissions import Role
from desktop_app.core.common.versions import conflict_for
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.secrets import MemoryStore, database_secret_key
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.models import AuditEntry, Person
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.records.callback_records import CallbackDraft, Exchange
from desktop_app.core.register.banks import BANK_EDITS
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.team.policy import PREFIX_SETTING, Group
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.team import TeamDatabase

PASSWORD = "desk-password"
ICBC_OFFICER = "010-6552 1234"  # a number ICBC calls from, in the demo


@pytest.fixture(scope="module")
def team(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TeamDatabase]:
    """The demo company on a team server: loaded by the owner, then ``server init``."""
    database = TeamDatabase(postgres_server, FakeClock(START), "team")
    try:
        database.load_demo_then_init(tmp_path_factory.mktemp("owner"), database.clock)
        database.add_login(Group.FRONT_DESK)
        database.add_login(Group.FINANCE)
        yield database
    finally:
        database.drop()


def login_context(team: TeamDatabase, group: Group, data_dir: Path, desk: str = "") -> AppContext:
    """The app's context at a desk that connects with the team's login of ``group``.

    The URL holds no password: it is found in this desk's keyring (a MemoryStore here).
    """
    login = next(name for name in team.logins if f"_{group.value}_" in name)
    url = make_url(team.url_for(login))
    store = MemoryStore()
    store.set(database_secret_key(login, url.host or "", url.port, url.database or ""), PASSWORD)
    if desk:  # Settings › General › Desk name
        LocalSettings(desk_name=desk).save(resolve_paths(str(data_dir)).settings_file)
    return open_context(
        db=url.render_as_string(hide_password=False),
        data_dir=str(data_dir),
        clock=FakeClock(START),
        secrets=store,
    )


@pytest.fixture
def front_desk(team: TeamDatabase, tmp_path: Path) -> Iterator[AppContext]:
    context = login_context(team, Group.FRONT_DESK, tmp_path / "reception", desk="Reception-1")
    yield context
    context.close()


@pytest.fixture
def finance(team: TeamDatabase, tmp_path: Path) -> Iterator[AppContext]:
    context = login_context(team, Group.FINANCE, tmp_path / "finance")
    yield context
    context.close()


def raw_engine(team: TeamDatabase, group: Group) -> Engine:
    login = next(name for name in team.logins if f"_{group.value}_" in name)
    return create_engine(team.url_for(login, PASSWORD))


# -- server init ------------------------------------------------------------------------------


def test_init_prepares_an_empty_database_and_can_run_again(
    postgres_server: PostgresServer,
) -> None:
    team = TeamDatabase(postgres_server, FakeClock(START))
    try:
        report = team.init(admin="王敏")
        assert report.revision_before is None
        assert report.admin_created == "王敏"
        assert sorted(report.created_groups) == sorted(team.groups())
        owner = make_engine(team.owner_url)
        try:
            with owner.connect() as connection:
                roles = connection.execute(
                    text("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE :p"),
                    {"p": f"{team.prefix}%"},
                ).all()
                assert sorted(roles) == sorted((name, False) for name in team.groups())
                people = connection.execute(select(Person.name, Person.role, Person.os_account))
                assert people.all() == [("王敏", "admin", None)]
                setting = connection.execute(
                    text("SELECT value FROM org_setting WHERE key = :k"), {"k": PREFIX_SETTING}
                ).scalar()
                assert setting == team.prefix
                audited = connection.execute(
                    select(AuditEntry.action, AuditEntry.entity, AuditEntry.desk).where(
                        AuditEntry.entity == "team_server"
                    )
                ).all()
                assert audited == [("init", "team_server", socket.gethostname())]
            again = team.init(admin="Someone else")
            assert again.revision_before == report.revision
            assert again.created_groups == ()
            assert again.admin_created == ""
            with owner.connect() as connection:
                assert connection.execute(select(Person.name)).scalars().all() == ["王敏"]
        finally:
            owner.dispose()
    finally:
        team.drop()


def test_init_refuses_a_database_holding_other_data(postgres_server: PostgresServer) -> None:
    team = TeamDatabase(postgres_server, FakeClock(START))
    try:
        owner = make_engine(team.owner_url)
        try:
            with owner.begin() as connection:
                connection.execute(text("CREATE TABLE invoices (id integer)"))
            with pytest.raises(StorageError, match="holds other data"):
                team.init(admin="王敏")
            with owner.connect() as connection:
                tables = connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
                assert list(tables) == ["invoices"]
                made = connection.execute(
                    text("SELECT count(*) FROM pg_roles WHERE rolname LIKE :p"),
                    {"p": f"{team.prefix}%"},
                ).scalar()
                assert made == 0
        finally:
            owner.dispose()
    finally:
        team.drop()


def test_init_of_an_empty_database_needs_the_first_administrator(
    postgres_server: PostgresServer,
) -> None:
    team = TeamDatabase(postgres_server, FakeClock(START))
    try:
        with pytest.raises(ValidationError, match="--admin NAME") as caught:
            team.init(admin="  ")
        assert caught.value.field == "admin"
        owner = make_engine(team.owner_url)
        try:
            with owner.connect() as connection:
                count = connection.execute(
                    text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                ).scalar()
            assert count == 0  # refused before anything was written
        finally:
            owner.dispose()
    finally:
        team.drop()


def test_a_login_name_may_not_be_a_group(team: TeamDatabase) -> None:
    from desktop_app.core.team.server_init import add_desk_login

    engine = make_engine(team.owner_url)
    try:
        with pytest.raises(ValidationError, match="reserved"):
            add_desk_login(
                engine, team.clock, f"{team.prefix}_finance", Group.FRONT_DESK, "x", team.prefix
            )
        with pytest.raises(ValidationError, match="cannot be a login name"):
            add_desk_login(engine, team.clock, "Robert'); --", Group.FRONT_DESK, "x", team.prefix)
    finally:
        engine.dispose()


# -- the database holds the roles -------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT principal FROM loan_contract",
        "SELECT clause_text FROM loan_contract",
        "SELECT purpose_of_funds FROM loan_contract",
        "SELECT consequences FROM loan_contract",
        "SELECT notes FROM loan_contract",
        "SELECT * FROM loan_contract",
        "SELECT questions, answers FROM call_record",
        "SELECT exchanges FROM call_record",
        "SELECT before, after FROM audit_entry",
        "SELECT description FROM feedback_item",
        "UPDATE loan_contract SET status = 'closed'",
        "DELETE FROM call_record",
    ],
)
def test_a_front_desk_login_is_refused_by_the_database(team: TeamDatabase, statement: str) -> None:
    engine = raw_engine(team, Group.FRONT_DESK)
    try:
        with engine.connect() as connection, pytest.raises(ProgrammingError, match="denied"):
            connection.execute(text(statement))
    finally:
        engine.dispose()


def test_a_front_desk_login_reads_what_it_needs(team: TeamDatabase) -> None:
    engine = raw_engine(team, Group.FRONT_DESK)
    try:
        with engine.connect() as connection:
            numbers = connection.execute(
                text("SELECT contract_number, loan_type, maturity_date FROM loan_contract")
            ).all()
            assert len(numbers) == 6
            notes = connection.execute(text("SELECT caller_name, notes FROM call_record")).all()
            assert ("冯涛", "请张伟回电，核实工资发放情况") in notes
    finally:
        engine.dispose()


def test_a_finance_login_reads_the_amounts(team: TeamDatabase, finance: AppContext) -> None:
    engine = raw_engine(team, Group.FINANCE)
    try:
        with engine.connect() as connection:
            amounts = connection.execute(text("SELECT principal FROM loan_contract")).scalars()
            assert all(amount > 0 for amount in amounts)
    finally:
        engine.dispose()
    actor = finance.services.identity.actor_named("王敏")
    assert actor.role is Role.FINANCE
    contracts = finance.services.contracts.list(actor)
    assert contracts and all(c.principal is not None and c.clause_text for c in contracts)
    assert finance.services.audit.recent(actor, limit=5)


# -- the app at a front-desk desk -------------------------------------------------------------


def test_the_front_desk_works_under_its_login(front_desk: AppContext) -> None:
    services = front_desk.services
    actor = services.identity.actor_named("刘洋")
    assert actor.role is Role.FRONT_DESK
    route = services.routing.route(actor, ICBC_OFFICER)
    assert route.bank is not None and route.bank.name == "中国工商银行"
    assert route.contracts and all(c.principal is None for c in route.contracts)
    assert route.candidates
    message = services.calls.log(
        actor,
        CallDraft(
            outcome="message",
            caller_name="黄蕾",
            caller_number=ICBC_OFFICER,
            bank_id=route.bank.bank_id,
            notes="请回电",
        ),
    ).value
    assert message.follow_up_id is not None
    transferred = services.calls.log(
        actor,
        CallDraft(
            outcome="transferred",
            bank_id=route.bank.bank_id,
            taken_by_id=route.candidates[0].person_id,
        ),
    ).value
    assert transferred.outcome == "transferred"
    contracts = services.contracts.list(actor)
    assert len(contracts) == 6 and all(c.principal is None and c.notes is None for c in contracts)
    assert services.contracts.get(actor, contracts[0].id).clause_text is None
    assert {p.name for p in services.people.list(actor)} >= {"刘洋", "王敏"}
    assert services.banks.list(actor)
    overview = services.today.overview(actor, START)
    assert len(overview.contracts) == 6
    open_ones = services.follow_ups.list(actor)
    assert message.follow_up_id in {f.id for f in open_ones}
    record = services.callback_records.get(actor, message.id)
    assert record.restricted and record.notes == "请回电"
    written = services.callback_records.record(
        actor,
        CallbackDraft(
            call_id=transferred.id,
            bank_id=route.bank.bank_id,
            exchanges=[Exchange("use_of_funds", "资金用途？", "采购原材料")],
        ),
    ).value
    assert written.has_record and written.exchanges is None
    log = services.call_log.first(actor, CallLogQuery(), 50)
    assert {message.id, transferred.id} <= {row.id for row in log}
    services.calls.escalate_overdue(actor, START)
    assert services.training.mark_lesson_read(actor, services.training.course().lessons[0].code)
    assert services.training.clause_library(actor)


def test_a_front_desk_desk_saves_a_callers_number_and_links_an_account(
    front_desk: AppContext,
) -> None:
    services = front_desk.services
    actor = services.identity.actor_named("赵丽")
    bank = services.banks.list(actor)[0]
    saved = services.calls.save_caller_number(actor, bank.id, "010 6000 0001", "总机").value
    assert "010 6000 0001" in {display for _key, display, _label in saved.phones}
    linked = services.identity.link_account(actor.person_id or 0, "zhaoli-pc").value
    assert linked.name == "赵丽"
    assert services.identity.identify("zhaoli-pc") == linked


def test_reminders_and_presence_work_under_the_front_desk_login(front_desk: AppContext) -> None:
    services = front_desk.services
    actor = services.identity.actor_named("刘洋")
    services.reminders.sync(actor)
    services.reminders.take_due(actor)
    session = services.presence.start_session(actor, "Reception-1").value
    assert services.presence.heartbeat(actor, session.token)


def test_a_finance_person_at_a_front_desk_desk_works_as_the_front_desk(
    front_desk: AppContext,
) -> None:
    services = front_desk.services
    actor = services.identity.actor_named("王敏")  # finance, but this desk's login is front desk
    assert actor.role is Role.FRONT_DESK
    assert all(c.principal is None for c in services.contracts.list(actor))


def test_the_audit_log_names_the_person_and_the_desk(
    front_desk: AppContext, finance: AppContext
) -> None:
    actor = front_desk.services.identity.actor_named("刘洋")
    call = front_desk.services.calls.log(actor, CallDraft(outcome="wrong_number")).value
    reader = finance.services.identity.actor_named("王敏")
    entries = finance.services.audit.recent(reader, "call", call.id)
    assert [(e.actor_name, e.desk, e.action) for e in entries] == [
        ("刘洋", "Reception-1", "create")
    ]
    assert actor.desk == "Reception-1"


def test_a_conflict_at_the_front_desk_is_reported_without_reading_the_audit_log(
    front_desk: AppContext,
) -> None:
    services = front_desk.services
    actor = services.identity.actor_named("赵丽")
    bank = services.banks.list(actor)[0]
    error = conflict_for(services.store, actor, BANK_EDITS, bank.id, 0, {"name": "另一个名字"})
    assert isinstance(error, ConflictError) and error.conflict is not None
    assert (error.conflict.changed_by, error.conflict.changed_at) == ("", None)
    assert [change.field for change in error.conflict.changes] == ["name"]
