"""The reminder benchmark's database: the demo company plus a team of 40 and 200 recurring windows.

Everything goes in through the services, as a person would type it (the windows are validated and
audited like the editor's), except the training certificates, which are written as rows (as the
demo does). The same seed gives the same data, relative to the clock the context was opened with:

* 40 more people (34 finance, 4 trainees, 2 admins) with office hours — weekdays 09:00–18:00,
  mornings only, or long days with Saturday mornings — and 36 certificates, 4 of them expiring
  within 30 days (certification reminders); 8 absences in the coming 90 days; a third of the
  team with three lead times of their own (two days, one day, 30 minutes).
* 20 banks × 10 contracts with 1–3 responders each (drawn from the 40), and a bank-wide list for
  every bank but each fifth (whose bank-wide windows are gaps).
* 200 recurring windows, a mix of every preset: monthly and quarterly on a day, the first working
  days of a month and of a quarter, working days within months after the drawdown, every working
  day, and custom weekly rules; four in five on a contract, one in five bank-wide.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.demo.company import load_demo
from desktop_app.core.models import Certificate
from desktop_app.core.register.banks import BankDraft
from desktop_app.core.register.contracts import ContractDraft
from desktop_app.core.register.people import PersonDraft
from desktop_app.core.reminders.types import LeadTime
from desktop_app.core.windows.service import WindowDraft, WindowPreset

SIZES = {"people": 40, "banks": 20, "contracts_per_bank": 10, "windows": 200}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
HOURS = {
    "weekdays": [(day, "09:00", "18:00") for day in range(5)],
    "mornings": [(day, "08:30", "12:30") for day in range(5)],
    "long": [(day, "08:00", "19:00") for day in range(5)] + [(5, "09:00", "12:00")],
}
CUSTOM_RULES = (
    "FREQ=WEEKLY;BYDAY=TU,TH",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "FREQ=WEEKLY;BYDAY=FR",
)
OWN_LEADS = [
    LeadTime(2 * 24 * 60, "prepare"),
    LeadTime(24 * 60, "prepare"),
    LeadTime(30, "be_at_phone"),
]


@dataclass(frozen=True)
class Team:
    """Who the benchmark acts as: the demo's administrator and the busiest responder."""

    admin: Actor
    responder: Actor
    windows: int
    people: int


def _people(ctx: AppContext, admin: Actor, rng: random.Random) -> list[int]:
    services = ctx.services
    now = ctx.clock.now()
    ids = []
    for n in range(SIZES["people"]):
        role = "admin" if n >= 38 else "trainee" if n >= 34 else "finance"
        name = f"{SURNAMES[n % 20]}{GIVEN[(n * 7) % len(GIVEN)]}{GIVEN[(n * 3 + 1) % len(GIVEN)]}"
        hours = HOURS[("weekdays", "weekdays", "mornings", "long")[n % 4]]
        draft = PersonDraft(name=name, role=role, office_hours=list(hours))
        ids.append(services.people.create(admin, draft).value.id)
    with ctx.services.store.write() as session:
        for n, person_id in enumerate(ids[:36]):
            expires = now + (timedelta(days=5 + n // 2) if n % 9 == 0 else timedelta(days=300))
            session.add(
                Certificate(
                    person_id=person_id,
                    path_code="finance_responder",
                    issued_at=now - timedelta(days=60),
                    expires_at=expires,
                )
            )
    for person_id in rng.sample(ids, 8):
        begins = now + timedelta(days=rng.randrange(0, 80), hours=rng.choice((-10, -2, 0)))
        length = timedelta(days=rng.choice((1, 2, 5)), hours=rng.choice((0, 4)))
        kind = rng.choice(("leave", "business_trip", "other"))
        services.people.add_absence(admin, person_id, kind, begins, begins + length)
    for person_id in ids[::3]:
        services.reminders.set_lead_times(admin, person_id, OWN_LEADS)
    return ids


def _window(
    n: int, bank_id: int, contract_id: int | None, rng: random.Random, today: date
) -> WindowDraft:
    """The n-th window: every preset in turn, on a contract or bank-wide."""
    starts = rng.choice(("09:00", "09:30", "10:00", "14:00", "15:30", "18:30"))
    ends = (
        (time.fromisoformat(starts).hour + rng.choice((1, 2))) % 24,
        time.fromisoformat(starts).minute,
    )
    values: dict[str, Any] = {
        "bank_id": bank_id,
        "contract_id": contract_id,
        "title": f"回访 {n:03d}",
        "starts": starts,
        "ends": f"{ends[0]:02d}:{ends[1]:02d}",
        "valid_from": today - timedelta(days=rng.randrange(30, 900)) if n % 3 else None,
    }
    preset = tuple(WindowPreset)[n % 7]
    if preset in (WindowPreset.MONTHLY_ON_DAY, WindowPreset.QUARTERLY_ON_DAY):
        values["day_of_month"] = rng.choice((1, 5, 10, 15, 20, 25, 28, 30, 31))
    elif preset in (WindowPreset.FIRST_WORKING_DAYS_MONTH, WindowPreset.FIRST_WORKING_DAYS_QUARTER):
        values["first_working_days"] = rng.choice((3, 5, 10))
    elif preset == WindowPreset.AFTER_DRAWDOWN:
        if contract_id is None:  # bank-wide: no drawdown to count from
            preset = WindowPreset.WORKING_DAYS
        else:
            values["after_drawdown_months"] = rng.choice((3, 6, 12))
    elif preset == WindowPreset.CUSTOM:
        values["rrule"] = CUSTOM_RULES[n % len(CUSTOM_RULES)]
    return WindowDraft(preset=preset, **values)


def fill(ctx: AppContext) -> Team:
    """The demo, then the team and the windows; returns who acts."""
    services = ctx.services
    rng = random.Random(20261125)
    admin = load_demo(services, ctx.os_account)
    people = _people(ctx, admin, rng)
    today = ctx.clock.now().date()
    windows = 0
    named: Counter[int] = Counter()
    for b in range(SIZES["banks"]):
        bank = services.banks.create(admin, BankDraft(name=f"示例商业银行第{b + 1}分行")).value
        if b % 5:
            services.responders.set_for_bank(admin, bank.id, rng.sample(people, 2))
        for c in range(SIZES["contracts_per_bank"]):
            drawdown = today - timedelta(days=rng.randrange(10, 400))
            contract = services.contracts.create(
                admin,
                ContractDraft(
                    bank_id=bank.id,
                    contract_number=f"B{b:02d}-2025-LD-{c:04d}",
                    loan_type="working_capital",
                    principal=Decimal("5000000.00"),
                    start_date=drawdown,
                    maturity_date=drawdown + timedelta(days=730),
                    drawdown_date=drawdown,
                    clause_topics=["use_of_funds"],
                ),
            ).value
            responders = [people[(b * 7 + c * 3 + k) % len(people)] for k in range(1 + c % 3)]
            services.responders.set_for_contract(admin, contract.id, responders)
            named.update(responders)
            bank_wide = c % 4 == 3
            draft = _window(windows, bank.id, None if bank_wide else contract.id, rng, today)
            services.windows.create(admin, draft)
            windows += 1
    busiest = named.most_common(1)[0][0]
    return Team(admin, services.identity.actor_for(busiest), windows, len(people) + 1)
