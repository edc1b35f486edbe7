"""Contact windows and open follow-ups as an iCalendar (.ics) file for Outlook or Apple Calendar.

One VEVENT per occurrence and one per open follow-up at its due time, each with a reminder 15
minutes before. Times are written in UTC, which every calendar program reads. The file is written
to a temporary name beside the target and renamed over it, so a reader never sees half a file.

Importing a newer export must update or cancel what an earlier one put in the calendar, never add
beside it (RFC 5545/5546): so an event's UID names what survives an edit — the window and the day
of an occurrence in the window's own zone (a one-off appointment: the window alone), the
follow-up — not its time; each event's ``SEQUENCE`` is raised whenever what it says changes; and
an event an earlier export announced that no longer exists (a removed window, a day that became a
company day off, a rule that moved, a finished follow-up) is written again as
``STATUS:CANCELLED`` with a raised sequence. What each UID last said is kept in the database
(``calendar_event``), shared by every desk of a team.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.files import write_atomically
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.follow_ups import FollowUpService, FollowUpView
from desktop_app.core.models import CalendarEvent
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.service import Occurrence, WindowService

if TYPE_CHECKING:  # icalendar is imported when a file is exported, not at start-up
    from icalendar import Event

PRODID = "-//Callback Desk//Contact windows//EN"
UID_DOMAIN = "callback-desk"
ALARM_BEFORE = timedelta(minutes=15)
FOLLOW_UP_LENGTH = timedelta(minutes=15)
# Cancelled events are repeated in later exports for this long before their start, so a calendar
# that skipped an export still learns of them; after that they are past and left alone.
CANCELLED_KEPT = timedelta(days=31)
WINDOW, FOLLOW_UP = "window", "follow_up"


@dataclass(frozen=True)
class PlannedEvent:
    """One event as this export would write it, before its sequence is known."""

    uid: str
    source: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str

    def digest(self) -> str:
        text = "\x1f".join(
            (self.starts_at.isoformat(), self.ends_at.isoformat(), self.summary, self.description)
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ExportedEvent:
    """An event with the sequence and status it is written with."""

    event: PlannedEvent
    sequence: int
    cancelled: bool


def occurrence_uid(occurrence: Occurrence) -> str:
    """The UID of an occurrence: its window and (recurring) its day, so a moved time keeps it."""
    if occurrence.kind == "one_off":
        return f"window-{occurrence.window_id}@{UID_DOMAIN}"
    return f"window-{occurrence.window_id}-{occurrence.day:%Y%m%d}@{UID_DOMAIN}"


def follow_up_uid(follow_up_id: int) -> str:
    return f"follow-up-{follow_up_id}@{UID_DOMAIN}"


def _summary(occurrence: Occurrence) -> str:
    subject = occurrence.title or occurrence.contract_number or _("Contact window")
    return _("{bank}: {subject}").format(bank=occurrence.bank_name, subject=subject)


def _description(occurrence: Occurrence) -> str:
    lines = []
    if occurrence.contract_number:
        lines.append(_("Contract: {number}").format(number=occurrence.contract_number))
    names = [
        r.name
        if r.available and r.certified
        else _("{name} ({reason})").format(name=r.name, reason=r.reason or _("not certified"))
        for r in occurrence.responders
    ]
    lines.append(_("Responders: {names}").format(names=", ".join(names) or "—"))
    on_duty = occurrence.on_duty
    lines.append(
        _("On duty: {name}").format(name=on_duty.name)
        if on_duty
        else _("On duty: nobody — coverage gap")
    )
    lines += [_("Warning: {text}").format(text=text) for text in occurrence.warnings]
    return "\n".join(lines)


def plan_occurrence(occurrence: Occurrence) -> PlannedEvent:
    return PlannedEvent(
        occurrence_uid(occurrence),
        WINDOW,
        occurrence.starts_at,
        occurrence.ends_at,
        _summary(occurrence),
        _description(occurrence),
    )


def plan_follow_up(follow_up: FollowUpView) -> PlannedEvent:
    text = [follow_up.description]
    if follow_up.assignee_name:
        text.append(_("Assigned to: {name}").format(name=follow_up.assignee_name))
    if follow_up.contract_number:
        text.append(_("Contract: {number}").format(number=follow_up.contract_number))
    return PlannedEvent(
        follow_up_uid(follow_up.id),
        FOLLOW_UP,
        follow_up.due_at,
        follow_up.due_at + FOLLOW_UP_LENGTH,
        _("Follow-up: {kind} — {bank}").format(
            kind=follow_up.kind_text(), bank=follow_up.bank_name or "—"
        ),
        "\n".join(line for line in text if line),
    )


def _event(exported: ExportedEvent, stamp: datetime) -> Event:
    from icalendar import Alarm, Event

    planned = exported.event
    event = Event()
    event.add("uid", planned.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", exported.sequence)
    event.add("dtstart", planned.starts_at)
    event.add("dtend", planned.ends_at)
    event.add("summary", planned.summary)
    if exported.cancelled:
        event.add("status", "CANCELLED")
        return event  # no reminder for what no longer happens
    event.add("status", "CONFIRMED")
    event.add("description", planned.description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", planned.summary)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


def build_calendar(events: list[ExportedEvent], stamp: datetime) -> bytes:
    """The .ics text of ``events`` (times in UTC), each stamped ``stamp``."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Bank contact windows"))
    for exported in events:
        calendar.add_component(_event(exported, stamp))
    data: bytes = calendar.to_ical()  # icalendar leaves it unannotated
    return data


