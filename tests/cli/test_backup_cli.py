"""``backup FILE``, ``restore FILE`` and ``check --full`` on the embedded database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.storage.sqlite_file import integrity_problems
from tests.cli.test_cli import run


@pytest.fixture
def base(tmp_path: Path) -> list[str]:
    """The embedded database of a data folder (no --db), with the demo company."""
    return ["--data-dir", str(tmp_path / "data"), "--lang", "en"]


def attach_evidence(data: Path) -> Path:
    """One evidence file the way the app stores it (a record with its hash, a copy)."""
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore

    context = open_context(data_dir=str(data), secrets=MemoryStore())
    try:
        services = context.services
        actor = services.identity.actor_named("王敏")
        contract = services.contracts.list(actor)[0]
        checklist = services.checklists.checklist(actor, contract.id)
        item = checklist.items[0]
        source = data.parent / "voucher.pdf"
        source.write_bytes(b"%PDF-1.4 voucher")
        services.evidence.attach(actor, item.id, source)
    finally:
        context.close()
    return next((data / "evidence").rglob("*voucher.pdf"))


def test_backup_then_restore(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    assert run(capsys, *base, "demo")[0] == 0
    stored = attach_evidence(tmp_path / "data")
    count = sum(
        1
        for p in (tmp_path / "data" / "evidence").rglob("*")
        if p.is_file() and not p.name.startswith(".")  # not the quick check's own notes
    )
    assert count >= 1
    target = tmp_path / "out" / "desk.zip"
    code, out, err = run(capsys, *base, "backup", str(target))
    assert (code, err) == (0, "") and f"{count} evidence files" in out
    code, _out, err = run(capsys, *base, "backup", str(target))
    assert code == 1 and "exists already" in err
    code, out, _err = run(capsys, *base, "check", "--full")
    assert code == 0, out
    assert f"{count} files match their hashes" in out
    stored.write_bytes(b"edited")
    code, out, _err = run(capsys, *base, "check", "--full")
    assert code == 1 and "missing or altered" in out
    code, out, err = run(capsys, *base, "restore", str(target))
    assert code == 0, err
    assert "kept in" in out
    assert stored.read_bytes() == b"%PDF-1.4 voucher"
    code, out, _err = run(capsys, *base, "check", "--full")
    assert code == 0, out
    code, out, _err = run(capsys, *base, "--as", "王敏", "banks", "list", "--json")
    assert code == 0 and json.loads(out)


def test_restore_refuses_a_damaged_backup(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    assert run(capsys, *base, "demo")[0] == 0
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, _out, err = run(capsys, *base, "restore", str(bad))
    assert code == 3 and "not a usable Callback Desk backup" in err
    assert "Traceback" not in err
    database = resolve_paths(tmp_path / "data").database_file
    assert integrity_problems(database) == []


def test_check_finds_scrambled_pages(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    assert run(capsys, *base, "demo")[0] == 0
    database = resolve_paths(tmp_path / "data").database_file
    data = bytearray(database.read_bytes())
    for offset in range(4096 * 4, min(len(data), 4096 * 12), 5):
        data[offset] ^= 0x5A
    database.write_bytes(bytes(data))
    code, out, _err = run(capsys, *base, "check")
    assert code == 1
    assert "Database integrity" in out and "FAILED" in out


def test_backup_refuses_a_team_server(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(
        capsys,
        "--db",
        "postgresql://desk@db.office/callback_desk",
        "--data-dir",
        str(tmp_path),
        "--lang",
        "en",
        "backup",
        str(tmp_path / "b.zip"),
    )
    assert code == 1 and "pg_dump" in err
    assert not (tmp_path / "b.zip").exists()
