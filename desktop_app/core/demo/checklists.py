"""The demo company's checklists and callback records: some evidence ready, some stale, some not.

Written through the same services a person uses, after the rest of the demo exists, so that the
Checklists screen, the call log and the evidence pack have something true-looking to show.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from desktop_app.core.checklists.service import ItemUpdate
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import CallRecord, LoanContract, Person
from desktop_app.core.records.callback_records import CallbackDraft, Exchange, PromisedDocument
from desktop_app.core.services import Services

# contract number -> {item code: (state, days since it was made ready, owner, notes)}
STATES = {
    "0200-2025-LD-0137": {
        "payment_vouchers": ("ready", 20, "张伟", "10 月铝型材货款回单 3 张，受托支付"),
        "invoices": ("ready", 20, "张伟", ""),
        "supply_contracts": ("ready", 240, "李娜", "与华东铝业的年度供货合同"),
        "financial_statements": ("ready", 120, "李娜", "三季度报表待更新"),
        "tax_returns": ("ready", 40, "李娜", ""),
        "bank_statements": ("missing", 0, "张伟", ""),
        "business_licence": ("ready", 100, "陈静", ""),
        "major_changes": ("ready", 30, "王敏", "本季度无重大事项"),
    },
    "11002025-JY-889": {
        "payment_vouchers": ("ready", 10, "李娜", ""),
        "collateral_status": ("ready", 200, "陈静", "抵押厂房评估报告需更新"),
        "financial_statements": ("ready", 25, "李娜", ""),
        "supply_contracts": ("not_applicable", 0, "", "经营周转，无单一供货合同"),
    },
}


def load_checklist_demo(services: Services, admin: Actor) -> None:
    """Fill two contracts' checklists and write the record of the first demo call."""
    today = services.checklists.today()
    with services.store.read() as session:
        people = dict(session.execute(select(Person.name, Person.id)).all())
        contracts = dict(
            session.execute(select(LoanContract.contract_number, LoanContract.id)).all()
        )
        first_call = session.scalar(select(CallRecord).order_by(CallRecord.occurred_at).limit(1))
    for number, states in STATES.items():
        checklist = services.checklists.checklist(admin, contracts[number])
        by_code = {item.code: item for item in checklist.items}
        for code, (state, age, owner, notes) in states.items():
            item = by_code[code]
            services.checklists.update_item(
                admin,
                item.id,
                ItemUpdate(
                    state=state,
                    owner_id=people.get(owner),
                    notes=notes,
                    ready_on=today - timedelta(days=age) if state == "ready" else None,
                ),
            )
            if code == "payment_vouchers":
                _attach(services, admin, item.id, "付款凭证-铝型材货款.txt")
    promised = today + timedelta(days=5)
    while not services.calendar.is_workday(promised):  # a promise falls on a working day
        promised += timedelta(days=1)
    if first_call is not None:
        services.callback_records.record(
            admin,
            CallbackDraft(
                call_id=first_call.id,
                bank_id=first_call.bank_id,
                contract_id=first_call.contract_id,
                caller_name=first_call.caller_name,
                caller_number=first_call.caller_number,
                exchanges=[
                    Exchange(
                        "use_of_funds", "贷款资金是否用于采购原材料？", "是，已提供付款凭证。"
                    ),
                    Exchange(
                        "business_condition", "三季度销售情况如何？", "销售收入同比增长约 8%。"
                    ),
                ],
                documents=[PromisedDocument("三季度财务报表", promised, people.get("李娜"))],
                concerns="银行关注应收账款增加。",
            ),
        )


def _attach(services: Services, admin: Actor, item_id: int, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text("回访台示例凭证 / Callback Desk sample voucher\n", encoding="utf-8")
        services.evidence.attach(admin, item_id, path)
