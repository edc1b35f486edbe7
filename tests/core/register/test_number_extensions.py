"""A registered number keeps its extension apart: typed in the number or in its own field, one
switchboard on file once per extension, a call to an extension routed to the entry that has it,
and numbers stored before migration 0020 given their extension. Both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import Engine, text

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import upgrade
from tests.helpers.factories import make_bank, make_contract, make_person

WEDNESDAY = datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
CONFIRMED = date(2026, 11, 20)


def test_the_extension_is_kept_apart_wherever_it_was_typed(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    in_number = services.numbers.create(
        admin, NumberDraft(bank.id, "010-65521234 转 808", last_confirmed_on=CONFIRMED)
    ).value
    assert (in_number.number_key, in_number.extension) == ("+861065521234", "808")
    assert (in_number.number, in_number.base_number) == ("010 6552 1234 ext. 808", "010 6552 1234")
    in_field = services.numbers.create(
        admin,
        NumberDraft(bank.id, "6552 1234", extension="８０９", last_confirmed_on=CONFIRMED),
    ).value
    assert (in_field.number, in_field.extension) == ("010 6552 1234 ext. 809", "809")
    # The same switchboard with the same extension is on file once; without one, once more.
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(admin, NumberDraft(bank.id, "010-65521234-809"))
    assert caught.value.problems[0].field == "number"
    plain = services.numbers.create(admin, NumberDraft(bank.id, "010 6552 1234")).value
    assert (plain.number, plain.extension) == ("010 6552 1234", "")
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(admin, NumberDraft(bank.id, "010-65521234-810", extension="811"))
    assert [(p.field, p.text()) for p in caught.value.problems] == [
        ("extension", "The number has extension 810, but this field says 811.")
    ]
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(admin, NumberDraft(bank.id, "010 6552 1235", extension="8o8"))
    assert [(p.field, p.text()) for p in caught.value.problems] == [
        ("extension", "An extension is 1 to 12 digits.")
    ]
    edited = services.numbers.update(
        admin,
        plain.id,
        NumberDraft(bank.id, plain.base_number, extension="812"),
        plain.version,
    ).value
    assert (edited.number, edited.extension, edited.number_key) == (
        "010 6552 1234 ext. 812",
        "812",
        "+861065521234",
    )
    assert services.numbers.get(admin, edited.id).extension == "812"


def test_a_call_to_an_extension_finds_the_bank_that_has_it_on_file(
    services: Services, admin: Actor
) -> None:
    icbc = make_bank(services, admin)
    ccb = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=[])
    wang = make_person(services, admin, name="王敏", extension="808")
    li = make_person(services, admin, name="李娜", extension="809")
    working = make_contract(services, admin, icbc.id, "C-1")
    services.responders.set_for_contract(admin, working.id, [wang.id])
    services.responders.set_for_bank(admin, ccb.id, [li.id])
    for bank, person, extension, contract in (
        (icbc, wang, "808", working.id),
        (ccb, li, "809", None),
    ):
        services.numbers.create(
            admin,
            NumberDraft(
                bank.id,
                "010-87654321",
                person_id=person.id,
                contract_id=contract,
                extension=extension,
            ),
        )
    for typed, bank, responder in (
        ("010-87654321-808", icbc, "王敏"),
        ("87654321转809", ccb, "李娜"),
        ("010 8765 4321 ext. 809", ccb, "李娜"),
    ):
        result = services.routing.route(admin, typed, WEDNESDAY)
        assert result.number_known and result.number_source == "registered_number", typed
        assert result.bank is not None and result.bank.bank_id == bank.id, typed
        assert result.candidates[0].name == responder, typed
    icbc_hit = services.routing.route(admin, "010-87654321-808", WEDNESDAY)
    assert icbc_hit.bank is not None and icbc_hit.bank.contract_id == working.id
    # Without the extension both banks have the switchboard on file: the desk asks which.
    both = services.routing.route(admin, "010-87654321", WEDNESDAY)
    assert both.ambiguous and {b.bank_id for b in both.banks} == {icbc.id, ccb.id}
    # An extension nobody has on file leaves both as well.
    other = services.routing.route(admin, "010-87654321-700", WEDNESDAY)
    assert other.ambiguous


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def test_numbers_stored_before_the_extension_column_get_theirs(engine: Engine) -> None:
    upgrade(engine, "0016_outbox")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO bank (id, name, short_name, notes, active, version) "
                "VALUES (1, '招商银行', '招行', '', :yes, 1)"
            ),
            {"yes": True},
        )
        connection.execute(
            text(
                "INSERT INTO registered_number (bank_id, number_key, display, label, active,"
                " version) VALUES (1, '+861065521234', '010 6552 1234 ext. 808', '', :yes, 1),"
                " (1, '+861065521299', '010 6552 1299', '', :yes, 1),"
                " (1, '+861065520000', '010 6552 1111 ext. 5', '', :yes, 1)"
            ),
            {"yes": True},
        )
    upgrade(engine, "0020_registered_extension")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT number_key, extension FROM registered_number ORDER BY number_key")
        ).all()
    # The third's display is not its key's number: its extension is not guessed.
    assert [tuple(r) for r in rows] == [
        ("+861065520000", ""),
        ("+861065521234", "808"),
        ("+861065521299", ""),
    ]


def test_a_numbers_sheet_imports_the_extension_apart_and_names_bad_rows(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    bank = make_bank(services, admin)
    make_person(services, admin, name="王敏")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["贷款银行", "预留号码", "分机", "联系人", "说明", "银行确认日期"],
        ["工行", "010-87654321转808", "", "王敏", "财务部", "2026-11-02"],
        ["工行", "010-87654321", "809", "", "", ""],
        ["工行", "010-87654321-810", "811", "", "", ""],
        ["工行", "010-87654321", "808", "李四", "", ""],
    ):
        sheet.append(row)
    book.save(tmp_path / "预留号码.xlsx")
    plan = services.imports.preview(admin, "numbers", tmp_path / "预留号码.xlsx")
    assert [(p.row, p.column, p.text()) for p in plan.all_problems()] == [
        (4, "分机", "The number has extension 810, but this field says 811."),
        (5, "联系人", "No person called “李四” is registered."),
        (5, "预留号码", "Row 2 already has “010-87654321”."),
    ]
    book.remove(sheet)
    sheet = book.create_sheet()
    sheet.append(["贷款银行", "预留号码", "分机", "联系人", "说明", "银行确认日期"])
    sheet.append(["工行", "010-87654321转808", "", "王敏", "财务部", "2026-11-02"])
    sheet.append(["工行", "010-87654321", "809", "", "", ""])
    book.save(tmp_path / "ok.xlsx")
    plan = services.imports.preview(admin, "numbers", tmp_path / "ok.xlsx")
    assert plan.all_problems() == []
    services.imports.commit(admin, plan)
    stored = [(n.number, n.extension, n.person_name) for n in services.numbers.list(admin)]
    assert stored == [
        ("010 8765 4321 ext. 808", "808", "王敏"),
        ("010 8765 4321 ext. 809", "809", ""),
    ]
    assert {n.bank_id for n in services.numbers.list(admin)} == {bank.id}


def test_the_change_notice_writes_the_extension_in_its_own_language(
    services: Services, admin: Actor
) -> None:
    services.org.update(admin, company_name="北京恒远科技有限公司")
    bank = make_bank(services, admin)
    services.numbers.create(admin, NumberDraft(bank.id, "010-87654321", extension="808"))
    chinese = services.numbers.change_notice(admin, bank.id, "zh_CN")
    english = services.numbers.change_notice(admin, bank.id, "en")
    assert [r.old_number for r in chinese.rows] == ["010 8765 4321 分机 808"]
    assert [r.old_number for r in english.rows] == ["010 8765 4321 ext. 808"]
    assert "ext." not in chinese.text()