class IcsExportService:
    """Exports the occurrences of a range and the open follow-ups as an .ics file."""

    def __init__(self, store: Store, windows: WindowService, follow_ups: FollowUpService) -> None:
        self._store = store
        self._windows = windows
        self._follow_ups = follow_ups

    def calendar_bytes(self, actor: Actor, start: datetime, end: datetime) -> bytes:
        """The .ics text of the occurrences in [start, end) and the open follow-ups.

        Open follow-ups due before ``end`` are included, overdue ones too: they are still to do.
        Events that earlier exports announced and that are gone are included as cancelled.
        """
        return self._build(actor, start, end)[0]

    def _build(self, actor: Actor, start: datetime, end: datetime) -> tuple[bytes, int]:
        actor.require(Permission.VIEW_REGISTER)
        occurrences: list[Occurrence] = self._windows.occurrences(actor, start, end)
        open_follow_ups = self._follow_ups.list(actor, status="open")
        planned = [plan_occurrence(o) for o in occurrences]
        planned += [plan_follow_up(f) for f in open_follow_ups if f.due_at < end]
        still_open = {follow_up_uid(f.id) for f in open_follow_ups}
        exported = self._sequenced(planned, still_open, start, end)
        data = build_calendar(exported, self._store.clock.now())
        return data, len(planned)

    def _sequenced(
        self, planned: list[PlannedEvent], still_open: set[str], start: datetime, end: datetime
    ) -> list[ExportedEvent]:
        """Each planned event with its sequence, and the vanished ones as cancelled."""
        try:
            return self._sequence_once(planned, still_open, start, end)
        except IntegrityError:
            # Another desk exported the same new event at the same moment: read its row again.
            return self._sequence_once(planned, still_open, start, end)

    def _sequence_once(
        self, planned: list[PlannedEvent], still_open: set[str], start: datetime, end: datetime
    ) -> list[ExportedEvent]:
        """One transaction that brings the calendar_event ledger up to date."""
        exported: list[ExportedEvent] = []
        wanted = {p.uid: p for p in planned}  # one per UID: a day holds one occurrence of a window
        with self._store.write() as session:
            rows = session.scalars(
                select(CalendarEvent).where(
                    or_(
                        CalendarEvent.uid.in_(list(wanted)),
                        CalendarEvent.source == FOLLOW_UP,
                        (CalendarEvent.starts_at >= start) & (CalendarEvent.starts_at < end),
                    )
                )
            ).all()
            known = {row.uid: row for row in rows}
            for uid, event in wanted.items():
                row = known.get(uid)
                digest = event.digest()
                if row is None:
                    row = CalendarEvent(uid=uid, source=event.source, sequence=0, digest=digest)
                    session.add(row)
                elif row.cancelled or row.digest != digest:
                    row.sequence += 1
                row.digest, row.cancelled = digest, False
                row.starts_at, row.ends_at, row.summary = (
                    event.starts_at,
                    event.ends_at,
                    event.summary,
                )
                exported.append(ExportedEvent(event, row.sequence, False))
            for row in rows:
                if row.uid in wanted or (row.source == FOLLOW_UP and row.uid in still_open):
                    continue
                if row.source == WINDOW and not start <= row.starts_at < end:
                    continue  # outside this export's range: neither confirmed nor denied
                if row.cancelled and row.starts_at < start - CANCELLED_KEPT:
                    continue
                if not row.cancelled:
                    row.sequence += 1
                    row.cancelled = True
                gone = PlannedEvent(
                    row.uid, row.source, row.starts_at, row.ends_at, row.summary, ""
                )
                exported.append(ExportedEvent(gone, row.sequence, True))
        return exported

    def export(self, actor: Actor, path: Path, start: datetime, end: datetime) -> int:
        """Write the .ics file; return how many events it holds. Nothing is written on error."""
        actor.require(Permission.VIEW_REGISTER)
        if path.suffix.lower() != ".ics":
            raise ValidationError.single("path", N_("Choose a file name ending in .ics."))
        if not path.parent.is_dir():
            raise ValidationError.single(
                "path", N_("The folder {folder} does not exist."), folder=str(path.parent)
            )
        if end <= start:
            raise ValidationError.single("end", N_("The end must be after the start."))
        data, count = self._build(actor, start, end)
        try:
            write_atomically(path, data)
        except OSError as error:
            raise ValidationError.single(
                "path", N_("Cannot write {path}: {reason}"), path=str(path), reason=error.strerror
            ) from None
        return count
