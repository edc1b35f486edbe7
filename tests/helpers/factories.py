"""Factories that make banks, people and contracts through the services, with sensible defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from sqlalchemy import func, select

from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.banks import BankDraft, BankView, PhoneDraft
from desktop_app.core.register.contracts import ContractDraft, ContractView
from desktop_app.core.register.people import PersonDraft, PersonView
from desktop_app.core.services import Services

_serial = count(1)
WEEKDAY_HOURS = [(day, "09:00", "18:00") for day in range(5)]


def bank_draft(name: str = "中国工商银行", **values: Any) -> BankDraft:
    """A bank as a form would send it: ICBC with an alias, a branch and a calling number."""
    values.setdefault("short_name", "工行")
    values.setdefault("aliases", ["ICBC", "工商银行"])
    values.setdefault("branches", ["北京朝阳支行"])
    values.setdefault("phones", [PhoneDraft("010-65521234", "朝阳支行")])
    return BankDraft(name=name, **values)


def make_bank(
    services: Services, actor: Actor, name: str = "中国工商银行", **values: Any
) -> BankView:
    return services.banks.create(actor, bank_draft(name, **values)).value


def person_draft(role: str = "finance", name: str | None = None, **values: Any) -> PersonDraft:
    """A person with weekday office hours 09:00–18:00 and a unique name."""
    values.setdefault("office_hours", list(WEEKDAY_HOURS))
    return PersonDraft(name=name or f"{role.title()} {next(_serial)}", role=role, **values)


def make_person(
    services: Services, actor: Actor, role: str = "finance", name: str | None = None, **values: Any
) -> PersonView:
    return services.people.create(actor, person_draft(role, name, **values)).value


def actor_with_role(services: Services, admin: Actor, role: str) -> Actor:
    """A new person of ``role``, as the actor of later calls."""
    person = make_person(services, admin, role)
    return services.identity.actor_for(person.id)


def contract_draft(bank_id: int, number: str | None = None, **values: Any) -> ContractDraft:
    """A one-year working-capital loan of 5,000,000.00 CNY with a quarterly phone callback."""
    values.setdefault("loan_type", "working_capital")
    values.setdefault("principal", Decimal("5000000.00"))
    values.setdefault("start_date", date(2026, 3, 18))
    values.setdefault("maturity_date", date(2027, 3, 18))
    values.setdefault("purpose_of_funds", "采购原材料")
    values.setdefault("clause_text", "借款人应配合贷后检查。")
    values.setdefault("consequences", "贷款人有权提前收回贷款。")
    values.setdefault("clause_topics", ["use_of_funds"])
    return ContractDraft(
        bank_id=bank_id, contract_number=number or f"C-{next(_serial):04d}", **values
    )


def make_contract(
    services: Services, actor: Actor, bank_id: int, number: str | None = None, **values: Any
) -> ContractView:
    return services.contracts.create(actor, contract_draft(bank_id, number, **values)).value


def count_rows(services: Services, model: type[Any]) -> int:
    """How many rows a table holds, read straight from the database."""
    with services.store.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0
