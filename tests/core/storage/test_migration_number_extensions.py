"""Migration 0012: officers' numbers stored before it become routable rows, listed numbers keep
their extension apart, and contract number keys lose their separators. Both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, insert, select, text

from desktop_app.core.models import LoanContract, OrgSetting
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import upgrade


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def test_numbers_and_contract_keys_stored_before_are_brought_up(engine: Engine) -> None:
    upgrade(engine, "0009_versions")
    moment = datetime(2026, 11, 25, 2, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(insert(OrgSetting).values(key="area_code", value="0755"))
        connection.execute(
            text(
                "INSERT INTO bank (id, name, short_name, notes, active, version) "
                "VALUES (1, '招商银行', '招行', '', :yes, 1)"
            ),
            {"yes": True},
        )
        connection.execute(
            text(
                "INSERT INTO bank_officer (id, bank_id, name, role, phone, mobile, email, active) "
                "VALUES (1, 1, '周涛', 'post_loan_officer', '8319 5555-806', '13600001111', '',"
                " :yes), (2, 1, '吴芳', 'other', 'not a number', '95555', '', :yes)"
            ),
            {"yes": True},
        )
        connection.execute(
            text(
                "INSERT INTO bank_phone (bank_id, officer_id, number_key, display, label) VALUES "
                "(1, NULL, 'svc:95555', '95555', '客服'), "
                "(1, NULL, '+8675583190000', '0755 8319 0000 ext. 12', '总机')"
            )
        )
        connection.execute(
            insert(LoanContract).values(
                id=1,
                bank_id=1,
                contract_number="0755-2025-LD-0001",
                number_key="0755-2025-ld-0001",
                loan_type="working_capital",
                principal=Decimal("1000000"),
                start_date=date(2025, 1, 1),
                maturity_date=date(2026, 1, 1),
                created_at=moment,
                updated_at=moment,
            )
        )
    upgrade(engine, "head")
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT number_key, display, extension, source, officer_id FROM bank_phone "
                "ORDER BY number_key"
            )
        ).all()
        key = connection.execute(select(LoanContract.number_key)).scalar()
    assert [tuple(row) for row in rows] == [
        ("+8613600001111", "136 0000 1111", "", "officer", 1),
        ("+8675583190000", "0755 8319 0000 ext. 12", "12", "listed", None),
        ("+8675583195555", "0755 8319 5555 ext. 806", "806", "officer", 1),
        ("svc:95555", "95555", "", "listed", None),  # already listed: not added twice
    ]
    assert key == "07552025ld0001"
