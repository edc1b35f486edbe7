"""Rings on a team server under the front desk's own database login (its group's privileges):
a ring is recorded, logging completes it, the sweep turns a stale one into a missed call with a
return call, an unknown number's ring is tied to a bank, an unverified caller is logged and
called back on an official number, and a refused listener request is audited."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.calls import CallDraft
from tests.conftest import START
from tests.core.team.test_team_server import front_desk, team  # noqa: F401  (fixtures)

ICBC_OFFICER = "010-6552 1234"  # a number ICBC calls from, in the demo


def test_rings_work_under_the_front_desk_login(front_desk: AppContext) -> None:  # noqa: F811
    services = front_desk.services
    actor = services.identity.actor_named("刘洋")

    ring = services.rings.ring(actor, ICBC_OFFICER, "总机", at=START).value
    assert ring.bank_name == "中国工商银行"
    logged = services.calls.log(
        actor, CallDraft("message", caller_name="黄蕾", bank_id=ring.bank_id, ring_id=ring.call_id)
    ).value
    assert (logged.id, logged.outcome) == (ring.call_id, "message")

    unknown = services.rings.ring(actor, "13800009999", "总机", at=START).value
    [swept] = services.rings.sweep(actor, START + timedelta(minutes=10)).value
    assert swept.call_id == unknown.call_id
    assert ring.bank_id is not None
    tied = services.rings.tie(actor, unknown.call_id, ring.bank_id).value
    assert tied.bank_name == "中国工商银行"

    services.rings.ring(actor, "13800008888", "总机", at=START)
    unverified = services.calls.log(
        actor,
        CallDraft(
            "unverified",
            caller_name="自称工行",
            caller_number="13800008888",
            bank_id=ring.bank_id,
        ),
    ).value
    assert unverified.follow_up_id is not None
    returned = services.caller_check.return_verified(
        actor, unverified.follow_up_id, ICBC_OFFICER
    ).value
    assert not returned.follow_up_open

    services.rings.record_refused(actor, "127.0.0.1:50000", 403)
