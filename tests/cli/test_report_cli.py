"""``report`` on both databases, on the demo company's year: table, JSON, .xlsx, PDF, mistakes."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

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
    return [*args, "--as", "王敏"]


def test_json_for_october_adds_up(capsys: pytest.CaptureFixture[str], base: list[str]) -> None:
    code, out, err = run(capsys, *base, "report", *OCTOBER, "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found["period"] == {"first": "2026-10-01", "last": "2026-10-31", "kind": "custom"}
    assert found["scope"] == "full" and found["generated_by"] == "王敏"
    banks = found["banks"]
    assert {b["bank_name"] for b in banks} == {
        "中国工商银行",
        "中国建设银行",
        "招商银行",
        "北京银行",
    }
    for key in ("answered", "transferred", "message", "no_one", "missed"):
        assert found["totals"][key] == sum(b["calls"][key] for b in banks)
    assert found["received"] == sum(found["totals"].values()) > 0
    assert len(found["trend"]) == 12 and found["trend"][-1]["month"] == "2026-10-01"


def test_one_bank_as_a_table(capsys: pytest.CaptureFixture[str], base: list[str]) -> None:
    code, out, _err = run(capsys, *base, "report", *OCTOBER, "--bank", "北京银行")
    assert code == 0
    assert out.startswith("Oct 1, 2026 – Oct 31, 2026 · 北京银行")
    assert "Calls by bank" in out and "Answer rate" in out and "中国工商银行" not in out


def test_xlsx_and_pdf(capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path) -> None:
    book = tmp_path / "out" / "report.xlsx"
    code, out, err = run(capsys, *base, "report", *OCTOBER, "--xlsx", str(book))
    assert code == 0, err
    assert out.strip() == f"Wrote 5 sheets to {book}."
    assert load_workbook(book).sheetnames[0] == "Calls by bank"
    pdf = tmp_path / "out" / "report.pdf"
    chinese = [("zh_CN" if a == "en" else a) for a in base]
    code, out, err = run(capsys, *chinese, "report", *OCTOBER, "--pdf", str(pdf))
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    # NFKC as the other PDF tests: Qt's writer maps a few glyphs to Kangxi radicals (⾏ for 行)
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    assert "回访接听报告2026年10月1日–2026年10月31日" in compact  # searchable Chinese text
    assert "北京银行" in compact


def test_the_front_desk_gets_its_own_counts_only(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    front_desk = [*base[:-2], "--as", "刘洋"]
    code, out, _err = run(capsys, *front_desk, "report", *OCTOBER, "--json")
    assert code == 0
    found = json.loads(out)
    assert found["scope"] == "own" and found["banks"] == [] and found["people"] == []
    code, _out, err = run(capsys, *base[:-2], "--as", "孙强", "report")  # a trainee
    assert code == 1 and "may not do this" in err


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["--bank", "不存在银行"], 1, "No bank is called “不存在银行”."),
        (
            ["--from", "2026-11-01", "--to", "2026-10-01"],
            2,
            "The last day is before the first day.",
        ),
        (["--from", "2020-01-01", "--to", "2026-01-01"], 1, "at most three years"),
        (["--xlsx", "report.txt"], 2, "is not an .xlsx file name."),
        (["--pdf", "report.xlsx"], 2, "is not a .pdf file name."),
        (["--from", "yesterday"], 2, "is not a date such as 2026-12-01."),
        (["--json", "--xlsx", "a.xlsx"], 2, "not allowed with argument"),
    ],
)
def test_mistakes_get_one_line_and_an_exit_code(
    capsys: pytest.CaptureFixture[str],
    base: list[str],
    arguments: list[str],
    code: int,
    message: str,
) -> None:
    try:
        found, _out, err = run(capsys, *base, "report", *arguments)
    except SystemExit as stop:  # argparse's usage errors
        found, err = int(stop.code or 0), capsys.readouterr().err
    assert found == code
    assert message in err and "Traceback" not in err
