"""Routing an incoming call: numbers in every format, names, pinyin, officers and contracts lead to
the bank; the transfer list knows absences, public holidays and make-up workdays; the front desk
never receives a loan amount; the follow-up deadline counts working hours. Both databases."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text, update

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.follow_ups import due_after_working_hours
from desktop_app.core.front_desk.routing import RouteResult
from desktop_app.core.models import BankPhone
from desktop_app.core.register.banks import BankView, OfficerDraft, PhoneDraft
from desktop_app.core.register.contracts import ContractView
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.register.people import PersonView
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import prepare_database, upgrade
from tests.conftest import START
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


# Wednesday 2026-11-25, 10:00: an ordinary working day, inside office hours.
WEDNESDAY = beijing(2026, 11, 25, 10)


@dataclass
class Desk:
    """ICBC with two contracts and three responders, CCB, a finance manager and the front desk."""

    icbc: BankView
    ccb: BankView
    working: ContractView  # 0200-2025-LD-0137: 李娜 > 张伟 > 陈静
    fixed: ContractView  # 0200-2024-GD-0052: 张伟 > 李娜
    li: PersonView
    zhang: PersonView
    chen: PersonView
    manager: PersonView
    desk: Actor
    finance: Actor


@pytest.fixture
def world(services: Services, admin: Actor) -> Desk:
    icbc = make_bank(
        services,
        admin,
        officers=[
            OfficerDraft("马骏", "relationship_manager", "010-65521234", "13911112222"),
            OfficerDraft("黄蕾", "post_loan_officer", mobile="13911113333"),
        ],
        phones=[
            PhoneDraft("95588", "客服热线"),
            PhoneDraft("010-6552 1234", "朝阳支行"),
            PhoneDraft("13911113333", "贷后专员手机"),
        ],
    )
    ccb = make_bank(
        services,
        admin,
        "中国建设银行",
        short_name="建行",
        aliases=["CCB", "建设银行"],
        branches=["北京海淀支行"],
        phones=[PhoneDraft("95533", "客服热线")],
    )
    li = make_person(services, admin, name="李娜", extension="8002", mobile="13901023456")
    zhang = make_person(services, admin, name="张伟", extension="8003")
    chen = make_person(services, admin, name="陈静", mobile="13701045678")
    manager = make_person(
        services, admin, name="王敏", job_title="财务经理 Finance manager", extension="8001"
    )
    working = make_contract(services, admin, icbc.id, "0200-2025-LD-0137")
    fixed = make_contract(services, admin, icbc.id, "0200-2024-GD-0052")
    services.responders.set_for_contract(admin, working.id, [li.id, zhang.id, chen.id])
    services.responders.set_for_contract(admin, fixed.id, [zhang.id, li.id])
    desk = actor_with_role(services, admin, "front_desk")
    finance = services.identity.actor_for(manager.id)
    return Desk(icbc, ccb, working, fixed, li, zhang, chen, manager, desk, finance)


def names(result: RouteResult, ranked: bool = True) -> list[str]:
    return [c.name for c in result.candidates if (c.rank is not None) == ranked]


# -- finding the bank ------------------------------------------------------------------------------


def test_a_number_in_any_format_routes_to_the_bank(services: Services, world: Desk) -> None:
    for typed in (
        "01065521234",
        "010-6552 1234",
        "(010) 6552-1234",
        "+86 10 6552 1234",
        "0086 10 6552 1234",
        "００８６１０６５５２１２３４",
        "65521234",
        "010-6552 1234 转 8001",
    ):
        result = services.routing.route(world.desk, typed, WEDNESDAY)
        assert result.query.number_key == "+861065521234", typed
        assert [b.bank_id for b in result.banks] == [world.icbc.id], typed
        bank = result.bank
        assert bank is not None
        assert (bank.matched_by, bank.number_label) == ("number", "朝阳支行")
        assert result.number_known and result.number_source == "bank_phone"
        assert not result.offer_save_number
    for typed in ("95588", "955 88", "+86 95588"):
        result = services.routing.route(world.desk, typed, WEDNESDAY)
        assert result.bank is not None and result.bank.bank_id == world.icbc.id, typed
        assert result.bank.number_label == "客服热线"


def test_the_number_names_the_officer_and_branch(
    services: Services, world: Desk, app_ctx: AppContext
) -> None:
    result = services.routing.route(world.desk, "139-1111-3333", WEDNESDAY)
    bank = result.bank
    assert bank is not None
    assert (bank.officer_name, bank.officer_role) == ("黄蕾", "post_loan_officer")
    landline = services.routing.route(world.desk, "010 6552 1234", WEDNESDAY).bank
    assert landline is not None and landline.officer_name == "马骏"  # his desk phone
    with app_ctx.engine.begin() as connection:
        branch_id = connection.execute(
            update(BankPhone)
            .where(BankPhone.number_key == "svc:95588")
            .values(branch_id=1)
            .returning(BankPhone.branch_id)
        ).scalar()
    hotline = services.routing.route(world.desk, "95588", WEDNESDAY).bank
    assert hotline is not None
    assert (hotline.branch_id, hotline.branch_name) == (branch_id, "北京朝阳支行")


@pytest.mark.parametrize(
    ("typed", "matched_by"),
    [
        ("中国工商银行", "name"),
        ("工行", "name"),
        ("ICBC", "name"),
        ("icbc", "name"),
        ("ＩＣＢＣ", "name"),
        ("工商", "name"),
        ("gsyh", "name"),
        ("gongshang", "name"),
        ("马骏", "officer"),
        ("majun", "officer"),
        ("huanglei", "officer"),
        ("0200-2025-LD-0137", "contract"),
        ("0200-2025-ld", "contract"),
    ],
)
def test_names_aliases_pinyin_officers_and_contracts_find_the_bank(
    services: Services, world: Desk, typed: str, matched_by: str
) -> None:
    result = services.routing.route(world.desk, typed, WEDNESDAY)
    assert result.query.kind == "text"
    assert [b.bank_id for b in result.banks] == [world.icbc.id]
    assert result.banks[0].matched_by == matched_by
    assert not result.number_known
    assert services.routing.search(world.desk, typed)[0].bank_id == world.icbc.id


def test_a_bank_brings_its_active_contracts_and_a_contract_only_itself(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.contracts.set_status(admin, make_contract(services, admin, world.icbc.id).id, "closed")
    by_bank = services.routing.route(world.desk, "gsyh", WEDNESDAY)
    assert [c.contract_number for c in by_bank.contracts] == [
        "0200-2024-GD-0052",
        "0200-2025-LD-0137",
    ]
    assert not any(c.matched for c in by_bank.contracts)
    assert not by_bank.contracts_truncated
    # Both contracts' lists, merged by best rank: the two primaries, then 陈静 (third).
    assert sorted(names(by_bank)[:2]) == ["张伟", "李娜"]
    assert names(by_bank)[2:] == ["陈静"]
    assert [c.rank for c in by_bank.candidates if c.rank] == [1, 1, 3]
    by_contract = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    assert [(c.id, c.matched) for c in by_contract.contracts] == [(world.working.id, True)]
    assert names(by_contract) == ["李娜", "张伟", "陈静"]
    assert [c.source for c in by_contract.candidates if c.rank] == ["contract"] * 3
    assert by_contract.primary is not None and by_contract.primary.name == "李娜"
    assert by_contract.primary.contract_ids == (world.working.id,)
    assert (by_contract.primary.extension, by_contract.primary.mobile) == ("8002", "139 0102 3456")
    prefix = services.routing.route(world.desk, "0200-20", WEDNESDAY)
    assert {c.id for c in prefix.contracts} == {world.working.id, world.fixed.id}
    assert all(c.matched for c in prefix.contracts)


def test_a_bank_without_contracts_uses_its_default_list(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.responders.set_for_bank(admin, world.ccb.id, [world.chen.id, world.li.id])
    result = services.routing.route(world.desk, "建行", WEDNESDAY)
    assert result.contracts == ()
    assert names(result) == ["陈静", "李娜"]
    assert {c.source for c in result.candidates if c.rank} == {"bank"}


def test_the_finance_fallback_follows_the_ranked_list_managers_first(
    services: Services, world: Desk
) -> None:
    result = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    fallback = [c for c in result.candidates if c.rank is None]
    assert fallback[0].name == "王敏"  # a finance manager by title
    assert all(c.available and c.source == "fallback" for c in fallback)
    assert len(fallback) <= 3
    assert not {c.person_id for c in fallback} & {world.li.id, world.zhang.id, world.chen.id}


def test_an_unknown_number_is_flagged_and_can_be_tied_to_a_bank(
    services: Services, world: Desk
) -> None:
    result = services.routing.route(world.desk, "010-8888 9999", WEDNESDAY)
    assert result.query.complete and result.query.number_display == "010 8888 9999"
    assert result.banks == () and not result.number_known and result.number_source == ""
    assert not result.offer_save_number
    assert names(result) == []  # no bank, no ranked list: only the finance fallback
    assert names(result, ranked=False)[0] == "王敏"
    assert any("not on file" in line and "impersonation" in line for line in result.script)
    chosen = services.routing.route(world.desk, "010-8888 9999", WEDNESDAY, bank_id=world.icbc.id)
    assert chosen.bank is not None and chosen.bank.matched_by == "chosen"
    assert chosen.offer_save_number
    assert names(chosen)[0] in {"李娜", "张伟"}


def test_one_of_our_registered_numbers_is_known(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.numbers.create(
        admin,
        NumberDraft(world.icbc.id, "010-8765 4321", "财务部", world.li.id, world.working.id),
    )
    result = services.routing.route(world.desk, "01087654321", WEDNESDAY)
    assert result.number_known and result.number_source == "registered_number"
    assert result.bank is not None and result.bank.contract_id == world.working.id
    assert [c.id for c in result.contracts] == [world.working.id]
    assert any("our own numbers" in line for line in result.script)


def test_several_banks_matching_ask_which_one(services: Services, world: Desk) -> None:
    result = services.routing.route(world.desk, "中国", WEDNESDAY)
    assert {b.bank_id for b in result.banks} == {world.icbc.id, world.ccb.id}
    assert result.ambiguous and result.bank is None
    assert result.contracts == () and names(result) == []
    assert any("Several banks match" in line for line in result.script)
    narrowed = services.routing.route(world.desk, "中国", WEDNESDAY, bank_id=world.icbc.id)
    assert not narrowed.ambiguous and narrowed.bank is not None
    assert narrowed.bank.bank_id == world.icbc.id and len(narrowed.contracts) == 2


def test_digits_being_typed_already_find_the_bank(services: Services, world: Desk) -> None:
    result = services.routing.route(world.desk, "010-6552", WEDNESDAY)
    assert not result.query.complete
    assert [b.bank_id for b in result.banks] == [world.icbc.id]
    assert {b.bank_id for b in services.routing.route(world.desk, "955", WEDNESDAY).banks} == {
        world.icbc.id,
        world.ccb.id,
    }


def test_nothing_typed_offers_only_the_fallback(services: Services, world: Desk) -> None:
    result = services.routing.route(world.desk, "  ", WEDNESDAY)
    assert result.query.kind == "empty" and result.banks == () and names(result) == []


# -- availability now ------------------------------------------------------------------------------


def test_an_absent_primary_is_skipped_and_the_desk_told_why(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.people.add_absence(
        admin, world.li.id, "leave", beijing(2026, 11, 24, 9), beijing(2026, 11, 27, 18)
    )
    result = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    primary = result.primary
    assert primary is not None and primary.name == "李娜" and not primary.available
    assert primary.status.code == "absent"
    assert primary.reason == "Absent (leave) until Nov 27, 2026, 18:00"
    assert result.first_available is not None and result.first_available.name == "张伟"
    reason = "Absent (leave) until Nov 27, 2026, 18:00"
    assert f"李娜, the primary responder, is not available: {reason}." in result.script
    assert "Transfer to 张伟, extension 8003." in result.script


def test_on_a_public_holiday_nobody_answers_and_the_desk_takes_a_message(
    services: Services, world: Desk
) -> None:
    result = services.routing.route(world.desk, "95588", beijing(2026, 10, 1, 10))
    assert [c.available for c in result.candidates] == [False, False, False]
    assert {c.reason for c in result.candidates} == {"Public holiday: National Day"}
    assert result.first_available is None
    # The National Day holiday runs to Wednesday 7 October: due on Thursday the 8th, 11:00.
    assert result.follow_up_due_at == beijing(2026, 10, 8, 11)
    assert result.script[-1] == (
        "No one can answer now: take a message (name, bank, number, what they need) and "
        "promise a return call by Thu, Oct 8 11:00."
    )


def test_on_a_make_up_saturday_people_work_their_weekday_hours(
    services: Services, world: Desk
) -> None:
    makeup = services.routing.route(world.desk, "95588", beijing(2026, 10, 10, 10))
    assert all(c.available for c in makeup.candidates if c.rank)
    assert makeup.follow_up_due_at == beijing(2026, 10, 10, 12)
    evening = services.routing.route(world.desk, "95588", beijing(2026, 10, 10, 19))
    assert {c.reason for c in evening.candidates} == {"Outside office hours (09:00–18:00)"}
    weekend = services.routing.route(world.desk, "95588", beijing(2026, 10, 17, 10))
    assert {c.reason for c in weekend.candidates} == {"Weekend"}
    assert weekend.follow_up_due_at == beijing(2026, 10, 19, 11)


def test_a_company_day_off_and_an_inactive_responder(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.calendar.set_override(admin, beijing(2026, 11, 27, 0).date(), False, "公司年会")
    day_off = services.routing.route(world.desk, "0200-2025-LD-0137", beijing(2026, 11, 27, 10))
    assert not any(c.available for c in day_off.candidates)
    services.people.set_active(admin, world.zhang.id, False)
    result = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    zhang = next(c for c in result.candidates if c.person_id == world.zhang.id)
    assert (zhang.available, zhang.reason) == (False, "No longer active")


# -- what the front desk may see -------------------------------------------------------------------


def _values(value: Any) -> list[Any]:
    """Every leaf value inside a result made of frozen dataclasses and tuples."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [v for f in dataclasses.fields(value) for v in _values(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [v for item in value for v in _values(item)]
    return [value]


