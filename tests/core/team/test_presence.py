"""Presence: each person sets their own status (an administrator may reset it), desk sessions
with a heartbeat say who is online (seen within two minutes; offline at a clean exit), and the
front desk's transfer list on the team server moves people who are away, busy or offline after
the others. Both databases; the ranking is PostgreSQL's only (one desk has no presence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select

from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.models import AuditEntry, DeskSession
from desktop_app.core.register.people import PersonView
from desktop_app.core.services import Services
from desktop_app.core.team.live.heartbeat import DeskHeartbeat
from desktop_app.core.team.presence import ONLINE_WITHIN
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person

WEDNESDAY = datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@dataclass
class Team:
    li: PersonView
    zhang: PersonView
    chen: PersonView
    contract_id: int
    desk: Actor

    def actor(self, services: Services, person: PersonView) -> Actor:
        return services.identity.actor_for(person.id)


@pytest.fixture
def team(services: Services, admin: Actor) -> Team:
    bank = make_bank(services, admin, phones=[])
    contract = make_contract(services, admin, bank.id, "0200-2025-LD-0137")
    li = make_person(services, admin, name="李娜")
    zhang = make_person(services, admin, name="张伟")
    chen = make_person(services, admin, name="陈静")
    services.responders.set_for_contract(admin, contract.id, [li.id, zhang.id, chen.id])
    return Team(li, zhang, chen, contract.id, actor_with_role(services, admin, "front_desk"))


def test_a_person_sets_their_own_status(services: Services, team: Team) -> None:
    li = team.actor(services, team.li)
    assert services.presence.mine(li) is not None
    assert services.presence.mine(li).status == "available"  # type: ignore[union-attr]
    outcome = services.presence.set_status(li, team.li.id, "dnd")
    assert outcome.value.status == "dnd"
    assert outcome.value.label() == "Do not disturb"
    assert outcome.changes.areas == {Area.PRESENCE}
    assert (Area.PRESENCE, team.li.id) in outcome.changes.ids
    assert services.presence.of(team.desk, [team.li.id])[team.li.id].status == "dnd"
    with services.store.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "set_presence")).one()
    assert (entry.entity_id, entry.before, entry.after) == (
        team.li.id,
        {"presence": "available"},
        {"presence": "dnd"},
    )


def test_only_an_administrator_sets_someone_else_s_status(
    services: Services, team: Team, admin: Actor
) -> None:
    li = team.actor(services, team.li)
    with pytest.raises(PermissionDenied):
        services.presence.set_status(li, team.zhang.id, "away")
    with pytest.raises(PermissionDenied):
        services.presence.set_status(team.desk, team.zhang.id, "away")
    services.presence.set_status(li, team.li.id, "away")
    assert services.presence.set_status(admin, team.li.id, "available").value.status == "available"
    with pytest.raises(ValidationError) as refused:
        services.presence.set_status(li, team.li.id, "gone fishing")
    assert refused.value.problems[0].field == "status"


def test_a_desk_session_keeps_a_person_online_while_its_heartbeat_lasts(
    services: Services, team: Team, clock: FakeClock
) -> None:
    li = team.actor(services, team.li)
    presence = services.presence
    assert presence.of(team.desk, [team.li.id])[team.li.id].online is None  # never ran the app
    session = presence.start_session(li, "前台-PC01", 4242).value
    assert presence.of(team.desk, [team.li.id])[team.li.id].online is True
    clock.advance(ONLINE_WITHIN - timedelta(seconds=1))
    assert presence.of(team.desk, [team.li.id])[team.li.id].online is True
    clock.advance(timedelta(seconds=2))
    assert presence.of(team.desk, [team.li.id])[team.li.id].online is False  # silent too long
    statements: list[str] = []

    def count(*args: object) -> None:
        if not str(args[2]).startswith("BEGIN"):  # SQLite's transaction start, sent visibly
            statements.append(str(args[2]))

    engine = services.store.session_factory.kw["bind"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert presence.heartbeat(li, session.token)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert [s.split()[0] for s in statements] == ["UPDATE"]  # cheap: one statement
    found = presence.of(team.desk, [team.li.id])[team.li.id]
    assert found.online is True and found.last_seen_at == clock.now()
    assert presence.end_session(li, session.token).value
    assert presence.of(team.desk, [team.li.id])[team.li.id].online is False  # at once
    assert not presence.heartbeat(li, session.token)  # an ended session stays ended
    assert not presence.end_session(li, session.token).value
    assert [p for p, _n, _s in presence.online_people(team.desk)] == []


def test_a_heartbeat_is_the_session_owner_s(services: Services, team: Team) -> None:
    li = team.actor(services, team.li)
    zhang = team.actor(services, team.zhang)
    session = services.presence.start_session(li, "PC01").value
    assert not services.presence.heartbeat(zhang, session.token)
    with pytest.raises(PermissionDenied):
        services.presence.end_session(zhang, session.token)


def test_old_sessions_are_removed_when_a_new_one_starts(
    services: Services, team: Team, clock: FakeClock
) -> None:
    li = team.actor(services, team.li)
    services.presence.start_session(li, "PC01")
    clock.advance(timedelta(days=31))
    services.presence.start_session(li, "PC02")
    with services.store.read() as session:
        desks = session.scalars(select(DeskSession.desk)).all()
    assert desks == ["PC02"]
    assert [(p, n) for p, n, _s in services.presence.online_people(team.desk)] == [
        (team.li.id, "李娜")
    ]


def test_the_heartbeat_thread_opens_and_closes_the_session(services: Services, team: Team) -> None:
    li = team.actor(services, team.li)
    heartbeat = DeskHeartbeat(services.presence, li, "PC01", interval=3600)
    heartbeat.start()
    assert heartbeat.started.wait(10)
    assert services.presence.of(team.desk, [team.li.id])[team.li.id].online is True
    assert heartbeat.stop()
    assert not heartbeat.is_alive()
    assert services.presence.of(team.desk, [team.li.id])[team.li.id].online is False


def test_the_transfer_list_puts_away_busy_and_offline_people_last(
    services: Services, team: Team, admin: Actor
) -> None:
    presence = services.presence
    sessions = {
        person.id: presence.start_session(team.actor(services, person), "PC").value
        for person in (team.li, team.zhang, team.chen)
    }
    presence.set_status(team.actor(services, team.li), team.li.id, "away")
    presence.end_session(team.actor(services, team.zhang), sessions[team.zhang.id].token)
    result = services.routing.route(team.desk, "0200-2025-LD-0137", WEDNESDAY)
    ranked = [(c.name, c.rank, c.presence_label) for c in result.candidates if c.rank]
    if services.store.session_factory.kw["bind"].dialect.name == "postgresql":
        assert result.presence_tracked
        assert ranked == [("陈静", 3, ""), ("李娜", 1, "Away"), ("张伟", 2, "Offline")]
        assert result.first_available is not None and result.first_available.name == "陈静"
        assert result.primary is not None and result.primary.name == "李娜"  # still the primary
        chen = result.candidates[0]
        assert (chen.presence, chen.online, chen.present) == ("available", True, True)
    else:  # one desk: nobody else's app runs here, so presence says nothing
        assert not result.presence_tracked
        assert ranked == [("李娜", 1, ""), ("张伟", 2, ""), ("陈静", 3, "")]
        assert all(c.online is None and c.presence == "" for c in result.candidates)
    # Who returns a message does not change: the primary, away or not, gets it.
    call = services.calls.log(
        team.desk,
        CallDraft("message", bank_id=None, contract_id=team.contract_id, occurred_at=WEDNESDAY),
    ).value
    assert call.follow_up_assignee_id == team.li.id
