"""The register benchmark's database: 40 banks, 5,000 people, 20,000 contracts, 100,000 numbers.

The schema comes from the app itself (``open_context`` runs the migrations); the rows go in with
SQLAlchemy Core ``insert()`` executemany, because 175,000 service calls would take many minutes.
Every column the services fill is filled the way they fill it: bank aliases get one row per search
key of ``search_keys`` (name, short name and aliases, with their pinyin), a person's
``search_key`` is ``joined_key(name)``, a contract's ``number_key`` is ``fold(number)``, numbers
are E.164 keys ("+86…") with the display ``phonenumbers`` gives. The same seed gives the same data.
A finished database is marked by a small stamp file and reused while the stamp matches.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from desktop_app.core.common.phone import normalise
from desktop_app.core.common.text import fold, joined_key, pinyin_forms, search_keys
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import (
    Absence,
    Bank,
    BankAlias,
    BankOfficer,
    BankPhone,
    Branch,
    LoanContract,
    OfficeHours,
    Person,
    RegisteredNumber,
    ResponderAssignment,
)
from desktop_app.core.storage.engine import sqlite_url

SIZES = {"banks": 40, "people": 5_000, "contracts": 20_000, "numbers": 100_000}
STAMP = {"generator": 1, "seed": 20261128, **SIZES}
DB_NAME = "register.sqlite3"

# name, short name, aliases, service number, contract number prefix, contract number style
BANKS = [
    ("中国工商银行", "工行", ["ICBC", "工商银行"], "95588", "0200", "a"),
    ("中国建设银行", "建行", ["CCB", "建设银行"], "95533", "1100", "b"),
    ("中国农业银行", "农行", ["ABC", "农业银行"], "95599", "1101", "a"),
    ("中国银行", "中行", ["BOC"], "95566", "BOC", "c"),
    ("交通银行", "交行", ["BOCOM"], "95559", "3100", "a"),
    ("招商银行", "招行", ["CMB", "招商"], "95555", "CMB", "c"),
    ("中国邮政储蓄银行", "邮储银行", ["PSBC", "邮储"], "95580", "PSBC", "c"),
    ("中信银行", "中信", ["CITIC"], "95558", "0711", "b"),
    ("中国光大银行", "光大银行", ["CEB", "光大"], "95595", "3501", "a"),
    ("华夏银行", "华夏", ["HXB"], "95577", "HXB", "c"),
    ("中国民生银行", "民生银行", ["CMBC", "民生"], "95568", "2502", "b"),
    ("广发银行", "广发", ["CGB"], "95508", "GF", "c"),
    ("平安银行", "平安", ["PAB"], "95511", "PAB", "c"),
    ("兴业银行", "兴业", ["CIB"], "95561", "3090", "a"),
    ("上海浦东发展银行", "浦发银行", ["SPDB", "浦发"], "95528", "9120", "b"),
    ("浙商银行", "浙商", ["CZB"], "95527", "CZB", "c"),
    ("渤海银行", "渤海", ["CBHB"], "95541", "3180", "a"),
    ("恒丰银行", "恒丰", ["HFB"], "95395", "HF", "c"),
    ("北京银行", "北京银行", ["BOB"], "95526", "0109", "a"),
    ("上海银行", "上海银行", ["BOSC"], "95594", "0310", "b"),
    ("江苏银行", "江苏银行", ["JSB"], "95319", "JSB", "c"),
    ("南京银行", "南京银行", ["NJCB"], "95302", "0301", "a"),
    ("宁波银行", "宁波银行", ["NBCB"], "95574", "NBCB", "c"),
    ("杭州银行", "杭州银行", ["HZB"], "95398", "0335", "b"),
    ("徽商银行", "徽商", ["HSB"], "4008896588", "HS", "c"),
    ("天津银行", "天津银行", ["BOT"], "4006960296", "0113", "a"),
    ("重庆银行", "重庆银行", ["BOCQ"], "4007096899", "CQ", "c"),
    ("成都银行", "成都银行", ["BOCD"], "4006896511", "0651", "a"),
    ("长沙银行", "长沙银行", ["BCS"], "96511", "CS", "c"),
    ("青岛银行", "青岛银行", ["BQD"], "96588", "0452", "b"),
    ("郑州银行", "郑州银行", ["ZZB"], "95186", "ZZ", "c"),
    ("贵阳银行", "贵阳银行", ["BGY"], "4001196033", "0701", "a"),
    ("西安银行", "西安银行", ["XAB"], "4008696779", "XA", "c"),
    ("苏州银行", "苏州银行", ["BOSZ"], "96067", "0305", "b"),
    ("厦门银行", "厦门银行", ["XMB"], "4008588888", "XM", "c"),
    ("北京农村商业银行", "北京农商银行", ["BRCB", "农商行"], "96198", "0491", "a"),
    ("上海农村商业银行", "上海农商银行", ["SRCB"], "962999", "SRCB", "c"),
    ("国家开发银行", "国开行", ["CDB", "国开"], "4006695300", "4100", "a"),
    ("中国进出口银行", "进出口银行", ["EXIM", "口行"], "4006898888", "2150", "b"),
    ("中国农业发展银行", "农发行", ["ADBC"], "4006895599", "2030", "a"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "尉迟")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉力鹏飞斌宇浩凯健俊帆"
    "晨阳琳雪梅婷颖慧佳欣怡子涵思雨博文天宇晓东海燕春梅冬梅秋菊建华立新永强德明志远嘉怡梓萱"
)
JOB_TITLES = ("会计 Accountant", "出纳 Cashier", "财务经理 Finance manager", "前台 Reception")
LOAN_TYPES = {"LD": "working_capital", "GD": "fixed_asset", "XM": "project", "DY": "mortgage"}
PURPOSES = ("采购原材料", "支付货款", "购置生产线设备", "厂房建设", "日常经营周转", "归还他行借款")
CLAUSE = (
    "借款人应配合贷款人对贷款使用情况和借款人经营状况进行检查，按贷款人要求提供财务报表、"
    "资金用途凭证等资料，并保持预留联系方式畅通；贷款人回访时借款人应及时接听并如实答复。"
)
CONSEQUENCE = "借款人未配合贷后检查的，贷款人有权停止发放贷款、提前收回已发放贷款或解除合同。"
TOPICS = ("use_of_funds", "business_condition", "repayment_capacity", "collateral")
MOBILE_PREFIXES = ("138", "139", "136", "137", "150", "151", "158", "186", "188", "135")
WEEK = [(d, time(9), time(12)) for d in range(5)] + [(d, time(13, 30), time(18)) for d in range(5)]
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def contract_number(style: str, prefix: str, year: int, code: str, serial: int) -> str:
    """A number in one of the shapes banks use: 0200-2025-LD-01234, 11002025-LD-0889…"""
    if style == "a":
        return f"{prefix}-{year}-{code}-{serial:05d}"
    if style == "b":
        return f"{prefix}{year}-{code}-{serial:04d}"
    return f"{prefix}{year}{code}{serial:05d}"


def mobile(serial: int) -> tuple[str, str]:
    """A unique mainland mobile (key, display) for ``serial``."""
    digits = f"{MOBILE_PREFIXES[serial % len(MOBILE_PREFIXES)]}{serial:08d}"
    return "+86" + digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}"


def landline(serial: int) -> tuple[str, str]:
    """A unique Beijing landline (key, display) for ``serial``."""
    digits = f"{6 + serial // 10_000_000 % 3}{serial % 10_000_000:07d}"
    return "+8610" + digits, f"010 {digits[:4]} {digits[4:]}"


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _banks(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        "bank": [], "bank_alias": [], "branch": [], "bank_officer": [], "bank_phone": []
    }  # fmt: skip
    for bank_id, (name, short, aliases, service, _prefix, _style) in enumerate(BANKS, start=1):
        rows["bank"].append(
            {"id": bank_id, "name": name, "short_name": short, "notes": "", "active": True,
             "version": 1}
        )  # fmt: skip
        seen: set[tuple[str, str]] = set()
        for kind, text in [("name", name), ("short", short)] + [("alias", a) for a in aliases]:
            for key in search_keys(text):
                if (key, text) not in seen:
                    seen.add((key, text))
                    rows["bank_alias"].append(
                        {"bank_id": bank_id, "alias": text, "search_key": key, "kind": kind}
                    )
        for city in ("北京朝阳支行", "北京海淀支行"):
            rows["branch"].append(
                {"id": len(rows["branch"]) + 1, "bank_id": bank_id, "name": city, "address": ""}
            )
        phones = [(normalise(service), "客服热线")]
        for label in ("朝阳支行", "贷后管理部"):
            key, display = landline(5_000_000 + (len(rows["bank_phone"]) + len(phones)) * 7919)
            phones.append((normalise(display), label))
            assert phones[-1][0].key == key
        for role in ("relationship_manager", "post_loan_officer"):
            key, display = mobile(90_000_000 + len(rows["bank_officer"]))
            rows["bank_officer"].append(
                {"bank_id": bank_id, "branch_id": None, "name": person_name(rng), "role": role,
                 "phone": "", "mobile": display, "email": "", "active": True}
            )  # fmt: skip
        for phone, label in phones:
            rows["bank_phone"].append(
                {"bank_id": bank_id, "branch_id": None, "officer_id": None,
                 "number_key": phone.key, "display": phone.display, "label": label}
            )  # fmt: skip
    return rows


def _people(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {"person": [], "office_hours": [], "absence": []}
    for person_id in range(1, SIZES["people"] + 1):
        name = person_name(rng)
        key, display = mobile(person_id)
        full = pinyin_forms(name)[0]
        role = "admin" if person_id <= 3 else rng.choice(("finance", "finance", "front_desk"))
        rows["person"].append(
            {"id": person_id, "name": name, "search_key": joined_key(name), "role": role,
             "job_title": rng.choice(JOB_TITLES), "extension": str(8000 + person_id),
             "mobile": display, "mobile_key": key, "email": f"{full}.{person_id}@example.com",
             "os_account": f"{full}{person_id}", "active": rng.random() > 0.05, "notes": "",
             "version": 1}
        )  # fmt: skip
        rows["office_hours"].extend(
            {"person_id": person_id, "weekday": day, "starts": start, "ends": end}
            for day, start, end in WEEK
        )
        if rng.random() < 0.1:
            start = NOW + timedelta(days=rng.randint(-30, 30))
            rows["absence"].append(
                {"person_id": person_id, "kind": "leave", "starts_at": start,
                 "ends_at": start + timedelta(days=rng.randint(1, 10)), "note": ""}
            )  # fmt: skip
    return rows


def _contracts(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        "loan_contract": [], "responder_assignment": [], "registered_number": []
    }  # fmt: skip
    weights = [1 / rank for rank in range(1, len(BANKS) + 1)]  # a few banks lend the most
    serials = [0] * (len(BANKS) + 1)
    staff = list(range(4, 800))  # the people who answer the banks
    for bank_id in range(1, len(BANKS) + 1):
        for rank, person_id in enumerate(rng.sample(staff, 2), start=1):
            rows["responder_assignment"].append(
                {"contract_id": None, "bank_id": bank_id, "person_id": person_id, "rank": rank}
            )
    for contract_id in range(1, SIZES["contracts"] + 1):
        bank_id = rng.choices(range(1, len(BANKS) + 1), weights)[0]
        serials[bank_id] += 1
        _name, _short, _aliases, _service, prefix, style = BANKS[bank_id - 1]
        code = rng.choice(list(LOAN_TYPES))
        start = date(2019, 1, 1) + timedelta(days=rng.randint(0, 7 * 365))
        number = contract_number(style, prefix, start.year, code, serials[bank_id])
        purpose = rng.choice(PURPOSES)
        rows["loan_contract"].append(
            {"id": contract_id, "bank_id": bank_id, "branch_id": bank_id * 2 - 1,
             "contract_number": number, "number_key": fold(number), "title": purpose,
             "loan_type": LOAN_TYPES[code], "currency": "CNY",
             "principal": Decimal(rng.randint(10, 5000) * 10_000),
             "start_date": start, "maturity_date": start + timedelta(days=3 * 365),
             "drawdown_date": start, "purpose_of_funds": purpose, "clause_text": CLAUSE,
             "clause_caller": "post_loan_officer", "clause_method": "phone",
             "clause_cadence": rng.choice(("monthly", "quarterly", "semiannual")),
             "clause_topics": list(TOPICS[: rng.randint(1, 4)]),
             "clause_documents": ["财务报表", "资金用途凭证"], "consequences": CONSEQUENCE,
             "status": rng.choices(("active", "closed", "draft"), (80, 15, 5))[0], "notes": "",
             "created_at": NOW, "updated_at": NOW, "version": 1}
        )  # fmt: skip
        responders = rng.sample(staff, rng.randint(1, 3))
        rows["responder_assignment"].extend(
            {"contract_id": contract_id, "bank_id": None, "person_id": person_id, "rank": rank}
            for rank, person_id in enumerate(responders, start=1)
        )
        for index in range(SIZES["numbers"] // SIZES["contracts"]):
            person_id = responders[index % len(responders)]
            if index % 2:
                key, display = landline(contract_id * 5 + index)
                label = "财务部座机"
            else:
                key, display = mobile(person_id)
                label = "手机"
            rows["registered_number"].append(
                {"bank_id": bank_id, "contract_id": contract_id, "person_id": person_id,
                 "number_key": key, "display": display, "label": label,
                 "last_confirmed_on": start + timedelta(days=rng.randint(0, 600)),
                 "active": rng.random() > 0.05}
            )  # fmt: skip
    return rows


TABLES = (Bank, BankAlias, Branch, BankOfficer, BankPhone, Person, OfficeHours, Absence)
TABLES += (LoanContract, ResponderAssignment, RegisteredNumber)


def fill(engine: Engine) -> dict[str, int]:
    """Insert every row in one transaction; return the row count per table."""
    rng = random.Random(STAMP["seed"])
    rows = {**_banks(rng), **_people(rng), **_contracts(rng)}
    with engine.begin() as connection:
        for model in TABLES:
            table = model.__table__
            connection.execute(insert(table), rows[table.name])  # type: ignore[attr-defined]
    return {name: len(table_rows) for name, table_rows in rows.items()}


@contextmanager
def register_database(data_dir: Path, rebuild: bool = False) -> Iterator[AppContext]:
    """The app opened on the benchmark database, generated first unless a finished one is there."""
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / DB_NAME
    stamp_file = data_dir / "register.stamp.json"
    stamp = json.dumps(STAMP, sort_keys=True)
    fresh = rebuild or not database.exists() or not stamp_file.exists()
    if not fresh and stamp_file.read_text(encoding="utf-8") != stamp:
        fresh = True
    if fresh:
        stamp_file.unlink(missing_ok=True)
        for leftover in data_dir.glob(DB_NAME + "*"):
            leftover.unlink()
    app = open_context(
        db=sqlite_url(database), data_dir=str(data_dir / "app"), secrets=MemoryStore()
    )
    try:
        if fresh:
            counts = fill(app.engine)
            print("generated", ", ".join(f"{n} {t}" for t, n in counts.items()), file=sys.stderr)
            stamp_file.write_text(stamp, encoding="utf-8")
        yield app
    finally:
        app.close()
