"""Reminders before contact windows: sync per lead time and person, the desk's timer, take_due,
acknowledge, the tray's next windows, and lead times with their permissions. Both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Reminder
from desktop_app.core.reminders.service import (
    DEFAULT_LEAD_TIMES,
    LeadTime,
    SnoozePreset,
)
from desktop_app.core.services import Services
from tests.conftest import START
from tests.helpers.factories import count_rows, make_contract
from tests.helpers.reminders import (
    AT_PHONE_DUE,
    PREPARE_DUE,
    WINDOW_END,
    WINDOW_START,
    Team,
    add_window,
    audit_actions,
    beijing,
    make_team,
    only,
    rows,
    summary,
    take,
)


@pytest.fixture
def team(services: Services, admin: Actor) -> Team:
    made = make_team(services, admin)
    add_window(services, made)
    return made


# -- sync ------------------------------------------------------------------------------------------


def test_sync_creates_each_lead_for_the_on_duty_responder_and_prepare_for_backups(
    services: Services, team: Team
) -> None:
    outcome = services.reminders.sync(team.desk)
    assert outcome.value == 4
    assert summary(services, team.li.id) == {
        ("prepare", 1440, "pending"),
        ("be_at_phone", 15, "pending"),
    }
    assert summary(services, team.zhang.id) == {("prepare", 1440, "pending")}
    assert summary(services, team.chen.id) == {("prepare", 1440, "pending")}
    assert summary(services, team.manager.id) == set()
    li = {r.kind: r for r in rows(services, team.li.id)}
    assert li["prepare"].due_at == PREPARE_DUE
    assert li["be_at_phone"].due_at == AT_PHONE_DUE
    assert li["be_at_phone"].urgent and not li["prepare"].urgent
    assert li["prepare"].window_starts_at == WINDOW_START
    assert li["prepare"].window_ends_at == WINDOW_END
    assert li["prepare"].contract_id == team.contract.id
    assert li["prepare"].bank_name == "中国工商银行"
    assert ("sync", team.desk.person_id) in audit_actions(services, "reminder")


def test_sync_is_idempotent(services: Services, team: Team, clock: FakeClock) -> None:
    services.reminders.sync(team.desk)
    before = [(r.id, r.person_id, r.kind, r.lead_minutes) for r in rows(services)]
    audits = len(audit_actions(services, "reminder"))
    again = services.reminders.sync(team.as_li)
    assert again.value == 0 and not again.changes.areas
    clock.advance(timedelta(minutes=3))
    assert services.reminders.sync(team.as_zhang).value == 0
    assert [(r.id, r.person_id, r.kind, r.lead_minutes) for r in rows(services)] == before
    assert len(audit_actions(services, "reminder")) == audits  # nothing changed, nothing logged


def test_a_responder_who_becomes_unavailable_loses_pending_reminders(
    services: Services, team: Team
) -> None:
    services.reminders.sync(team.desk)
    services.people.add_absence(
        team.admin,
        team.li.id,
        "leave",
        beijing(2026, 11, 26, 0, 0),
        beijing(2026, 11, 27, 0, 0),
    )
    services.reminders.sync(team.desk)
    assert summary(services, team.li.id) == set()
    assert summary(services, team.zhang.id) == {
        ("prepare", 1440, "pending"),
        ("be_at_phone", 15, "pending"),
    }
    assert summary(services, team.chen.id) == {("prepare", 1440, "pending")}


def test_a_window_added_at_short_notice_gets_only_the_shortest_late_lead(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin)
    add_window(services, team, START + timedelta(minutes=10), START + timedelta(hours=1))
    services.reminders.sync(team.desk)
    li = rows(services, team.li.id)
    assert [(r.kind, r.due_at) for r in li] == [("be_at_phone", START)]
    assert summary(services, team.zhang.id) == {("prepare", 1440, "pending")}
    taken = only(services.reminders.take_due(team.as_li))
    assert taken.kind == "be_at_phone" and not taken.missed  # created late, not missed


# -- lead times ------------------------------------------------------------------------------------


def test_lead_times_are_per_person(services: Services, team: Team) -> None:
    assert services.reminders.lead_times(team.as_li, team.li.id) == list(DEFAULT_LEAD_TIMES)
    chosen = [LeadTime(30, "be_at_phone"), LeadTime(180, "prepare"), LeadTime(5, "be_at_phone")]
    outcome = services.reminders.set_lead_times(team.as_li, team.li.id, chosen)
    assert [lead.minutes for lead in outcome.value] == [180, 30, 5]
    assert services.reminders.lead_times(team.as_li, team.li.id) == outcome.value
    assert services.reminders.lead_times(team.as_zhang, team.zhang.id) == list(DEFAULT_LEAD_TIMES)
    services.reminders.sync(team.desk)
    assert summary(services, team.li.id) == {
        ("prepare", 180, "pending"),
        ("be_at_phone", 30, "pending"),
        ("be_at_phone", 5, "pending"),
    }
    assert summary(services, team.zhang.id) == {("prepare", 1440, "pending")}
    assert ("update", team.li.id) in audit_actions(services, "reminder_lead_times")


def test_changing_lead_times_drops_pending_reminders_of_old_leads(
    services: Services, team: Team
) -> None:
    services.reminders.sync(team.desk)
    services.reminders.set_lead_times(team.as_li, team.li.id, [LeadTime(60, "be_at_phone")])
    assert summary(services, team.li.id) == set()
    services.reminders.sync(team.desk)
    assert summary(services, team.li.id) == {("be_at_phone", 60, "pending")}
    services.reminders.set_lead_times(team.as_li, team.li.id, [])
    services.reminders.sync(team.desk)
    assert summary(services, team.li.id) == set()  # no lead times: no window reminders


def test_lead_times_are_checked(services: Services, team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        services.reminders.set_lead_times(
            team.as_li,
            team.li.id,
            [
                LeadTime(0, "prepare"),
                LeadTime(30, "be_at_phone"),
                LeadTime(30, "prepare"),
                LeadTime(60, "lunch"),
                LeadTime(8 * 24 * 60, "prepare"),
            ],
        )
    assert [p.field for p in caught.value.problems] == [
        "leads.0.minutes",
        "leads.2.minutes",
        "leads.3.purpose",
        "leads.4.minutes",
    ]
    assert services.reminders.lead_times(team.as_li, team.li.id) == list(DEFAULT_LEAD_TIMES)


def test_only_finance_and_admin_set_someone_elses_lead_times(
    services: Services, team: Team
) -> None:
    leads = [LeadTime(45, "be_at_phone")]
    with pytest.raises(PermissionDenied):
        services.reminders.set_lead_times(team.desk, team.li.id, leads)
    with pytest.raises(PermissionDenied):
        services.reminders.lead_times(team.desk, team.li.id)
    assert team.desk.person_id is not None
    own = services.reminders.set_lead_times(team.desk, team.desk.person_id, leads)
    assert own.value == leads
    assert services.reminders.set_lead_times(team.as_manager, team.li.id, leads).value == leads
    assert services.reminders.set_lead_times(team.admin, team.zhang.id, leads).value == leads
    assert services.reminders.lead_times(team.as_zhang, team.zhang.id) == leads


# -- the timer and take_due ------------------------------------------------------------------------


def test_next_due_at_is_the_earliest_moment_for_the_actor(
    services: Services, team: Team, clock: FakeClock
) -> None:
    services.reminders.sync(team.desk)
    assert services.reminders.next_due_at(team.as_li) == PREPARE_DUE
    assert services.reminders.next_due_at(team.as_zhang) == PREPARE_DUE
    # nothing of the manager's own: the escalation check of 李娜's warning (Thursday 10:10) is
    # after the half-hourly re-sync
    assert services.reminders.next_due_at(team.as_manager) == START + timedelta(minutes=30)
    clock.set(PREPARE_DUE)
    only(services.reminders.take_due(team.as_li))
    assert services.reminders.next_due_at(team.as_li) == PREPARE_DUE + timedelta(minutes=30)
    clock.set(AT_PHONE_DUE - timedelta(minutes=20))
    assert services.reminders.next_due_at(team.as_li) == AT_PHONE_DUE
    clock.set(AT_PHONE_DUE)
    only(services.reminders.take_due(team.as_li))
    # shown and unacknowledged: the next moment is its escalation check, for every desk
    check = AT_PHONE_DUE + timedelta(minutes=10)
    assert services.reminders.next_due_at(team.as_li) == check
    assert services.reminders.next_due_at(team.as_manager) == check


def test_next_due_at_follows_a_snooze(services: Services, team: Team, clock: FakeClock) -> None:
    services.reminders.sync(team.desk)
    clock.set(PREPARE_DUE)
    shown = [v for v in services.reminders.take_due(team.as_zhang)]
    services.reminders.snooze(team.as_zhang, only(shown).id, SnoozePreset.TEN_MINUTES)
    assert services.reminders.next_due_at(team.as_zhang) == PREPARE_DUE + timedelta(minutes=10)


def test_take_due_hands_out_a_reminder_once(
    services: Services, team: Team, clock: FakeClock
) -> None:
    services.reminders.sync(team.desk)
    clock.set(PREPARE_DUE - timedelta(seconds=1))
    assert services.reminders.take_due(team.as_li) == []
    clock.set(PREPARE_DUE)
    view = only(services.reminders.take_due(team.as_li))
    assert (view.kind, view.state, view.missed, view.urgent) == ("prepare", "shown", False, False)
    assert view.person_id == team.li.id and view.due_at == PREPARE_DUE
    assert view.window_starts_at == WINDOW_START and view.occurrence_key
    assert "中国工商银行" in view.title and "0200-2025-LD-0137" in view.body
    assert services.reminders.take_due(team.as_li) == []
    clock.advance(timedelta(minutes=1))
    assert services.reminders.take_due(team.as_li) == []
    assert [v.id for v in services.reminders.open_for(team.as_li)] == [view.id]
    assert services.reminders.open_for(team.as_zhang) == []  # zhang's is due but not taken yet
    backup = only(services.reminders.take_due(team.as_zhang))
    assert "李娜 is on duty" in backup.body


def test_a_reminder_taken_late_is_missed(services: Services, team: Team, clock: FakeClock) -> None:
    services.reminders.sync(team.desk)
    clock.set(PREPARE_DUE + timedelta(minutes=2))
    assert not only(services.reminders.take_due(team.as_li)).missed
    clock.set(PREPARE_DUE + timedelta(minutes=2, seconds=1))
    late = only(services.reminders.take_due(team.as_zhang))
    assert late.missed
    assert [v.missed for v in services.reminders.open_for(team.as_zhang)] == [True]


# -- acknowledge and permissions -------------------------------------------------------------------


def test_acknowledge_is_recorded_and_audited(
    services: Services, team: Team, clock: FakeClock
) -> None:
    services.reminders.sync(team.desk)
    clock.set(PREPARE_DUE + timedelta(minutes=1))
    view = take(services, team.as_li, "prepare")
    with pytest.raises(PermissionDenied):
        services.reminders.acknowledge(team.as_zhang, view.id)
    with pytest.raises(PermissionDenied):
        services.reminders.snooze(team.as_manager, view.id, SnoozePreset.ONE_HOUR)
    outcome = services.reminders.acknowledge(team.as_li, view.id)
    assert outcome.value.state == "acknowledged" and outcome.value.snooze_presets == ()
    assert outcome.changes.areas
    (row,) = [r for r in rows(services, team.li.id) if r.id == view.id]
    assert row.acknowledged_at == PREPARE_DUE + timedelta(minutes=1)
    assert row.acknowledged_by_id == team.li.id
    assert services.reminders.open_for(team.as_li) == []
    assert [a for a in audit_actions(services, "reminder") if a[0] == "acknowledge"] == [
        ("acknowledge", team.li.id)
    ]
    repeated = services.reminders.acknowledge(team.as_li, view.id)  # from a second desk
    assert repeated.value.state == "acknowledged" and not repeated.changes.areas
    with pytest.raises(ValidationError):
        services.reminders.snooze(team.as_li, view.id, SnoozePreset.ONE_HOUR)
    services.reminders.sync(team.desk)
    assert count_rows(services, Reminder) == 4  # acknowledged, never re-created


def test_upcoming_lists_the_actors_windows_first(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin)
    add_window(services, team)
    second = make_contract(services, admin, team.bank_id, "0200-2026-LD-0001")
    services.responders.set_for_contract(admin, second.id, [team.chen.id])
    afternoon = (beijing(2026, 11, 25, 15), beijing(2026, 11, 25, 16))
    add_window(services, team, *afternoon, title="提款后回访", contract_id=second.id)
    assert [o.title for o in services.reminders.upcoming(team.as_li)] == ["季度贷后回访"]
    chen = services.reminders.upcoming(team.as_chen)
    assert [o.title for o in chen] == ["提款后回访", "季度贷后回访"]
    assert [o.title for o in services.reminders.upcoming(team.desk, limit=1)] == ["提款后回访"]
    clock.set(afternoon[1])  # the afternoon window is over
    assert [o.title for o in services.reminders.upcoming(team.desk)] == ["季度贷后回访"]
