"""NUL characters and over-long text are refused the same way on SQLite and PostgreSQL.

Before the check, SQLite stored both (and every export of the record failed afterwards) while
PostgreSQL answered with a raw driver error. Now a ValidationError names the field, and nothing
reaches the database.
"""

from __future__ import annotations

import pytest

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Bank, LoanContract
from desktop_app.core.services import Services
from desktop_app.core.storage.text_guard import TEXT_LIMIT
from tests.helpers.factories import bank_draft, contract_draft, count_rows, make_bank


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": "中国工商银行\x00"}, "name", "NUL"),
        ({"name": "工" * 201}, "name", "201 characters, at most 200"),
        ({"notes": "备注" * TEXT_LIMIT}, "notes", f"at most {TEXT_LIMIT}"),
        ({"aliases": ["ICBC\x00"]}, "", "NUL"),
    ],
)
def test_a_bank_with_unstorable_text_is_refused_naming_the_field(
    services: Services, admin: Actor, values: dict[str, object], field: str, words: str
) -> None:
    draft = bank_draft(**{"name": "中国工商银行", **values})  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        services.banks.create(admin, draft)
    if field:
        assert caught.value.field == field
        assert field in caught.value.text()
    assert words in caught.value.text()
    assert count_rows(services, Bank) == 0


def test_a_contract_number_with_a_nul_is_refused_before_the_database(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    with pytest.raises(ValidationError) as caught:
        services.contracts.create(admin, contract_draft(bank.id, "HT\x00-1"))
    assert caught.value.field == "contract_number"
    assert count_rows(services, LoanContract) == 0


def test_text_at_the_limit_is_kept_whole(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin, notes="备" * TEXT_LIMIT)
    assert services.banks.get(admin, bank.id).notes == "备" * TEXT_LIMIT
