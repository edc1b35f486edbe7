"""A clumsy user's mistakes on the command line: one translated line and exit 2 or 1, never a
traceback. Each case goes through the real entry point (``desktop_app.__main__.main``); the full
disk is simulated in a child process whose files may not grow beyond 300 KB (``RLIMIT_FSIZE``).
"""

from __future__ import annotations

import csv
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.__main__ import main
from tests.helpers import hostile_files as hf

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the CLI is the same on both

SEARCH = "x" * 60_000


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse's usage errors
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def base(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    options = ["--db", db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert run(capsys, *options, "demo")[0] == 0
    return [*options, "--as", "吴晓东"]


CASES = [
    (["route", "95588", "--at", "9999-12-31"], 2, "outside the years 1970 to 2199"),
    (["route", "95588", "--at", "0001-01-01"], 2, "outside the years 1970 to 2199"),
    (["route", "95588", "--at", "9999-12-31T23:59:59"], 2, "outside the years"),
    (["windows", "--from", "9999-12-31"], 2, "outside the years 1970 to 2199"),
    (["windows", "--from", "0001-01-01"], 2, "outside the years 1970 to 2199"),
    (["ics", "out.ics", "--from", "9999-12-31"], 2, "outside the years"),
    (["audit", "--limit", "9" * 20], 2, "is not a whole number from 1 to 1,000,000"),
    (["audit", "--id", "9" * 20], 2, "is not a whole number from 1 to"),
    (["training", "certificates", "--expiring-days", "9" * 14], 2, "number of days from 0"),
    (["banks", "list", "--search", SEARCH], 2, "60,000 characters long; at most 200"),
    (["people", "list", "--search", SEARCH], 2, "60,000 characters long; at most 200"),
    (["contracts", "list", "--search", SEARCH], 2, "60,000 characters long; at most 200"),
    (["route", SEARCH], 2, "60,000 characters long; at most 200"),
]


@SQLITE
@pytest.mark.parametrize(("args", "code", "words"), CASES)
def test_a_mistake_is_one_line_and_its_exit_code(
    capsys: pytest.CaptureFixture[str], base: list[str], args: list[str], code: int, words: str
) -> None:
    exit_code, _out, err = run(capsys, *base, *args)
    assert exit_code == code
    assert words in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@SQLITE
def test_damaged_files_and_huge_amounts_are_refused_on_import(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    corrupt = hf.corrupt_deflate(tmp_path / "corrupt.xlsx")
    amounts = tmp_path / "amounts.csv"
    amounts.write_text(
        "合同编号,贷款银行,贷款类型,贷款金额,起始日,到期日\n"
        "HT-1,工行,流贷,1e30,2026-01-05,2027-01-05\n",
        encoding="utf-8",
    )
    for path, words in (
        (broken, "broken.xlsx cannot be read as an Excel workbook"),
        (corrupt, "corrupt.xlsx cannot be read as an Excel workbook"),
        (amounts, "1e30 is too large for an amount"),
    ):
        kind = "contracts" if path == amounts else "banks"
        code, out, err = run(capsys, *base, "import", kind, str(path))
        assert code == 1 and words in out and "Traceback" not in out + err  # the report: stdout


def test_a_data_dir_that_is_a_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("", encoding="utf-8")
    for command in (["banks", "list"], ["check"]):
        code, _out, err = run(capsys, "--lang", "en", "--data-dir", str(a_file), *command)
        assert code == 2
        assert err.strip() == f"--data-dir {a_file} is a file, not a folder."


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))


@SQLITE
@pytest.mark.parametrize("name", ["contracts.xlsx", "contracts.csv"])
def test_a_full_disk_on_export_is_one_line_and_leaves_no_file(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path, name: str
) -> None:
    rows = [["合同编号", "贷款银行", "贷款类型", "贷款金额", "起始日", "到期日", "备注"]]
    rows += [
        [f"BIG-{n}", "工行", "流贷", "1000", "2026-01-05", "2027-01-05", "备注" * 5000]
        for n in range(40)
    ]
    source = tmp_path / "big.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert run(capsys, *base, "import", "contracts", str(source))[0] == 0
    target = tmp_path / "out" / name
    target.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", *base, "export", "contracts", str(target)],
        preexec_fn=_limit_file_size,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"{name} cannot be written: File too large"
    assert list(target.parent.iterdir()) == []
