"""``callback-desk route``: the front desk's decision on the command line, in-process, on both
databases holding the sample company; a table by default, JSON on request, clean errors."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop_app.__main__ import main
from desktop_app.core.context import open_context
from desktop_app.core.local.secrets import MemoryStore


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def base(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Global options for a database holding the sample company, acting as the front desk."""
    options = ["--db", db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert run(capsys, *options, "demo")[0] == 0
    return [*options, "--as", "刘洋"]


def test_a_number_prints_the_bank_contracts_transfer_list_and_script(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, err = run(capsys, *base, "route", "010-6552 1234", "--at", "2026-10-10T10:00")
    assert (code, err) == (0, "")
    assert "At: Sat, Oct 10 10:00" in out
    assert "中国工商银行" in out and "Calling number: 010 6552 1234" in out
    assert "马骏 (Relationship manager)" in out
    assert "Number: 010 6552 1234 (on file)" in out
    assert "0200-2025-LD-0137" in out
    header = next(line for line in out.splitlines() if line.startswith("Rank"))
    assert header.split() == [
        "Rank",
        "Name",
        "Role",
        "Extension",
        "Mobile",
        "Available",
        "Why",
        "Answers",
        "as",
    ]
    assert "周杰" in out and "Contract responder" in out
    assert "A message taken now must be returned by Sat, Oct 10 12:00." in out
    assert "4. Never disclose loan details" in out
    assert "5,000,000" not in out and "¥" not in out


def test_json_for_scripts_and_no_amounts_for_the_front_desk(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, _err = run(capsys, *base, "route", "gsyh", "--at", "2026-11-25T10:00", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["query"]["kind"] == "text"
    assert [b["name"] for b in result["banks"]] == ["中国工商银行"]
    assert result["at"] == "2026-11-25T10:00:00+08:00"
    assert result["details_hidden"] is True
    assert result["contracts"] and all(c["principal"] is None for c in result["contracts"])
    assert all(c["clause_text"] is None for c in result["contracts"])
    ranked = [c for c in result["candidates"] if c["rank"] is not None]
    assert ranked[0]["rank"] == 1 and ranked[0]["status"]["code"] in {"available", "absent"}
    due = datetime.fromisoformat(result["follow_up_due_at"])
    assert due == datetime(2026, 11, 25, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert result["script"][0].startswith("Greet:")
    finance = [arg if arg != "刘洋" else "王敏" for arg in base]
    code, out, _err = run(capsys, *finance, "route", "gsyh", "--json")
    assert code == 0
    assert {c["principal"] for c in json.loads(out)["contracts"]} >= {"5000000.00"}


@pytest.mark.parametrize(
    "moment", ["2026-10-01T10:00", "2026-10-01T02:00Z", "2026-10-01 10:00+08:00"]
)
def test_on_a_public_holiday_nobody_is_available(
    capsys: pytest.CaptureFixture[str], base: list[str], moment: str
) -> None:
    code, out, _err = run(capsys, *base, "route", "95588", "--at", moment, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["candidates"]
    assert not any(c["available"] for c in result["candidates"])
    assert {c["reason"] for c in result["candidates"]} == {"Public holiday: National Day"}
    assert result["script"][-1].startswith("No one can answer now: take a message")
    assert "Thu, Oct 8 11:00" in result["script"][-1]


def test_an_unknown_number_says_so(capsys: pytest.CaptureFixture[str], base: list[str]) -> None:
    code, out, _err = run(capsys, *base, "route", "010 8888 9999", "--at", "2026-11-25T10:00")
    assert code == 0
    assert "Bank: no bank matches." in out
    assert "Number: 010 8888 9999 (not on file)" in out
    assert "Finance fallback" in out
    assert "beware of impersonation" in out.lower()


@pytest.mark.parametrize("moment", ["tomorrow", "2026-13-01T10:00", "10:00"])
def test_a_bad_moment_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], base: list[str], moment: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main([*base, "route", "95588", "--at", moment])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert f"“{moment}” is not a moment such as 2026-10-10T10:00" in err
    assert "Traceback" not in err


def test_nothing_to_route_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, _out, err = run(capsys, *base, "route", "  ")
    assert code == 2
    assert "Give a number, a bank's name or a contract number to route." in err


def test_route_in_chinese(capsys: pytest.CaptureFixture[str], base: list[str]) -> None:
    chinese = [arg if arg != "en" else "zh_CN" for arg in base]
    code, out, _err = run(capsys, *chinese, "route", "95588", "--at", "2026-10-01T10:00")
    assert code == 0
    assert "法定节假日" in out
    assert "10月8日周四 11:00" in out
    assert "Transfer list" not in out and "Script" not in out


def test_in_team_mode_the_transfer_list_says_who_is_at_their_desk(
    capsys: pytest.CaptureFixture[str], base: list[str], db_url: str, tmp_path: Path
) -> None:
    desk = open_context(db=db_url, data_dir=str(tmp_path / "desk"), secrets=MemoryStore())
    try:
        services = desk.services
        zhou = services.identity.actor_named("周杰")
        services.presence.set_status(zhou, zhou.person_id, "away")
        li = services.identity.actor_named("李娜")
        services.presence.start_session(li, "财务-2")  # her app runs now (the real clock's now)
    finally:
        desk.close()
    code, out, err = run(capsys, *base, "route", "010-6552 1234", "--at", "2026-11-25T10:00")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Rank"))
    zhou_row = next(line for line in lines if "周杰" in line)
    li_row = next(line for line in lines if "李娜" in line)
    if db_url.startswith("sqlite"):  # one desk: presence is not tracked, nothing is said
        assert "At the desk" not in header and "Away" not in zhou_row and "Online" not in out
        return
    assert header.split()[6:10] == ["Why", "At", "the", "desk"]
    assert "Away" in zhou_row and "Online" not in zhou_row
    assert "● Online" in li_row
    code, out, _err = run(capsys, *base, "route", "010-6552 1234", "--json")
    found = {c["name"]: c for c in json.loads(out)["candidates"]}
    assert (found["周杰"]["presence"], found["李娜"]["online"]) == ("away", True)
    chinese = [arg if arg != "en" else "zh_CN" for arg in base]
    code, out, _err = run(capsys, *chinese, "route", "010-6552 1234", "--at", "2026-11-25T10:00")
    assert "在线状态" in out and "● 在线" in out and "离开" in out


def test_ranks_per_contract_and_no_transfer_before_the_caller_is_known(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, err = run(capsys, *base, "route", "gsyh", "--at", "2026-11-25T10:00")
    assert (code, err) == (0, "")
    zhou_row = next(line for line in out.splitlines() if "周杰" in line)
    assert zhou_row.startswith("Primary for 0200-2024-GD-0052")
    assert "Transfer to 周杰, extension 8100." in out
    code, out, err = run(capsys, *base, "route", "010-8888 9999", "--at", "2026-11-25T10:00")
    assert (code, err) == (0, "")
    assert "The caller is not identified yet: ask who is calling before transferring." in out
    assert "Transfer to" not in out
    assert "Do not transfer yet: ask who is calling" in out
    code, out, _err = run(capsys, *base, "route", "95588-1234", "--at", "2027-03-10T10:00")
    assert "中国工商银行" in out
    assert "The official holiday schedule for 2027 is not published yet" in out
