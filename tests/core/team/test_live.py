"""Live updates between desks on the real PostgreSQL server: two contexts with engines of their
own on one database; what one commits reaches the other's listener (areas, ids, origin); nothing
for reads or rolled-back writes; payloads capped; a terminated connection is reported, retried
and followed by a resynchronisation; the listener stops cleanly. SQLite publishes nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from desktop_app.core.checklists.templates import TemplateItemDraft
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.models import Bank, Base
from desktop_app.core.team.live import CHANNEL
from desktop_app.core.team.live.listener import Listener, connect_params
from desktop_app.core.team.live.payload import (
    EVERYTHING,
    MAX_BYTES,
    MAX_IDS,
    Origin,
    decode,
    encode,
)
from desktop_app.core.team.live.publisher import IGNORED_TABLES, area_of
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person
from tests.helpers.team import desk_context, emptied

WAIT = 10.0  # seconds; a notification takes a few milliseconds


@dataclass
class Heard:
    """What a listener reported, with a way to wait for it."""

    changes: list[tuple[Changes, Origin]] = field(default_factory=list)
    states: list[bool] = field(default_factory=list)
    _condition: threading.Condition = field(default_factory=threading.Condition)

    def on_changes(self, changes: Changes, origin: Origin) -> None:
        with self._condition:
            self.changes.append((changes, origin))
            self._condition.notify_all()

    def on_state(self, connected: bool) -> None:
        with self._condition:
            self.states.append(connected)
            self._condition.notify_all()

    def wait(self, done: Callable[[Heard], bool]) -> None:
        with self._condition:
            assert self._condition.wait_for(lambda: done(self), WAIT), (self.changes, self.states)


@pytest.fixture
def team_url(postgres_url: str) -> str:
    """The session's PostgreSQL database, emptied."""
    return emptied(postgres_url)


@pytest.fixture
def desk_a(team_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    context = desk_context(team_url, tmp_path / "a", clock)
    yield context
    context.close()


@pytest.fixture
def desk_b(team_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    context = desk_context(team_url, tmp_path / "b", clock)
    yield context
    context.close()


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def listener(desk_b: AppContext, heard: Heard) -> Iterator[Listener]:
    """Desk B listening, connected before the test starts writing."""
    found = Listener(desk_b.engine.url, heard.on_changes, heard.on_state, first_retry=0.05)
    found.start()
    heard.wait(lambda h: True in h.states)
    yield found
    assert found.stop()
    assert not found.is_alive()


@pytest.fixture
def admin_a(desk_a: AppContext) -> Actor:
    return desk_a.services.identity.create_first_admin("Admin", "admin-account").value


def areas_heard(heard: Heard) -> set[Area]:
    return {area for changes, _origin in heard.changes for area in changes.areas}


def test_a_write_at_one_desk_reaches_the_other(
    desk_a: AppContext, admin_a: Actor, listener: Listener, heard: Heard
) -> None:
    assert desk_a.publisher is not None
    bank = make_bank(desk_a.services, admin_a)
    heard.wait(lambda h: Area.BANKS in areas_heard(h))
    changes, origin = next((c, o) for c, o in heard.changes if c.touches(Area.BANKS))
    assert changes.areas == {Area.BANKS}  # its aliases, branches and phones are the bank's too
    assert (Area.BANKS, bank.id) in changes.ids
    assert origin.token == desk_a.publisher.origin.token
    assert origin.desk == desk_a.services.store.desk and not origin.resync


def test_settings_and_template_edits_reach_the_other_desk(
    desk_a: AppContext, desk_b: AppContext, admin_a: Actor, listener: Listener, heard: Heard
) -> None:
    """What administrators edit at any desk — the organisation settings, a checklist template —
    is told to the others, whose next save of a stale version is then a conflict."""
    shown = desk_b.services.org.version()
    desk_a.services.org.update(admin_a, shown, area_code="021")
    heard.wait(lambda h: Area.SETTINGS in areas_heard(h))
    desk_b.services.org.forget()  # what the desk does when it hears of it (ui/live_desk.py)
    assert desk_b.services.org.get().area_code == "021"
    assert desk_b.services.org.version() == shown + 1
    template = desk_a.services.checklist_templates.get(admin_a, "mortgage")
    item = template.items[0]
    draft = TemplateItemDraft(item.title_zh, "Renamed", item.guidance_zh, item.guidance_en)
    desk_a.services.checklist_templates.save_item(admin_a, "mortgage", item.id, draft, item.version)
    heard.wait(lambda h: Area.CHECKLISTS in areas_heard(h))


def test_a_message_taken_is_one_notification_with_the_call_and_its_follow_up(
    desk_a: AppContext, admin_a: Actor, listener: Listener, heard: Heard
) -> None:
    services = desk_a.services
    bank = make_bank(services, admin_a, phones=[])
    li = make_person(services, admin_a, name="李娜")
    contract = make_contract(services, admin_a, bank.id)
    desk = actor_with_role(services, admin_a, "front_desk")
    services.responders.set_for_contract(admin_a, contract.id, [li.id])
    heard.wait(lambda h: Area.RESPONDERS in areas_heard(h))  # a Core DELETE, then inserts
    heard.changes.clear()
    call = services.calls.log(desk, CallDraft("message", "黄蕾", bank_id=bank.id)).value
    heard.wait(lambda h: Area.FOLLOW_UPS in areas_heard(h))
    changes = heard.changes[0][0]
    assert changes.areas == {Area.CALLS, Area.FOLLOW_UPS}
    assert (Area.CALLS, call.id) in changes.ids
    assert (Area.FOLLOW_UPS, call.follow_up_id) in changes.ids


def test_a_core_update_through_the_session_is_published_with_its_id(
    desk_a: AppContext, admin_a: Actor, listener: Listener, heard: Heard, clock: FakeClock
) -> None:
    services = desk_a.services
    bank = make_bank(services, admin_a, phones=[])
    li = make_person(services, admin_a, name="李娜")
    zhang = make_person(services, admin_a, name="张伟")
    contract = make_contract(services, admin_a, bank.id)
    services.responders.set_for_contract(admin_a, contract.id, [li.id, zhang.id])
    call = services.calls.log(admin_a, CallDraft("no_one", bank_id=bank.id)).value
    heard.wait(lambda h: Area.FOLLOW_UPS in areas_heard(h))
    heard.changes.clear()
    clock.advance(timedelta(days=3))
    escalated = services.calls.escalate_overdue(admin_a).value
    assert [e.follow_up_id for e in escalated] == [call.follow_up_id]
    heard.wait(lambda h: Area.FOLLOW_UPS in areas_heard(h))
    assert (Area.FOLLOW_UPS, call.follow_up_id) in heard.changes[0][0].ids


def test_reads_and_rolled_back_writes_tell_nobody(
    listener: Listener, heard: Heard, desk_a: AppContext, admin_a: Actor
) -> None:
    heard.wait(lambda h: Area.PEOPLE in areas_heard(h))  # the admin, created by the fixture
    heard.changes.clear()
    desk_a.services.banks.list(admin_a, "")
    with pytest.raises(RuntimeError), desk_a.services.store.write() as session:
        session.add(Bank(name="回滚银行"))
        session.flush()
        raise RuntimeError("changed my mind")
    make_person(desk_a.services, admin_a, name="李娜")
    heard.wait(lambda h: bool(h.changes))
    assert heard.changes[0][0].areas == {Area.PEOPLE}  # the first thing heard is the commit
    assert len(heard.changes) == 1


def test_a_large_transaction_sends_capped_ids(
    desk_a: AppContext, listener: Listener, heard: Heard
) -> None:
    with desk_a.services.store.write() as session:
        session.add_all(Bank(name=f"银行 {n:03d}") for n in range(MAX_IDS + 100))
    heard.wait(lambda h: Area.BANKS in areas_heard(h))
    changes = heard.changes[0][0]
    assert changes.areas == {Area.BANKS}
    assert len(changes.ids) == MAX_IDS


def test_a_payload_too_big_for_postgresql_keeps_only_the_areas(desk_b: AppContext) -> None:
    origin = Origin("t" * 16, "桌" * 2400, 1)  # 7200 bytes of desk name
    ids = tuple((Area.CALLS, n) for n in range(MAX_IDS))
    payload = encode(Changes.of(Area.CALLS, Area.FOLLOW_UPS, ids=ids), origin)
    assert len(payload.encode("utf-8")) <= MAX_BYTES
    decoded = decode(payload)
    assert decoded is not None
    assert decoded[0] == Changes.of(Area.CALLS, Area.FOLLOW_UPS)
    assert decoded[1] == origin
    with psycopg.connect(**connect_params(desk_b.engine.url)) as connection:  # PostgreSQL takes it
        connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))
    assert decode("not json") is None
    assert decode('{"v": 99, "a": ["banks"]}') is None


