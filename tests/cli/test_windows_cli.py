"""``windows`` and ``ics`` on both databases, on the demo company: JSON, tables, bad arguments."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from desktop_app.__main__ import main

OCTOBER = ["--from", "2026-10-01", "--to", "2026/10/31"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def base(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    args = ["--db", db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert run(capsys, *args, "demo")[0] == 0
    return [*args, "--as", "刘洋"]  # the front desk may read the windows


def test_windows_json_for_a_month_around_golden_week(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, err = run(capsys, *base, "windows", *OCTOBER, "--json")
    assert code == 0, err
    found = json.loads(out)
    by_title: dict[str, list[dict[str, object]]] = {}
    for occurrence in found:
        by_title.setdefault(str(occurrence["title"]), []).append(occurrence)
    quarterly = by_title["工行季度电话回访"]
    assert [o["starts_at"][:10] for o in quarterly] == [  # type: ignore[index]
        f"2026-10-{d:02d}" for d in (8, 9, 10, 12, 13, 14, 15, 16, 19, 20)
    ]
    assert quarterly[2]["starts_at"] == "2026-10-10T01:30:00+00:00"  # the make-up Saturday
    assert all(o["covered"] and o["on_duty"]["name"] == "王敏" for o in quarterly)  # type: ignore[index]
    evening = by_title["北京银行季度回访"]
    assert len(evening) == 5
    assert all(o["outside_office_hours"] and not o["covered"] for o in evening)
    assert "Outside office hours (09:00–18:00)" in evening[0]["warnings"]  # type: ignore[operator]
    assert evening[0]["suggestions"] == []  # nobody works at 18:30
    assert [o["starts_at"] for o in by_title["建行月度贷后核查"]] == ["2026-10-15T06:00:00+00:00"]
    assert len(found) == 16
    assert [o["starts_at"] for o in found] == sorted(o["starts_at"] for o in found)


def test_windows_table_by_default_shows_the_coming_gap(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, _err = run(capsys, *base, "windows")
    assert code == 0
    assert "北京银行核实工资发放" in out and "招行现场检查" in out
    assert "GAP" in out  # 张伟 and 李娜 are both away (suggestions depend on today's date)
    assert "Absent (business trip)" in out
    assert re.fullmatch(r"\d+ windows?, [1-9]\d* without cover", out.splitlines()[-1])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["windows", "--from", "someday"], "“someday” is not a date such as 2026-12-01."),
        (["ics", "x.ics", "--to", "2026-02-30"], "“2026-02-30” is not a date"),
    ],
)
def test_unreadable_dates_are_usage_errors(
    capsys: pytest.CaptureFixture[str], base: list[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main([*base, *args])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not Path("x.ics").exists()


@pytest.mark.parametrize("command", [["windows"], ["ics", "x.ics"]])
def test_a_range_ending_before_it_starts_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], base: list[str], command: list[str]
) -> None:
    code, out, err = run(capsys, *base, *command, "--from", "2026-12-01", "--to", "2026-11-01")
    assert code == 2 and out == ""
    assert err.strip() == "The last day is before the first day."
    assert not Path("x.ics").exists()


def test_ics_export_and_refused_paths(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    path = folder / "october.ics"
    code, out, err = run(capsys, *base, "ics", str(path), *OCTOBER)
    assert code == 0, err
    calendar = Calendar.from_ical(path.read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert out.strip() == f"Wrote {len(events)} events to {path}."
    uids = [str(e["UID"]) for e in events]
    assert sum(1 for uid in uids if not uid.startswith("follow-up-")) == 16
    assert len(set(uids)) == len(uids)

    for name, message in (
        ("october.txt", "Choose a file name ending in .ics."),
        ("missing/october.ics", "does not exist"),
    ):
        code, out, err = run(capsys, *base, "ics", str(folder / name), *OCTOBER)
        assert code == 2 and message in err and out == ""
    assert sorted(p.name for p in folder.iterdir()) == ["october.ics"]
