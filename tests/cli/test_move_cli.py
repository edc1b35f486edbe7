"""``callback-desk server move-from FILE``, in-process: one computer's data to a team server
(a real SQLite file from ``demo``, real PostgreSQL)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.models import Bank, Person
from desktop_app.core.storage.engine import make_engine
from tests.cli.test_backup_cli import attach_evidence
from tests.cli.test_cli import run
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.team import TeamDatabase


@pytest.fixture
def team(postgres_server: PostgresServer) -> Iterator[TeamDatabase]:
    database = TeamDatabase(postgres_server, FakeClock(START), "movecli")
    try:
        database.init(admin="王敏")
        yield database
    finally:
        database.drop()


def test_move_prints_the_counts_and_refuses_a_second_time(
    capsys: pytest.CaptureFixture[str], team: TeamDatabase, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert run(capsys, "--data-dir", str(data), "--lang", "en", "demo")[0] == 0
    attach_evidence(data)
    source = str(resolve_paths(str(data)).database_file)
    here = ["--data-dir", str(tmp_path / "admin"), "--lang", "en", "server"]
    code, out, err = run(capsys, *here, "move-from", source, "--db", team.owner_url)
    assert (code, err) == (0, ""), err
    assert "Rows copied" in out and "bank " in out
    assert re.search(r"Evidence files sent: [1-9]\d*; missing: 0; altered: 0\.", out)
    assert "(王敏) was replaced by the people of the file" in out
    code, out, err = run(capsys, *here, "move-from", source, "--db", team.owner_url)
    assert (code, out) == (2, "")
    assert "already holds records" in err and len(err.strip().splitlines()) == 1
    zh = ["--data-dir", str(tmp_path / "admin"), "--lang", "zh_CN", "server"]
    code, out, err = run(capsys, *zh, "move-from", source, "--db", team.owner_url)
    assert code == 2 and "中已有记录" in err


def test_a_file_that_is_not_a_database_is_refused(
    capsys: pytest.CaptureFixture[str], team: TeamDatabase, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database", encoding="utf-8")
    here = ["--data-dir", str(tmp_path / "admin"), "--lang", "en", "server"]
    code, out, err = run(capsys, *here, "move-from", str(notes), "--db", team.owner_url)
    assert (code, out) == (2, "")
    assert "is not a database" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(
        capsys, *here, "move-from", str(tmp_path / "missing.sqlite3"), "--db", team.owner_url
    )
    assert code == 2 and "There is no database file" in err


def test_a_row_the_server_refuses_stops_the_move_with_nothing_written(
    capsys: pytest.CaptureFixture[str], team: TeamDatabase, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert run(capsys, "--data-dir", str(data), "--lang", "en", "demo")[0] == 0
    source = resolve_paths(str(data)).database_file
    with closing(sqlite3.connect(source)) as connection:  # SQLite lets it in; PostgreSQL won't
        connection.execute("UPDATE bank SET name = ? WHERE id = 1", ("长" * 300,))
        connection.commit()
    here = ["--data-dir", str(tmp_path / "admin"), "--lang", "en", "server"]
    code, out, err = run(capsys, *here, "move-from", str(source), "--db", team.owner_url)
    assert (code, out) == (3, "")
    assert "The move stopped at the table bank, and nothing was written" in err
    engine = make_engine(team.owner_url)
    try:
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Bank)) == 0
            assert connection.scalar(select(func.count()).select_from(Person)) == 1  # init's
    finally:
        engine.dispose()
