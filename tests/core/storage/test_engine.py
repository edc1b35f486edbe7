"""The engine built from a URL: SQLite pragmas, accepted back-ends, commits that survive a kill."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop_app.core.common.errors import StorageError
from desktop_app.core.context import AppContext
from desktop_app.core.models import OrgSetting
from desktop_app.core.storage.engine import make_engine, parse_url, safe_url, sqlite_url
from desktop_app.core.storage.migrate import current_revision

ROOT = Path(__file__).resolve().parents[3]
COMMIT_THEN_WAIT = """
import sys
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from desktop_app.core.storage.engine import make_engine

engine = make_engine(sys.argv[1])
with engine.begin() as connection:
    connection.execute(text("INSERT INTO org_setting (key, value) VALUES ('durable', '\\"yes\\"')"))
print("committed", flush=True)
sys.stdin.read()
"""


def test_sqlite_gets_wal_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "nested" / "desk.sqlite3"))
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous")
            }
    finally:
        engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2}
    assert (tmp_path / "nested" / "desk.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://desk@db.example/callbacks", "postgresql+psycopg"),
        ("postgresql+psycopg2://desk@db.example/callbacks", "postgresql+psycopg"),
        ("sqlite:///desk.sqlite3", "sqlite+pysqlite"),
    ],
)
def test_supported_urls_get_our_driver(url: str, driver: str) -> None:
    assert parse_url(url).drivername == driver


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://desk:s3cret@db.example/callbacks", "is not supported: use SQLite or PostgreSQL"),
        ("oracle://desk@db.example/x", "is not supported"),
        ("not a url", "is not a database URL"),
        ("://", "is not a database URL"),
    ],
)
def test_other_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(StorageError) as caught:
        parse_url(url)
    assert message in caught.value.text()
    assert "s3cret" not in caught.value.text()


def test_safe_url_hides_the_password() -> None:
    assert safe_url("postgresql://desk:s3cret@db.example/callbacks") == (
        "postgresql://desk:***@db.example/callbacks"
    )


def test_an_unreachable_server_is_a_storage_error() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:1/nothing")
    try:
        with pytest.raises(StorageError) as caught:
            current_revision(engine)
    finally:
        engine.dispose()
    assert caught.value.text().startswith("Cannot open the database postgresql+psycopg://")


def test_the_password_comes_from_the_lookup_only_when_missing() -> None:
    asked: list[str] = []

    def lookup(url: object) -> str:
        asked.append(str(url))
        return "from-keyring"

    engine = make_engine("postgresql://desk@db.example/callbacks", password_lookup=lookup)
    assert engine.url.password == "from-keyring"
    given = make_engine("postgresql://desk:typed@db.example/callbacks", password_lookup=lookup)
    assert given.url.password == "typed"
    assert len(asked) == 1


def test_a_commit_survives_the_process_being_killed(app_ctx: AppContext) -> None:
    url = app_ctx.engine.url.render_as_string(hide_password=False)
    child = subprocess.Popen(
        [sys.executable, "-c", COMMIT_THEN_WAIT, url],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line == "committed\n", child.stderr.read() if child.stderr else ""
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()
    assert child.returncode == -signal.SIGKILL
    fresh = make_engine(url)
    try:
        with Session(fresh) as session:
            stored = session.scalar(select(OrgSetting.value).where(OrgSetting.key == "durable"))
    finally:
        fresh.dispose()
    assert stored == "yes"
