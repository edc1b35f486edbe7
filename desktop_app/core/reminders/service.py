"""Reminders before contact windows: lead times per person, snooze, acknowledge and escalation.

Who is reminded
    Each person chooses lead times (:class:`LeadTime`; by default one day before, "prepare the
    checklist", and 15 minutes before, "be at your phone"). For every coming occurrence the
    on-duty responder (``Occurrence.on_duty``: the first available and certified one) receives
    all of their lead times; the other responders available for the whole window (the backups)
    receive their "prepare" ones too, so the checklist is ready should they be needed. "Be at
    your phone" is the last warning before a window: it is ``urgent`` (our own always-on-top
    window) and escalates — see :mod:`reminder_escalation`: unacknowledged after
    ``OrgSettings.reminder_escalation_minutes`` (10 by default) it passes to the next available
    responder, then the next, then the finance manager. "Prepare" reminders do not escalate.
    Coverage gaps within ``coverage_days_ahead`` reach the finance manager once per occurrence
    with who could cover; a responder whose certificate expires within 30 days is told once.

How a desk uses it
    ``sync`` materialises the rows for the whole team (any desk may run it; rows are unique per
    person, subject, kind and lead, so two desks never create a duplicate). ``next_due_at`` is the
    one moment to arm a single-shot timer for — the earliest due, snooze end, escalation check or
    window end, and never later than 30 minutes ahead so that the same timer re-syncs. When it
    fires: ``sync``, ``escalate_unacknowledged``, ``take_due``, then arm ``next_due_at`` again.

Missed and expired
    ``take_due`` marks what it returns as shown in the same transaction, guarded by the row's
    state, so a reminder is handed out once even to two desks of the same person. One taken more
    than two minutes after it fell due (the app was closed, the machine slept) has
    ``missed=True``. A reminder whose window ended before it was shown is expired instead; it is
    returned by ``take_due`` exactly once more with ``state="expired"`` and ``missed=True`` — the
    desk lists those together in one "missed while away" summary rather than as alerts. A row
    created after its moment had passed (a window added at short notice) is due at once and is
    not counted as missed.

Everything a person does here is theirs alone (acknowledge, snooze); finance and administrators
may also set other people's lead times. Acknowledging, snoozing, escalating, syncing and changing
lead times are recorded in the audit log; showing a reminder is not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, func, or_, select

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.routing import RoutingService
from desktop_app.core.models import Reminder, ReminderLeadTimes
from desktop_app.core.reminders.actions import ReminderActions
from desktop_app.core.reminders.escalation import next_check, overdue, pass_on, retire
from desktop_app.core.reminders.leads import (
    check_leads,
    leads_from,
    save_leads,
    stored_leads,
)
from desktop_app.core.reminders.sync import (
    LEAD_KINDS,
    LIVE_STATES,
    Wanted,
    certification_reminders,
    existing_keys,
    expire_ended,
    gap_reminders,
    insert_missing,
    lead_reminders,
    prune,
)
from desktop_app.core.reminders.text import reminder_view
from desktop_app.core.reminders.types import (
    DEFAULT_LEAD_TIMES,
    LEAD_PURPOSE_LABELS,
    LEAD_PURPOSES,
    RESYNC_INTERVAL,
    SNOOZE_LABELS,
    SYNC_AHEAD,
    LeadTime,
    ReminderKind,
    ReminderState,
    ReminderView,
    SnoozePreset,
)
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.service import Occurrence, WindowService, parse_key

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop_app.core.training.service import TrainingService
    from desktop_app.core.windows.coverage import CoverageService

__all__ = [
    "DEFAULT_LEAD_TIMES",
    "LEAD_PURPOSES",
    "LEAD_PURPOSE_LABELS",
    "SNOOZE_LABELS",
    "LeadTime",
    "ReminderKind",
    "ReminderService",
    "ReminderState",
    "ReminderView",
    "SnoozePreset",
]

_SYNCED_KINDS = (*LEAD_KINDS, ReminderKind.COVERAGE_GAP.value, ReminderKind.CERTIFICATION.value)


class ReminderService(ReminderActions):
    """Materialises, shows, snoozes, acknowledges and escalates reminders (Services.reminders)."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        windows: WindowService,
        coverage: CoverageService,
        routing: RoutingService,
        training: Callable[[], TrainingService],
    ) -> None:
        super().__init__(store, org)
        self._windows = windows
        self._coverage = coverage
        self._routing = routing
        self._training = training

    # ------------------------------------------------------------------ materialising

    def sync(self, actor: Actor) -> Outcome[int]:
        """Create the team's reminders for the coming horizon, drop those no longer wanted and
        expire those whose window ended; returns how many were created (idempotent)."""
        actor.require(Permission.VIEW_REGISTER)
        now = self._store.clock.now()
        org = self._org.get()
        with self._store.read() as session:
            stored = stored_leads(session)
        longest = max(
            (lead.minutes for leads in [*stored.values(), DEFAULT_LEAD_TIMES] for lead in leads),
            default=0,
        )
        horizon = now + timedelta(minutes=longest) + SYNC_AHEAD
        gap_end = now + timedelta(days=org.coverage_days_ahead)
        # One expansion for the lead reminders and the coverage gaps, whichever looks further.
        survey = self._coverage.survey(actor, now, max(horizon, gap_end))
        leads = lead_reminders(
            (o for o in survey.occurrences if o.starts_at < horizon),
            lambda person_id: stored.get(person_id, DEFAULT_LEAD_TIMES),
            now,
        )
        gaps = survey.uncovered(gap_end)
        manager = self._routing.finance_manager(actor) if gaps else None
        coverage = gap_reminders(gaps, manager[0], now, survey.suggestions) if manager else []
        certification = self._certification_wanted(actor, now)
        with self._store.write() as session:
            expired = expire_ended(session, now)
            removed = prune(
                session, LEAD_KINDS, leads, now, starting_before=horizon, quiet_expire_shown=False
            )
            removed += prune(
                session,
                (ReminderKind.COVERAGE_GAP.value,),
                coverage,
                now,
                starting_before=gap_end,
                quiet_expire_shown=True,
            )
            removed += prune(
                session,
                (ReminderKind.CERTIFICATION.value,),
                certification,
                now,
                quiet_expire_shown=True,
            )
            existing = existing_keys(session, _SYNCED_KINDS, now)
            created = insert_missing(session, [*leads, *coverage, *certification], existing, now)
            changed = bool(created or removed or expired)
            if changed:
                counts = {"created": created, "removed": removed, "expired": expired}
                audit.record(session, self._store, actor, "sync", "reminder", None, after=counts)
        return Outcome(created, Changes.of(Area.REMINDERS) if changed else Changes())

    def _certification_wanted(self, actor: Actor, now: datetime) -> list[Wanted]:
        """Reminders for responders whose certificate expires within 30 days."""
        from desktop_app.core.training.team import responder_ids

        people = responder_ids(self._store)
        if not people:
            return []
        statuses = self._training().certification_status(actor, sorted(people))
        return certification_reminders(statuses.values(), now)

    # ------------------------------------------------------------------ the desk's timer

    def next_due_at(self, actor: Actor) -> datetime | None:
        """The one moment the desk's timer should fire next (``None`` for a non-person)."""
        me = actor.person_id
        if me is None:
            return None
        now = self._store.clock.now()
        delay = timedelta(minutes=self._org.get().reminder_escalation_minutes)
        mine = Reminder.person_id == me
        with self._store.read() as session:
            moments = [
                session.scalar(select(func.min(column)).where(mine, *where))
                for column, where in (
                    (Reminder.due_at, (Reminder.state == ReminderState.PENDING.value,)),
                    (Reminder.snoozed_until, (Reminder.state == ReminderState.SNOOZED.value,)),
                    (
                        Reminder.due_at,
                        (
                            Reminder.state == ReminderState.ESCALATED.value,
                            Reminder.shown_at.is_(None),
                        ),
                    ),
                    (Reminder.expires_at, (Reminder.state.in_(LIVE_STATES),)),
                )
            ]
            if session.scalar(select(Reminder.id).where(mine, self._unreported()).limit(1)):
                moments.append(now)
            moments.append(next_check(session, now, delay))
        moments.append(now + RESYNC_INTERVAL)
        return min(moment for moment in moments if moment is not None)

    @staticmethod
    def _unreported() -> ColumnElement[bool]:
        """Expired before they were ever shown, and not yet listed as missed."""
        return and_(
            Reminder.state == ReminderState.EXPIRED.value,
            Reminder.shown_at.is_(None),
            Reminder.missed_reported.is_(False),
        )

    def take_due(self, actor: Actor) -> list[ReminderView]:
        """What is due now for the actor, marked shown in the same transaction (never twice);
        plus, once, the reminders that expired unseen (``state="expired"``, ``missed=True``)."""
        me = actor.person_id
        if me is None:
            return []
        now = self._store.clock.now()
        zone = self._zone()
        with self._store.write() as session:
            expire_ended(session, now, me)
            rows = session.scalars(
                select(Reminder)
                .where(
                    Reminder.person_id == me,
                    or_(
                        and_(Reminder.state == ReminderState.PENDING.value, Reminder.due_at <= now),
                        and_(
                            Reminder.state == ReminderState.SNOOZED.value,
                            Reminder.snoozed_until <= now,
                        ),
                        and_(
                            Reminder.state == ReminderState.ESCALATED.value,
                            Reminder.shown_at.is_(None),
                            Reminder.due_at <= now,
                        ),
                        self._unreported(),
                    ),
                )
                .order_by(Reminder.due_at, Reminder.id)
            ).all()
            taken = [row for row in rows if self._mark_shown(session, row, now)]
            for row in taken:
                log.info("reminder %d shown to person %d (%s, %s)", row.id, me, row.kind, row.state)
            return [reminder_view(row, now, zone) for row in taken]

    # ------------------------------------------------------------------ the tray

    def upcoming(self, actor: Actor, limit: int = 5) -> list[Occurrence]:
        """The next windows (running or coming within ``coverage_days_ahead``): those where the
        actor is a responder when there are any, else everyone's."""
        now = self._store.clock.now()
        end = now + timedelta(days=self._org.get().coverage_days_ahead)
        me = actor.person_id
        mine = [] if me is None else self._windows.occurrences(actor, now, end, responder_id=me)
        return (mine or self._windows.occurrences(actor, now, end))[: max(limit, 0)]

    # ------------------------------------------------------------------ escalation

    def escalate_unacknowledged(self, actor: Actor) -> Outcome[int]:
        """Pass on every urgent reminder left unacknowledged too long (team-wide); how many."""
        actor.require(Permission.VIEW_REGISTER)
        now = self._store.clock.now()
        delay = timedelta(minutes=self._org.get().reminder_escalation_minutes)
        with self._store.write() as session:
            expired = expire_ended(session, now)
            waiting = overdue(session, now, delay)
        manager = self._routing.finance_manager(actor) if waiting else None
        spans = [(r.window_starts_at, r.window_ends_at) for r in waiting if r.window_starts_at]
        occurrences: dict[str, Occurrence] = {}
        if spans:  # one expansion of their windows: their availability is judged as of now
            start = min(s for s, _e in spans)
            end = max(e or s for s, e in spans) + timedelta(seconds=1)
            keys = (parse_key(r.occurrence_key or "") for r in waiting)
            ids = {key[0] for key in keys if key is not None}
            found = self._windows.occurrences(actor, start, end, window_ids=sorted(ids))
            occurrences = {o.key: o for o in found}
        passed = 0
        for row in waiting:
            occurrence = occurrences.get(row.occurrence_key or "")
            if occurrence is None and row.window_starts_at and parse_key(row.occurrence_key or ""):
                # the window moved or went away after the warning: no call to cover then
                retire(self._store, actor, row.id, now)
            elif pass_on(self._store, actor, row.id, occurrence, manager, now):
                passed += 1
        changed = bool(waiting or expired)
        if passed:
            log.info("%d unacknowledged reminders escalated", passed)
        return Outcome(passed, Changes.of(Area.REMINDERS) if changed else Changes())

    # ------------------------------------------------------------------ lead times

    def lead_times(self, actor: Actor, person_id: int) -> list[LeadTime]:
        """A person's lead times, longest first (the defaults until they choose)."""
        self._may_manage(actor, person_id)
        with self._store.read() as session:
            row = session.get(ReminderLeadTimes, person_id)
            return list(DEFAULT_LEAD_TIMES) if row is None else leads_from(row.leads)

    def set_lead_times(
        self, actor: Actor, person_id: int, leads: list[LeadTime]
    ) -> Outcome[list[LeadTime]]:
        """Replace a person's lead times (an empty list: no window reminders for them).

        Their pending reminders of lead times no longer chosen are dropped at once; new ones
        appear at the next ``sync``.
        """
        self._may_manage(actor, person_id)
        chosen = check_leads(leads)
        with self._store.write() as session:
            save_leads(session, self._store, actor, person_id, chosen)
        return Outcome(chosen, Changes.of(Area.REMINDERS, ids=((Area.PEOPLE, person_id),)))

    @staticmethod
    def _may_manage(actor: Actor, person_id: int) -> None:
        """Everyone manages their own lead times; others' take the people permission."""
        if actor.person_id != person_id:
            actor.require(Permission.EDIT_PEOPLE)
