"""Loan contracts: create, update, close, list and search; exact amounts; who sees loan details."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import LoanContract
from desktop_app.core.register.contracts import ContractQuery
from desktop_app.core.services import Services
from tests.helpers.factories import (
    actor_with_role,
    contract_draft,
    count_rows,
    make_bank,
    make_contract,
)


@pytest.fixture
def bank_id(services: Services, admin: Actor) -> int:
    return make_bank(services, admin).id


def test_create_reads_typed_values(services: Services, admin: Actor, bank_id: int) -> None:
    outcome = services.contracts.create(
        admin,
        contract_draft(
            bank_id,
            " 0200-2025-LD-0137 ",
            principal="500万元",
            start_date="2025/3/18",
            maturity_date="2026年3月18日",
            drawdown_date=45734,
            currency=" cny ",
            clause_topics=["use_of_funds", "collateral", "use_of_funds"],
            clause_documents=[" 付款凭证 ", "", "采购发票"],
        ),
    )
    contract = outcome.value
    assert outcome.changes.ids == ((Area.CONTRACTS, contract.id),)
    assert contract.contract_number == "0200-2025-LD-0137"
    assert contract.bank_name == "中国工商银行"
    assert contract.principal == Decimal("5000000")
    assert (contract.start_date, contract.maturity_date, contract.drawdown_date) == (
        date(2025, 3, 18),
        date(2026, 3, 18),
        date(2025, 3, 18),
    )
    assert contract.currency == "CNY"
    assert contract.clause_topics == ("use_of_funds", "collateral")
    assert contract.clause_documents == ("付款凭证", "采购发票")
    assert services.contracts.get(admin, contract.id) == contract
    # the search reads plain rows (JSON lists decoded once per text): the same view, both databases
    assert services.contracts.search(admin, ContractQuery("0200-2025-LD-0137")) == [contract]


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("12345678901.2345"),
        Decimal("0.0001"),
        Decimal("99999999999999.9999"),
        Decimal("1000000.10"),
    ],
)
def test_amounts_round_trip_exactly(
    services: Services, admin: Actor, bank_id: int, amount: Decimal
) -> None:
    created = make_contract(services, admin, bank_id, principal=amount)
    stored = services.contracts.get(admin, created.id).principal
    assert stored == amount
    assert isinstance(stored, Decimal)
    assert str(stored) == str(amount)


def test_update_and_version_conflict(services: Services, admin: Actor, bank_id: int) -> None:
    contract = make_contract(services, admin, bank_id, "C-1")
    updated = services.contracts.update(
        admin,
        contract.id,
        contract_draft(bank_id, "C-1", principal="1,000,000.50", clause_cadence="monthly"),
        contract.version,
    ).value
    assert updated.version == contract.version + 1
    assert (updated.principal, updated.clause_cadence) == (Decimal("1000000.50"), "monthly")
    with pytest.raises(ConflictError):
        services.contracts.update(
            admin, contract.id, contract_draft(bank_id, "C-1"), contract.version
        )
    assert services.contracts.get(admin, contract.id) == updated


def test_close_and_reopen(services: Services, admin: Actor, bank_id: int) -> None:
    contract = make_contract(services, admin, bank_id)
    closed = services.contracts.set_status(admin, contract.id, "closed").value
    assert (closed.status, closed.version) == ("closed", contract.version + 1)
    assert services.contracts.list(admin) == []
    assert [c.id for c in services.contracts.list(admin, status="closed")] == [contract.id]
    assert [c.id for c in services.contracts.list(admin, status=None)] == [contract.id]
    with pytest.raises(ValidationError) as caught:
        services.contracts.set_status(admin, contract.id, "lost")
    assert caught.value.field == "status"


def test_a_number_is_unique_per_bank_only(services: Services, admin: Actor, bank_id: int) -> None:
    make_contract(services, admin, bank_id, "LD-0137")
    with pytest.raises(ValidationError) as caught:
        make_contract(services, admin, bank_id, " ld-0137 ")
    assert caught.value.field == "contract_number"
    assert caught.value.text() == "Contract ld-0137 already exists at this bank."
    other_bank = make_bank(services, admin, "招商银行", phones=[])
    assert make_contract(services, admin, other_bank.id, "LD-0137").bank_name == "招商银行"
    assert count_rows(services, LoanContract) == 2


def test_renumbering_onto_an_existing_number_is_refused(
    services: Services, admin: Actor, bank_id: int
) -> None:
    make_contract(services, admin, bank_id, "A-1")
    second = make_contract(services, admin, bank_id, "A-2")
    with pytest.raises(ValidationError, match="already exists"):
        services.contracts.update(admin, second.id, contract_draft(bank_id, "A-1"), second.version)
    assert services.contracts.get(admin, second.id).contract_number == "A-2"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"contract_number": " "}, "contract_number"),
        ({"loan_type": "payday"}, "loan_type"),
        ({"principal": "-5"}, "principal"),
        ({"principal": "12.34567"}, "principal"),
        ({"principal": "lots"}, "principal"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"maturity_date": date(2026, 3, 18)}, "maturity_date"),
        ({"drawdown_date": "soon"}, "drawdown_date"),
        ({"currency": "yuan"}, "currency"),
        ({"clause_method": "letter"}, "clause_method"),
        ({"clause_topics": ["weather"]}, "clause_topics"),
        ({"bank_id": 999}, "bank_id"),
    ],
)
def test_invalid_contracts_name_the_field_and_write_nothing(
    services: Services, admin: Actor, bank_id: int, values: dict[str, Any], field: str
) -> None:
    values = dict(values)
    draft = contract_draft(
        values.pop("bank_id", bank_id), values.pop("contract_number", "C-9"), **values
    )
    with pytest.raises(ValidationError) as caught:
        services.contracts.create(admin, draft)
    assert caught.value.field == field
    assert count_rows(services, LoanContract) == 0


def test_front_desk_sees_no_loan_details(services: Services, admin: Actor, bank_id: int) -> None:
    contract = make_contract(services, admin, bank_id, notes="内部备注")
    finance = actor_with_role(services, admin, "finance")
    for actor in (
        actor_with_role(services, admin, "front_desk"),
        actor_with_role(services, admin, "trainee"),
    ):
        for seen in (services.contracts.get(actor, contract.id), services.contracts.list(actor)[0]):
            assert seen.restricted
            assert (
                seen.principal,
                seen.clause_text,
                seen.purpose_of_funds,
                seen.consequences,
                seen.notes,
            ) == (None, None, None, None, None)
            assert seen.contract_number == contract.contract_number
    full = services.contracts.get(finance, contract.id)
    assert not full.restricted
    assert full.principal == Decimal("5000000.00")
    assert (full.clause_text, full.purpose_of_funds, full.consequences) == (
        "借款人应配合贷后检查。",
        "采购原材料",
        "贷款人有权提前收回贷款。",
    )


@pytest.mark.parametrize("role", ["front_desk", "trainee"])
def test_front_desk_and_trainees_may_not_edit_contracts(
    services: Services, admin: Actor, bank_id: int, role: str
) -> None:
    contract = make_contract(services, admin, bank_id)
    actor = actor_with_role(services, admin, role)
    with pytest.raises(PermissionDenied):
        services.contracts.create(actor, contract_draft(bank_id))
    with pytest.raises(PermissionDenied):
        services.contracts.update(
            actor, contract.id, contract_draft(bank_id, "X"), contract.version
        )
    with pytest.raises(PermissionDenied):
        services.contracts.set_status(actor, contract.id, "closed")
    assert count_rows(services, LoanContract) == 1
    assert services.contracts.get(admin, contract.id) == contract


def test_search_by_number_prefix_and_bank(services: Services, admin: Actor, bank_id: int) -> None:
    make_contract(services, admin, bank_id, "0200-2025-LD-0137")
    cmb = make_bank(services, admin, "招商银行", short_name="招行", aliases=["CMB"], phones=[])
    make_contract(services, admin, cmb.id, "2025-BJ-XM-017")

    def numbers(text: str, **filters: object) -> list[str]:
        return [c.contract_number for c in services.contracts.list(admin, text, **filters)]

    assert numbers("0200") == ["0200-2025-LD-0137"]
    assert numbers("2025-bj") == ["2025-BJ-XM-017"]
    assert numbers("cmb") == ["2025-BJ-XM-017"]
    assert numbers("gsyh") == ["0200-2025-LD-0137"]
    assert numbers("LD-0137") == []
    assert sorted(numbers("")) == ["0200-2025-LD-0137", "2025-BJ-XM-017"]
    assert numbers("", bank_id=cmb.id) == ["2025-BJ-XM-017"]
    assert len(services.contracts.list(admin, limit=1)) == 1


def test_a_missing_contract_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.contracts.get(admin, 404)
