"""Every number the company holds for a bank leads to it: officers' phones and mobiles however
they were entered (bank form or import), caller IDs with digits after the number, a trunk 0 before
a service number, and contract numbers typed without separators. Real routing, both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import BankPhone
from desktop_app.core.register.banks import BankDraft, OfficerDraft, PhoneDraft
from desktop_app.core.services import Services
from tests.core.front_desk.test_routing import WEDNESDAY, Desk, world  # noqa: F401
from tests.helpers.factories import make_bank


def test_an_officer_calling_from_their_own_mobile_is_recognised_by_name(
    services: Services,
    world: Desk,  # noqa: F811
) -> None:
    # 马骏's mobile is on the bank form only, not among the numbers the bank calls from.
    assert "+8613911112222" not in [key for key, _display, _label in world.icbc.phones]
    for typed in ("13911112222", "139-1111-2222", "+86 139 1111 2222", "13911112222-3"):
        result = services.routing.route(world.desk, typed, WEDNESDAY)
        assert result.number_known, typed
        bank = result.bank
        assert bank is not None and bank.bank_id == world.icbc.id, typed
        assert (bank.officer_name, bank.officer_role) == ("马骏", "relationship_manager"), typed
    assert services.routing.search(world.desk, "1391111222")[0].officer_name == "马骏"


def test_officer_numbers_follow_the_bank_form_and_are_not_listed(
    services: Services, admin: Actor, app_ctx: AppContext
) -> None:
    bank = make_bank(
        services,
        admin,
        "招商银行",
        officers=[OfficerDraft("周涛", "post_loan_officer", "0755-8319 5555-806", "13600001111")],
        phones=[PhoneDraft("95555", "客服")],
    )
    assert [display for _key, display, _label in bank.phones] == ["95555"]
    desk = services.routing.route(admin, "0755-83195555", WEDNESDAY)
    assert desk.bank is not None and desk.bank.officer_name == "周涛"
    with app_ctx.engine.connect() as connection:
        rows = connection.execute(
            select(BankPhone.number_key, BankPhone.extension, BankPhone.source)
            .where(BankPhone.bank_id == bank.id)
            .order_by(BankPhone.id)
        ).all()
    assert sorted(tuple(row) for row in rows) == [
        ("+8613600001111", "", "officer"),
        ("+8675583195555", "806", "officer"),
        ("svc:95555", "", "listed"),
    ]
    # The officer's mobile changes: the old one no longer routes, the new one does.
    draft = BankDraft(
        "招商银行",
        officers=[OfficerDraft("周涛", "post_loan_officer", mobile="13600002222")],
        phones=[PhoneDraft("95555", "客服")],
    )
    services.banks.update(admin, bank.id, draft, bank.version)
    assert services.routing.route(admin, "13600001111", WEDNESDAY).banks == ()
    moved = services.routing.route(admin, "13600002222", WEDNESDAY).bank
    assert moved is not None and moved.officer_name == "周涛"
    # Listing the officer's mobile as a calling number keeps one row, now listed.
    services.banks.add_phone(admin, bank.id, "136 0000 2222", "周涛手机")
    view = services.banks.get(admin, bank.id)
    assert [label for _key, _display, label in view.phones] == ["客服", "周涛手机"]
    listed = services.routing.route(admin, "13600002222", WEDNESDAY).bank
    assert listed is not None and (listed.officer_name, listed.number_label) == ("周涛", "周涛手机")


@pytest.mark.parametrize(
    "typed",
    [
        "95588-1234",
        "95588,1,2",
        "95588p3",
        "95588w3",
        "95588#1",
        "95588转0",
        "95588 ext 12",
        "95588x12",
        "095588",
        "0-95588-1",
    ],
)
def test_a_service_number_with_digits_after_it_routes_to_the_bank(
    services: Services,
    world: Desk,  # noqa: F811
    typed: str,
) -> None:
    result = services.routing.route(world.desk, typed, WEDNESDAY)
    assert result.query.number_key == "svc:95588"
    assert result.bank is not None and result.bank.bank_id == world.icbc.id
    assert result.bank.number_label == "客服热线"


@pytest.mark.parametrize("typed", ["010-65521234-808", "65521234-808", "01065521234,808"])
def test_a_landline_with_its_extension_routes_to_the_bank(
    services: Services,
    world: Desk,  # noqa: F811
    typed: str,
) -> None:
    result = services.routing.route(world.desk, typed, WEDNESDAY)
    assert result.bank is not None and result.bank.number_label == "朝阳支行"


@pytest.mark.parametrize(
    "typed",
    [
        "0200-2025-LD-0137",
        "02002025LD0137",
        "02002025ld0137",
        "0200 2025 ld 0137",
        "０２００－２０２５－ＬＤ－０１３７",
        "0200/2025/ld/0137",
    ],
)
def test_a_contract_number_matches_without_separators_in_any_case_or_width(
    services: Services,
    world: Desk,  # noqa: F811
    typed: str,
) -> None:
    result = services.routing.route(world.desk, typed, WEDNESDAY)
    assert [(c.id, c.matched) for c in result.contracts] == [(world.working.id, True)], typed
    found = services.contracts.list(world.desk, typed)
    assert [c.id for c in found] == [world.working.id], typed
