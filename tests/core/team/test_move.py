"""``server move-from``: one computer's embedded database moved to a team server (real SQLite
file, real PostgreSQL). Every table's rows arrive, evidence files open on the server with their
hash, a server with records is refused, and a failure half-way leaves the server as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import StorageError, ValidationError
from desktop_app.core.context import open_context
from desktop_app.core.demo.company import load_demo
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import AuditEntry, Bank, Base, EvidenceChunk, EvidenceFile, Person
from desktop_app.core.storage.engine import make_engine, sqlite_url
from desktop_app.core.storage.migrate import upgrade
from desktop_app.core.team.move import move_to_server
from desktop_app.core.team.policy import PREFIX_SETTING
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.factories import make_bank
from tests.helpers.team import TeamDatabase

MB = 1 << 20
BIG = (b"%PDF-1.4 signed statement " + bytes(range(256))) * (5 * MB // 282)  # several chunks


def attach(data: Path, name: str, content: bytes) -> None:
    """Attach a file to the first contract's first checklist item, as the app does."""
    context = open_context(data_dir=str(data), clock=FakeClock(START), secrets=MemoryStore())
    try:
        services = context.services
        actor = services.identity.actor_named("王敏")
        contract = services.contracts.list(actor)[0]
        item = services.checklists.checklist(actor, contract.id).items[0]
        source = data.parent / name
        source.write_bytes(content)
        services.evidence.attach(actor, item.id, source)
    finally:
        context.close()


@pytest.fixture(scope="module")
def desk_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A computer's data folder: the demo company and two evidence files (one of 5 chunks)."""
    data = tmp_path_factory.mktemp("one-computer") / "data"
    context = open_context(data_dir=str(data), clock=FakeClock(START), secrets=MemoryStore())
    try:
        load_demo(context.services, "owner-account", history=True)
    finally:
        context.close()
    attach(data, "付款回单.pdf", b"%PDF-1.4 voucher")
    attach(data, "signed.pdf", BIG)
    return data


@pytest.fixture
def team(postgres_server: PostgresServer) -> Iterator[TeamDatabase]:
    """A team server just set up: ``server init`` named a first administrator."""
    database = TeamDatabase(postgres_server, FakeClock(START), "move")
    try:
        database.init(admin="临时管理员")
        yield database
    finally:
        database.drop()


@pytest.fixture
def server(team: TeamDatabase) -> Iterator[Engine]:
    engine = make_engine(team.owner_url)
    yield engine
    engine.dispose()


def file_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            table.name: connection.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0]
            for table in Base.metadata.sorted_tables
        }


def server_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def table_rows(engine: Engine, last_line: int) -> dict[str, list[dict[str, object]]]:
    """Every row of every table as the app reads it, in key order (the file's audit lines only,
    no evidence bytes,
    without the login the server stamps; the shared settings without the groups' prefix)."""
    found: dict[str, list[dict[str, object]]] = {}
    try:
        with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                if table.name == "evidence_chunk":  # bytes: compared by their hash below
                    continue
                query = select(table).order_by(*table.primary_key.columns)
                if table.name == "audit_entry":
                    query = query.where(table.c.id <= last_line)
                if table.name == "org_setting":
                    query = query.where(table.c.key != PREFIX_SETTING)
                rows = [dict(row._mapping) for row in connection.execute(query)]
                for row in rows:
                    row.pop("db_login", None)
                found[table.name] = rows
    finally:
        engine.dispose()
    return found


# Filled in by the server's triggers with the login that wrote the row (NULL in the file).
SERVER_STAMPED = {("audit_entry", "db_login"), ("quiz_attempt", "db_login")}


def nullable_columns() -> list[tuple[str, str]]:
    """The nullable columns, but those the server stamps."""
    return [
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.nullable and (table.name, column.name) not in SERVER_STAMPED
    ]


def nulls(path: Path) -> dict[tuple[str, str], int]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            (t, c): connection.execute(
                f'SELECT COUNT(*) FROM "{t}" WHERE "{c}" IS NULL'
            ).fetchone()[0]
            for t, c in nullable_columns()
        }


