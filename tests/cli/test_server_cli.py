"""``callback-desk server init|add-login|check`` and ``audit``, in-process, on real PostgreSQL.

Each failure ``server check`` explains is produced for real: a closed port, a login that does not
exist, a group role used as a login, a missing database, a login without CONNECT, an older and a
newer schema, a revoked and an extra privilege. The test server trusts local connections, so the
password failures come from :class:`PasswordRefusingServer`, which refuses passwords the way a
password-protected server does (see tests/helpers/password_server.py).
"""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from desktop_app.__main__ import main
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import StorageError
from desktop_app.core.context import open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import HEAD_REVISION
from desktop_app.core.team.policy import Group
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.password_server import PasswordRefusingServer
from tests.helpers.team import TeamDatabase

PASSWORD = "desk-password"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def base(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--lang", "en"]


@pytest.fixture(scope="module")
def team(postgres_server: PostgresServer) -> Iterator[TeamDatabase]:
    """A team database set up by ``server init``, with a front-desk and a finance login."""
    database = TeamDatabase(postgres_server, FakeClock(START), "cli")
    try:
        database.init(admin="王敏")
        database.add_login(Group.FRONT_DESK, PASSWORD)
        database.add_login(Group.FINANCE, PASSWORD)
        yield database
    finally:
        database.drop()


def login_url(team: TeamDatabase, group: Group) -> str:
    login = next(name for name in team.logins if f"_{group.value}_" in name)
    return team.url_for(login, PASSWORD)


def as_owner(team: TeamDatabase, statement: str) -> None:
    engine = make_engine(team.owner_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


# -- server init / add-login ------------------------------------------------------------------


def test_init_then_add_logins(
    capsys: pytest.CaptureFixture[str],
    base: list[str],
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team = TeamDatabase(postgres_server, FakeClock(START))
    server = ["server", "init", "--db", team.owner_url, "--role-prefix", team.prefix]
    try:
        code, out, err = run(capsys, *base, *server)
        assert (code, err) == (1, "Name the first administrator with --admin NAME.\n")
        code, out, err = run(capsys, *base, *server, "--admin", "王敏")
        assert code == 0, err
        assert f"is at schema {HEAD_REVISION} (it was: empty)" in out
        assert f"{team.prefix}_front_desk" in out and "First administrator: 王敏" in out
        code, out, _err = run(capsys, *base, *server)
        assert code == 0 and f"(it was: {HEAD_REVISION})" in out
        assert "First administrator" not in out
        login = f"{team.prefix}_desk1"
        team.logins.append(login)
        adding = ["server", "add-login", login, "--role", "front_desk", "--db", team.owner_url]
        monkeypatch.setattr("sys.stdin", io.StringIO("first-password\n"))
        code, out, err = run(capsys, *base, *adding, "--password-stdin")
        assert code == 0, err
        assert out == f"Login {login} created in {team.prefix}_front_desk.\n"
        monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
        code, out, err = run(capsys, *base, *adding, "--password-stdin")
        assert (code, err) == (1, "A login needs a password.\n")
        answers = iter(["one", "two"])
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
        code, out, err = run(capsys, *base, *adding)
        assert (code, err) == (1, "The two passwords differ; nothing was changed.\n")
        monkeypatch.setattr("sys.stdin", io.StringIO("second-password\n"))
        finance = ["server", "add-login", login, "--role", "finance", "--db", team.owner_url]
        code, out, err = run(capsys, *base, *finance, "--password-stdin")
        assert code == 0, err
        assert out == f"Login {login} now in {team.prefix}_finance, with the new password.\n"
        code, out, _err = run(capsys, *base, "server", "check", "--db", team.url_for(login))
        assert code == 0, out
        assert f"is a login of the group {team.prefix}_finance" in out
        code, out, _err = run(capsys, *base, "--db", team.owner_url, "--as", "王敏", "audit")
        assert code == 0
        lines = [line for line in out.splitlines() if "team server" in line]
        assert len(lines) == 4  # two inits, a login added, then moved
        assert sum("system set up team server" in line for line in lines) == 2
        assert sum("system added a login on team server" in line for line in lines) == 1
        assert "team_server" not in out  # sentences, not codes
        assert all(socket.gethostname() in line and "system" in line for line in lines)
    finally:
        team.drop()


def test_a_login_added_for_a_person_belongs_to_them(
    capsys: pytest.CaptureFixture[str],
    base: list[str],
    team: TeamDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login = f"{team.prefix}_wangmin"
    team.logins.append(login)
    adding = ["server", "add-login", login, "--role", "front_desk", "--db", team.owner_url]
    monkeypatch.setattr("sys.stdin", io.StringIO("first-password\n"))
    code, out, err = run(capsys, *base, *adding, "--person", "无此人", "--password-stdin")
    assert (code, out, err) == (1, "", "No active person is called “无此人”.\n")
    engine = make_engine(team.owner_url)
    try:
        with engine.connect() as connection:
            made = connection.execute(
                text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": login}
            ).scalar()
        assert made == 0  # refused before the login was made
        monkeypatch.setattr("sys.stdin", io.StringIO("first-password\n"))
        code, out, err = run(capsys, *base, *adding, "--person", "王敏", "--password-stdin")
        assert code == 0, err
        assert out.splitlines()[-1] == f"Login {login} belongs to 王敏."
        with engine.connect() as connection:
            owner = connection.execute(
                text("SELECT name FROM person WHERE db_login = :n"), {"n": login}
            ).scalar()
        assert owner == "王敏"
    finally:
        engine.dispose()


def test_init_refuses_other_data_and_other_databases(
    capsys: pytest.CaptureFixture[str], base: list[str], postgres_server: PostgresServer
) -> None:
    code, _out, err = run(
        capsys, *base, "server", "init", "--db", f"sqlite:///{base[1]}/x.sqlite3", "--admin", "A"
    )
    assert code == 2 and "is not a PostgreSQL server" in err
    team = TeamDatabase(postgres_server, FakeClock(START))
    try:
        as_owner(team, "CREATE TABLE invoices (id integer)")
        code, _out, err = run(
            capsys, *base, "server", "init", "--db", team.owner_url, "--admin", "A",
            "--role-prefix", team.prefix,
        )  # fmt: skip
        assert code == 3 and "holds other data, not a Callback Desk database" in err
        code, out, _err = run(capsys, *base, "server", "check", "--db", team.owner_url)
        assert code == 1 and "holds other data" in out
        as_owner(team, "DROP TABLE invoices")
        code, out, _err = run(capsys, *base, "server", "check", "--db", team.owner_url)
        assert code == 1 and "The database is empty: run callback-desk server init" in out
        code, _out, err = run(
            capsys, *base, "server", "add-login", "desk9", "--role", "finance", "--db",
            team.owner_url, "--password-stdin",
        )  # fmt: skip
        assert code == 3 and "is empty: run callback-desk server init first" in err
    finally:
        team.drop()


# -- server check -----------------------------------------------------------------------------


def test_check_passes_for_each_login(
    capsys: pytest.CaptureFixture[str], base: list[str], team: TeamDatabase
) -> None:
    for group in (Group.FRONT_DESK, Group.FINANCE):
        code, out, _err = run(capsys, *base, "server", "check", "--db", login_url(team, group))
        assert code == 0, out
        assert f"is a login of the group {team.prefix}_{group.value}" in out
        assert "Every privilege the group needs is granted" in out
        assert "Not encrypted" in out  # the test server has ssl off
    code, out, _err = run(capsys, *base, "server", "check", "--db", team.owner_url, "--json")
    assert code == 0
    assert '"status": "note"' in out and "passes every restriction" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"port": 1}, "Nothing answers at 127.0.0.1, port 1"),
        ({"username": "nobody_at_all"}, "There is no login called nobody_at_all"),
        ({"database": "no_such_database_here"}, "no database called no_such_database_here"),
    ],
)
def test_check_explains_a_failed_connection(
    capsys: pytest.CaptureFixture[str],
    base: list[str],
    team: TeamDatabase,
    change: dict[str, object],
    expected: str,
) -> None:
    url = make_url(team.owner_url).set(**change).render_as_string(hide_password=False)  # type: ignore[arg-type]
    code, out, _err = run(capsys, *base, "server", "check", "--db", url)
    assert code == 3
    assert expected in out


