"""A person's lead times: checking what a form sends, storing them, reading them back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.errors import FieldProblem, NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Person, Reminder, ReminderLeadTimes
from desktop_app.core.reminders.sync import LEAD_KINDS
from desktop_app.core.reminders.types import (
    DEFAULT_LEAD_TIMES,
    LEAD_PURPOSES,
    MAX_LEAD_MINUTES,
    MAX_LEADS,
    LeadTime,
    ReminderState,
)
from desktop_app.core.storage.store import Store


def check_leads(leads: Sequence[LeadTime]) -> list[LeadTime]:
    """The lead times, longest first; ValidationError naming each bad entry."""
    problems: list[FieldProblem] = []
    if len(leads) > MAX_LEADS:
        problems.append(
            FieldProblem("leads", N_("Choose at most {count} lead times."), {"count": MAX_LEADS})
        )
    seen: set[int] = set()
    for index, lead in enumerate(leads):
        minutes = lead.minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            minutes = -1
        if not 1 <= minutes <= MAX_LEAD_MINUTES:
            problems.append(
                FieldProblem(
                    f"leads.{index}.minutes", N_("Enter a lead time from 1 minute to 7 days.")
                )
            )
        elif minutes in seen:
            problems.append(
                FieldProblem(f"leads.{index}.minutes", N_("This lead time is already listed."))
            )
        seen.add(minutes)
        if lead.purpose not in LEAD_PURPOSES:
            problems.append(
                FieldProblem(f"leads.{index}.purpose", N_("Choose what the reminder is for."))
            )
    if problems:
        raise ValidationError(problems)
    return sorted(leads, key=lambda lead: -lead.minutes)


def leads_to(leads: Iterable[LeadTime]) -> list[dict[str, Any]]:
    """The stored (JSON) form of lead times."""
    return [{"minutes": lead.minutes, "purpose": lead.purpose} for lead in leads]


def leads_from(stored: Iterable[dict[str, Any]] | None) -> list[LeadTime]:
    """Lead times read back; entries that no longer make sense are skipped."""
    leads = []
    for item in stored or ():
        minutes, purpose = item.get("minutes"), item.get("purpose")
        if isinstance(minutes, int) and minutes > 0 and purpose in LEAD_PURPOSES:
            leads.append(LeadTime(minutes, purpose))
    return sorted(leads, key=lambda lead: -lead.minutes)


def stored_leads(session: Session) -> dict[int, list[LeadTime]]:
    """Everyone's own lead times, by person (people missing here have the defaults)."""
    return {
        row.person_id: leads_from(row.leads) for row in session.scalars(select(ReminderLeadTimes))
    }


def save_leads(
    session: Session, store: Store, actor: Actor, person_id: int, chosen: list[LeadTime]
) -> None:
    """Store checked lead times, drop the person's pending reminders of leads no longer chosen
    (never shown, so nothing is lost) and audit the change."""
    if session.get(Person, person_id) is None:
        raise NotFound(N_("This person no longer exists."))
    now = store.clock.now()
    row = session.get(ReminderLeadTimes, person_id)
    before = leads_to(DEFAULT_LEAD_TIMES if row is None else leads_from(row.leads))
    if row is None:
        row = ReminderLeadTimes(person_id=person_id, leads=[], updated_at=now)
        session.add(row)
    row.leads = leads_to(chosen)
    row.updated_at = now
    kept = {(lead.purpose, lead.minutes) for lead in chosen}
    pending = session.execute(
        select(Reminder.id, Reminder.kind, Reminder.lead_minutes).where(
            Reminder.person_id == person_id,
            Reminder.kind.in_(LEAD_KINDS),
            Reminder.state == ReminderState.PENDING.value,
            Reminder.shown_at.is_(None),
        )
    )
    dropped = [row_id for row_id, kind, minutes in pending if (kind, minutes) not in kept]
    if dropped:
        session.execute(
            delete(Reminder)
            .where(Reminder.id.in_(dropped))
            .execution_options(synchronize_session=False)
        )
    audit.record(
        session,
        store,
        actor,
        "update",
        "reminder_lead_times",
        person_id,
        {"leads": before},
        {"leads": row.leads},
    )
