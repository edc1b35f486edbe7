"""``import``, ``export`` and ``template`` on the command line, in-process, on both databases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop_app.__main__ import main

CONTRACT_HEADERS = [
    "贷款银行", "合同编号", "贷款类型", "贷款金额", "起始日", "到期日", "回访方式", "回访频率"
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_xlsx(path: Path, rows: list[list[object]]) -> str:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


@pytest.fixture
def base(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Global options for a database holding the sample company."""
    options = ["--db", db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert run(capsys, *options, "demo")[0] == 0
    return options


def contract_count(capsys: pytest.CaptureFixture[str], base: list[str]) -> int:
    code, out, _err = run(capsys, *base, "--as", "王敏", "contracts", "list", "--all", "--json")
    assert code == 0
    return len(json.loads(out))


@pytest.fixture
def one_bad_row(tmp_path: Path) -> str:
    return write_xlsx(
        tmp_path / "contracts.xlsx",
        [
            CONTRACT_HEADERS,
            ["工行", "CLI-1", "流贷", "1,000,000", "2026/1/5", date(2027, 1, 5), "电话", "每季度"],
            ["建行", "CLI-2", "流贷", "abc", "2026年1月5日", date(2027, 1, 5), "电话", "每季度"],
        ],
    )


def test_a_bad_row_is_reported_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], base: list[str], one_bad_row: str
) -> None:
    before = contract_count(capsys, base)
    code, out, err = run(capsys, *base, "--as", "王敏", "import", "contracts", one_bad_row)
    assert code == 1
    assert out.splitlines() == ["Row 3, 贷款金额: “abc” is not an amount."]
    assert err.strip() == "Nothing was imported: 1 of 2 rows has problems."
    assert contract_count(capsys, base) == before


def test_the_json_report_lists_each_rejected_row_and_why(
    capsys: pytest.CaptureFixture[str], base: list[str], one_bad_row: str
) -> None:
    code, out, _err = run(
        capsys, *base, "--as", "王敏", "import", "contracts", one_bad_row, "--json"
    )
    assert code == 1
    report = json.loads(out)
    assert (report["ok"], report["rows"], report["imported"]) == (False, 2, 0)
    assert report["rejected"] == [
        {
            "row": 3,
            "label": "CLI-2",
            "problems": [
                {
                    "row": 3,
                    "column": "贷款金额",
                    "field": "principal",
                    "message": "“abc” is not an amount.",
                }
            ],
        }
    ]
    assert report["created"] == [] and report["file_problems"] == []


def test_dry_run_then_import_then_the_same_file_again(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "good.xlsx",
        [
            CONTRACT_HEADERS,
            ["工行", "CLI-1", "流贷", "1,000,000", "2026/1/5", date(2027, 1, 5), "电话", "每季度"],
            ["建行", "CLI-2", "项目贷款", "500万元", "2026年1月5日", 46392, "电话", "每季度"],
        ],
    )
    before = contract_count(capsys, base)
    code, out, _err = run(capsys, *base, "--as", "王敏", "import", "contracts", path, "--dry-run")
    assert (code, out.strip()) == (0, "Dry run: all 2 rows can be imported; nothing was written.")
    assert contract_count(capsys, base) == before

    code, out, _err = run(capsys, *base, "--as", "王敏", "import", "contracts", path, "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["ok"], report["imported"], report["rejected"]) == (True, 2, [])
    assert [(c["row"], c["label"]) for c in report["created"]] == [(2, "CLI-1"), (3, "CLI-2")]
    assert contract_count(capsys, base) == before + 2

    code, out, err = run(capsys, *base, "--as", "王敏", "import", "contracts", path)
    assert code == 1
    assert "Row 2, 合同编号: Contract CLI-1 already exists at this bank." in out.splitlines()
    assert "Nothing was imported: 2 of 2 rows have problems." in err
    assert contract_count(capsys, base) == before + 2


def test_export_in_english_and_import_it_back(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    code, out, _err = run(capsys, *base, "--as", "王敏", "banks", "list", "--json")
    names = [bank["name"] for bank in json.loads(out)]
    path = str(tmp_path / "banks.xlsx")
    code, out, _err = run(capsys, *base, "--as", "王敏", "export", "banks", path)
    assert (code, out.strip()) == (0, f"Exported {len(names)} rows to {path}.")
    header = next(openpyxl.load_workbook(path).active.values)
    assert header[:3] == ("Bank name", "Short name", "Aliases")

    code, out, _err = run(capsys, *base, "--as", "王敏", "import", "banks", path, "--json")
    assert code == 1
    rejected = json.loads(out)["rejected"]
    assert [(r["row"], r["label"], r["problems"][0]["column"]) for r in rejected] == [
        (row, name, "Bank name") for row, name in enumerate(names, start=2)
    ]
    assert rejected[0]["problems"][0]["message"].endswith("already exists.")


def test_the_front_desk_exports_without_amounts_and_cannot_import(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    path = str(tmp_path / "contracts.csv")
    code, _out, _err = run(capsys, *base, "--as", "刘洋", "export", "contracts", path)
    assert code == 0
    header = Path(path).read_text("utf-8-sig").splitlines()[0].split(",")
    assert (
        "Contract No." in header and "Principal" not in header and "Callback clause" not in header
    )
    code, out, err = run(capsys, *base, "--as", "刘洋", "import", "contracts", path)
    assert (code, out) == (1, "")
    assert "may not do this" in err


def test_a_template_in_chinese_and_its_example_row(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    path = str(tmp_path / "template.xlsx")
    code, out, _err = run(capsys, *base, "template", "contracts", path, "--lang", "zh_CN")
    assert code == 0 and out.strip()
    header = next(openpyxl.load_workbook(path).active.values)
    assert header[:2] == ("贷款银行 *", "合同编号 *")
    code, out, _err = run(capsys, *base, "--as", "王敏", "import", "contracts", path)
    assert code == 1
    assert out.splitlines()[0].endswith("delete it first.")


def test_a_missing_file_is_a_file_problem_in_the_report(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nowhere.xlsx")
    code, out, _err = run(capsys, *base, "--as", "王敏", "import", "people", missing, "--json")
    assert code == 1
    report = json.loads(out)
    assert [p["message"] for p in report["file_problems"]] == [
        f"The file {missing} does not exist."
    ]
    assert report["rejected"] == [] and report["rows"] == 0


def test_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--lang", "en", "import", "loans", "x.xlsx"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
