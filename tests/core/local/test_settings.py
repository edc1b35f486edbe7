"""This desk's settings file, the secret store, and how the database URL is chosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.context import DB_ENV, choose_database_url
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.secrets import MemoryStore, database_secret_key
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.storage.engine import sqlite_url


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    saved = LocalSettings(
        language="en",
        database_url="postgresql://desk@db.example/callbacks",
        desk_name="前台 1",
        start_minimised=True,
    )
    saved.save(path)
    assert LocalSettings.load(path) == saved
    assert json.loads(path.read_text("utf-8"))["desk_name"] == "前台 1"
    assert not path.with_suffix(".tmp").exists()


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert LocalSettings.load(tmp_path / "nothing.json") == LocalSettings()


@pytest.mark.parametrize(
    "content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'"text"', b""]
)
def test_a_corrupted_file_gives_the_defaults(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert LocalSettings.load(path) == LocalSettings()


def test_unknown_keys_and_wrong_types_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"language": "en", "desk_name": 42, "start_minimised": "yes", "colour": "blue"}),
        "utf-8",
    )
    assert LocalSettings.load(path) == LocalSettings(language="en")


def test_a_url_with_a_password_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    LocalSettings(language="en").save(path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="keyring"):
        LocalSettings(database_url="postgresql://desk:s3cret@db.example/callbacks").save(path)
    assert path.read_bytes() == before
    assert b"s3cret" not in path.read_bytes()


def test_the_memory_store_keeps_secrets_until_deleted() -> None:
    store = MemoryStore()
    key = database_secret_key("desk", "db.example", None, "callbacks")
    assert key == "db:desk@db.example:5432/callbacks"
    assert store.get(key) is None
    store.set(key, "s3cret")
    assert store.get(key) == "s3cret"
    store.delete(key)
    store.delete(key)
    assert store.get(key) is None
    assert store.available
    assert not MemoryStore(available=False).available


def test_the_database_url_comes_from_the_flag_then_environment_then_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_paths(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)
    settings = LocalSettings()
    assert choose_database_url(None, settings, paths) == sqlite_url(paths.database_file)
    settings.database_url = "postgresql://desk@settings/db"
    assert choose_database_url(None, settings, paths) == "postgresql://desk@settings/db"
    monkeypatch.setenv(DB_ENV, "postgresql://desk@environment/db")
    assert choose_database_url(None, settings, paths) == "postgresql://desk@environment/db"
    assert choose_database_url("sqlite:///x.db", settings, paths) == "sqlite:///x.db"
