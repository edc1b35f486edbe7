"""Spreadsheet import and export on SQLite and PostgreSQL, with real files written by openpyxl.

The files are as messy as the ones finance teams keep: a merged title row, headers merged over
two rows, Chinese or English headers, Excel serial dates next to 2026/1/5 and 2026年1月5日,
amounts with thousands separators or 万元, phone numbers stored as numbers, full-width digits,
a 合计 row and blank rows at the end, CSV saved in GBK.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import open_context
from desktop_app.core.local.paths import resources_dir
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import AuditEntry, Bank, LoanContract, Person, ResponderAssignment
from desktop_app.core.register.availability import Span
from desktop_app.core.register.banks import BankView, OfficerDraft, PhoneDraft
from desktop_app.core.register.import_export import ImportPlan, RowProblem
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import sqlite_url
from tests.helpers.databases import PostgresServer
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)

KINDS = ("banks", "contracts", "people", "responders", "numbers")


def write_xlsx(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def problems_of(plan: ImportPlan) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.text()) for p in plan.all_problems()]


@pytest.fixture
def banks(services: Services, admin: Actor) -> tuple[BankView, BankView]:
    icbc = make_bank(services, admin)
    ccb = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=["CCB"], phones=[])
    return icbc, ccb


def test_a_messy_contract_workbook_imports_correctly(
    services: Services, admin: Actor, banks: tuple[BankView, BankView], tmp_path: Path
) -> None:
    icbc, ccb = banks
    path = write_xlsx(
        tmp_path / "合同台账.xlsx",
        [
            ["2026年贷款合同台账"],
            ["合同编号", "贷款银行", "贷款类型", "贷款要素", None, None, "回访内容", "备注"],
            [None, None, None, "贷款金额", "起始日", "到期日", None, None],
            ["ＨＴ－２０２６－００１", "工行", "流贷", "1,234,567.89", 46027, "2027/1/5",
             "资金用途、经营状况", "首笔"],
            ["HT-2026-002", "中国建设银行", "项目贷款", "500万元", "2026年1月5日",
             datetime(2028, 1, 5), "还款能力", None],
            ["HT-2026-003", None, "Working-capital loan", 98765.4, "２０２６－０２－０１",
             46099.0, None, "  "],
            [None, "合计", None, 6333333.29, None, None, None, None],
            [None] * 8,
            ["", "  ", None, None, None, None, None, None],
        ],
        merges=("A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3", "H2:H3", "B5:B6"),
    )  # fmt: skip

    plan = services.imports.preview(admin, "contracts", path)

    assert problems_of(plan) == []
    assert plan.ok and plan.header_row == 3 and plan.language == "zh_CN"
    assert [row.row for row in plan.rows] == [4, 5, 6]
    assert [w.text() for w in plan.warnings] == [
        "The file has no column 回访方式: every row gets “电话”; check each one.",
        "The file has no column 回访频率: every row gets “每季度”; check each one.",
        "Row 7 looks like a total and was skipped.",
    ]
    assert count_rows(services, LoanContract) == 0  # a preview writes nothing
    report = services.imports.commit(admin, plan).value
    assert [(c.row, c.label) for c in report.created] == [
        (4, "HT-2026-001"), (5, "HT-2026-002"), (6, "HT-2026-003")
    ]  # fmt: skip
    stored = {c.contract_number: c for c in services.contracts.list(admin, status=None)}
    first, second, third = stored["HT-2026-001"], stored["HT-2026-002"], stored["HT-2026-003"]
    assert (first.bank_id, first.loan_type, first.principal) == (
        icbc.id, "working_capital", Decimal("1234567.89")
    )  # fmt: skip
    assert (first.start_date, first.maturity_date) == (date(2026, 1, 5), date(2027, 1, 5))
    assert first.clause_topics == ("use_of_funds", "business_condition")
    assert first.notes == "首笔" and first.currency == "CNY" and first.status == "active"
    assert (second.bank_id, second.loan_type, second.principal) == (
        ccb.id, "project", Decimal("5000000")
    )  # fmt: skip
    assert (second.start_date, second.maturity_date) == (date(2026, 1, 5), date(2028, 1, 5))
    assert (third.bank_id, third.loan_type, third.principal) == (
        ccb.id, "working_capital", Decimal("98765.4")
    )  # fmt: skip
    assert (third.start_date, third.maturity_date) == (date(2026, 2, 1), date(2026, 3, 18))


def test_a_messy_bank_workbook_restores_lost_leading_zeros(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "banks.xlsx",
        [
            ["银行名称（必填）", "简称", "别名", "来电号码", "客户经理", "客户经理电话",
             "客户经理手机"],
            ["中国工商银行", "工行", "ICBC；工商银行", 1065521234, "马骏\n王五", "010-65521234",
             "13911112222\n13911114444"],
            ["中国建设银行", "建行", "CCB", "95533（客服）、０１０－８２５６１０００", None,
             1082561000.0, None],
        ],
    )  # fmt: skip

    plan = services.imports.preview(admin, "banks", path)

    assert problems_of(plan) == [
        (3, "客户经理电话", "There are more entries here than names in 客户经理.")
    ]
    assert not plan.ok
    with pytest.raises(ValidationError):
        services.imports.commit(admin, plan)
    assert count_rows(services, Bank) == 0
    assert [(w.row, w.column, w.text()) for w in plan.all_warnings()] == [
        (2, "来电号码",
         "1065521234 had lost its leading zero (stored as a number); read as 01065521234."),
        (3, "客户经理电话",
         "1082561000 had lost its leading zero (stored as a number); read as 01082561000."),
    ]  # fmt: skip

    book = openpyxl.load_workbook(path)
    book.active["F3"] = None
    book.save(path)
    services.imports.commit(admin, services.imports.preview(admin, "banks", path))
    stored = {bank.name: bank for bank in services.banks.list(admin)}
    icbc, ccb = stored["中国工商银行"], stored["中国建设银行"]
    assert (icbc.short_name, icbc.aliases) == ("工行", ("ICBC", "工商银行"))
    assert icbc.phones == (("+861065521234", "010 6552 1234", ""),)
    assert icbc.officers == (
        OfficerDraft("马骏", "relationship_manager", "010-65521234", "13911112222"),
        OfficerDraft("王五", "relationship_manager", "", "13911114444"),
    )
    assert ccb.phones == (("svc:95533", "95533", "客服"), ("+861082561000", "010 8256 1000", ""))
    assert ccb.officers == ()


def test_english_headers_and_people(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "people.xlsx",
        [
            ["Name*", "ROLE", "Extension", "Mobile", "E-mail", "Office hours", " job  title "],
            ["Wang Min", "Finance", 8001, 13801012345, "wang.min@example.com",
             "Mon-Fri 09:00-12:00, 13:30-18:00", "Finance manager"],
            ["刘洋", "前台", 8000.0, None, None, "工作日 08:30-17:30；周六 09:00-12:00", None],
        ],
    )  # fmt: skip

    plan = services.imports.preview(admin, "people", path)

    assert problems_of(plan) == [] and plan.language == "en"
    services.imports.commit(admin, plan)
    people = {p.name: p for p in services.people.list(admin)}
    wang, liu = people["Wang Min"], people["刘洋"]
    assert (wang.role.value, wang.extension, wang.mobile, wang.email, wang.job_title) == (
        "finance", "8001", "138 0101 2345", "wang.min@example.com", "Finance manager"
    )  # fmt: skip
    assert sorted(wang.office_hours, key=lambda s: (s.weekday, s.starts)) == [
        span for day in range(5)
        for span in (Span(day, time(9), time(12)), Span(day, time(13, 30), time(18)))
    ]  # fmt: skip
    assert (liu.role.value, liu.extension, liu.mobile) == ("front_desk", "8000", "")
    assert liu.office_hours == (
        *(Span(day, time(8, 30), time(17, 30)) for day in range(5)),
        Span(5, time(9), time(12)),
    )


def test_one_bad_row_writes_nothing_and_names_its_row_and_column(
    services: Services, admin: Actor, banks: tuple[BankView, BankView], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "contracts.xlsx",
        [
            ["Bank", "Contract No.", "Loan type", "Principal", "Start date", "Maturity date"],
            ["ICBC", "C-1", "Project loan", 1000000, "2026-01-05", "2027-01-05"],
            ["ICBC", "C-2", "Project loan", "abc", "2026-01-05", "2027-01-05"],
            ["ICBC", "C-3", "Project loan", 1000000, "2026-01-05", "2027-01-05"],
        ],
    )
    before = count_rows(services, AuditEntry)

    plan = services.imports.preview(admin, "contracts", path)

    assert [row.row for row in plan.rejected] == [3]
    assert problems_of(plan) == [(3, "Principal", "“abc” is not an amount.")]
    with pytest.raises(ValidationError) as refused:
        services.imports.commit(admin, plan)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "Principal")]  # type: ignore[attr-defined]
    assert count_rows(services, LoanContract) == 0
    assert count_rows(services, AuditEntry) == before


def test_every_problem_of_every_row_is_listed(
    services: Services, admin: Actor, banks: tuple[BankView, BankView], tmp_path: Path
) -> None:
    make_contract(services, admin, banks[0].id, "C-9")
    path = write_xlsx(
        tmp_path / "contracts.xlsx",
        [
            ["贷款银行", "合同号", "贷款类型", "合同金额", "起始日", "到期日", "回访频率"],
            ["农行", "C-1", "流贷", "1万", "2026-01-05", "2027-01-05", "每月"],
            ["工行", "C-2", "小额贷", "1万", "2026-13-05", "2025-01-05", "每两周"],
            ["工行", "C-9", "流贷", "1万", "2026-01-05", "2027-01-05", "每月"],
            ["工行", "c-2", "流贷", "1万", "2026-01-05", "2027-01-05", "每月"],
        ],
    )

    plan = services.imports.preview(admin, "contracts", path)

    labels = "抵押/经营性物业贷款、流动资金贷款、项目贷款、固定资产贷款、其他贷款"
    assert problems_of(plan) == [
        (2, "贷款银行", "No bank called “农行” is registered."),
        (3, "贷款类型", f"“小额贷” is not one of: {labels}."),
        (3, "回访频率", "“每两周” is not one of: 每月、每季度、每半年、每年、由银行安排."),
        (3, "起始日", "“2026-13-05” is not a date."),
        (4, "合同号", "Contract C-9 already exists at this bank."),
        (5, "合同号", "Row 3 already has “c-2”."),
    ]


def test_a_change_between_preview_and_commit_writes_nothing(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "banks.xlsx", [["银行名称"], ["中国银行"], ["交通银行"]])
    plan = services.imports.preview(admin, "banks", path)
    assert plan.ok
    make_bank(services, admin, "交通银行", short_name="交行", aliases=[], phones=[])

    with pytest.raises(ValidationError) as refused:
        services.imports.commit(admin, plan)

    problem = refused.value.problems[0]
    assert isinstance(problem, RowProblem)
    assert (problem.row, problem.column, problem.text()) == (
        3, "银行名称", "A bank named “交通银行” already exists."
    )  # fmt: skip
    assert [b.name for b in services.banks.list(admin)] == ["交通银行"]


def test_a_commit_is_audited_per_record_and_once_for_the_file(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "banks.xlsx", [["Bank name"], ["中国银行"], ["交通银行"]])
    outcome = services.imports.commit(admin, services.imports.preview(admin, "banks", path))
    ids = [c.id for c in outcome.value.created]
    assert outcome.changes.ids == tuple(("banks", i) for i in ids)
    entries = services.audit.recent(admin)
    assert [(e.action, e.entity) for e in entries[:3]] == [
        ("import", "banks"), ("create", "bank"), ("create", "bank")
    ]  # fmt: skip
    assert entries[0].after == {"file": "banks.xlsx", "sheet": "Sheet", "rows": 2, "ids": ids}


def test_a_gbk_csv_imports(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = tmp_path / "banks.csv"
    with open(path, "w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows(
            [["银行名称", "简称", "来电号码"], ["中国农业银行", "农行", "1068581234"], ["", "", ""]]
        )
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    plan = services.imports.preview(admin, "banks", path)

    assert problems_of(plan) == []
    services.imports.commit(admin, plan)
    (bank,) = services.banks.list(admin)
    assert (bank.name, bank.short_name, bank.phones) == (
        "中国农业银行", "农行", (("+861068581234", "010 6858 1234", ""),)
    )  # fmt: skip


def test_a_header_in_wan_yuan_multiplies_plain_numbers(
    services: Services, admin: Actor, banks: tuple[BankView, BankView], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "contracts.xlsx",
        [
            ["银行", "合同编号", "贷款类型", "贷款金额（万元）", "起始日", "到期日"],
            ["工行", "W-1", "流贷", 500, "2026-01-05", "2027-01-05"],
            ["工行", "W-2", "流贷", "1.5亿", "2026-01-05", "2027-01-05"],
        ],
    )
    plan = services.imports.preview(admin, "contracts", path)
    assert [w.text() for w in plan.warnings if "no column" not in w.text()] == [
        "Amounts in the column 贷款金额（万元） are multiplied by 10,000."
    ]
    services.imports.commit(admin, plan)
    amounts = {c.contract_number: c.principal for c in services.contracts.list(admin)}
    assert amounts == {"W-1": Decimal("5000000"), "W-2": Decimal("150000000")}


def test_responder_lists_in_rank_columns_or_one_column(
    services: Services, admin: Actor, banks: tuple[BankView, BankView], tmp_path: Path
) -> None:
    icbc, ccb = banks
    for number in ("HT-1", "HT-2", "HT-4"):
        make_contract(services, admin, icbc.id, number)
    make_contract(services, admin, ccb.id, "HT-3")
    for name in ("王敏", "李娜", "张伟"):
        make_person(services, admin, name=name)
    path = write_xlsx(
        tmp_path / "responders.xlsx",
        [
            ["贷款银行", "合同编号", "主接听人", "备用接听人1", "备用接听人2"],
            ["工行", "HT-1", "王敏", "李娜", "张伟"],
            ["中国建设银行", "HT-3", "李娜", None, None],
            ["工行", None, "张伟", "王敏", None],
        ],
    )
    services.imports.commit(admin, services.imports.preview(admin, "responders", path))
    lists = {
        c.contract_number: [(r.name, r.inherited) for r in c.responders]
        for c in services.contracts.list(admin)
    }
    assert lists == {
        "HT-1": [("王敏", False), ("李娜", False), ("张伟", False)],
        "HT-2": [("张伟", True), ("王敏", True)],
        "HT-3": [("李娜", False)],
        "HT-4": [("张伟", True), ("王敏", True)],
    }

    inactive = make_person(services, admin, name="赵丽")
    services.people.set_active(admin, inactive.id, False)
    path = write_xlsx(
        tmp_path / "more.xlsx",
        [
            ["Bank", "Contract No.", "Responders"],
            ["ICBC", "HT-4", "王敏、李娜>张伟"],
            ["ICBC", "HT-1", "李娜"],
            ["ICBC", "HT-2", "钱七, 赵丽"],
        ],
    )
    plan = services.imports.preview(admin, "responders", path)
    assert problems_of(plan) == [
        (3, "Contract No.", "Contract HT-1 already has a responder list; change it in the app."),
        (4, "Responders", "No person called “钱七” is registered."),
    ]
    header = ["银行", "合同号", "接听人"]
    path = write_xlsx(tmp_path / "last.xlsx", [header, ["工行", "HT-2", "赵丽"]])
    plan = services.imports.preview(admin, "responders", path)
    assert problems_of(plan) == [(2, "接听人", "赵丽 is not active and cannot answer the bank.")]
    path = write_xlsx(tmp_path / "ok.xlsx", [header, ["工行", "HT-4", "王敏、李娜>张伟"]])
    services.imports.commit(admin, services.imports.preview(admin, "responders", path))
    (contract,) = services.contracts.list(admin, "HT-4")
    assert [r.name for r in contract.responders] == ["王敏", "李娜", "张伟"]
    assert count_rows(services, ResponderAssignment) == 2 + 3 + 1 + 3


def test_file_level_problems_are_in_the_plan(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    missing = write_xlsx(tmp_path / "missing.xlsx", [["贷款银行", "合同编号"], ["工行", "C-1"]])
    plan = services.imports.preview(admin, "contracts", missing)
    assert [(p.row, p.text()) for p in plan.problems] == [
        (1, "The column 贷款类型 is missing."),
        (1, "The column 贷款金额 is missing."),
        (1, "The column 起始日 is missing."),
        (1, "The column 到期日 is missing."),
    ]
    nothing = write_xlsx(tmp_path / "nothing.xlsx", [["hello", "world"], [1, 2]])
    plan = services.imports.preview(admin, "banks", nothing)
    assert [p.text() for p in plan.problems] == [
        "No header row: none of the first 10 rows names a column such as 银行名称 / Bank name."
    ]
    empty = write_xlsx(tmp_path / "empty.xlsx", [["银行名称", "Unknown"], [None, None]])
    plan = services.imports.preview(admin, "banks", empty)
    assert [p.text() for p in plan.problems] == ["The file has no rows to import."]
    assert [w.text() for w in plan.warnings] == ["The column Unknown is not known and was ignored."]
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    plan = services.imports.preview(admin, "banks", fake)
    assert [p.text() for p in plan.problems] == ["fake.xlsx cannot be read as an Excel workbook."]
    assert not plan.ok and plan.rows == []
    with pytest.raises(ValidationError):
        services.imports.commit(admin, plan)


def test_the_front_desk_exports_no_loan_details_and_cannot_import(
    services: Services, admin: Actor, banks: tuple[BankView, BankView], tmp_path: Path
) -> None:
    make_contract(services, admin, banks[0].id, "HT-1")
    desk = actor_with_role(services, admin, "front_desk")
    assert services.imports.export(desk, "contracts", tmp_path / "c.xlsx", "zh_CN") == 1
    header, row = list(openpyxl.load_workbook(tmp_path / "c.xlsx").active.values)
    assert "合同编号" in header and "贷款银行" in header
    assert not {"贷款金额", "资金用途", "回访条款", "违约后果", "备注"} & set(header)
    assert "HT-1" in row and 5000000 not in row
    services.imports.export(admin, "contracts", tmp_path / "full.xlsx", "zh_CN")
    header, row = list(openpyxl.load_workbook(tmp_path / "full.xlsx").active.values)
    assert row[header.index("贷款金额")] == 5000000
    with pytest.raises(PermissionDenied):
        services.imports.preview(desk, "contracts", tmp_path / "full.xlsx")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_shipped_templates_are_current_and_their_example_is_refused(
    services: Services, admin: Actor, tmp_path: Path, kind: str, language: str
) -> None:
    shipped = resources_dir() / "templates" / f"{kind}_{language}.xlsx"
    fresh = tmp_path / f"{kind}.xlsx"
    services.imports.write_template(kind, fresh, language)
    for name in (shipped, fresh):
        assert name.is_file()
    sheets = [
        [list(sheet.values) for sheet in openpyxl.load_workbook(name).worksheets]
        for name in (shipped, fresh)
    ]
    assert sheets[0] == sheets[1], "run: python packaging/make_templates.py"
    plan = services.imports.preview(admin, kind, shipped)
    assert problems_of(plan) == [(2, "", "This is the template's example row: delete it first.")]


# The round trip: export everything from one database, import it into a fresh one.


@pytest.fixture
def fresh_services(
    db_url: str, tmp_path: Path, clock: FakeClock, request: pytest.FixtureRequest
) -> Iterator[Services]:
    """A second, empty database of the same kind as ``db_url``."""
    server: PostgresServer | None = None
    if db_url.startswith("sqlite"):
        url = sqlite_url(tmp_path / "fresh.sqlite3")
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create()
    context = open_context(
        db=url, data_dir=str(tmp_path / "fresh"), clock=clock, secrets=MemoryStore()
    )
    try:
        yield context.services
    finally:
        context.close()
        if server is not None:
            server.drop(url)


def fill(services: Services, admin: Actor) -> None:
    """Banks with officers and numbers, people with office hours, contracts, responder lists."""
    icbc = make_bank(
        services, admin, notes="季度回访，提前一天确认",
        officers=[
            OfficerDraft("马骏", "relationship_manager", "010-65521234", "13911112222",
                         "ma.jun@icbc.example"),
            OfficerDraft("王五", "relationship_manager", "", "13911114444"),
            OfficerDraft("黄蕾", "post_loan_officer", "010-65521288", "13911113333"),
        ],
        phones=[PhoneDraft("95588", "客服热线"), PhoneDraft("010-65521234", "朝阳支行"),
                PhoneDraft("13911113333", "贷后专员手机")],
    )  # fmt: skip
    ccb = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=["CCB"],
                    branches=[], phones=[])  # fmt: skip
    hours = [(d, "09:00", "12:00") for d in range(5)] + [(d, "13:30", "18:00") for d in range(5)]
    wang = make_person(
        services, admin, name="王敏", job_title="财务经理", extension="8001",
        mobile="13801012345", email="wang.min@example.com", os_account="wangmin",
        notes="负责工行", office_hours=[*hours, (5, "09:00", "12:00")],
    )  # fmt: skip
    liu = make_person(services, admin, "front_desk", name="刘洋",
                      office_hours=[(d, "08:30", "17:30") for d in range(5)])  # fmt: skip
    make_person(services, admin, "trainee", name="孙强", office_hours=[])
    first = make_contract(
        services, admin, icbc.id, "HT-2026-001", title="流动资金借款合同", currency="USD",
        principal=Decimal("1234567.8912"), drawdown_date=date(2026, 3, 20),
        clause_caller="relationship_manager", clause_method="both", clause_cadence="monthly",
        clause_topics=["use_of_funds", "repayment_capacity"],
        clause_documents=["付款凭证", "发票"], notes="每月5日前报送报表",
    )  # fmt: skip
    make_contract(
        services, admin, ccb.id, "JH-01", loan_type="mortgage", status="closed",
        purpose_of_funds="", clause_text="", consequences="", clause_topics=[],
    )  # fmt: skip
    services.responders.set_for_contract(admin, first.id, [wang.id, liu.id])
    services.responders.set_for_bank(admin, ccb.id, [liu.id, wang.id])
    for draft in (
        NumberDraft(
            icbc.id, "010-8765 4321", "财务部", wang.id, first.id, date(2026, 11, 2), "808"
        ),
        NumberDraft(ccb.id, "010-8765 4321 转 809", "", liu.id),
        NumberDraft(ccb.id, "138 0101 2345", "王敏手机", wang.id, None, date(2026, 6, 30)),
    ):
        services.numbers.create(admin, draft)


def _person(p: Any) -> tuple[Any, ...]:
    hours = sorted(p.office_hours, key=lambda span: (span.weekday, span.starts))
    return (p.name, p.role, p.job_title, p.extension, p.mobile, p.email, p.os_account, p.notes,
            hours)  # fmt: skip


def _contract(c: Any) -> tuple[Any, ...]:
    responders = [(r.name, r.rank, r.inherited) for r in c.responders]
    return (c.bank_name, c.contract_number, c.title, c.loan_type, c.currency, c.principal,
            c.start_date, c.maturity_date, c.drawdown_date, c.purpose_of_funds, c.clause_text,
            c.clause_caller, c.clause_method, c.clause_cadence, c.clause_topics,
            c.clause_documents, c.consequences, c.status, c.notes, responders)  # fmt: skip


def snapshot(services: Services, actor: Actor) -> dict[str, Any]:
    """Everything an import should carry over, without ids and versions."""
    return {
        "banks": [
            (b.name, b.short_name, b.aliases, b.notes, b.branches, b.officers, b.phones)
            for b in services.banks.list(actor)
        ],
        "people": [_person(p) for p in services.people.list(actor) if p.name != "Importer"],
        "contracts": [_contract(c) for c in services.contracts.list(actor, status=None)],
        "numbers": [
            (
                *(n.bank_name, n.contract_number, n.number, n.number_key, n.extension),
                *(n.person_name, n.label, n.last_confirmed_on),
            )
            for n in services.numbers.list(actor)
        ],
    }


@pytest.mark.parametrize(("suffix", "language"), [(".xlsx", "zh_CN"), (".csv", "en")])
def test_export_then_import_into_a_fresh_database_gives_the_same_data(
    services: Services,
    admin: Actor,
    fresh_services: Services,
    tmp_path: Path,
    suffix: str,
    language: str,
) -> None:
    fill(services, admin)
    importer = fresh_services.identity.create_first_admin("Importer", "importer").value
    for kind in KINDS:
        path = tmp_path / f"{kind}{suffix}"
        services.imports.export(admin, kind, path, language)
        plan = fresh_services.imports.preview(importer, kind, path)
        assert problems_of(plan) == [], kind
        assert plan.all_warnings() == [], kind
        fresh_services.imports.commit(importer, plan)

    original, copy = snapshot(services, admin), snapshot(fresh_services, importer)
    assert copy == original
    assert len(original["contracts"]) == 2 and len(original["people"]) == 4
    assert [n[2:5] for n in original["numbers"]] == [
        ("010 8765 4321 ext. 808", "+861087654321", "808"),
        ("010 8765 4321 ext. 809", "+861087654321", "809"),
        ("138 0101 2345", "+8613801012345", ""),
    ]
    assert count_rows(fresh_services, Person) == 5


def test_an_import_never_replaces_a_list_set_since_its_preview(
    services: Services, admin: Actor, banks: tuple[BankView, BankView], tmp_path: Path
) -> None:
    contract = make_contract(services, admin, banks[0].id, "HT-1")
    wang, li = make_person(services, admin, name="王敏"), make_person(services, admin, name="李娜")
    path = write_xlsx(tmp_path / "r.xlsx", [["银行", "合同号", "接听人"], ["工行", "HT-1", "王敏"]])
    plan = services.imports.preview(admin, "responders", path)
    assert plan.ok
    services.responders.set_for_contract(admin, contract.id, [li.id])

    with pytest.raises(ValidationError) as refused:
        services.imports.commit(admin, plan)

    assert [(p.row, p.column, p.text()) for p in refused.value.problems] == [  # type: ignore[attr-defined]
        (2, "接听人", "Someone else set this responder list meanwhile.")
    ]
    (stored,) = services.contracts.list(admin)
    assert [r.person_id for r in stored.responders] == [li.id] and wang.id != li.id
