"""Follow-ups: created and closed by whoever may, listed by deadline, overdue by the clock, audited;
and the schema upgrade that links them to registered numbers keeps the ones already stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from desktop_app.core.common.permissions import Actor, system_actor
from desktop_app.core.models import FollowUp
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import (
    HEAD_REVISION,
    current_revision,
    prepare_database,
    upgrade,
)
from tests.conftest import START
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)

BEIJING = ZoneInfo("Asia/Shanghai")


def in_hours(clock: FakeClock, hours: float) -> datetime:
    return clock.now() + timedelta(hours=hours)


def test_front_desk_creates_and_closes_a_return_call(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "C-9")
    finance = make_person(services, admin, name="李娜")
    desk = actor_with_role(services, admin, "front_desk")
    outcome = services.follow_ups.create(
        desk,
        "return_call",
        "  回电工行：核实资金用途  ",
        in_hours(clock, 2),
        finance.id,
        contract_id=contract.id,
    )
    view = outcome.value
    assert outcome.changes.areas == frozenset({Area.FOLLOW_UPS})
    assert outcome.changes.ids == ((Area.FOLLOW_UPS, view.id),)
    assert (view.kind, view.status, view.description) == (
        "return_call",
        "open",
        "回电工行：核实资金用途",
    )
    assert (view.assignee_name, view.bank_id, view.bank_name, view.contract_number) == (
        "李娜",
        bank.id,
        bank.name,
        "C-9",
    )
    assert (view.created_at, view.due_at, view.overdue) == (clock.now(), in_hours(clock, 2), False)
    assert (view.kind_text(), view.status_text()) == ("Return call", "To do")
    clock.advance(timedelta(minutes=30))
    closed = services.follow_ups.close(desk, view.id, " 已回电 ").value
    assert (closed.status, closed.closed_at, closed.closing_note) == (
        "closed",
        clock.now(),
        "已回电",
    )
    assert closed.status_text() == "Done"
    with pytest.raises(ConflictError):
        services.follow_ups.close(desk, view.id, "again")
    entries = services.audit.recent(admin, entity="follow_up", entity_id=view.id)
    assert [(e.action, e.actor_name) for e in entries] == [
        ("close", desk.name),
        ("create", desk.name),
    ]
    assert entries[0].after == {"status": "closed", "closing_note": "已回电"}
    assert entries[1].after is not None and entries[1].after["kind"] == "return_call"


def test_who_may_do_which_kind(services: Services, admin: Actor, clock: FakeClock) -> None:
    bank = make_bank(services, admin)
    desk = actor_with_role(services, admin, "front_desk")
    trainee = actor_with_role(services, admin, "trainee")
    finance = actor_with_role(services, admin, "finance")
    due = in_hours(clock, 4)
    with pytest.raises(PermissionDenied):
        services.follow_ups.create(desk, "notify_bank", "告知新号码", due, None, bank_id=bank.id)
    with pytest.raises(PermissionDenied):
        services.follow_ups.create(trainee, "return_call", "回电", due, None)
    notify = services.follow_ups.create(
        finance, "notify_bank", "告知新号码", due, None, bank_id=bank.id
    ).value
    assert notify.assignee_id == finance.person_id
    with pytest.raises(PermissionDenied):
        services.follow_ups.close(desk, notify.id, "")
    document = services.follow_ups.create(desk, "document", "寄送财务报表", due, finance.person_id)
    assert document.value.kind_text() == "Send a document"
    assert count_rows(services, FollowUp) == 2
    assert len(services.follow_ups.list(trainee)) == 2


def test_list_filters_orders_and_flags_overdue(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    icbc = make_bank(services, admin)
    ccb = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=[])
    wang, li = (make_person(services, admin) for _ in range(2))
    late = services.follow_ups.create(
        admin, "return_call", "b", in_hours(clock, 5), wang.id, bank_id=icbc.id
    ).value
    soon = services.follow_ups.create(
        admin, "return_call", "a", in_hours(clock, 1), li.id, bank_id=ccb.id
    ).value
    done = services.follow_ups.create(admin, "document", "c", in_hours(clock, 3), wang.id).value
    services.follow_ups.close(admin, done.id, "")
    assert [f.id for f in services.follow_ups.list(admin)] == [soon.id, late.id]
    assert [f.id for f in services.follow_ups.list(admin, status=None)] == [
        soon.id,
        done.id,
        late.id,
    ]
    assert [f.id for f in services.follow_ups.list(admin, status="closed")] == [done.id]
    assert [f.id for f in services.follow_ups.list(admin, assignee_id=wang.id)] == [late.id]
    assert [f.id for f in services.follow_ups.list(admin, bank_id=ccb.id)] == [soon.id]
    assert [f.overdue for f in services.follow_ups.list(admin)] == [False, False]
    clock.advance(timedelta(hours=1))
    assert [f.overdue for f in services.follow_ups.list(admin)] == [False, False]
    clock.advance(timedelta(seconds=1))
    assert [f.overdue for f in services.follow_ups.list(admin)] == [True, False]
    clock.advance(timedelta(hours=10))
    assert [f.overdue for f in services.follow_ups.list(admin, status=None)] == [True, False, True]
    assert services.follow_ups.get(admin, late.id).overdue is True


def test_invalid_follow_ups_are_refused(services: Services, admin: Actor, clock: FakeClock) -> None:
    icbc = make_bank(services, admin)
    ccb = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=[])
    contract = make_contract(services, admin, ccb.id)
    gone = make_person(services, admin, name="孙强")
    services.people.set_active(admin, gone.id, False)
    due = in_hours(clock, 2)
    cases = [
        (("visit", "x", due, None), {}, "kind"),
        (("return_call", "x", due.replace(tzinfo=None), None), {}, "due_at"),
        (("return_call", "   ", due, None), {}, "description"),
        (("return_call", "x", due, gone.id), {}, "assignee_id"),
        (("return_call", "x", due, 999), {}, "assignee_id"),
        (
            ("return_call", "x", due, None),
            {"bank_id": icbc.id, "contract_id": contract.id},
            "contract_id",
        ),
        (("notify_bank", "x", due, None), {}, "bank_id"),
        (("return_call", "x", due, None), {"call_id": 999}, "call_id"),
    ]
    for args, extra, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.follow_ups.create(admin, *args, **extra)  # type: ignore[arg-type]
        assert caught.value.field == field, args
    assert count_rows(services, FollowUp) == 0
    with pytest.raises(NotFound):
        services.follow_ups.close(admin, 12345, "")


def test_the_system_actor_must_name_an_assignee(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.follow_ups.create(system_actor(), "return_call", "x", in_hours(clock, 1), None)
    assert caught.value.text() == "Choose who will do this."
    made = services.follow_ups.create(
        system_actor(), "return_call", "x", in_hours(clock, 1), admin.person_id
    )
    assert made.value.assignee_name == "Admin"


@pytest.fixture
def old_engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def test_upgrading_keeps_the_follow_ups_stored_before(old_engine: Engine, tmp_path: Path) -> None:
    upgrade(old_engine, "0001_initial")
    due = datetime(2026, 11, 26, 10, tzinfo=UTC)
    with old_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO follow_up (kind, description, due_at, status, escalation_level, "
                "created_at) VALUES ('return_call', '回电', :due, 'open', 0, :now)"
            ),
            {
                "due": due.replace(tzinfo=None) if old_engine.dialect.name == "sqlite" else due,
                "now": START.replace(tzinfo=None) if old_engine.dialect.name == "sqlite" else START,
            },
        )
    prepare_database(old_engine, tmp_path / "backups", START)
    assert current_revision(old_engine) == HEAD_REVISION
    with old_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT description, number_id, closing_note FROM follow_up")
        ).all()
    assert [tuple(row) for row in rows] == [("回电", None, "")]
