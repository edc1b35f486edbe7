"""Reminders that go wrong on purpose: escalation when nobody acknowledges, catch-up after the
machine slept, two desks at once, coverage gaps for the manager, expiring certificates, and the
0007 migration up and down. Both databases."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, select

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import AuditEntry, Reminder
from desktop_app.core.reminders.service import ReminderView
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import MIGRATIONS_DIR, current_revision, upgrade
from tests.conftest import START
from tests.helpers.reminders import (
    AT_PHONE_DUE,
    WINDOW_END,
    WINDOW_START,
    Team,
    add_window,
    beijing,
    certify,
    make_team,
    rows,
    summary,
)

T = TypeVar("T")


@pytest.fixture
def team(services: Services, admin: Actor) -> Team:
    made = make_team(services, admin)
    add_window(services, made)
    services.reminders.sync(made.desk)
    return made


def kinds(views: list[ReminderView]) -> list[tuple[str, str, bool]]:
    return sorted((v.kind, v.state, v.missed) for v in views)


def escalations(services: Services) -> list[tuple[int | None, int | None]]:
    """(from person, to person) of each recorded escalation."""
    with services.store.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "escalate").order_by(AuditEntry.id)
        )
        return [
            ((e.after or {}).get("person_id"), (e.after or {}).get("escalated_to_id"))
            for e in entries
        ]


# -- escalation ------------------------------------------------------------------------------------


def test_an_unacknowledged_warning_passes_down_the_list_then_to_the_manager(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE)
    services.reminders.take_due(team.as_li)
    clock.set(AT_PHONE_DUE + timedelta(minutes=9, seconds=59))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    clock.set(AT_PHONE_DUE + timedelta(minutes=10))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 1
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0  # once only
    (original,) = [r for r in rows(services, team.li.id) if r.kind == "be_at_phone"]
    assert (original.state, original.escalated_to_id) == ("escalated", team.zhang.id)
    passed = [v for v in services.reminders.take_due(team.as_zhang) if v.kind == "escalated"]
    assert len(passed) == 1 and passed[0].urgent and not passed[0].missed
    assert "李娜" in passed[0].body and passed[0].window_starts_at == WINDOW_START
    # 李娜 still sees her warning (passed on) until someone acknowledges
    assert [v.state for v in services.reminders.open_for(team.as_li) if v.urgent] == ["escalated"]
    for minutes in (20, 30, 40):
        clock.set(AT_PHONE_DUE + timedelta(minutes=minutes))
        services.reminders.escalate_unacknowledged(team.as_manager)
    assert escalations(services) == [
        (team.li.id, team.zhang.id),
        (team.zhang.id, team.chen.id),
        (team.chen.id, team.manager.id),
        (team.manager.id, None),  # nobody left
    ]
    assert summary(services, team.manager.id) == {("escalated", 15, "pending")}
    clock.set(AT_PHONE_DUE + timedelta(minutes=50))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    assert len(escalations(services)) == 4
    # nothing left to check: 李娜's timer only waits for the half-hourly re-sync
    assert services.reminders.next_due_at(team.as_li) == clock.now() + timedelta(minutes=30)


def test_an_acknowledged_warning_does_not_escalate(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE)
    (warning,) = [v for v in services.reminders.take_due(team.as_li) if v.urgent]
    clock.set(AT_PHONE_DUE + timedelta(minutes=5))
    services.reminders.acknowledge(team.as_li, warning.id)
    clock.set(AT_PHONE_DUE + timedelta(minutes=30))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    assert escalations(services) == []
    assert all(r.kind != "escalated" for r in rows(services))


def test_acknowledging_a_passed_on_warning_closes_the_whole_chain(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE + timedelta(minutes=10))  # 李娜's desk was closed: never shown
    assert services.reminders.escalate_unacknowledged(team.desk).value == 1
    (passed,) = [v for v in services.reminders.take_due(team.as_zhang) if v.kind == "escalated"]
    services.reminders.acknowledge(team.as_zhang, passed.id)
    (original,) = [r for r in rows(services, team.li.id) if r.kind == "be_at_phone"]
    assert (original.state, original.acknowledged_by_id) == ("acknowledged", team.zhang.id)
    clock.set(AT_PHONE_DUE + timedelta(minutes=30))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    assert [v.urgent for v in services.reminders.take_due(team.as_li)] == [False]  # only prepare


def test_a_snoozed_warning_escalates_only_after_it_is_shown_again(
    services: Services, team: Team, clock: FakeClock
) -> None:
    from desktop_app.core.reminders.service import SnoozePreset

    clock.set(AT_PHONE_DUE)
    (warning,) = [v for v in services.reminders.take_due(team.as_li) if v.urgent]
    services.reminders.snooze(team.as_li, warning.id, SnoozePreset.TEN_MINUTES)
    clock.set(AT_PHONE_DUE + timedelta(minutes=15))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    assert [v.id for v in services.reminders.take_due(team.as_li)] == [warning.id]
    clock.set(AT_PHONE_DUE + timedelta(minutes=19, seconds=59))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    clock.set(AT_PHONE_DUE + timedelta(minutes=20))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 1


def test_a_snoozed_warning_escalates_from_another_desk_when_its_own_desk_is_off(
    services: Services, team: Team, clock: FakeClock
) -> None:
    from desktop_app.core.reminders.service import SnoozePreset

    clock.set(AT_PHONE_DUE)
    (warning,) = [v for v in services.reminders.take_due(team.as_li) if v.urgent]
    services.reminders.snooze(team.as_li, warning.id, SnoozePreset.TEN_MINUTES)
    # 李娜 closes her laptop: her desk never takes the warning again. Any desk's timer knows
    # when to look: the snooze end plus the escalation delay.
    snooze_end = AT_PHONE_DUE + timedelta(minutes=10)
    assert services.reminders.next_due_at(team.as_manager) == snooze_end + timedelta(minutes=10)
    clock.set(snooze_end + timedelta(minutes=9, seconds=59))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    assert escalations(services) == []
    clock.set(snooze_end + timedelta(minutes=10))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 1
    assert escalations(services) == [(team.li.id, team.zhang.id)]
    (passed,) = [v for v in services.reminders.take_due(team.as_zhang) if v.kind == "escalated"]
    assert passed.urgent and passed.window_starts_at == WINDOW_START
    (original,) = [r for r in rows(services, team.li.id) if r.kind == "be_at_phone"]
    assert (original.state, original.escalated_to_id) == ("escalated", team.zhang.id)


def test_a_warning_for_a_moved_window_expires_instead_of_escalating(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE)
    (warning,) = [v for v in services.reminders.take_due(team.as_li) if v.urgent]
    (window,) = services.windows.list(team.admin, bank_id=team.bank_id)
    draft = window.draft()
    draft.one_off_start = WINDOW_START + timedelta(hours=5)  # moved to the afternoon
    draft.one_off_end = WINDOW_END + timedelta(hours=5)
    services.windows.update(team.admin, window.id, draft, window.version)
    services.reminders.sync(team.desk)  # keeps the shown warning of the old time
    clock.set(AT_PHONE_DUE + timedelta(minutes=10))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 0
    assert escalations(services) == []  # nobody, not even the manager, is asked to cover
    assert all(r.kind != "escalated" for r in rows(services))
    (old,) = [r for r in rows(services, team.li.id) if r.id == warning.id]
    assert old.state == "expired"
    assert all(v.id != warning.id for v in services.reminders.open_for(team.as_li))
    assert all(v.id != warning.id for v in services.reminders.take_due(team.as_li))
    # the moved window's own warning still escalates in its turn
    moved = AT_PHONE_DUE + timedelta(hours=5)
    clock.set(moved)
    services.reminders.sync(team.desk)
    clock.set(moved + timedelta(minutes=10))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 1
    assert escalations(services) == [(team.li.id, team.zhang.id)]


def test_the_escalation_delay_is_an_org_setting(
    services: Services, team: Team, clock: FakeClock
) -> None:
    services.org.update(team.admin, reminder_escalation_minutes=3)
    clock.set(AT_PHONE_DUE)
    services.reminders.take_due(team.as_li)
    assert services.reminders.next_due_at(team.as_li) == AT_PHONE_DUE + timedelta(minutes=3)
    clock.set(AT_PHONE_DUE + timedelta(minutes=3))
    assert services.reminders.escalate_unacknowledged(team.desk).value == 1


# -- catch-up after sleep --------------------------------------------------------------------------


def test_after_a_sleep_due_reminders_come_once_as_missed_and_ended_windows_expire(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin)
    add_window(services, team)  # Thursday 10:15–11:45
    early = (beijing(2026, 11, 26, 9), beijing(2026, 11, 26, 9, 45))
    add_window(services, team, *early, title="开户行核对")
    services.reminders.sync(team.desk)
    before = len(rows(services))
    clock.set(beijing(2026, 11, 26, 11))  # the machine slept 25 hours; Thursday 11:00
    assert services.reminders.sync(team.desk).value == 0
    views = services.reminders.take_due(team.as_li)
    assert kinds(views) == [
        ("be_at_phone", "expired", True),  # 09:00 window: over, listed once as missed
        ("be_at_phone", "shown", True),  # 10:15 window: running, shown, marked missed
        ("prepare", "expired", True),
        ("prepare", "shown", True),
    ]
    expired = [v for v in views if v.state == "expired"]
    assert {v.window_ends_at for v in expired} == {early[1]}
    assert all(v.snooze_presets == () for v in expired)
    assert services.reminders.take_due(team.as_li) == []
    assert len(services.reminders.open_for(team.as_li)) == 2  # the expired ones are not open
    assert kinds(services.reminders.take_due(team.as_zhang)) == [
        ("prepare", "expired", True),
        ("prepare", "shown", True),
    ]
    assert services.reminders.take_due(team.as_zhang) == []
    assert services.reminders.sync(team.desk).value == 0
    assert len(rows(services)) == before
    clock.set(WINDOW_END)  # the running window ends too: its shown reminders just expire
    assert services.reminders.take_due(team.as_li) == []
    assert services.reminders.open_for(team.as_li) == []
    assert {r.state for r in rows(services, team.li.id)} == {"expired"}


# -- two desks -------------------------------------------------------------------------------------


@pytest.fixture
def second_desk(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """Another desk on the same database (the same person logged in twice, or a colleague)."""
    context = open_context(
        db=db_url, data_dir=str(tmp_path / "desk2"), clock=clock, secrets=MemoryStore()
    )
    yield context
    context.close()


def together(*calls: Callable[[], T]) -> list[T]:
    """Run the calls on threads released at the same moment; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[T | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results  # type: ignore[return-value]


def test_two_desks_of_one_person_never_both_show_a_reminder(
    services: Services, team: Team, clock: FakeClock, second_desk: AppContext
) -> None:
    other = second_desk.services
    clock.set(AT_PHONE_DUE)
    first, second = together(
        lambda: services.reminders.take_due(team.as_li),
        lambda: other.reminders.take_due(team.as_li),
    )
    ids = [v.id for v in first + second]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert other.reminders.take_due(team.as_li) == []


def test_two_desks_syncing_together_create_no_duplicates(
    services: Services, admin: Actor, clock: FakeClock, second_desk: AppContext
) -> None:
    team = make_team(services, admin)
    add_window(services, team)
    add_window(services, team, beijing(2026, 11, 25, 15), beijing(2026, 11, 25, 16))
    created = together(
        lambda: services.reminders.sync(team.desk).value,
        lambda: second_desk.services.reminders.sync(team.as_li).value,
    )
    assert sum(created) == 8
    keys = [(r.person_id, r.subject, r.kind, r.lead_minutes) for r in rows(services)]
    assert len(keys) == len(set(keys)) == 8


# -- coverage gaps and certification ---------------------------------------------------------------


def test_a_coverage_gap_reaches_the_manager_once(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin, certified=False)  # nobody on the list may be on duty
    certify(services, team.manager.id)  # but the manager could cover
    add_window(services, team)
    services.reminders.sync(team.desk)
    assert summary(services, team.manager.id) == {("coverage_gap", 0, "pending")}
    assert summary(services, team.li.id) == set()  # no one on duty: no lead reminders
    services.reminders.sync(team.as_li)
    (gap,) = services.reminders.take_due(team.as_manager)
    assert (gap.kind, gap.urgent, gap.window_starts_at) == ("coverage_gap", False, WINDOW_START)
    assert "Could cover: 王敏." in gap.body and "中国工商银行" in gap.title
    services.reminders.acknowledge(team.as_manager, gap.id)
    clock.advance(timedelta(hours=2))
    services.reminders.sync(team.desk)
    assert summary(services, team.manager.id) == {("coverage_gap", 0, "acknowledged")}


def test_a_closed_gap_takes_its_reminder_away(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin, certified=False)
    add_window(services, team)
    services.reminders.sync(team.desk)
    (gap,) = services.reminders.take_due(team.as_manager)
    assert "Nobody else is available" in gap.body
    certify(services, team.zhang.id)  # 张伟 can now be on duty
    services.reminders.sync(team.desk)
    assert summary(services, team.manager.id) == {("coverage_gap", 0, "expired")}
    assert services.reminders.open_for(team.as_manager) == []
    assert services.reminders.take_due(team.as_manager) == []  # quietly, not "missed"
    assert ("be_at_phone", 15, "pending") in summary(services, team.zhang.id)


def test_an_expiring_certificate_is_reminded_once(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin, certified=False)
    certify(services, team.li.id, START + timedelta(days=20))
    certify(services, team.zhang.id, START + timedelta(days=40))
    certify(services, team.manager.id, START + timedelta(days=5))  # not a responder
    services.reminders.sync(team.desk)
    assert summary(services, team.li.id) == {("certification", 0, "pending")}
    assert summary(services, team.zhang.id) == set()
    assert summary(services, team.manager.id) == set()
    (notice,) = services.reminders.take_due(team.as_li)
    assert notice.kind == "certification" and "expires on" in notice.title
    services.reminders.sync(team.desk)
    assert services.reminders.take_due(team.as_li) == []
    clock.advance(timedelta(days=11))  # 张伟's is now within 30 days too
    services.reminders.sync(team.desk)
    assert summary(services, team.zhang.id) == {("certification", 0, "pending")}
    certify(services, team.li.id, START + timedelta(days=400))  # 李娜 renewed
    services.reminders.sync(team.desk)
    assert summary(services, team.li.id) == {("certification", 0, "expired")}
    assert services.reminders.open_for(team.as_li) == []


# -- the migration ---------------------------------------------------------------------------------


@pytest.fixture
def empty_engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def downgrade(engine: Engine, target: str) -> None:
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.downgrade(config, target)


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_the_reminders_migration_goes_up_and_down(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0007_reminders")
    assert {"reminder", "reminder_lead_times"} <= table_names(empty_engine)
    with empty_engine.connect() as connection:
        uniques = inspect(connection).get_unique_constraints("reminder")
    assert [u["column_names"] for u in uniques] == [
        ["person_id", "subject", "kind", "lead_minutes"]
    ]
    downgrade(empty_engine, "0006_contact_windows")
    assert current_revision(empty_engine) == "0006_contact_windows"
    assert not {"reminder", "reminder_lead_times"} & table_names(empty_engine)
    upgrade(empty_engine)
    assert {"reminder", "reminder_lead_times"} <= table_names(empty_engine)
    assert Reminder.__tablename__ == "reminder"