def test_the_front_desk_never_receives_loan_details(services: Services, world: Desk) -> None:
    result = services.routing.route(world.desk, "gsyh", WEDNESDAY)
    assert result.details_hidden
    assert len(result.contracts) == 2
    for contract in result.contracts:
        assert contract.principal is None
        assert contract.purpose_of_funds is None
        assert contract.clause_text is None
        assert contract.consequences is None
    leaves = _values(result)
    assert not [v for v in leaves if isinstance(v, Decimal)]
    assert not [v for v in leaves if isinstance(v, str) and ("采购" in v or "贷后检查" in v)]
    full = services.routing.route(world.finance, "gsyh", WEDNESDAY)
    assert not full.details_hidden
    assert {c.principal for c in full.contracts} == {Decimal("5000000.00")}
    assert {c.purpose_of_funds for c in full.contracts} == {"采购原材料"}


def test_a_trainee_may_route_but_sees_no_amounts(
    services: Services, world: Desk, admin: Actor
) -> None:
    trainee = actor_with_role(services, admin, "trainee")
    result = services.routing.route(trainee, "gsyh", WEDNESDAY)
    assert result.details_hidden and all(c.principal is None for c in result.contracts)


# -- the deadline and the cost ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "due"),
    [
        (beijing(2026, 11, 25, 10), beijing(2026, 11, 25, 12)),  # Wednesday morning
        (beijing(2026, 11, 25, 17, 30), beijing(2026, 11, 26, 10, 30)),  # overnight
        (beijing(2026, 11, 25, 7, 45), beijing(2026, 11, 25, 11)),  # before the office opens
        (beijing(2026, 11, 25, 21), beijing(2026, 11, 26, 11)),  # after it closed
        (beijing(2026, 11, 27, 17, 30), beijing(2026, 11, 30, 10, 30)),  # over a weekend
        (beijing(2026, 4, 3, 17, 30), beijing(2026, 4, 7, 10, 30)),  # Friday before Qingming
        (beijing(2026, 9, 30, 17), beijing(2026, 10, 8, 10)),  # before National Day
        (beijing(2026, 10, 9, 17, 30), beijing(2026, 10, 10, 10, 30)),  # to a make-up Saturday
        (beijing(2026, 11, 28, 11), beijing(2026, 11, 30, 11)),  # taken on a Saturday
    ],
)
def test_the_deadline_counts_working_hours(services: Services, at: datetime, due: datetime) -> None:
    org = services.org.get()
    result = due_after_working_hours(services.calendar, org, at.astimezone(UTC), 2)
    assert result == due
    assert result.tzinfo == UTC