def server_nulls(engine: Engine, moved_audit: int) -> dict[tuple[str, str], int]:
    """As :func:`nulls`; of the audit lines, those that came from the file (ids up to theirs)."""
    with engine.connect() as connection:
        found = {
            (t, c): int(
                connection.scalar(
                    text(f'SELECT COUNT(*) FROM "{t}" WHERE "{c}" IS NULL')
                    if t != "audit_entry"
                    else text(f'SELECT COUNT(*) FROM "{t}" WHERE "{c}" IS NULL AND id <= :last'),
                    {"last": moved_audit},
                )
                or 0
            )
            for t, c in nullable_columns()
        }
    return found


def test_the_demo_company_moves_with_its_evidence(
    desk_data: Path, team: TeamDatabase, server: Engine, tmp_path: Path
) -> None:
    source = resolve_paths(str(desk_data)).database_file
    expected = file_counts(source)
    setup_lines = server_counts(server)["audit_entry"]
    steps: list[tuple[int, int]] = []
    report = move_to_server(
        source,
        server,
        FakeClock(START),
        progress=lambda done, total: steps.append((done, total)),
        batch=100,
    )
    assert {k: v for k, v in report.counts.items() if k != "evidence_chunk"} == {
        k: v for k, v in expected.items() if k != "evidence_chunk"
    }
    assert report.counts["person"] > 1
    assert max(report.counts.values()) > 100  # several batches for one table
    files = expected["evidence_file"]
    assert files >= 2
    assert (report.files_sent, report.files_missing, report.files_altered) == (files, 0, 0)
    assert report.replaced_admin == "临时管理员"
    total = len(expected) + files  # each table, then each file
    assert steps == [(done, total) for done in range(total + 1)]
    after = server_counts(server)
    for name, count in expected.items():
        if name == "audit_entry":  # the setup's lines are kept, and the move adds its own
            assert after[name] == count + setup_lines + 1
        elif name == "org_setting":  # and the groups' prefix noted by server init
            assert after[name] == count + 1
        elif name == "evidence_chunk":
            assert after[name] == report.counts[name] >= files + 4  # 5 MB: 5 one-MB chunks
        else:
            assert after[name] == count, name
    with closing(sqlite3.connect(source)) as moved:
        last_line = moved.execute("SELECT MAX(id) FROM audit_entry").fetchone()[0]
        json_nulls = moved.execute(
            "SELECT COUNT(*) FROM audit_entry WHERE before = 'null'"
        ).fetchone()[0]
    assert nulls(source)[("audit_entry", "entity_id")] > 0
    assert nulls(source) == server_nulls(server, last_line)  # a NULL stays NULL, no more appear
    assert table_rows(make_engine(sqlite_url(source)), last_line) == table_rows(server, last_line)
    with server.connect() as connection:  # a JSON null stays a JSON null
        assert json_nulls > 0
        assert json_nulls == connection.scalar(
            text("SELECT COUNT(*) FROM audit_entry WHERE before::text = 'null' AND id <= :last"),
            {"last": last_line},
        )
    desk = open_context(
        db=team.owner_url,
        data_dir=str(tmp_path / "desk"),
        clock=FakeClock(START),
        secrets=MemoryStore(),
    )
    try:
        services = desk.services
        actor = services.identity.actor_named("王敏")
        with services.store.read() as session:
            record = session.scalars(
                select(EvidenceFile).where(EvidenceFile.size == len(BIG))
            ).one()
            names = set(session.scalars(select(Person.name)))
            move = session.scalars(select(AuditEntry).where(AuditEntry.action == "move")).one()
        opened = services.evidence.path_of(actor, record.id)
        assert hashlib.sha256(opened.read_bytes()).hexdigest() == record.sha256
        assert opened.read_bytes() == BIG
        assert "临时管理员" not in names and "王敏" in names
        assert move.after is not None and move.after["files_sent"] == files
        bank = make_bank(services, actor, "新银行")  # the id sequences go on after the moved ids
        with sqlite3.connect(source) as moved:
            largest = moved.execute("SELECT MAX(id) FROM bank").fetchone()[0]
        moved.close()
        assert bank.id == largest + 1
    finally:
        desk.close()
    held = server_counts(server)
    with pytest.raises(ValidationError, match="already holds records"):
        move_to_server(source, server, FakeClock(START))
    assert server_counts(server) == held


