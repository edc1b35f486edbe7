"""The world of the desktop reminder tests: the demo company (the UI fixtures' embedded database),
a one-off window of 招商银行 on the contract where 周杰 answers first, and moments on the fixtures'
day in Beijing time. The ``responder`` fixture (tests/ui/conftest.py) is 周杰 with a window at
14:00–15:00 today."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.windows.service import WindowDraft

ZONE = ZoneInfo("Asia/Shanghai")


def local(clock: FakeClock, hour: int, minute: int = 0) -> datetime:
    """A moment on the fixtures' day, Beijing time."""
    return clock.now().astimezone(ZONE).replace(hour=hour, minute=minute, second=0, microsecond=0)


def add_window(app_ctx: AppContext, admin: Actor, start: datetime, minutes: int = 60) -> None:
    """A one-off window on the contract where 周杰 answers first."""
    services = app_ctx.services
    contract = next(
        o.contract_id
        for o in services.windows.occurrences(
            admin, start, start + timedelta(days=30), bank_id=None
        )
        if o.on_duty is not None and o.on_duty.name == "周杰"
    )
    bank = services.banks.list(admin, "招商")[0]
    services.windows.create(
        admin,
        WindowDraft(
            bank_id=bank.id,
            contract_id=contract,
            kind="one_off",
            title="招行临时回访",
            one_off_start=start,
            one_off_end=start + timedelta(minutes=minutes),
        ),
    )


def on_duty_at_two(app_ctx: AppContext, admin: Actor, clock: FakeClock) -> Actor:
    """周杰, on duty for a window from 14:00 to 15:00 today."""
    add_window(app_ctx, admin, local(clock, 14))
    return app_ctx.services.identity.actor_named("周杰")
