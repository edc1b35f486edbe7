"""Snoozing a reminder: each preset, when it is offered, tomorrow 09:00 in the organisation's time
zone, and snoozing everything at once. Both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.reminders.service import LeadTime, SnoozePreset
from desktop_app.core.services import Services
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
    take,
)


@pytest.fixture
def team(services: Services, admin: Actor) -> Team:
    made = make_team(services, admin)
    add_window(services, made)
    services.reminders.sync(made.desk)
    return made


def test_snooze_ten_minutes_and_one_hour(services: Services, team: Team, clock: FakeClock) -> None:
    clock.set(PREPARE_DUE)
    view = take(services, team.as_li, "prepare")
    assert view.snooze_presets == tuple(SnoozePreset)  # a day before: every preset makes sense
    snoozed = services.reminders.snooze(team.as_li, view.id, SnoozePreset.TEN_MINUTES).value
    assert (snoozed.state, snoozed.due_at) == ("snoozed", PREPARE_DUE + timedelta(minutes=10))
    assert services.reminders.open_for(team.as_li) == []
    clock.advance(timedelta(minutes=9, seconds=59))
    assert services.reminders.take_due(team.as_li) == []
    clock.advance(timedelta(seconds=1))
    again = take(services, team.as_li, "prepare")
    assert (again.id, again.state, again.missed) == (view.id, "shown", False)
    services.reminders.snooze(team.as_li, view.id, SnoozePreset.ONE_HOUR)
    clock.advance(timedelta(minutes=59))
    assert services.reminders.take_due(team.as_li) == []
    clock.advance(timedelta(minutes=1))
    assert take(services, team.as_li, "prepare").id == view.id
    assert [a for a in audit_actions(services, "reminder") if a[0] == "snooze"] == [
        ("snooze", team.li.id),
        ("snooze", team.li.id),
    ]


def test_snooze_until_ten_minutes_before_the_window(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(PREPARE_DUE)
    view = take(services, team.as_li, "prepare")
    snoozed = services.reminders.snooze(team.as_li, view.id, SnoozePreset.BEFORE_WINDOW).value
    assert snoozed.due_at == WINDOW_START - timedelta(minutes=10)
    clock.set(AT_PHONE_DUE)
    assert [v.kind for v in services.reminders.take_due(team.as_li)] == ["be_at_phone"]
    clock.set(WINDOW_START - timedelta(minutes=10))
    assert take(services, team.as_li, "prepare").id == view.id


def test_before_window_is_not_offered_with_ten_minutes_or_less_left(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE)
    view = take(services, team.as_li, "be_at_phone")
    assert view.urgent
    # 15 minutes before: "before the window" still makes sense; an hour and tomorrow morning
    # would end after the window starts
    assert view.snooze_presets == (SnoozePreset.TEN_MINUTES, SnoozePreset.BEFORE_WINDOW)
    clock.set(WINDOW_START - timedelta(minutes=10))
    current = only([v for v in services.reminders.open_for(team.as_li) if v.id == view.id])
    assert SnoozePreset.BEFORE_WINDOW not in current.snooze_presets
    with pytest.raises(ValidationError) as caught:
        services.reminders.snooze(team.as_li, view.id, SnoozePreset.BEFORE_WINDOW)
    assert caught.value.field == "preset"
    with pytest.raises(ValidationError):
        services.reminders.snooze(team.as_li, view.id, SnoozePreset.TOMORROW_MORNING)
    clock.set(WINDOW_END - timedelta(minutes=30))
    late = only([v for v in services.reminders.open_for(team.as_li) if v.id == view.id])
    assert late.snooze_presets == ()  # the window runs: an urgent warning is not put off


def test_an_urgent_warning_offers_only_snoozes_ending_before_the_window_starts(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE)
    view = take(services, team.as_li, "be_at_phone")
    with pytest.raises(ValidationError) as caught:
        services.reminders.snooze(team.as_li, view.id, SnoozePreset.ONE_HOUR)
    assert caught.value.field == "preset"
    clock.set(WINDOW_START - timedelta(minutes=10))  # ten minutes would end at the start
    current = only([v for v in services.reminders.open_for(team.as_li) if v.id == view.id])
    assert current.snooze_presets == ()
    with pytest.raises(ValidationError):
        services.reminders.snooze(team.as_li, view.id, SnoozePreset.TEN_MINUTES)
    clock.set(WINDOW_START - timedelta(minutes=11))
    current = only([v for v in services.reminders.open_for(team.as_li) if v.id == view.id])
    assert current.snooze_presets == (SnoozePreset.TEN_MINUTES, SnoozePreset.BEFORE_WINDOW)


def test_a_passed_on_warning_offers_no_snooze_past_the_window_start(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin)
    services.reminders.set_lead_times(team.as_li, team.li.id, [LeadTime(150, "be_at_phone")])
    add_window(services, team)
    clock.set(WINDOW_START - timedelta(minutes=150))
    services.reminders.sync(team.desk)
    clock.set(WINDOW_START - timedelta(minutes=140))  # 李娜 never answered: passed to 张伟
    assert services.reminders.escalate_unacknowledged(team.desk).value == 1
    passed = take(services, team.as_zhang, "escalated")
    # 2 h 20 min ahead: an hour still ends before the start, tomorrow morning never does
    assert passed.snooze_presets == (
        SnoozePreset.TEN_MINUTES,
        SnoozePreset.ONE_HOUR,
        SnoozePreset.BEFORE_WINDOW,
    )
    clock.set(WINDOW_START - timedelta(minutes=55))
    current = only([v for v in services.reminders.open_for(team.as_zhang) if v.id == passed.id])
    assert current.snooze_presets == (SnoozePreset.TEN_MINUTES, SnoozePreset.BEFORE_WINDOW)


def test_snooze_until_tomorrow_morning_in_the_org_time_zone(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    team = make_team(services, admin)
    services.reminders.set_lead_times(team.as_li, team.li.id, [LeadTime(3 * 1440, "prepare")])
    add_window(services, team, beijing(2026, 11, 30, 10), beijing(2026, 11, 30, 11))  # Monday
    clock.set(beijing(2026, 11, 27, 10))  # Friday 10:00 Beijing: three days before
    services.reminders.sync(team.desk)
    view = take(services, team.as_li, "prepare")
    # 23:30 UTC on Friday is already Saturday 07:30 in Beijing: "tomorrow" is Sunday there
    clock.set(datetime(2026, 11, 27, 23, 30, tzinfo=UTC))
    snoozed = services.reminders.snooze(team.as_li, view.id, SnoozePreset.TOMORROW_MORNING)
    assert snoozed.value.due_at == beijing(2026, 11, 29, 9)
    assert snoozed.value.due_at == datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    services.org.update(team.admin, timezone="Europe/Berlin")  # Saturday 00:30 there
    again = services.reminders.snooze(team.as_li, view.id, SnoozePreset.TOMORROW_MORNING)
    assert again.value.due_at == datetime(2026, 11, 29, 8, 0, tzinfo=UTC)  # Sunday 09:00 Berlin


def test_snooze_all_puts_off_every_open_reminder(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE)
    assert len(services.reminders.take_due(team.as_li)) == 2  # prepare (missed) and be at phone
    outcome = services.reminders.snooze_all(team.as_li, 5)
    assert outcome.value == 2 and services.reminders.open_for(team.as_li) == []
    with pytest.raises(ValidationError):
        services.reminders.snooze_all(team.as_li, 0)
    clock.advance(timedelta(minutes=5))
    assert len(services.reminders.take_due(team.as_li)) == 2


def test_snooze_all_keeps_an_urgent_warning_before_its_window(
    services: Services, team: Team, clock: FakeClock
) -> None:
    clock.set(AT_PHONE_DUE)  # 15 minutes before the window
    taken = {v.kind: v for v in services.reminders.take_due(team.as_li)}
    assert services.reminders.snooze_all(team.as_li, 60).value == 2
    snoozed = {r.kind: r.snoozed_until for r in rows(services, team.li.id)}
    assert snoozed["prepare"] == AT_PHONE_DUE + timedelta(minutes=60)
    # the warning comes back ten minutes before the window, not an hour later
    assert snoozed["be_at_phone"] == WINDOW_START - timedelta(minutes=10)
    clock.set(WINDOW_START - timedelta(minutes=10))
    assert [v.id for v in services.reminders.take_due(team.as_li)] == [taken["be_at_phone"].id]
    # now too close to the window: "snooze all" leaves the warning open
    assert services.reminders.snooze_all(team.as_li, 60).value == 0
    assert [v.id for v in services.reminders.open_for(team.as_li)] == [taken["be_at_phone"].id]
