"""Contact windows and open follow-ups as an iCalendar (.ics) file for Outlook or Apple Calendar.

One VEVENT per occurrence (its UID stable from the occurrence key, so importing again updates
rather than duplicates) and one per open follow-up at its due time, each with a reminder 15
minutes before. Times are written in UTC, which every calendar program reads. The file is written
to a temporary name beside the target and renamed over it, so a reader never sees half a file.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.files import write_atomically
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.follow_ups import FollowUpService, FollowUpView
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.service import Occurrence, WindowService

if TYPE_CHECKING:  # icalendar is imported when a file is exported, not at start-up
    from icalendar import Event

PRODID = "-//Callback Desk//Contact windows//EN"
UID_DOMAIN = "callback-desk"
ALARM_BEFORE = timedelta(minutes=15)
FOLLOW_UP_LENGTH = timedelta(minutes=15)


def _summary(occurrence: Occurrence) -> str:
    subject = occurrence.title or occurrence.contract_number or _("Contact window")
    return _("{bank}: {subject}").format(bank=occurrence.bank_name, subject=subject)


def _description(occurrence: Occurrence) -> str:
    lines = []
    if occurrence.contract_number:
        lines.append(_("Contract: {number}").format(number=occurrence.contract_number))
    names = [
        r.name if r.available and r.certified else f"{r.name} ({r.reason or _('not certified')})"
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


def _event(
    uid: str, stamp: datetime, start: datetime, end: datetime, summary: str, text: str
) -> Event:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", text)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


def build_calendar(
    occurrences: list[Occurrence], follow_ups: list[FollowUpView], stamp: datetime
) -> bytes:
    """The .ics text of ``occurrences`` and ``follow_ups`` (times in UTC)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Bank contact windows"))
    for occurrence in occurrences:
        calendar.add_component(
            _event(
                f"{occurrence.key}@{UID_DOMAIN}",
                stamp,
                occurrence.starts_at,
                occurrence.ends_at,
                _summary(occurrence),
                _description(occurrence),
            )
        )
    for follow_up in follow_ups:
        text = [follow_up.description]
        if follow_up.assignee_name:
            text.append(_("Assigned to: {name}").format(name=follow_up.assignee_name))
        if follow_up.contract_number:
            text.append(_("Contract: {number}").format(number=follow_up.contract_number))
        calendar.add_component(
            _event(
                f"follow-up-{follow_up.id}@{UID_DOMAIN}",
                stamp,
                follow_up.due_at,
                follow_up.due_at + FOLLOW_UP_LENGTH,
                _("Follow-up: {kind} — {bank}").format(
                    kind=follow_up.kind_text(), bank=follow_up.bank_name or "—"
                ),
                "\n".join(line for line in text if line),
            )
        )
    return calendar.to_ical()


class IcsExportService:
    """Exports the occurrences of a range and the open follow-ups as an .ics file."""

    def __init__(self, store: Store, windows: WindowService, follow_ups: FollowUpService) -> None:
        self._store = store
        self._windows = windows
        self._follow_ups = follow_ups

    def calendar_bytes(self, actor: Actor, start: datetime, end: datetime) -> bytes:
        """The .ics text of the occurrences in [start, end) and the open follow-ups.

        Open follow-ups due before ``end`` are included, overdue ones too: they are still to do.
        """
        return self._build(actor, start, end)[0]

    def _build(self, actor: Actor, start: datetime, end: datetime) -> tuple[bytes, int]:
        actor.require(Permission.VIEW_REGISTER)
        occurrences = self._windows.occurrences(actor, start, end)
        follow_ups = [f for f in self._follow_ups.list(actor, status="open") if f.due_at < end]
        data = build_calendar(occurrences, follow_ups, self._store.clock.now())
        return data, len(occurrences) + len(follow_ups)

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
