"""An honest transfer list: no transfer before the caller is identified, ranks per contract when
the bank's contracts have different responders, no fallback the desk cannot reach, and the same
on the command line. Real routing on both databases."""

from __future__ import annotations

from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.desk_script import rank_text, ranks_differ
from desktop_app.core.front_desk.routing import RouteResult
from desktop_app.core.services import Services
from tests.core.front_desk.test_routing import WEDNESDAY, Desk, world  # noqa: F401
from tests.helpers.factories import make_person


def ranks(result: RouteResult) -> dict[str, str]:
    differ = ranks_differ(result.candidates, result.contracts)
    return {c.name: rank_text(c, result.contracts, differ) for c in result.candidates}


def test_an_unknown_number_gets_no_transfer_advice(
    services: Services,
    world: Desk,  # noqa: F811
) -> None:
    result = services.routing.route(world.desk, "010-8888 9999", WEDNESDAY)
    assert result.bank is None
    assert not any(line.startswith("Transfer to") for line in result.script)
    assert result.script[-1].startswith("Do not transfer yet: ask who is calling, then take a")
    for typed in ("中国", "", "010-88"):  # several banks, nothing typed, digits being typed
        unidentified = services.routing.route(world.desk, typed, WEDNESDAY)
        assert unidentified.bank is None, typed
        assert not any("Transfer to" in line for line in unidentified.script), typed
    known = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    assert "Transfer to 李娜, extension 8002." in known.script


def test_ranks_name_the_contract_when_the_contracts_have_different_responders(
    services: Services,
    world: Desk,  # noqa: F811
) -> None:
    by_bank = services.routing.route(world.desk, "gsyh", WEDNESDAY)
    assert [c.contract_number for c in by_bank.contracts] == [
        "0200-2024-GD-0052",
        "0200-2025-LD-0137",
    ]
    assert ranks_differ(by_bank.candidates, by_bank.contracts)
    found = ranks(by_bank)
    assert found["李娜"] == "Backup 1 for 0200-2024-GD-0052; Primary for 0200-2025-LD-0137"
    assert found["张伟"] == "Primary for 0200-2024-GD-0052; Backup 1 for 0200-2025-LD-0137"
    assert found["陈静"] == "Backup 2 for 0200-2025-LD-0137"
    assert found["王敏"] == "Finance"
    one = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    assert not ranks_differ(one.candidates, one.contracts)
    assert [ranks(one)[name] for name in ("李娜", "张伟", "陈静")] == [
        "Primary",
        "Backup 1",
        "Backup 2",
    ]
    set_language("zh_CN")
    try:
        found = ranks(services.routing.route(world.desk, "gsyh", WEDNESDAY))
    finally:
        set_language("en")
    assert found["李娜"] == "0200-2024-GD-0052：备 1；0200-2025-LD-0137：主"


def test_the_same_lists_on_every_contract_need_no_contract_names(
    services: Services,
    world: Desk,  # noqa: F811
    admin: Actor,
) -> None:
    services.responders.set_for_contract(admin, world.fixed.id, [world.li.id, world.zhang.id])
    services.responders.set_for_contract(admin, world.working.id, [world.li.id, world.zhang.id])
    result = services.routing.route(world.desk, "gsyh", WEDNESDAY)
    assert not ranks_differ(result.candidates, result.contracts)
    assert ranks(result)["李娜"] == "Primary" and ranks(result)["张伟"] == "Backup 1"


def test_nobody_without_an_extension_or_a_mobile_is_a_fallback(
    services: Services,
    world: Desk,  # noqa: F811
    admin: Actor,
) -> None:
    unreachable = make_person(services, admin, name="赵磊", job_title="Finance manager")
    reachable = make_person(services, admin, name="孙丽", mobile="13700001111")
    result = services.routing.route(world.desk, "0200-2025-LD-0137", WEDNESDAY)
    fallback = [c.name for c in result.candidates if c.rank is None]
    assert "赵磊" not in fallback and unreachable.name == "赵磊"
    assert reachable.name in fallback and "王敏" in fallback
    assert all(c.extension or c.mobile for c in result.candidates if c.source == "fallback")