def test_the_deadline_follows_the_organisation_settings(
    services: Services, world: Desk, admin: Actor
) -> None:
    services.org.update(admin, office_start="08:30", office_end="17:30", follow_up_working_hours=4)
    result = services.routing.route(world.desk, "95588", beijing(2026, 11, 25, 16, 30))
    assert result.follow_up_due_at == beijing(2026, 11, 26, 11, 30)


def test_routing_runs_a_fixed_number_of_statements(
    services: Services, world: Desk, admin: Actor, app_ctx: AppContext
) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        if not args[2].startswith("BEGIN"):  # SQLite's transaction start is sent visibly now
            statements.append(args[2])

    services.routing.route(world.desk, "95588", WEDNESDAY)  # warm the settings and calendar
    event.listen(app_ctx.engine, "before_cursor_execute", count)
    try:
        services.routing.route(world.desk, "95588", WEDNESDAY)
        few = len(statements)
        for _ in range(8):
            contract = make_contract(services, admin, world.icbc.id)
            services.responders.set_for_contract(admin, contract.id, [world.chen.id, world.li.id])
        statements.clear()
        services.routing.route(world.desk, "95588", WEDNESDAY)
        assert len(statements) == few
        statements.clear()
        services.routing.route(world.desk, "gsyh", WEDNESDAY)
    finally:
        event.remove(app_ctx.engine, "before_cursor_execute", count)
    # find, contracts, responders and fallback, hours and absences, the bank's time zone (a bank
    # abroad keeps its own holidays); and presence on a team server
    assert few == (6 if app_ctx.engine.dialect.name == "postgresql" else 5)
    assert not [s for s in statements if " LIKE " in s.upper()]


def test_officers_stored_before_the_upgrade_are_found_by_pinyin(
    empty_db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(empty_db_url)
    try:
        upgrade(engine, "0003_contract_listing_index")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO bank (id, name, short_name, notes, active, version) "
                    "VALUES (1, '中国工商银行', '工行', '', :yes, 1)"
                ),
                {"yes": True},
            )
            connection.execute(
                text(
                    "INSERT INTO bank_officer (bank_id, name, role, phone, mobile, email, active) "
                    "VALUES (1, '马骏', 'relationship_manager', '', '', '', :yes)"
                ),
                {"yes": True},
            )
        prepare_database(engine, tmp_path / "backups", START)
        with engine.connect() as connection:
            keys = connection.execute(text("SELECT search_key FROM bank_officer_key")).scalars()
            assert sorted(keys) == ["majun", "mj", "马骏"]
    finally:
        engine.dispose()
