"""Materialising reminders: which rows should exist, inserting the missing ones exactly once,
pruning those no longer wanted, and expiring those whose window (or certificate) has ended.

Every desk of a team may run this at the same moment: rows are inserted with
``INSERT … ON CONFLICT DO NOTHING`` against the unique (person, subject, kind, lead) constraint, so
the second desk's insert is a no-op instead of a duplicate or an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.core.models import Reminder
from desktop_app.core.reminders.types import LeadTime, ReminderKind, ReminderState

if TYPE_CHECKING:
    from desktop_app.core.training.team import CertificationStatus
    from desktop_app.core.windows.coverage import Suggestion
    from desktop_app.core.windows.service import Occurrence

#: States in which a reminder still waits for its person.
LIVE_STATES = (
    ReminderState.PENDING.value,
    ReminderState.SHOWN.value,
    ReminderState.SNOOZED.value,
    ReminderState.ESCALATED.value,
)
LEAD_KINDS = (ReminderKind.PREPARE.value, ReminderKind.BE_AT_PHONE.value)
_UNIQUE = ("person_id", "subject", "kind", "lead_minutes")


@dataclass(frozen=True)
class Wanted:
    """A reminder that should exist; ``create`` False keeps an existing row but adds none."""

    person_id: int
    kind: str
    subject: str
    lead_minutes: int
    urgent: bool
    due_at: datetime
    expires_at: datetime | None
    occurrence_key: str | None = None
    contract_id: int | None = None
    bank_name: str = ""
    window_starts_at: datetime | None = None
    window_ends_at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
    create: bool = True
    #: Details worth working out only for a row really created (a gap's suggestions).
    more_details: Callable[[], dict[str, Any]] | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[int, str, str, int]:
        return (self.person_id, self.subject, self.kind, self.lead_minutes)

    def values(self, now: datetime) -> dict[str, Any]:
        """The columns of a new row."""
        return {
            "person_id": self.person_id,
            "kind": self.kind,
            "subject": self.subject,
            "lead_minutes": self.lead_minutes,
            "urgent": self.urgent,
            "occurrence_key": self.occurrence_key,
            "contract_id": self.contract_id,
            "bank_name": self.bank_name,
            "window_starts_at": self.window_starts_at,
            "window_ends_at": self.window_ends_at,
            "expires_at": self.expires_at,
            "details": self.details | (self.more_details() if self.more_details else {}),
            "due_at": self.due_at,
            "state": ReminderState.PENDING.value,
            "shown_missed": False,
            "missed_reported": False,
            "created_at": now,
        }


def occurrence_facts(occurrence: Occurrence) -> dict[str, Any]:
    """The columns every reminder about ``occurrence`` shares."""
    return {
        "occurrence_key": occurrence.key,
        "contract_id": occurrence.contract_id,
        "bank_name": occurrence.bank_name,
        "window_starts_at": occurrence.starts_at,
        "window_ends_at": occurrence.ends_at,
    }


def occurrence_details(occurrence: Occurrence) -> dict[str, Any]:
    """What the texts need about ``occurrence``, kept with the row."""
    return {"title": occurrence.title, "contract_number": occurrence.contract_number}


def lead_reminders(
    occurrences: Iterable[Occurrence], leads_of: Callable[[int], Sequence[LeadTime]], now: datetime
) -> list[Wanted]:
    """The lead-time reminders of each occurrence with someone on duty.

    The on-duty responder gets every lead time of theirs; the other available responders (the
    backups) get their "prepare" ones only, so that they too have the checklist ready should they
    be needed. A lead whose moment has already passed when the row would be created (a window
    added at short notice, a lead time just changed) is created only if it is that person's
    shortest past lead, due at once — nobody receives "prepare" and "be at your phone" together.
    """
    wanted: list[Wanted] = []
    for occurrence in occurrences:
        duty = occurrence.on_duty
        if duty is None or occurrence.ends_at <= now:
            continue
        recipients = [(duty.person_id, False)] + [
            (r.person_id, True)
            for r in occurrence.responders
            if r.available and r.person_id != duty.person_id
        ]
        for person_id, backup in recipients:
            leads = [
                lead
                for lead in leads_of(person_id)
                if not backup or lead.purpose == ReminderKind.PREPARE.value
            ]
            late = [
                lead
                for lead in leads
                if occurrence.starts_at - timedelta(minutes=lead.minutes) < now
            ]
            shortest_late = min(late, key=lambda lead: lead.minutes, default=None)
            details = occurrence_details(occurrence) | {"on_duty": duty.name, "backup": backup}
            for lead in leads:
                due = occurrence.starts_at - timedelta(minutes=lead.minutes)
                wanted.append(
                    Wanted(
                        person_id=person_id,
                        kind=lead.purpose,
                        subject=occurrence.key,
                        lead_minutes=lead.minutes,
                        urgent=lead.urgent,
                        due_at=max(due, now),
                        expires_at=occurrence.ends_at,
                        details=details,
                        create=lead not in late or lead == shortest_late,
                        **occurrence_facts(occurrence),
                    )
                )
    return wanted


def gap_reminders(
    gaps: Iterable[Occurrence],
    manager_id: int,
    now: datetime,
    suggest: Callable[[Occurrence], Sequence[Suggestion]],
) -> list[Wanted]:
    """One reminder to the finance manager per occurrence nobody can take, due at once, naming
    who could cover (``suggest`` is asked only for the reminders really created)."""

    def names(gap: Occurrence) -> Callable[[], dict[str, Any]]:
        return lambda: {"suggestions": [s.name for s in suggest(gap)]}

    return [
        Wanted(
            person_id=manager_id,
            kind=ReminderKind.COVERAGE_GAP.value,
            subject=gap.key,
            lead_minutes=0,
            urgent=False,
            due_at=now,
            expires_at=gap.ends_at,
            details=occurrence_details(gap),
            more_details=names(gap),
            **occurrence_facts(gap),
        )
        for gap in gaps
        if gap.ends_at > now
    ]


def certification_reminders(statuses: Iterable[CertificationStatus], now: datetime) -> list[Wanted]:
    """One reminder per expiring certificate (a renewal has a new id, so it can warn again)."""
    from desktop_app.core.training.records import CertState

    return [
        Wanted(
            person_id=status.person_id,
            kind=ReminderKind.CERTIFICATION.value,
            subject=f"certificate:{status.certificate_id}",
            lead_minutes=0,
            urgent=False,
            due_at=now,
            expires_at=status.expires_at,
        )
        for status in statuses
        if status.state == CertState.EXPIRING and status.certificate_id is not None
    ]


def insert_once(session: Session, values: dict[str, Any]) -> int | None:
    """Insert a reminder unless its (person, subject, kind, lead) exists; the new id or None.

    ``INSERT … ON CONFLICT DO NOTHING`` on both databases the app runs on: a desk that loses the
    race waits for the other's commit and then inserts nothing, instead of failing.
    """
    statement = _insert_unless_there(session).values(**values)
    return session.execute(statement).scalar_one_or_none()


def _insert_unless_there(session: Session) -> Any:
    """``INSERT INTO reminder … ON CONFLICT (the unique key) DO NOTHING RETURNING id``."""
    table = cast(Table, Reminder.__table__)  # typed FromClause; it is a Table
    keys = list(_UNIQUE)
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return (
            postgresql.insert(table)
            .on_conflict_do_nothing(index_elements=keys)
            .returning(table.c.id)
        )
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing(index_elements=keys).returning(table.c.id)


def insert_missing(
    session: Session,
    wanted: Iterable[Wanted],
    existing: set[tuple[int, str, str, int]],
    now: datetime,
) -> int:
    """Insert the wanted rows not yet in ``existing``; how many were really added.

    One batched statement (as :func:`insert_once`, a row another desk added meanwhile is
    skipped), in key order, so that two desks inserting together take their locks in the same
    order.
    """
    rows = []
    for item in sorted(wanted, key=lambda w: w.key):
        if item.create and item.key not in existing:
            rows.append(item.values(now))
            existing.add(item.key)
    if not rows:
        return 0
    return len(session.execute(_insert_unless_there(session), rows).all())


def existing_keys(
    session: Session, kinds: Sequence[str], now: datetime
) -> set[tuple[int, str, str, int]]:
    """The unique keys of the reminders of ``kinds`` that have not ended (in any state)."""
    rows = session.execute(
        select(Reminder.person_id, Reminder.subject, Reminder.kind, Reminder.lead_minutes).where(
            Reminder.kind.in_(list(kinds)),
            or_(Reminder.expires_at.is_(None), Reminder.expires_at > now),
        )
    )
    return {(p, s, k, m) for p, s, k, m in rows}


def prune(
    session: Session,
    kinds: Sequence[str],
    wanted: Iterable[Wanted],
    now: datetime,
    *,
    starting_before: datetime | None = None,
    quiet_expire_shown: bool,
) -> int:
    """Remove the live reminders of ``kinds`` that are no longer wanted; how many.

    Only rows whose window overlaps [now, ``starting_before``) are judged (those sync looked
    at). Rows never shown are deleted; shown ones are expired quietly when
    ``quiet_expire_shown`` (a coverage gap closed, a certificate renewed), else kept: the person
    has seen them and may still acknowledge.
    """
    keys = {item.key for item in wanted}
    query = select(
        Reminder.id,
        Reminder.person_id,
        Reminder.subject,
        Reminder.kind,
        Reminder.lead_minutes,
        Reminder.state,
        Reminder.shown_at,
    ).where(
        Reminder.kind.in_(list(kinds)),
        Reminder.state.in_(LIVE_STATES),
        Reminder.escalated_at.is_(None),
    )
    if starting_before is not None:
        query = query.where(
            Reminder.window_ends_at > now, Reminder.window_starts_at < starting_before
        )
    doomed: list[int] = []
    quieted: list[int] = []
    for row_id, person_id, subject, kind, lead, state, shown_at in session.execute(query):
        if (person_id, subject, kind, lead) in keys:
            continue
        if state == ReminderState.PENDING.value and shown_at is None:
            doomed.append(row_id)
        elif quiet_expire_shown:
            quieted.append(row_id)
    if doomed:
        session.execute(
            delete(Reminder)
            .where(Reminder.id.in_(doomed), Reminder.state == ReminderState.PENDING.value)
            .execution_options(synchronize_session=False)
        )
    if quieted:
        session.execute(
            update(Reminder)
            .where(Reminder.id.in_(quieted), Reminder.state.in_(LIVE_STATES))
            .values(state=ReminderState.EXPIRED.value, expired_at=now, missed_reported=True)
            .execution_options(synchronize_session=False)
        )
    return len(doomed) + len(quieted)


def expire_ended(session: Session, now: datetime, person_id: int | None = None) -> int:
    """Expire every live reminder whose window (or certificate) has ended; how many."""
    statement = (
        update(Reminder)
        .where(
            Reminder.state.in_(LIVE_STATES),
            Reminder.expires_at.is_not(None),
            Reminder.expires_at <= now,
        )
        .values(state=ReminderState.EXPIRED.value, expired_at=now)
        .execution_options(synchronize_session=False)
    )
    if person_id is not None:
        statement = statement.where(Reminder.person_id == person_id)
    return session.execute(statement).rowcount  # type: ignore[attr-defined,no-any-return]
