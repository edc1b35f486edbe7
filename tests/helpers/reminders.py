"""A small team with one contract, three certified responders, a finance manager, the front desk,
and one-off contact windows made through the real services: the world of the reminder tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import AuditEntry, Certificate, Reminder
from desktop_app.core.register.contracts import ContractView
from desktop_app.core.register.people import PersonView
from desktop_app.core.reminders.service import ReminderView
from desktop_app.core.services import Services
from desktop_app.core.windows.service import WindowDraft
from tests.conftest import START
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


# START is Wednesday 2026-11-25 10:00 in Beijing; the window is Thursday 10:15–11:45, so its
# "prepare" reminder (one day before) falls due on Wednesday 10:15 and "be at your phone"
# (15 minutes before) on Thursday 10:00.
WINDOW_START = beijing(2026, 11, 26, 10, 15)
WINDOW_END = beijing(2026, 11, 26, 11, 45)
PREPARE_DUE = WINDOW_START - timedelta(days=1)  # Wednesday 10:15
AT_PHONE_DUE = WINDOW_START - timedelta(minutes=15)  # Thursday 10:00


@dataclass
class Team:
    """ICBC, contract 0200-2025-LD-0137 with responders 李娜 > 张伟 > 陈静, manager 王敏."""

    contract: ContractView
    bank_id: int
    li: PersonView
    zhang: PersonView
    chen: PersonView
    manager: PersonView
    admin: Actor
    desk: Actor
    as_li: Actor
    as_zhang: Actor
    as_chen: Actor
    as_manager: Actor


def certify(services: Services, person_id: int, expires_at: datetime | None = None) -> int:
    """Give a person a finance responder certificate (valid a year unless told otherwise)."""
    with services.store.write() as session:
        certificate = Certificate(
            person_id=person_id,
            path_code="finance_responder",
            issued_at=START - timedelta(days=60),
            expires_at=expires_at or START + timedelta(days=365),
        )
        session.add(certificate)
        session.flush()
        return certificate.id


def make_team(services: Services, admin: Actor, certified: bool = True) -> Team:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "0200-2025-LD-0137")
    li = make_person(services, admin, name="李娜")
    zhang = make_person(services, admin, name="张伟")
    chen = make_person(services, admin, name="陈静")
    manager = make_person(services, admin, name="王敏", job_title="财务经理 Finance manager")
    services.responders.set_for_contract(admin, contract.id, [li.id, zhang.id, chen.id])
    if certified:
        for person in (li, zhang, chen):
            certify(services, person.id)
    actor = services.identity.actor_for
    return Team(
        contract,
        bank.id,
        li,
        zhang,
        chen,
        manager,
        admin,
        actor_with_role(services, admin, "front_desk"),
        actor(li.id),
        actor(zhang.id),
        actor(chen.id),
        actor(manager.id),
    )


def add_window(
    services: Services,
    team: Team,
    start: datetime = WINDOW_START,
    end: datetime = WINDOW_END,
    title: str = "季度贷后回访",
    contract_id: int | None = None,
) -> int:
    """A one-off window on the team's contract (or another one)."""
    draft = WindowDraft(
        bank_id=team.bank_id,
        kind="one_off",
        title=title,
        contract_id=contract_id or team.contract.id,
        one_off_start=start,
        one_off_end=end,
    )
    return services.windows.create(team.admin, draft).value.id


def rows(services: Services, person_id: int | None = None) -> list[Reminder]:
    """The reminder rows (of one person), read straight from the database."""
    query = select(Reminder).order_by(Reminder.id)
    if person_id is not None:
        query = query.where(Reminder.person_id == person_id)
    with services.store.read() as session:
        found = list(session.scalars(query))
        session.expunge_all()
    return found


def summary(services: Services, person_id: int) -> set[tuple[str, int, str]]:
    """(kind, lead minutes, state) of each of a person's reminders."""
    return {(r.kind, r.lead_minutes, r.state) for r in rows(services, person_id)}


def only(views: list[ReminderView]) -> ReminderView:
    assert len(views) == 1, views
    return views[0]


def take(services: Services, actor: Actor, kind: str) -> ReminderView:
    """The one reminder of ``kind`` that take_due hands the actor now."""
    return only([v for v in services.reminders.take_due(actor) if v.kind == kind])


def audit_actions(services: Services, entity: str) -> list[tuple[str, int | None]]:
    """(action, actor id) of each audit entry about ``entity``, oldest first."""
    with services.store.read() as session:
        return [
            (e.action, e.actor_id)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        ]
