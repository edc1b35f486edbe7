"""``mail set``, ``mail test``, ``outbox`` and ``outbox retry`` against a real SMTP server on
loopback, on both databases."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.__main__ import main
from tests.helpers.mail_server import MailServer, free_port
from tests.helpers.memory_keyring import MemoryKeyring, memory_keyring


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def base(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    args = ["--db", db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert run(capsys, *args, "demo")[0] == 0
    return [*args, "--as", "吴晓东"]


def set_plain_server(
    capsys: pytest.CaptureFixture[str], base: list[str], port: int
) -> tuple[int, str, str]:
    """``mail set`` for an SMTP server on loopback without TLS or login."""
    return run(
        capsys,
        *base,
        "mail",
        "set",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--security",
        "none",
        "--sender",
        "finance@example.com",
    )


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def test_set_test_and_list(
    capsys: pytest.CaptureFixture[str], base: list[str], keys: MemoryKeyring
) -> None:
    with MailServer() as server:
        code, out, err = set_plain_server(capsys, base, server.port)
        assert (code, err) == (0, "")
        assert f"127.0.0.1:{server.port}" in out
        code, out, err = run(capsys, *base, "mail", "test", "it@example.com")
        assert (code, err) == (0, "")
        assert "it@example.com" in out
        [got] = server.received
        assert got.recipients == ["it@example.com"]
        assert got.message["Subject"] == "Callback Desk test mail"
    code, out, _err = run(capsys, *base, "outbox", "--json")
    [entry] = json.loads(out)
    assert (entry["state"], entry["recipients"]) == ("sent", ["it@example.com"])


def test_a_server_that_is_down_is_said_and_retry_sends_later(
    capsys: pytest.CaptureFixture[str], base: list[str], keys: MemoryKeyring
) -> None:
    port = free_port()
    assert set_plain_server(capsys, base, port)[0] == 0
    code, out, err = run(capsys, *base, "mail", "test", "it@example.com")
    assert code == 1 and out == ""
    assert err.startswith("The test mail was not sent")
    assert "Traceback" not in err
    code, out, _err = run(capsys, *base, "outbox")
    assert "Queued" in out
    with MailServer() as server:
        set_plain_server(capsys, base, server.port)
        code, out, err = run(capsys, *base, "outbox", "retry")
        assert (code, err) == (0, "")
        assert "1 sent" in out
        assert len(server.received) == 1


def test_the_password_goes_to_the_keyring_only(
    capsys: pytest.CaptureFixture[str],
    base: list[str],
    keys: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("p@ss-word\n"))
    code, _out, err = run(
        capsys,
        *base,
        "mail",
        "set",
        "--host",
        "smtp.example.com",
        "--sender",
        "finance@example.com",
        "--login",
        "finance@example.com",
        "--password-stdin",
    )
    assert (code, err) == (0, "")
    assert list(keys.items.values()) == ["p@ss-word"]
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file() and path.suffix != ".sqlite3":
            assert b"p@ss-word" not in path.read_bytes()


def test_bad_input_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], base: list[str], keys: MemoryKeyring
) -> None:
    code, _out, err = run(
        capsys, *base, "mail", "set", "--host", "smtp.example.com", "--sender", "nobody"
    )
    assert code == 1
    assert err.strip() == "“nobody” is not an e-mail address."
    with pytest.raises(SystemExit) as usage:
        main([*base, "mail", "set", "--host", "h", "--sender", "a@b.cn", "--port", "x"])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert err.strip() == "Error: argument --port: invalid int value: 'x'"
