"""Escalation: an urgent reminder nobody acknowledged passes on to the next available responder.

An urgent reminder ("be at your phone", or one already passed on) that is still pending, shown or
snoozed ``reminder_escalation_minutes`` (Settings, 10 by default) after it fell due — or after its
snooze ended, even when its person's desk is off and never showed it again — passes on once: the
next person of the occurrence's responder list who is available for the whole window (certified
ones first), else the finance manager, receives an "escalated" reminder due at once, and the
original is marked escalated (to whom, when). The chain continues from the new reminder in the
same way until nobody is left. A waiting reminder whose occurrence no longer exists (the window
moved or was removed after the warning) expires quietly instead: no call to cover then. Any desk
may run this for the whole team; a guarded UPDATE makes sure a reminder passes on only once when
two desks try together.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Person, Reminder
from desktop_app.core.reminders.sync import insert_once
from desktop_app.core.reminders.types import ReminderKind, ReminderState
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.service import Occurrence

#: The kinds that escalate: the last warning before a window, and what it passed on.
ESCALATING_KINDS = (ReminderKind.BE_AT_PHONE.value, ReminderKind.ESCALATED.value)
#: Snoozed ones too: their person's desk may be off when the snooze ends, so another desk decides.
WAITING_STATES = (
    ReminderState.PENDING.value,
    ReminderState.SHOWN.value,
    ReminderState.SNOOZED.value,
)


def _waiting(now: datetime):  # type: ignore[no-untyped-def]
    """The filter of reminders whose escalation is still to be decided."""
    return (
        Reminder.kind.in_(ESCALATING_KINDS),
        Reminder.state.in_(WAITING_STATES),
        Reminder.escalated_at.is_(None),
        or_(Reminder.expires_at.is_(None), Reminder.expires_at > now),
    )


def next_check(session: Session, now: datetime, delay: timedelta) -> datetime | None:
    """The next moment an urgent reminder may have to pass on (team-wide)."""
    base = func.min(func.coalesce(Reminder.snoozed_until, Reminder.due_at))
    earliest: datetime | None = session.scalar(select(base).where(*_waiting(now)))
    if earliest is None:
        return None
    return earliest + delay


def overdue(session: Session, now: datetime, delay: timedelta) -> list[Reminder]:
    """Urgent reminders unacknowledged for longer than ``delay``."""
    return list(
        session.scalars(
            select(Reminder)
            .where(
                *_waiting(now),
                func.coalesce(Reminder.snoozed_until, Reminder.due_at) <= now - delay,
            )
            .order_by(Reminder.due_at, Reminder.id)
        )
    )


def chain_of(session: Session, row: Reminder) -> list[Reminder]:
    """Every reminder of the same warning: the original and all it was passed on to."""
    return list(
        session.scalars(
            select(Reminder).where(
                Reminder.subject == row.subject,
                Reminder.lead_minutes == row.lead_minutes,
                Reminder.kind.in_(ESCALATING_KINDS),
            )
        )
    )


def next_person(
    occurrence: Occurrence | None, taken: set[int], manager: tuple[int, str] | None
) -> tuple[int, str] | None:
    """Who is next: available responders (certified first) not yet asked, else the manager."""
    if occurrence is not None:
        available = [r for r in occurrence.responders if r.available]
        ordered = [r for r in available if r.certified] + [r for r in available if not r.certified]
        for responder in ordered:
            if responder.person_id not in taken:
                return responder.person_id, responder.name
    if manager is not None and manager[0] not in taken:
        return manager
    return None


def pass_on(
    store: Store,
    actor: Actor,
    row_id: int,
    occurrence: Occurrence | None,
    manager: tuple[int, str] | None,
    now: datetime,
) -> bool:
    """Pass one overdue reminder on (or record that nobody is left); False if another desk did."""
    with store.write() as session:
        row = session.get(Reminder, row_id)
        if row is None or row.escalated_at is not None or row.state not in WAITING_STATES:
            return False
        taken = {r.person_id for r in chain_of(session, row)}
        target = next_person(occurrence, taken, manager)
        guarded = session.execute(
            update(Reminder)
            .where(
                Reminder.id == row.id,
                Reminder.state == row.state,
                Reminder.escalated_at.is_(None),
                # a snooze renewed meanwhile is a fresh decision: leave it alone
                *(
                    (Reminder.snoozed_until == row.snoozed_until,)
                    if row.state == ReminderState.SNOOZED.value
                    else ()
                ),
            )
            .values(
                state=ReminderState.ESCALATED.value if target else row.state,
                escalated_at=now,
                escalated_to_id=target[0] if target else None,
            )
            .execution_options(synchronize_session=False)
        )
        if guarded.rowcount != 1:  # type: ignore[attr-defined]
            return False
        new_id = None
        if target is not None:
            from_name = session.scalar(select(Person.name).where(Person.id == row.person_id))
            new_id = insert_once(
                session,
                {
                    "person_id": target[0],
                    "kind": ReminderKind.ESCALATED.value,
                    "subject": row.subject,
                    "lead_minutes": row.lead_minutes,
                    "urgent": True,
                    "occurrence_key": row.occurrence_key,
                    "contract_id": row.contract_id,
                    "bank_name": row.bank_name,
                    "window_starts_at": row.window_starts_at,
                    "window_ends_at": row.window_ends_at,
                    "expires_at": row.expires_at,
                    "details": dict(row.details or {}) | {"from_name": from_name or ""},
                    "due_at": now,
                    "state": ReminderState.PENDING.value,
                    "shown_missed": False,
                    "missed_reported": False,
                    "escalated_from_id": row.id,
                    "created_at": now,
                },
            )
        audit.record(
            session,
            store,
            actor,
            "escalate",
            "reminder",
            row.id,
            {"state": row.state},
            {
                "state": ReminderState.ESCALATED.value if target else row.state,
                "person_id": row.person_id,  # whose reminder passed on
                "escalated_to_id": target[0] if target else None,
                "escalated_reminder_id": new_id,
            },
        )
        return target is not None


def retire(store: Store, actor: Actor, row_id: int, now: datetime) -> bool:
    """Quietly expire a waiting reminder whose occurrence no longer exists (the window moved or
    was removed after the warning was shown): nobody is to be asked to cover a call that is not
    coming then. False if it changed meanwhile."""
    with store.write() as session:
        row = session.get(Reminder, row_id)
        if row is None or row.escalated_at is not None or row.state not in WAITING_STATES:
            return False
        guarded = session.execute(
            update(Reminder)
            .where(
                Reminder.id == row.id,
                Reminder.state == row.state,
                Reminder.escalated_at.is_(None),
            )
            .values(state=ReminderState.EXPIRED.value, expired_at=now, missed_reported=True)
            .execution_options(synchronize_session=False)
        )
        if guarded.rowcount != 1:  # type: ignore[attr-defined]
            return False
        audit.record(
            session,
            store,
            actor,
            "expire",
            "reminder",
            row.id,
            {"state": row.state},
            {"state": ReminderState.EXPIRED.value, "reason": "occurrence_gone"},
        )
        return True