def test_a_terminated_connection_is_reported_retried_and_resynchronised(
    desk_a: AppContext, admin_a: Actor, listener: Listener, heard: Heard
) -> None:
    first_pid = listener.backend_pid
    assert first_pid is not None
    with desk_a.engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first_pid})
    heard.wait(lambda h: h.states[-2:] == [False, True] and any(o.resync for _c, o in h.changes))
    assert heard.states == [True, False, True]
    resync = next(c for c, o in heard.changes if o.resync)
    assert resync == EVERYTHING
    assert listener.backend_pid not in (None, first_pid)
    assert listener.reconnects == 1
    heard.changes.clear()
    make_bank(desk_a.services, admin_a)  # and it hears the other desks again
    heard.wait(lambda h: Area.BANKS in areas_heard(h))


def test_an_unreachable_server_is_reported_and_stopping_is_immediate(heard: Heard) -> None:
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"
    found = Listener(unreachable, heard.on_changes, heard.on_state, first_retry=0.05)
    found.start()
    heard.wait(lambda h: h.states == [False])
    assert found.stop(timeout=5)
    assert not found.is_alive()
    assert not [t for t in threading.enumerate() if t.name == "callback-desk-live"]


def test_the_embedded_database_publishes_nothing(tmp_path: Path, clock: FakeClock) -> None:
    context = desk_context(f"sqlite+pysqlite:///{tmp_path / 'one.sqlite3'}", tmp_path, clock)
    try:
        assert context.publisher is None
    finally:
        context.close()


def test_every_table_says_which_screens_it_changes() -> None:
    unmapped = {
        name
        for name, table in Base.metadata.tables.items()
        if name not in IGNORED_TABLES and area_of(table) is None
    }
    assert unmapped == set()
    tables = Base.metadata.tables
    assert area_of(tables["reminder_lead_times"]) == Area.REMINDERS  # by its prefix
    assert area_of(tables["desk_session"]) == Area.PRESENCE
