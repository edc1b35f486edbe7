"""A realistic fictional company for trying the app: banks, contracts, people, windows, calls.

Everything goes through the same services a person uses, so the demo is audited and validated like
real data. Only an empty database can take it.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Actor
from desktop_app.core.common.phone import normalise
from desktop_app.core.demo.checklists import load_checklist_demo
from desktop_app.core.demo.history import load_call_history
from desktop_app.core.demo.windows import load_window_demo
from desktop_app.core.front_desk.follow_ups import due_after_working_hours
from desktop_app.core.models import (
    Bank,
    CallRecord,
    FeedbackItem,
    FollowUp,
    Person,
    RegisteredNumber,
)
from desktop_app.core.register.banks import BankDraft, OfficerDraft, PhoneDraft
from desktop_app.core.register.contracts import ContractDraft
from desktop_app.core.register.people import PersonDraft
from desktop_app.core.services import Services

WEEKDAYS = [(d, "09:00", "12:00") for d in range(5)] + [(d, "13:30", "18:00") for d in range(5)]
MORNINGS = [(d, "08:30", "17:30") for d in range(5)]

#: The administrator who loads the sample company: a real person with a desk and a phone, since
#: letters to the banks name the person who wrote them.
ADMIN = ("吴晓东", "财务系统管理员", "8008", "13501090123", "wu.xiaodong@example.com")
PEOPLE = [
    # name, role, title, extension, mobile, email
    ("王敏", "finance", "财务经理", "8001", "13801012345", "wang.min@example.com"),
    ("李娜", "finance", "总账会计", "8002", "13901023456", "li.na@example.com"),
    ("张伟", "finance", "出纳", "8003", "13601034567", "zhang.wei@example.com"),
    ("陈静", "finance", "法务专员", "8010", "13701045678", "chen.jing@example.com"),
    ("刘洋", "front_desk", "前台", "8000", "15001056789", "liu.yang@example.com"),
    ("赵丽", "front_desk", "前台", "8009", "15101067890", "zhao.li@example.com"),
    ("孙强", "trainee", "财务助理", "8004", "15201078901", "sun.qiang@example.com"),
    ("周杰", "finance", "财务总监", "8100", "18601089012", "zhou.jie@example.com"),
]

BANKS = [
    BankDraft(
        "中国工商银行",
        "工行",
        ["ICBC", "工商银行"],
        branches=["北京朝阳支行"],
        officers=[
            OfficerDraft(
                "马骏", "relationship_manager", "010-65521234", "13911112222", "ma.jun@icbc.example"
            ),
            OfficerDraft("黄蕾", "post_loan_officer", "010-65521288", "13911113333"),
        ],
        phones=[
            PhoneDraft("95588", "客服热线"),
            PhoneDraft("010-6552 1234", "朝阳支行"),
            PhoneDraft("13911113333", "贷后专员手机"),
        ],
    ),
    BankDraft(
        "中国建设银行",
        "建行",
        ["CCB", "建设银行"],
        branches=["北京海淀支行"],
        officers=[
            OfficerDraft("吴昊", "relationship_manager", "010-82561000", "13822223333"),
            OfficerDraft("郑爽", "post_loan_officer", "010-82561066"),
        ],
        phones=[PhoneDraft("95533", "客服热线"), PhoneDraft("010-82561066", "贷后管理部")],
    ),
    BankDraft(
        "招商银行",
        "招行",
        ["CMB", "招商"],
        branches=["北京分行营业部"],
        officers=[OfficerDraft("何芳", "post_loan_officer", "010-66426000", "13733334444")],
        phones=[PhoneDraft("95555", "客服热线"), PhoneDraft("010-66426000", "北京分行")],
    ),
    BankDraft(
        "北京银行",
        "北京银行",
        ["BOB"],
        branches=["中关村分行"],
        officers=[OfficerDraft("冯涛", "relationship_manager", "010-62238888")],
        phones=[PhoneDraft("95526", "客服热线"), PhoneDraft("010-62238888", "中关村分行")],
    ),
]

CLAUSE = (
    "借款人应配合贷款人对贷款使用情况和借款人经营状况进行检查，按贷款人要求提供财务报表、"
    "资金用途凭证等资料，并保持预留联系方式畅通；贷款人回访时借款人应及时接听并如实答复。"
)
CONSEQUENCE = (
    "借款人未配合贷后检查或挪用贷款的，贷款人有权停止发放贷款、提前收回已发放贷款或解除合同，"
    "并可下调借款人信用评级。"
)


DEMO_TITLES = {
    "working_capital": "流动资金贷款",
    "fixed_asset": "固定资产贷款",
    "mortgage": "抵押贷款",
    "project": "项目贷款",
}


def _contracts(banks: dict[str, int]) -> list[tuple[ContractDraft, list[str]]]:
    def draft(
        bank: str,
        number: str,
        loan_type: str,
        amount: str,
        start: date,
        years: int,
        purpose: str,
        cadence: str,
        method: str,
        topics: list[str],
        docs: list[str],
    ) -> ContractDraft:
        return ContractDraft(
            bank_id=banks[bank],
            contract_number=number,
            loan_type=loan_type,
            principal=Decimal(amount),
            start_date=start,
            maturity_date=start.replace(year=start.year + years),
            drawdown_date=start,
            purpose_of_funds=purpose,
            clause_text=CLAUSE,
            clause_cadence=cadence,
            clause_method=method,
            clause_topics=topics,
            clause_documents=docs,
            consequences=CONSEQUENCE,
            # The title is shown to the front desk: it names the kind of loan, never what the
            # money is for (the use of funds is loan detail).
            title=f"{DEMO_TITLES[loan_type]}（{start.year}）",
        )

    three = ["use_of_funds", "business_condition", "repayment_capacity"]
    return [
        (
            draft(
                "中国工商银行",
                "0200-2025-LD-0137",
                "working_capital",
                "5000000.00",
                date(2025, 3, 18),
                2,
                "采购原材料（铝型材）",
                "quarterly",
                "phone",
                three,
                ["付款凭证", "采购发票", "月度财务报表"],
            ),
            ["王敏", "李娜", "张伟"],
        ),
        (
            draft(
                "中国工商银行",
                "0200-2024-GD-0052",
                "fixed_asset",
                "12000000.00",
                date(2024, 9, 1),
                5,
                "购置生产线设备",
                "semiannual",
                "both",
                three,
                ["设备采购合同", "发票", "验收单"],
            ),
            ["周杰", "王敏"],
        ),
        (
            draft(
                "中国建设银行",
                "11002025-JY-889",
                "mortgage",
                "30000000.00",
                date(2025, 6, 30),
                10,
                "以自有厂房抵押，用于日常经营周转",
                "quarterly",
                "phone",
                [*three, "collateral"],
                ["抵押物状况说明", "财务报表", "纳税申报表"],
            ),
            ["李娜", "王敏"],
        ),
        (
            draft(
                "中国建设银行",
                "11002026-LD-0311",
                "working_capital",
                "2000000.00",
                date(2026, 1, 10),
                1,
                "支付供应商货款（受托支付）",
                "monthly",
                "phone",
                ["use_of_funds"],
                ["受托支付凭证", "供货合同"],
            ),
            [],
        ),
        (
            draft(
                "招商银行",
                "2025-BJ-XM-017",
                "project",
                "45000000.00",
                date(2025, 11, 1),
                6,
                "新厂区建设项目",
                "quarterly",
                "on_site",
                three,
                ["工程进度报告", "付款凭证", "项目审批文件"],
            ),
            ["周杰", "陈静", "王敏"],
        ),
        (
            draft(
                "北京银行",
                "BOB-ZGC-2026-0045",
                "working_capital",
                "3500000.00",
                date(2026, 4, 15),
                1,
                "支付员工工资及日常经营费用",
                "quarterly",
                "phone",
                three,
                ["银行流水", "工资发放表"],
            ),
            ["张伟", "李娜"],
        ),
    ]


def load_demo(services: Services, os_account: str, history: bool = False) -> Actor:
    """Fill an empty database with the demo company; return the demo administrator as actor.

    ``history`` adds a year of calls and return calls (what the app and ``callback-desk demo``
    load, so that the reports show figures; tests keep the few calls they count on)."""
    with services.store.read() as session:
        if session.scalar(select(func.count()).select_from(Person)) or session.scalar(
            select(func.count()).select_from(Bank)
        ):
            raise ValidationError.single(
                "database", N_("Sample data can only be loaded into an empty database.")
            )
    admin = services.identity.create_first_admin(ADMIN[0], os_account).value
    first = services.people.get(admin, admin.person_id or 0)
    services.people.update(
        admin,
        first.id,
        PersonDraft(
            name=ADMIN[0],
            role="admin",
            job_title=ADMIN[1],
            extension=ADMIN[2],
            mobile=ADMIN[3],
            email=ADMIN[4],
            os_account=first.os_account,
            office_hours=list(WEEKDAYS),
        ),
        first.version,
    )
    services.org.update(admin, company_name="北京示例精密制造有限公司", area_code="010")
    people: dict[str, int] = {}
    for name, role, title, ext, mobile, email in PEOPLE:
        hours = MORNINGS if role == "front_desk" else WEEKDAYS
        view = services.people.create(
            admin,
            PersonDraft(
                name=name,
                role=role,
                job_title=title,
                extension=ext,
                mobile=mobile,
                email=email,
                office_hours=list(hours),
            ),
        ).value
        people[name] = view.id
    banks: dict[str, int] = {}
    for draft in BANKS:
        banks[draft.name] = services.banks.create(admin, draft).value.id
    contract_ids: list[int] = []
    for contract_draft, responders in _contracts(banks):
        contract = services.contracts.create(admin, contract_draft).value
        contract_ids.append(contract.id)
        if responders:
            services.responders.set_for_contract(
                admin, contract.id, [people[n] for n in responders]
            )
    services.responders.set_for_bank(admin, banks["中国建设银行"], [people["李娜"], people["王敏"]])
    now = services.store.clock.now()
    services.people.add_absence(
        admin,
        people["张伟"],
        "business_trip",
        now - timedelta(days=1),
        now + timedelta(days=4),
        "深圳出差",
    )
    _history(services, admin, banks, people, contract_ids, now)
    load_window_demo(services, admin, banks, people, contract_ids, now)
    load_checklist_demo(services, admin)
    if history:
        load_call_history(services, admin, banks, people, contract_ids, now)
    return admin


def _office_moment(services: Services, now: datetime, days_back: int, clock: time) -> datetime:
    """``clock`` company time on the working day ``days_back`` days before ``now`` (after, when
    negative), or the nearest working day before it."""
    zone = zoneinfo.ZoneInfo(services.org.get().timezone)
    day = now.astimezone(zone).date() - timedelta(days=days_back)
    step = timedelta(days=-1 if days_back >= 0 else 1)
    while not services.calendar.is_workday(day):
        day += step
    return datetime.combine(day, clock, zone)


def _latest_office_moment(services: Services, now: datetime, clock: time) -> datetime:
    """A few hours before ``now`` when that falls in today's office hours, else ``clock`` on the
    last working day before: a message taken on a normal working day, never at night."""
    org = services.org.get()
    zone = zoneinfo.ZoneInfo(org.timezone)
    earlier = (now - timedelta(hours=3)).astimezone(zone)
    opens = time.fromisoformat(org.office_start)
    closes = time.fromisoformat(org.office_end)
    if services.calendar.is_workday(earlier.date()) and opens <= earlier.time() < closes:
        return earlier.replace(second=0, microsecond=0)
    return _office_moment(services, now, 1, clock)


def _history(
    services: Services,
    admin: Actor,
    banks: dict[str, int],
    people: dict[str, int],
    contract_ids: list[int],
    now: datetime,
) -> None:
    """Registered numbers, a few past calls, a follow-up and a feedback item."""
    icbc, ccb, cmb, bob = (
        banks[n] for n in ("中国工商银行", "中国建设银行", "招商银行", "北京银行")
    )
    org = services.org.get()
    message_at = _latest_office_moment(services, now, time(11, 10))
    with services.store.write() as session:
        for bank, contract, person, number, confirmed in (
            (icbc, contract_ids[0], people["王敏"], "13801012345", date(2026, 9, 20)),
            (icbc, None, None, "010-6789 0001", date(2025, 3, 18)),
            (ccb, contract_ids[2], people["李娜"], "13901023456", date(2026, 7, 1)),
            (ccb, None, people["孙强"], "15201078901", date(2025, 12, 1)),
            (cmb, contract_ids[4], people["周杰"], "18601089012", date(2026, 10, 8)),
            (bob, contract_ids[5], people["张伟"], "13601034567", date(2026, 4, 15)),
        ):
            parsed = normalise(number)
            session.add(
                RegisteredNumber(
                    bank_id=bank,
                    contract_id=contract,
                    person_id=person,
                    number_key=parsed.key,
                    display=parsed.display,
                    label="预留号码",
                    last_confirmed_on=confirmed,
                )
            )
        calls = [
            CallRecord(
                occurred_at=_office_moment(services, now, 40, time(10, 20)),
                bank_id=icbc,
                contract_id=contract_ids[0],
                caller_name="黄蕾",
                caller_number="010 6552 1288",
                caller_number_key="+861065521288",
                taken_by_id=people["王敏"],
                logged_by_id=people["刘洋"],
                outcome="transferred",
                topics=["use_of_funds"],
                questions="贷款资金是否用于采购原材料？",
                answers="是，已提供付款凭证。",
            ),
            CallRecord(
                occurred_at=_office_moment(services, now, 12, time(14, 45)),
                bank_id=ccb,
                contract_id=contract_ids[2],
                caller_name="郑爽",
                caller_number="010 8256 1066",
                caller_number_key="+861082561066",
                taken_by_id=people["李娜"],
                logged_by_id=people["赵丽"],
                outcome="transferred",
                topics=["business_condition", "collateral"],
            ),
            CallRecord(
                occurred_at=message_at,
                bank_id=bob,
                contract_id=contract_ids[5],
                caller_name="冯涛",
                caller_number="010 6223 8888",
                caller_number_key="+861062238888",
                logged_by_id=people["刘洋"],
                outcome="message",
                notes="请张伟回电，核实工资发放情况",
            ),
        ]
        session.add_all(calls)
        session.flush()
        session.add(
            FollowUp(
                kind="return_call",
                call_id=calls[2].id,
                contract_id=contract_ids[5],
                bank_id=bob,
                assignee_id=people["李娜"],
                description="回电北京银行冯涛：核实工资发放情况",
                due_at=due_after_working_hours(
                    services.calendar, org, message_at, org.follow_up_working_hours
                ),
                created_at=message_at,
            )
        )
        session.add(
            FeedbackItem(
                bank_id=ccb,
                contract_id=contract_ids[2],
                raised_by="bank",
                title="补充提供抵押厂房最新评估报告",
                owner_id=people["陈静"],
                due_on=_office_moment(services, now, -20, time(17)).date(),
                created_at=now,
            )
        )
        audit.record(
            session,
            services.store,
            admin,
            "demo",
            "database",
            None,
            after={"windows": 5, "calls": 3, "numbers": 6},
        )


DEMO_CHANGES = Changes.of(*Area)
