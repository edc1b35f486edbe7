"""A year of the demo company's calls, so that the Reports page shows real figures at once.

About two calls a week per contract over the twelve months before now, on working days within
office hours: most transferred to a responder, some answered through the callback record, some
messages and "no one available" — each of those with its return-call follow-up, made within the
deadline most of the time, late sometimes, still open for the last days. The same company gets
the same history every time (a fixed seed). Rows go in in one transaction with one audit entry.
"""

from __future__ import annotations

import random
import zoneinfo
from datetime import datetime, time, timedelta

from desktop_app.core.common import audit
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.follow_ups import due_after_working_hours
from desktop_app.core.models import CallRecord, FollowUp
from desktop_app.core.services import Services

# Contract index → (bank name, responders first to last, the officer who calls, their number).
CALLERS = (
    ("中国工商银行", ("王敏", "李娜"), "黄蕾", "010 6552 1288"),
    ("中国工商银行", ("周杰", "王敏"), "黄蕾", "010 6552 1288"),
    ("中国建设银行", ("李娜", "王敏"), "郑爽", "010 8256 1066"),
    ("中国建设银行", ("李娜", "王敏"), "郑爽", "010 8256 1066"),
    ("招商银行", ("周杰", "陈静"), "95555", "95555"),
    ("北京银行", ("张伟", "李娜"), "冯涛", "010 6223 8888"),
)
# How each contract's calls tend to go: weights of transferred, answered, message, no one.
HABITS = (
    (70, 12, 12, 6),
    (62, 10, 18, 10),
    (75, 10, 10, 5),
    (60, 8, 20, 12),
    (66, 14, 14, 6),
    (45, 5, 28, 22),
)
OUTCOMES = ("transferred", "answered", "message", "no_one")
DESK = ("刘洋", "赵丽")
SEED = 20261207


def load_call_history(
    services: Services,
    admin: Actor,
    banks: dict[str, int],
    people: dict[str, int],
    contract_ids: list[int],
    now: datetime,
) -> int:
    """Add a year of calls and return calls before ``now``; returns how many calls."""
    rng = random.Random(SEED)
    org = services.org.get()
    zone = zoneinfo.ZoneInfo(org.timezone)
    calendar = services.calendar
    today = now.astimezone(zone).date()
    day = today - timedelta(days=365)
    added = 0
    with services.store.write() as session:
        while day < today:
            if calendar.is_workday(day):
                for index, (bank, responders, caller, number) in enumerate(CALLERS):
                    if rng.random() > 0.4:  # about two calls a week per contract
                        continue
                    moment = datetime.combine(day, time(9), zone) + timedelta(
                        minutes=rng.randrange(0, 8 * 60)
                    )
                    outcome = rng.choices(OUTCOMES, HABITS[index])[0]
                    taken = (
                        people[responders[0]] if outcome in ("transferred", "answered") else None
                    )
                    call = CallRecord(
                        direction="inbound",
                        occurred_at=moment,
                        bank_id=banks[bank],
                        contract_id=contract_ids[index],
                        caller_name=caller,
                        caller_number=number,
                        caller_number_key="",
                        taken_by_id=taken,
                        logged_by_id=people[rng.choice(DESK)],
                        outcome=outcome,
                        topics=[rng.choice(("use_of_funds", "business_condition"))],
                    )
                    session.add(call)
                    added += 1
                    if outcome in ("message", "no_one"):
                        session.flush()
                        _return_call(session, services, call, people[responders[0]], rng, now)
            day += timedelta(days=1)
        audit.record(
            session, services.store, admin, "demo", "call_record", None, after={"calls": added}
        )
    return added


def _return_call(
    session: object,
    services: Services,
    call: CallRecord,
    assignee: int,
    rng: random.Random,
    now: datetime,
) -> None:
    """The return-call follow-up of a message, made on time, late, or not yet."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    org = services.org.get()
    due = due_after_working_hours(
        services.calendar, org, call.occurred_at, org.follow_up_working_hours
    )
    delay = timedelta(minutes=rng.choice((25, 40, 70, 95, 110, 150, 200, 320, 1500)))
    returned = due_after_working_hours(
        services.calendar, org, call.occurred_at, delay.total_seconds() / 3600
    )
    follow_up = FollowUp(
        kind="return_call",
        call_id=call.id,
        contract_id=call.contract_id,
        bank_id=call.bank_id,
        assignee_id=assignee,
        description="回电" + call.caller_name,
        due_at=due,
        status="open",
        created_at=call.occurred_at,
    )
    session.add(follow_up)
    if returned < now:
        back = CallRecord(
            direction="return",
            occurred_at=returned,
            bank_id=call.bank_id,
            contract_id=call.contract_id,
            caller_name=call.caller_name,
            caller_number=call.caller_number,
            caller_number_key="",
            taken_by_id=assignee,
            logged_by_id=assignee,
            outcome="answered",
            topics=list(call.topics),
        )
        session.add(back)
        session.flush()
        follow_up.status = "closed"
        follow_up.closed_at = returned
        follow_up.closing_call_id = back.id
