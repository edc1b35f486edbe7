"""The command line, run in-process on both databases: demo, lists, JSON, check, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.__main__ import main
from desktop_app.core.storage.engine import make_engine


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def base(db_url: str, tmp_path: Path) -> list[str]:
    return ["--db", db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]


def test_lists_before_anyone_exists_explain_what_to_do(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, err = run(capsys, *base, "banks", "list")
    assert code == 1
    assert out == ""
    assert "callback-desk demo" in err
    assert "Traceback" not in err


def test_demo_then_lists(capsys: pytest.CaptureFixture[str], base: list[str]) -> None:
    code, out, _err = run(capsys, *base, "demo")
    assert code == 0 and "Sample company loaded" in out
    code, out, _err = run(capsys, *base, "--as", "吴晓东", "banks", "list", "--json")
    assert code == 0
    banks = json.loads(out)
    assert {"中国工商银行", "中国建设银行", "招商银行"} <= {b["name"] for b in banks}
    code, out, _err = run(capsys, *base, "--as", "王敏", "contracts", "list", "--json")
    contracts = json.loads(out)
    assert len(contracts) == 6
    assert {c["principal"] for c in contracts} >= {"5000000.00"}
    code, out, _err = run(capsys, *base, "--as", "王敏", "contracts", "list", "--search", "gsyh")
    assert code == 0 and out.count("中国工商银行") == 2
    code, out, _err = run(capsys, *base, "--as", "刘洋", "people", "list")
    assert code == 0 and "Front desk" in out and "赵丽" in out


def test_the_front_desk_gets_no_amounts(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    run(capsys, *base, "demo")
    code, out, _err = run(capsys, *base, "--as", "刘洋", "contracts", "list", "--json")
    assert code == 0
    contracts = json.loads(out)
    assert contracts and all(c["principal"] is None and c["clause_text"] is None for c in contracts)


def test_demo_refuses_a_filled_database(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    assert run(capsys, *base, "demo")[0] == 0
    code, _out, err = run(capsys, *base, "demo")
    assert code == 1
    assert err.strip() == "Sample data can only be loaded into an empty database."


def test_unknown_person_is_refused(capsys: pytest.CaptureFixture[str], base: list[str]) -> None:
    run(capsys, *base, "demo")
    code, _out, err = run(capsys, *base, "--as", "Nobody", "banks", "list")
    assert code == 1
    assert "No active person is called “Nobody”." in err


def test_chinese_messages(capsys: pytest.CaptureFixture[str], base: list[str]) -> None:
    zh = [*base[:-1], "zh_CN"]
    code, _out, err = run(capsys, *zh, "banks", "list")
    assert code == 1
    assert "callback-desk demo" in err
    assert "No one has been set up yet" not in err


def test_check_passes_on_a_migrated_database(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    run(capsys, *base, "demo")
    code, out, _err = run(capsys, *base, "check")
    assert code == 0, out
    assert "up to date" in out
    assert "sqlite" not in out.lower() or "SQLite's integrity check" in out  # no URL
    assert "://" not in out


def test_check_fails_on_an_unreachable_server(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _err = run(
        capsys,
        "--db",
        "postgresql://postgres@127.0.0.1:1/nowhere",
        "--data-dir",
        str(tmp_path),
        "--lang",
        "en",
        "check",
    )
    assert code == 1
    assert "FAILED" in out and "Cannot open the database" in out


def test_bad_database_url_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(
        capsys, "--db", "mysql://x/y", "--data-dir", str(tmp_path), "--lang", "en", "banks", "list"
    )
    assert code == 3
    assert "use SQLite or PostgreSQL" in err


def test_a_database_that_fails_a_command_exits_3_with_one_line(
    capsys: pytest.CaptureFixture[str], empty_db_url: str, tmp_path: Path
) -> None:
    # A database of its own (dropped afterwards), since this test damages it.
    base = ["--db", empty_db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]
    run(capsys, *base, "demo")
    engine = make_engine(empty_db_url)  # a damaged database: the contracts' table is gone
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE loan_contract RENAME TO loan_contract_gone")
    engine.dispose()
    code, out, err = run(capsys, *base, "--as", "王敏", "contracts", "list")
    assert code == 3 and out == ""
    assert err.startswith("The database could not be read. (") and "loan_contract" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--lang", "en", "bogus"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out.strip() == f"callback-desk {__version__}"
