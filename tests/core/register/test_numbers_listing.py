"""The Registered numbers list read as plain rows gives what one number's view gives, row for
row: every filter of the screen, every stale reason, the open follow-up, and the stale count."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.numbers import NumberDraft, NumberView
from desktop_app.core.services import Services
from tests.helpers.factories import make_bank, make_contract, make_person

BEIJING = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)


def _seed(services: Services, admin: Actor, clock: FakeClock) -> list[int]:
    """Two banks with contracts, and numbers stale for each reason, fresh, deactivated."""
    icbc = make_bank(services, admin)
    bob = make_bank(services, admin, "北京银行", short_name="北京银行", aliases=[])
    contracts = [make_contract(services, admin, bank.id) for bank in (icbc, icbc, bob)]
    fresh, gone, away, short = (
        make_person(services, admin, name=name) for name in ("王芳", "孙强", "李娜", "张伟")
    )
    start = datetime(2026, 11, 1, 9, tzinfo=BEIJING)
    services.people.add_absence(admin, away.id, "leave", start, start + timedelta(days=45))
    services.people.add_absence(admin, short.id, "leave", start, start + timedelta(days=29))
    cases = [  # bank, contract, person, last confirmed
        (icbc.id, None, fresh.id, TODAY),
        (icbc.id, contracts[0].id, gone.id, TODAY),
        (icbc.id, contracts[0].id, away.id, date(2025, 3, 31)),
        (icbc.id, contracts[1].id, short.id, None),
        (icbc.id, contracts[1].id, None, date(2026, 5, 24)),
        (icbc.id, None, None, date(2026, 5, 26)),
        (bob.id, contracts[2].id, fresh.id, date(2024, 2, 29)),
        (bob.id, None, away.id, TODAY),
    ]
    ids = []
    for serial, (bank_id, contract_id, person_id, confirmed) in enumerate(cases):
        draft = NumberDraft(
            bank_id=bank_id,
            number=f"010 6552 {serial:04d}",
            label="预留号码",
            person_id=person_id,
            contract_id=contract_id,
            last_confirmed_on=confirmed,
        )
        ids.append(services.numbers.create(admin, draft).value.id)
    services.numbers.deactivate(admin, ids[1])
    services.numbers.request_confirmation(admin, bob.id)
    services.people.set_active(admin, gone.id, False)
    clock.set(datetime(2026, 11, 26, 10, tzinfo=BEIJING))
    return ids


def _one_by_one(services: Services, admin: Actor, ids: list[int]) -> list[NumberView]:
    """Each number's view as ``get`` builds it from the ORM, in the list's order."""
    views = [services.numbers.get(admin, number_id) for number_id in ids]
    return sorted(views, key=lambda v: (v.bank_name, v.contract_number, v.number, v.id))


def test_every_filter_lists_what_each_number_s_own_view_says(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    ids = _seed(services, admin, clock)
    everyone = _one_by_one(services, admin, ids)
    codes = {v.id: [r.code for r in v.stale_reasons] for v in everyone}
    assert [codes[i] for i in ids] == [
        [],
        [],
        ["person_absent_long", "not_confirmed"],
        ["not_confirmed"],
        ["no_person", "not_confirmed"],
        ["no_person"],
        ["not_confirmed"],
        ["person_absent_long"],
    ]
    assert everyone[0].notify_follow_up_id is None
    assert {v.id for v in everyone if v.notify_follow_up_id} == {ids[6], ids[7]}
    bank_ids = sorted({v.bank_id for v in everyone})
    for bank_id in (None, *bank_ids):
        for stale_only in (False, True):
            for include_inactive in (False, True):
                expected = [
                    v
                    for v in everyone
                    if (bank_id is None or v.bank_id == bank_id)
                    and (include_inactive or v.active)
                    and (v.stale or not stale_only)
                ]
                listed = services.numbers.list(
                    admin,
                    bank_id=bank_id,
                    stale_only=stale_only,
                    include_inactive=include_inactive,
                )
                assert listed == expected, (bank_id, stale_only, include_inactive)
    assert services.numbers.stale_count(admin) == sum(1 for v in everyone if v.stale) == 6


def test_a_person_gone_inactive_and_a_number_deactivated_count_as_the_list_says(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    ids = _seed(services, admin, clock)
    gone = services.numbers.get(admin, ids[1])
    assert (gone.active, gone.person_active, gone.stale_reasons) == (False, False, ())
    services.numbers.confirm(admin, ids[6])
    assert services.numbers.stale_count(admin) == 5
    assert services.numbers.list(admin, stale_only=True) == [
        v for v in _one_by_one(services, admin, ids) if v.stale
    ]


def test_the_screen_s_windows_hold_the_list_with_banks_in_sort_key_order(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    ids = _seed(services, admin, clock)
    by_bank: dict[int, list[NumberView]] = {}
    for view in services.numbers.list(admin, include_inactive=True):
        by_bank.setdefault(view.bank_id, []).append(view)
    bob = next(b.id for b in services.banks.list(admin) if b.name == "北京银行")
    icbc = next(b.id for b in services.banks.list(admin) if b.name == "中国工商银行")
    assert len(ids) == sum(len(views) for views in by_bank.values())
    for bank_id, order in ((None, [bob, icbc]), (icbc, [icbc]), (bob, [bob])):
        for stale_only in (False, True):
            expected = [
                v for b in order for v in by_bank[b] if v.active and (v.stale or not stale_only)
            ]
            pages = [
                services.numbers.window(admin, bank_id, stale_only, False, offset, 3)
                for offset in range(0, 9, 3)
            ]
            assert [v for page in pages for v in page] == expected, (bank_id, stale_only)
            assert all(len(page) <= 3 for page in pages)
    shown = services.numbers.window(admin, None, False, True, 0, 200)
    assert [v.id for v in shown] == [v.id for b in (bob, icbc) for v in by_bank[b]]
