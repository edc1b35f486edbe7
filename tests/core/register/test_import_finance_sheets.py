"""Spreadsheets as finance departments really write them, imported for real on both databases
from .xlsx files written by openpyxl: an approval block under the table, amounts in 人民币…万元,
…万元整 and capital numerals, landlines with an extension, and blank cells the app cannot guess."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
from sqlalchemy import select

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import BankPhone
from desktop_app.core.services import Services
from tests.helpers.factories import make_bank

WEDNESDAY_TEXT_AT = datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


HEADERS = [
    "合同编号",
    "贷款银行",
    "贷款类型",
    "贷款金额",
    "起始日",
    "到期日",
    "回访方式",
    "回访频率",
]


def test_amounts_in_words_and_an_approval_block_import(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    make_bank(services, admin)
    path = write_xlsx(
        tmp_path / "合同台账.xlsx",
        [
            HEADERS,
            ["HT-1", "工行", "流贷", "人民币1,200万元", "2026-01-05", "2027-01-05", "电话",
             "每季度"],
            ["HT-2", "工行", "流贷", "1200万元整", "2026-01-05", "2027-01-05", "电话", "每月"],
            ["HT-3", "工行", "流贷", "壹仟贰佰万元整", "2026-01-05", "2027-01-05", "电话",
             "每季度"],
            ["HT-4", "工行", "流贷", "人民币伍拾万零捌佰元叁角伍分", "2026-01-05", "2027-01-05",
             "电话", "每季度"],
            [None] * 8,
            ["制表人：张三", None, None, "审核：李四", None, None, "日期：2026年1月5日", None],
            ["财务负责人：", "王敏", None, None, None, None, None, None],
        ],
    )  # fmt: skip

    plan = services.imports.preview(admin, "contracts", path)

    assert [(p.row, p.text()) for p in plan.all_problems()] == []
    assert [row.row for row in plan.rows] == [2, 3, 4, 5]
    assert [w.text() for w in plan.all_warnings()] == [
        "Rows 7–8 are a signature block under the table; not read."
    ]
    services.imports.commit(admin, plan)
    stored = {c.contract_number: c.principal for c in services.contracts.list(admin)}
    assert stored == {
        "HT-1": Decimal("12000000"),
        "HT-2": Decimal("12000000"),
        "HT-3": Decimal("12000000"),
        "HT-4": Decimal("500800.35"),
    }


def test_an_approval_block_in_english_is_skipped_too(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    make_bank(services, admin)
    path = write_xlsx(
        tmp_path / "contracts.xlsx",
        [
            ["Contract number", "Bank", "Loan type", "Principal", "Start date", "Maturity date",
             "Method", "Cadence"],
            ["HT-9", "ICBC", "Working-capital loan", "5,000,000", "2026-01-05", "2027-01-05",
             "By phone", "Quarterly"],
            ["Prepared by: Zhang San", None, "Reviewed by: Li Si", None, None, None, None, None],
            ["Date: 2026-01-05"],
        ],
    )  # fmt: skip
    plan = services.imports.preview(admin, "contracts", path)
    assert plan.ok and [row.row for row in plan.rows] == [2]
    assert plan.warnings[-1].params == {"first": 3, "last": 4}


def test_data_after_a_row_that_looks_like_a_signature_is_still_read(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    make_bank(services, admin)
    path = write_xlsx(
        tmp_path / "合同台账.xlsx",
        [
            HEADERS,
            ["审核中-1", "工行", "流贷", "100万元", "2026-01-05", "2027-01-05", "电话", "每月"],
            ["日期", "工行", "流贷", "100万元", "2026-01-05", "2027-01-05", "电话", "每月"],
            ["HT-5", "工行", "流贷", "100万元", "2026-01-05", "2027-01-05", "电话", "每月"],
        ],
    )
    plan = services.imports.preview(admin, "contracts", path)
    assert [row.row for row in plan.rows] == [2, 3, 4]  # nothing hidden: a data row follows


def test_a_blank_cadence_is_reported_for_the_person_to_fill(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    make_bank(services, admin)
    path = write_xlsx(
        tmp_path / "合同台账.xlsx",
        [
            HEADERS,
            ["HT-6", "工行", "流贷", "100万元", "2026-01-05", "2027-01-05", "电话", None],
            ["HT-7", "工行", "流贷", "100万元", "2026-01-05", "2027-01-05", None, "每月"],
        ],
    )
    plan = services.imports.preview(admin, "contracts", path)
    assert not plan.ok
    found = [(p.row, p.column, p.field) for p in plan.all_problems()]
    assert found == [(2, "回访频率", "clause_cadence"), (3, "回访方式", "clause_method")]
    assert plan.all_problems()[0].text().startswith("Enter one of: ")


def test_a_file_without_a_cadence_column_says_what_every_row_gets(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    make_bank(services, admin)
    path = write_xlsx(
        tmp_path / "合同台账.xlsx",
        [HEADERS[:6], ["HT-8", "工行", "流贷", "100万元", "2026-01-05", "2027-01-05"]],
    )
    plan = services.imports.preview(admin, "contracts", path)
    assert plan.ok
    assert [w.text() for w in plan.all_warnings()] == [
        "The file has no column 回访方式: every row gets “电话”; check each one.",
        "The file has no column 回访频率: every row gets “每季度”; check each one.",
    ]


def test_landlines_with_an_extension_are_stored_apart_from_it(
    services: Services, admin: Actor, tmp_path: Path, app_ctx: AppContext
) -> None:
    path = write_xlsx(
        tmp_path / "banks.xlsx",
        [
            ["银行名称", "来电号码", "客户经理", "客户经理电话", "客户经理手机"],
            ["中国工商银行", "95588（客服）、010-65521234-808（朝阳支行）", "马骏",
             "010-65521288-6", "13911112222"],
        ],
    )  # fmt: skip
    plan = services.imports.preview(admin, "banks", path)
    assert [(p.row, p.text()) for p in plan.all_problems()] == []
    bank_id = services.imports.commit(admin, plan).value.created[0].id
    with app_ctx.engine.connect() as connection:
        rows = connection.execute(
            select(BankPhone.number_key, BankPhone.extension, BankPhone.label, BankPhone.source)
            .where(BankPhone.bank_id == bank_id)
            .order_by(BankPhone.number_key)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("+861065521234", "808", "朝阳支行", "listed"),
        ("+861065521288", "6", "", "officer"),
        ("+8613911112222", "", "", "officer"),
        ("svc:95588", "", "客服", "listed"),
    ]
    result = services.routing.route(admin, "010-65521288", WEDNESDAY_TEXT_AT)
    assert result.bank is not None and result.bank.officer_name == "马骏"


def test_amounts_with_their_own_unit_are_not_multiplied_by_a_wan_yuan_header(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    make_bank(services, admin)
    path = write_xlsx(
        tmp_path / "contracts.xlsx",
        [
            [*HEADERS[:3], "贷款金额（万元）", *HEADERS[4:]],
            ["W-1", "工行", "流贷", 1200, "2026-01-05", "2027-01-05", "电话", "每月"],
            ["W-2", "工行", "流贷", "1200万元整", "2026-01-05", "2027-01-05", "电话", "每月"],
            ["W-3", "工行", "流贷", "壹仟贰佰万元整", "2026-01-05", "2027-01-05", "电话", "每月"],
            ["W-4", "工行", "流贷", "人民币1,200万元", "2026-01-05", "2027-01-05", "电话", "每月"],
        ],
    )
    plan = services.imports.preview(admin, "contracts", path)
    assert plan.ok
    services.imports.commit(admin, plan)
    amounts = {c.contract_number: c.principal for c in services.contracts.list(admin)}
    assert set(amounts.values()) == {Decimal("12000000")}
    assert len(amounts) == 4


def test_a_people_sheet_s_landline_extension_goes_to_its_own_field(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "人员.xlsx",
        [
            ["姓名", "分机", "手机"],
            ["王敏", "010-65521234-808", "13801012345"],
            ["李娜", "6552 1234 转 809", ""],
            ["赵磊", "", "010-65521288-6"],
            ["孙强", "7", "010-65521299-6"],
        ],
    )
    plan = services.imports.preview(admin, "people", path)
    assert [(p.row, p.text()) for p in plan.all_problems()] == [
        (5, "010-65521299-6 has extension 6, but 分机 says 7."),
    ]
    assert [(w.row, w.text()) for w in plan.all_warnings()] == [
        (2, "010-65521234-808 is a number and an extension: extension 808 is kept."),
        (3, "6552 1234 转 809 is a number and an extension: extension 809 is kept."),
    ]
    plan = services.imports.preview(admin, "people", write_xlsx(tmp_path / "ok.xlsx", [
        ["姓名", "分机", "手机"],
        ["王敏", "010-65521234-808", "13801012345"],
        ["李娜", "6552 1234 转 809", ""],
        ["赵磊", "", "010-65521288-6"],
    ]))  # fmt: skip
    services.imports.commit(admin, plan)
    people = {p.name: (p.extension, p.mobile) for p in services.people.list(admin)}
    assert people["王敏"] == ("808", "138 0101 2345")
    assert people["李娜"] == ("809", "")
    assert people["赵磊"] == ("6", "010 6552 1288")
