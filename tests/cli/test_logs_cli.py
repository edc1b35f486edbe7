"""The log file from the command line: ``callback-desk logs``, and a realistic session whose log
must show what happened but never the database password or a loan amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.engine import make_url

from desktop_app.__main__ import main
from desktop_app.core.common.logs import LOG_FILE_NAME
from tests.helpers.databases import PostgresServer

PASSWORD = "Sekr3t-Pa55-word"
AMOUNT = "7654321.98"  # imported
REFUSED_AMOUNT = "8765432.17"  # in a file that is refused
DEMO_AMOUNTS = ("5000000", "12000000")
HEADERS = ["贷款银行", "合同编号", "贷款类型", "贷款金额", "起始日", "到期日"]


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


def test_logs_prints_the_log_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _err = run(capsys, "--data-dir", str(tmp_path / "data"), "logs")
    assert code == 0
    assert out.strip() == str((tmp_path / "data" / "logs").resolve())


def test_a_session_is_logged_without_password_or_amounts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, postgres_server: PostgresServer
) -> None:
    plain = postgres_server.create("logs")
    try:
        # The test server trusts local logins, so the password is accepted and ignored.
        url = make_url(plain).set(password=PASSWORD).render_as_string(hide_password=False)
        data = tmp_path / "data"
        base = ["--db", url, "--data-dir", str(data), "--lang", "en", "--as", "王敏"]
        assert run(capsys, "--db", url, "--data-dir", str(data), "--lang", "en", "demo")[0] == 0
        good = write_xlsx(
            tmp_path / "good.xlsx",
            [HEADERS, ["工行", "LOG-1", "流贷", AMOUNT, "2026/1/5", date(2027, 1, 5)]],
        )
        bad = write_xlsx(
            tmp_path / "bad.xlsx",
            [HEADERS, ["工行", "LOG-2", "流贷", REFUSED_AMOUNT, "not a date", date(2027, 1, 5)]],
        )
        code, out, _err = run(capsys, *base, "import", "contracts", good)
        assert code == 0
        code, out, _err = run(capsys, *base, "import", "contracts", bad)
        assert code == 1
        code, out, _err = run(capsys, *base, "contracts", "list", "--json")
        assert code == 0 and "7654321.98" in out  # the person sees the amount; the log must not
        assert run(capsys, *base, "export", "contracts", str(tmp_path / "out.xlsx"))[0] == 0
        assert run(capsys, *base, "route", "95588")[0] == 0
        log = (data / "logs" / LOG_FILE_NAME).read_text("utf-8")
    finally:
        postgres_server.drop(plain)
    assert "Callback Desk 0." in log and "stopped" in log
    assert "database: postgresql" in log and "postgres:***@" in log
    assert "migrated to schema" in log
    assert "imported 1 contracts from good.xlsx" in log
    assert "exported" in log and "out.xlsx" in log
    assert "command refused" in log
    assert PASSWORD not in log
    for amount in (AMOUNT, REFUSED_AMOUNT, *DEMO_AMOUNTS):
        whole = amount.split(".")[0]
        # as typed, with thousands separators, and in 万 (ten thousands)
        for shown in (whole, f"{int(whole):,}", f"{Decimal(amount) / 10000:.2f}"):
            assert shown not in log
