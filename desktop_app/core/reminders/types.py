"""The values the reminder services hand out: kinds, states, snooze presets, lead times, views.

Kept apart from the service so that the text, sync and escalation helpers can share them; import
them from :mod:`desktop_app.core.reminders.service`, which re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from desktop_app.core.common.i18n import N_


class SnoozePreset(StrEnum):
    """The ways a reminder can be put off."""

    TEN_MINUTES = "10m"
    ONE_HOUR = "1h"
    BEFORE_WINDOW = "before_window"  # until 10 minutes before the window starts
    TOMORROW_MORNING = "tomorrow_0900"  # tomorrow 09:00 in the organisation's time zone


SNOOZE_LABELS = {
    SnoozePreset.TEN_MINUTES: N_("10 minutes"),
    SnoozePreset.ONE_HOUR: N_("1 hour"),
    SnoozePreset.BEFORE_WINDOW: N_("Until 10 minutes before the window"),
    SnoozePreset.TOMORROW_MORNING: N_("Tomorrow 09:00"),
}


class ReminderKind(StrEnum):
    """What a reminder is about."""

    PREPARE = "prepare"  # a lead time before a window: have the checklist ready
    BE_AT_PHONE = "be_at_phone"  # a lead time before a window: the last warning (urgent)
    COVERAGE_GAP = "coverage_gap"  # to the finance manager: nobody can take a window
    CERTIFICATION = "certification"  # to a responder: the certificate expires within 30 days
    ESCALATED = "escalated"  # passed on: the previous person did not acknowledge in time


class ReminderState(StrEnum):
    """Where a reminder is in its life."""

    PENDING = "pending"  # not due yet, or due and not yet shown
    SHOWN = "shown"  # shown at a desk, waiting for acknowledge or snooze
    SNOOZED = "snoozed"  # put off until ``snoozed_until``
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"  # not acknowledged in time, passed on to the next responder
    EXPIRED = "expired"  # its window (or certificate) ended first


#: Lead-time purposes a person may choose from.
LEAD_PURPOSES = (ReminderKind.PREPARE.value, ReminderKind.BE_AT_PHONE.value)
LEAD_PURPOSE_LABELS = {
    ReminderKind.PREPARE.value: N_("Prepare the checklist"),
    ReminderKind.BE_AT_PHONE.value: N_("Be at your phone"),
}
#: The longest lead time accepted (a week) and the most lead times one person may have.
MAX_LEAD_MINUTES = 7 * 24 * 60
MAX_LEADS = 6

#: A reminder taken more than this long after it fell due is shown as missed.
MISSED_AFTER = timedelta(minutes=2)
#: BEFORE_WINDOW snoozes until this long before the window, and is offered only while more
#: than this is left.
BEFORE_WINDOW_MARGIN = timedelta(minutes=10)
#: next_due_at never lies further ahead than this, so one timer also re-syncs regularly.
RESYNC_INTERVAL = timedelta(minutes=30)
#: How far beyond the longest lead time sync() materialises reminders.
SYNC_AHEAD = timedelta(days=1)


@dataclass(frozen=True)
class LeadTime:
    """How long before a window a person wants to be reminded, and why."""

    minutes: int
    purpose: str  # "prepare" | "be_at_phone"

    @property
    def urgent(self) -> bool:
        """The last warning before a window: shown in the always-on-top window."""
        return self.purpose == ReminderKind.BE_AT_PHONE.value


DEFAULT_LEAD_TIMES: tuple[LeadTime, ...] = (
    LeadTime(24 * 60, ReminderKind.PREPARE.value),
    LeadTime(15, ReminderKind.BE_AT_PHONE.value),
)


@dataclass(frozen=True)
class ReminderView:
    """One reminder as the desk shows it; title and body are translated when read."""

    id: int
    kind: str  # a ReminderKind value
    person_id: int
    due_at: datetime  # UTC; for a snoozed one, the snooze end
    title: str
    body: str
    occurrence_key: str | None
    window_starts_at: datetime | None
    window_ends_at: datetime | None
    contract_id: int | None
    bank_name: str
    state: str  # a ReminderState value
    missed: bool  # fell due while the app was closed or the machine slept
    urgent: bool  # the last warning before a window: our own always-on-top window
    snooze_presets: tuple[SnoozePreset, ...]  # those that still make sense now