def test_check_explains_a_group_used_as_a_login_and_a_login_without_connect(
    capsys: pytest.CaptureFixture[str], base: list[str], team: TeamDatabase
) -> None:
    group = team.url_for(f"{team.prefix}_front_desk")
    code, out, _err = run(capsys, *base, "server", "check", "--db", group)
    assert code == 3 and "is a group, not a login" in out
    stray = f"{team.prefix}_stray"
    team.logins.append(stray)
    as_owner(team, f"CREATE ROLE {stray} LOGIN")
    code, out, _err = run(capsys, *base, "server", "check", "--db", team.url_for(stray))
    assert code == 3
    assert f"{stray} may not connect to" in out and "server add-login" in out


def test_check_explains_a_missing_and_a_refused_password(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    with PasswordRefusingServer() as server:
        url = f"postgresql://reception1@127.0.0.1:{server.port}/callback_desk"
        code, out, _err = run(capsys, *base, "server", "check", "--db", url)
        assert code == 3
        assert "asks for reception1's password and none was given" in out
        wrong = f"postgresql://reception1:wrong@127.0.0.1:{server.port}/callback_desk"
        code, out, _err = run(capsys, *base, "server", "check", "--db", wrong)
        assert code == 3
        assert "The server refused the password for reception1" in out
        assert server.passwords == ["wrong"]


def test_check_finds_an_older_and_a_newer_schema(
    capsys: pytest.CaptureFixture[str], base: list[str], team: TeamDatabase, tmp_path: Path
) -> None:
    desk = login_url(team, Group.FRONT_DESK)
    try:
        as_owner(team, "UPDATE alembic_version SET version_num = '0007_reminders'")
        code, out, _err = run(capsys, *base, "server", "check", "--db", desk)
        assert code == 1
        assert f"Schema 0007_reminders is older than this app's {HEAD_REVISION}" in out
        assert "callback-desk server init --db" in out
        with pytest.raises(StorageError, match="this desk's login may not upgrade it"):
            open_context(db=desk, data_dir=str(tmp_path / "desk"), secrets=MemoryStore())
        as_owner(team, "UPDATE alembic_version SET version_num = '0999_future'")
        code, out, _err = run(capsys, *base, "server", "check", "--db", desk)
        assert code == 1 and "written by a newer version of Callback Desk" in out
    finally:
        as_owner(team, f"UPDATE alembic_version SET version_num = '{HEAD_REVISION}'")


def test_check_finds_missing_and_extra_privileges_and_init_restores_them(
    capsys: pytest.CaptureFixture[str], base: list[str], team: TeamDatabase
) -> None:
    desk = login_url(team, Group.FRONT_DESK)
    group = f"{team.prefix}_front_desk"
    as_owner(team, f"REVOKE SELECT ON bank FROM {group}")
    as_owner(team, f"GRANT SELECT (principal) ON loan_contract TO {group}")
    as_owner(team, f"GRANT DELETE ON person TO {group}")
    code, out, _err = run(capsys, *base, "server", "check", "--db", desk)
    assert code == 1
    assert "lacks privileges its group needs: SELECT bank." in out
    assert "SELECT loan_contract.principal; DELETE person" in out
    team.init(admin="")
    code, out, _err = run(capsys, *base, "server", "check", "--db", desk)
    assert code == 0, out


def test_check_finds_missing_group_roles(
    capsys: pytest.CaptureFixture[str], base: list[str], team: TeamDatabase
) -> None:
    code, out, _err = run(
        capsys, *base, "server", "check", "--db", team.owner_url, "--role-prefix", "cdt_none"
    )
    assert code == 1
    assert (
        "The group roles cdt_none_admin, cdt_none_finance, cdt_none_front_desk are missing" in out
    )
