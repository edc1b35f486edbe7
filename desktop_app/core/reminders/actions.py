"""What a person does with their own reminders: see the open ones, acknowledge, snooze.

The base of :class:`~desktop_app.core.reminders.service.ReminderService`; kept apart so that
each file stays small. A person acts only on their own reminders; every change is audited.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Reminder
from desktop_app.core.reminders.escalation import ESCALATING_KINDS, chain_of
from desktop_app.core.reminders.sync import LIVE_STATES
from desktop_app.core.reminders.text import (
    is_urgent,
    reminder_view,
    snooze_end,
    snooze_presets,
)
from desktop_app.core.reminders.types import (
    BEFORE_WINDOW_MARGIN,
    MISSED_AFTER,
    ReminderState,
    ReminderView,
    SnoozePreset,
)
from desktop_app.core.storage.store import Store

log = logging.getLogger(__name__)

#: The longest "snooze all" (a day).
MAX_SNOOZE_ALL_MINUTES = 24 * 60


def _open_filter(person_id: int):  # type: ignore[no-untyped-def]
    """Shown to the person and waiting for them (a passed-on one stays until acknowledged)."""
    return (
        Reminder.person_id == person_id,
        or_(
            Reminder.state == ReminderState.SHOWN.value,
            (Reminder.state == ReminderState.ESCALATED.value) & Reminder.shown_at.is_not(None),
        ),
    )


class ReminderActions:
    """Open reminders, acknowledge and snooze."""

    def __init__(self, store: Store, org: OrgSettingsService) -> None:
        self._store = store
        self._org = org

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self._org.get().timezone)

    def open_for(self, actor: Actor) -> list[ReminderView]:
        """Shown and not yet acknowledged, snoozed or expired (the notification area)."""
        if actor.person_id is None:
            return []
        now = self._store.clock.now()
        zone = self._zone()
        with self._store.read() as session:
            rows = session.scalars(
                select(Reminder)
                .where(*_open_filter(actor.person_id))
                .where(or_(Reminder.expires_at.is_(None), Reminder.expires_at > now))
                .order_by(Reminder.due_at, Reminder.id)
            )
            return [reminder_view(row, now, zone) for row in rows]

    def acknowledge(self, actor: Actor, reminder_id: int) -> Outcome[ReminderView]:
        """Confirm a reminder (who and when are recorded). For a "be at your phone" warning
        this closes the whole chain it was passed along: whoever confirms, it is covered."""
        now = self._store.clock.now()
        with self._store.write() as session:
            row = self._own(session, actor, reminder_id)
            chain = chain_of(session, row) if row.kind in ESCALATING_KINDS else [row]
            changed = [r for r in chain if r.state in LIVE_STATES]
            for item in changed:
                before = {"state": item.state}
                item.state = ReminderState.ACKNOWLEDGED.value
                item.acknowledged_at = now
                item.acknowledged_by_id = actor.person_id
                audit.record(
                    session,
                    self._store,
                    actor,
                    "acknowledge",
                    "reminder",
                    item.id,
                    before,
                    {"state": item.state, "acknowledged_by_id": actor.person_id},
                )
            session.flush()
            view = reminder_view(row, now, self._zone())
        log.info("reminder %d acknowledged by person %s", reminder_id, actor.person_id)
        return self._outcome(view, bool(changed))

    def snooze(self, actor: Actor, reminder_id: int, preset: SnoozePreset) -> Outcome[ReminderView]:
        """Put a reminder off with one of the presets it offers now."""
        try:
            preset = SnoozePreset(preset)
        except ValueError:
            raise ValidationError.single(
                "preset", N_("“{value}” is not a way to snooze."), value=preset
            ) from None
        now = self._store.clock.now()
        zone = self._zone()
        with self._store.write() as session:
            row = self._own(session, actor, reminder_id)
            if row.state not in LIVE_STATES:
                raise ValidationError.single(
                    "preset", N_("This reminder is closed and can no longer be snoozed.")
                )
            if preset not in snooze_presets(row, now, zone):
                raise ValidationError.single(
                    "preset", N_("This snooze would end too late: the window is too close.")
                )
            until = snooze_end(preset, now, row.window_starts_at, zone)
            self._put_off(session, actor, row, until, preset.value)  # type: ignore[arg-type]
            view = reminder_view(row, now, zone)
        return self._outcome(view, True)

    def snooze_all(self, actor: Actor, minutes: int = 60) -> Outcome[int]:
        """Put off every open reminder of the actor by ``minutes``; how many.

        An urgent one is put off at most until 10 minutes before its window starts (as
        "until 10 minutes before the window"), and not at all when that moment has passed: it
        must be back while someone can still be warned.
        """
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            minutes = 0
        if not 1 <= minutes <= MAX_SNOOZE_ALL_MINUTES:
            raise ValidationError.single("minutes", N_("Enter a number of minutes up to a day."))
        if actor.person_id is None:
            return Outcome(0, Changes())
        now = self._store.clock.now()
        with self._store.write() as session:
            rows = list(session.scalars(select(Reminder).where(*_open_filter(actor.person_id))))
            snoozed = 0
            for row in rows:
                until = now + timedelta(minutes=minutes)
                if is_urgent(row) and row.window_starts_at is not None:
                    until = min(until, row.window_starts_at - BEFORE_WINDOW_MARGIN)
                if until <= now:
                    continue  # too close to its window: it stays open
                self._put_off(session, actor, row, until, "all")
                snoozed += 1
        return Outcome(snoozed, Changes.of(Area.REMINDERS) if snoozed else Changes())

    def _put_off(
        self, session: Session, actor: Actor, row: Reminder, until: datetime, preset: str
    ) -> None:
        before = {"state": row.state, "snoozed_until": audit.plain(row.snoozed_until)}
        row.state = ReminderState.SNOOZED.value
        row.snoozed_until = until
        session.flush()
        audit.record(
            session,
            self._store,
            actor,
            "snooze",
            "reminder",
            row.id,
            before,
            {"state": row.state, "snoozed_until": audit.plain(until), "preset": preset},
        )

    @staticmethod
    def _own(session: Session, actor: Actor, reminder_id: int) -> Reminder:
        row = session.get(Reminder, reminder_id)
        if row is None:
            raise NotFound(N_("This reminder no longer exists."))
        if actor.person_id is None or row.person_id != actor.person_id:
            raise PermissionDenied(N_("This reminder belongs to someone else."))
        return row

    @staticmethod
    def _outcome(view: ReminderView, changed: bool) -> Outcome[ReminderView]:
        if not changed:
            return Outcome(view, Changes())
        return Outcome(view, Changes.of(Area.REMINDERS, ids=((Area.REMINDERS, view.id),)))

    @staticmethod
    def _mark_shown(session: Session, row: Reminder, now: datetime) -> bool:
        """Mark a due row shown unless another desk did first; True when this desk won."""
        state = row.state
        guard: tuple[ColumnElement[bool], ...]
        if state == ReminderState.EXPIRED.value:  # listed once in "missed while away"
            guard = (Reminder.missed_reported.is_(False),)
            values: dict[str, object] = {"missed_reported": True}
        else:
            due = row.snoozed_until if state == ReminderState.SNOOZED.value else row.due_at
            missed = due is not None and due < now - MISSED_AFTER
            values = {"shown_at": now, "shown_missed": missed}
            if state == ReminderState.ESCALATED.value:
                guard = (Reminder.shown_at.is_(None),)
            else:
                values["state"] = ReminderState.SHOWN.value
                guard = (
                    (Reminder.snoozed_until == row.snoozed_until,)
                    if state == ReminderState.SNOOZED.value
                    else ()
                )
        result = session.execute(
            update(Reminder)
            .where(Reminder.id == row.id, Reminder.state == state, *guard)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        session.refresh(row)
        return True