def test_a_failure_half_way_leaves_the_server_as_it_was(
    desk_data: Path, server: Engine, tmp_path: Path
) -> None:
    broken = tmp_path / "data"
    source = resolve_paths(str(broken)).database_file
    broken.mkdir()
    with (
        closing(sqlite3.connect(resolve_paths(str(desk_data)).database_file)) as origin,
        closing(sqlite3.connect(source)) as copy,
    ):
        origin.backup(copy)
    with sqlite3.connect(source) as connection:  # SQLite does not check it; PostgreSQL does
        connection.execute(
            "INSERT INTO evidence_file (id, item_id, file_name, stored_name, sha256, size, "
            "added_at) VALUES (9999, 987654, 'x.pdf', 'x.pdf', '', 0, '2026-11-25 02:00:00')"
        )
    connection.close()
    before = server_counts(server)
    with pytest.raises(StorageError, match="at the table evidence_file, and nothing was written"):
        move_to_server(source, server, FakeClock(START), evidence_dir=desk_data / "evidence")
    assert server_counts(server) == before
    assert before["person"] == 1 and before["bank"] == 0
    good = resolve_paths(str(desk_data)).database_file
    with pytest.raises(StorageError, match="cancelled; nothing was written"):
        move_to_server(good, server, FakeClock(START), progress=lambda done, total: done < 30)
    assert server_counts(server) == before


def test_files_and_servers_that_cannot_be_used_are_refused(
    desk_data: Path, server: Engine, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    before = server_counts(server)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    with pytest.raises(ValidationError, match="holds other data"):
        move_to_server(foreign, server, FakeClock(START))
    with pytest.raises(ValidationError, match="no database file"):
        move_to_server(tmp_path / "nowhere.sqlite3", server, FakeClock(START))
    source = resolve_paths(str(desk_data)).database_file
    with pytest.raises(ValidationError, match=r"None of the \d+ evidence files"):
        move_to_server(source, server, FakeClock(START), evidence_dir=tmp_path)
    assert server_counts(server) == before
    url = postgres_server.create("move_empty")
    empty = make_engine(url)
    try:
        with pytest.raises(ValidationError, match="server init first"):
            move_to_server(source, empty, FakeClock(START))
    finally:
        empty.dispose()
        postgres_server.drop(url)


def test_a_missing_or_altered_file_is_counted_and_left_out(
    desk_data: Path, server: Engine, tmp_path: Path
) -> None:
    evidence = tmp_path / "evidence"
    shutil.copytree(desk_data / "evidence", evidence)
    copies = sorted(p for p in evidence.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert len(copies) >= 3
    copies[0].unlink()
    copies[1].write_bytes(b"edited after it was attached")
    source = resolve_paths(str(desk_data)).database_file
    report = move_to_server(source, server, FakeClock(START), evidence_dir=evidence)
    assert (report.files_missing, report.files_altered) == (1, 1)
    assert report.files_sent == len(copies) - 2
    assert len(report.problems) == 2
    with server.connect() as connection:
        held = set(connection.scalars(select(EvidenceChunk.file_id).distinct()))
    assert len(held) == report.files_sent


def test_an_older_file_is_upgraded_in_a_copy_and_a_newer_one_refused(
    server: Engine, tmp_path: Path
) -> None:
    older = tmp_path / "older.sqlite3"
    engine = make_engine(sqlite_url(older))
    try:
        upgrade(engine, "0016_outbox")
    finally:
        engine.dispose()
    with closing(sqlite3.connect(older)) as connection:
        connection.execute(
            "INSERT INTO bank (id, name, short_name, notes, active, version) "
            "VALUES (7, '中国银行', '中行', '', 1, 1)"
        )
        connection.commit()
    before = hashlib.sha256(older.read_bytes()).hexdigest()
    folder = sorted(p.name for p in tmp_path.iterdir())
    report = move_to_server(older, server, FakeClock(START))
    assert report.revision_before == "0016_outbox"
    assert report.counts["bank"] == 1 and (report.files_sent, report.files_missing) == (0, 0)
    assert hashlib.sha256(older.read_bytes()).hexdigest() == before  # the file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == folder  # no backup, no side files
    with server.connect() as connection:
        assert connection.scalar(select(Bank.name)) == "中国银行"
    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(older, newer)
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.commit()
    with pytest.raises(ValidationError, match="newer version of Callback Desk"):
        move_to_server(newer, server, FakeClock(START))
