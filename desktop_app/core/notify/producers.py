"""What goes into the outbox: daily digests, chat notices, invitations to a contact window.

Each producer is idempotent — the outbox keeps one message per ``(channel, dedupe_key)`` — so any
desk may run it as often as it likes: a digest is queued once a day per person, a chat notice once
per event. Chat notices carry the bank, the time, the contract number and a person's name only:
never an amount, a clause text or what the bank asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit, formats
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.front_desk.follow_ups import KINDS, FollowUpService
from desktop_app.core.models import (
    Bank,
    Certificate,
    FollowUp,
    NotifyPreference,
    Person,
    Reminder,
)
from desktop_app.core.notify import texts
from desktop_app.core.notify.outbox import Draft, OutboxService, add_to_outbox
from desktop_app.core.notify.settings import NotifySettingsService
from desktop_app.core.reminders.types import ReminderKind
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.coverage import CoverageService
from desktop_app.core.windows.occurrences import Occurrence
from desktop_app.core.windows.service import WindowService

RECENT = timedelta(minutes=30)  # an event older than this is not announced any more
CERTIFICATE_NOTICE = timedelta(days=30)


@dataclass(frozen=True)
class Recipient:
    """Someone the app writes to, in their language."""

    person_id: int
    name: str
    email: str
    role: str
    language: str
    digest: bool


class NotifyProducer:
    """Turns the day's windows, follow-ups, reminders and messages into outbox entries."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        calendar: WorkingCalendar,
        windows: WindowService,
        coverage: CoverageService,
        follow_ups: FollowUpService,
        settings: NotifySettingsService,
        outbox: OutboxService,
    ) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar
        self._windows = windows
        self._coverage = coverage
        self._follow_ups = follow_ups
        self._settings = settings
        self._outbox = outbox

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self._org.get().timezone)

    def recipients(self) -> list[Recipient]:
        """Active people with an e-mail address, with their language and digest choice."""
        with self._store.read() as session:
            rows = session.execute(
                select(Person, NotifyPreference)
                .outerjoin(NotifyPreference, NotifyPreference.person_id == Person.id)
                .where(Person.active.is_(True), Person.email != "")
                .order_by(Person.id)
            ).all()
        return [
            Recipient(
                person.id,
                person.name,
                person.email,
                person.role,
                pref.language if pref is not None else "zh_CN",
                pref.daily_digest if pref is not None else True,
            )
            for person, pref in rows
        ]

    def set_preference(
        self, actor: Actor, person_id: int, language: str, daily_digest: bool
    ) -> Outcome[None]:
        """A person's own choice (or an administrator's for them)."""
        if actor.person_id != person_id:
            actor.require(Permission.EDIT_PEOPLE)
        if language not in ("zh_CN", "en"):
            raise ValidationError.single("language", N_("Choose Chinese or English."))
        with self._store.write() as session:
            if session.get(Person, person_id) is None:
                raise NotFound(N_("This person no longer exists."))
            row = session.get(NotifyPreference, person_id)
            if row is None:
                session.add(
                    NotifyPreference(
                        person_id=person_id, language=language, daily_digest=daily_digest
                    )
                )
            else:
                row.language, row.daily_digest = language, daily_digest
            audit.record(
                session,
                self._store,
                actor,
                "update",
                "notify_preference",
                person_id,
                after={"language": language, "daily_digest": daily_digest},
            )
        return Outcome(None, Changes.of(Area.PEOPLE))

    # --- digests -------------------------------------------------------------------------

    def queue_digests(self, actor: Actor) -> int:
        """Queue today's digest for everyone who wants one, once the digest hour has come."""
        settings = self._settings.get()
        if not settings.mail_configured:
            return 0
        zone = self._zone()
        now = self._store.clock.now().astimezone(zone)
        today = now.date()
        if now.hour < settings.digest_hour or not self._calendar.is_workday(today):
            return 0
        queued = 0
        for person in self.recipients():
            if not person.digest:
                continue
            draft = self.digest(actor, person, today)
            if draft is None:
                continue
            with self._store.write() as session:
                if add_to_outbox(session, self._store, draft, None) is not None:
                    queued += 1
        return queued

    def digest(self, actor: Actor, person: Recipient, day: date) -> Draft | None:
        """The digest of ``day`` for ``person``; ``None`` when nothing concerns them."""
        zone = self._zone()
        tr = texts.translator(person.language)
        start = datetime.combine(day, time(0), zone)
        end = start + timedelta(days=1)
        lines: list[str] = []
        windows = self._windows.occurrences(actor, start, end, responder_id=person.person_id)
        if windows:
            lines += ["", tr(texts.DIGEST_WINDOWS)]
            for item in windows:
                on_duty = item.on_duty.name if item.on_duty else tr(texts.NOBODY)
                when = texts.time_range(item.starts_at, item.ends_at, zone, person.language)
                number = f" · {item.contract_number}" if item.contract_number else ""
                lines.append(f"- {when} {item.bank_name}{number} · {on_duty}")
        due = [
            f
            for f in self._follow_ups.list(actor, status="open", assignee_id=person.person_id)
            if f.due_at < end
        ]
        if due:
            lines += ["", tr(texts.DIGEST_FOLLOW_UPS)]
            for f in due:
                late = f" ({tr(texts.DIGEST_OVERDUE)})" if f.overdue else ""
                when = texts.short_moment(f.due_at, zone, person.language)
                what = tr(_kind_label(f.kind))
                lines.append(f"- {when} {what} · {f.bank_name or f.contract_number}{late}")
        if person.role in (Role.ADMIN, Role.FINANCE):
            gaps = self._coverage.gaps(actor, start, end)
            if gaps:
                lines += ["", tr(texts.DIGEST_GAPS)]
                for gap in gaps:
                    o = gap.occurrence
                    when = texts.time_range(o.starts_at, o.ends_at, zone, person.language)
                    lines.append(f"- {when} {o.bank_name}")
        expiring = self._expiring_certificate(person.person_id, start)
        if expiring is not None:
            lines += ["", tr(texts.DIGEST_CERTIFICATE).format(day=_day(expiring, zone, person))]
        if not lines:
            return None
        body = "\n".join(
            [
                tr(texts.DIGEST_GREETING).format(person=person.name),
                *lines,
                "",
                tr(texts.DIGEST_FOOTER),
            ]
        )
        return Draft(
            channel="mail",
            kind="digest",
            dedupe_key=f"digest:{person.person_id}:{day.isoformat()}",
            recipients=(person.email,),
            subject=tr(texts.DIGEST_SUBJECT).format(day=_day(start, zone, person)),
            body=body,
            language=person.language,
        )

    def _expiring_certificate(self, person_id: int, start: datetime) -> datetime | None:
        with self._store.read() as session:
            latest = session.scalar(
                select(Certificate.expires_at)
                .where(Certificate.person_id == person_id)
                .order_by(Certificate.expires_at.desc())
                .limit(1)
            )
        if latest is None or not start <= latest < start + CERTIFICATE_NOTICE:
            return None
        return latest

    # --- chat ----------------------------------------------------------------------------

    def collect_chat(self) -> int:
        """Queue a chat notice for each recent event, on every chat group that is switched on."""
        settings = self._settings.get()
        if not settings.chats:
            return 0
        zone = self._zone()
        language = settings.chat_language
        tr = texts.translator(language)
        now = self._store.clock.now()
        since = now - RECENT
        notices: list[tuple[str, str]] = []
        with self._store.read() as session:
            names = dict(session.execute(select(Person.id, Person.name)).all())
            reminders = session.scalars(
                select(Reminder).where(
                    Reminder.kind.in_(
                        [
                            ReminderKind.BE_AT_PHONE.value,
                            ReminderKind.ESCALATED.value,
                            ReminderKind.COVERAGE_GAP.value,
                        ]
                    ),
                    Reminder.due_at <= now,
                    Reminder.due_at >= since,
                )
            ).all()
            for r in reminders:
                when = texts.short_moment(r.window_starts_at or r.due_at, zone, language)
                person = names.get(r.person_id, "")
                if r.kind == ReminderKind.BE_AT_PHONE.value:
                    key = f"soon:{r.occurrence_key or r.subject}"
                    text = tr(texts.WINDOW_SOON).format(bank=r.bank_name, time=when, person=person)
                elif r.kind == ReminderKind.ESCALATED.value:
                    key = f"escalated:{r.id}"
                    text = tr(texts.ESCALATED).format(bank=r.bank_name, time=when, person=person)
                else:
                    key = f"gap:{r.subject}"
                    text = tr(texts.COVERAGE_GAP).format(bank=r.bank_name, time=when)
                notices.append((key, text))
            messages = session.scalars(
                select(FollowUp).where(
                    FollowUp.kind == "return_call",
                    FollowUp.call_id.is_not(None),
                    FollowUp.created_at >= since,
                    FollowUp.escalation_level == 0,
                )
            ).all()
            banks = _bank_names(session, {m.bank_id for m in messages if m.bank_id})
            for m in messages:
                text = tr(texts.MESSAGE_TAKEN).format(
                    person=names.get(m.assignee_id or 0, tr(texts.NOBODY)),
                    bank=banks.get(m.bank_id or 0, ""),
                    due=texts.short_moment(m.due_at, zone, language),
                )
                notices.append((f"message:{m.id}", text))
        queued = 0
        with self._store.write() as session:
            for kind in settings.chats:
                for key, text in notices:
                    draft = Draft(kind, key.split(":", 1)[0], key, (kind,), "", text, language)
                    if add_to_outbox(session, self._store, draft, None) is not None:
                        queued += 1
        return queued

    # --- invitations ---------------------------------------------------------------------

    def invitation(
        self, actor: Actor, key: str, person_id: int | None = None
    ) -> Outcome[int | None]:
        """Queue an iCalendar invitation (METHOD:REQUEST) of one contact window for a person —
        by default whoever is on duty."""
        actor.require(Permission.EDIT_REGISTER)
        settings = self._settings.get()
        if not settings.mail_configured:
            raise ValidationError.single("mail", N_("Set up the mail server in Settings first."))
        occurrence = self._windows.occurrence(actor, key)
        if occurrence is None:
            raise NotFound(N_("This contact window no longer takes place then."))
        chosen = (
            person_id
            if person_id is not None
            else (occurrence.on_duty.person_id if occurrence.on_duty else None)
        )
        person = next((p for p in self.recipients() if p.person_id == chosen), None)
        if person is None:
            raise ValidationError.single(
                "person", N_("Nobody on duty for this window has an e-mail address.")
            )
        zone = self._zone()
        tr = texts.translator(person.language)
        when = texts.time_range(occurrence.starts_at, occurrence.ends_at, zone, person.language)
        calendar = invitation_ics(occurrence, person, settings.sender, self._store.clock.now())
        draft = Draft(
            channel="mail",
            kind="invitation",
            dedupe_key=f"invite:{key}:{person.person_id}",
            recipients=(person.email,),
            subject=tr(texts.INVITE_SUBJECT).format(bank=occurrence.bank_name, time=when),
            body=tr(texts.INVITE_BODY).format(
                person=person.name, bank=occurrence.bank_name, time=when
            ),
            language=person.language,
            bank_id=occurrence.bank_id,
            contract_id=occurrence.contract_id,
            calendar=calendar,
        )
        return self._outbox.queue(actor, draft)


def invitation_ics(occurrence: Occurrence, person: Recipient, organiser: str, now: datetime) -> str:
    """A one-event iCalendar request; its UID is the occurrence's, so a re-send updates it."""
    tr = texts.translator(person.language)
    contract = (
        tr(texts.INVITE_CONTRACT).format(number=occurrence.contract_number)
        if occurrence.contract_number
        else ""
    )
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Callback Desk//callback-desk//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"window-{occurrence.key}@callback-desk")
    event.add("dtstamp", now)
    event.add("dtstart", occurrence.starts_at)
    event.add("dtend", occurrence.ends_at)
    event.add("sequence", 0)
    event.add("summary", tr(texts.INVITE_SUMMARY).format(bank=occurrence.bank_name))
    event.add(
        "description",
        tr(texts.INVITE_DESCRIPTION).format(bank=occurrence.bank_name, contract=contract),
    )
    event.add("organizer", icalendar.vCalAddress(f"mailto:{organiser}"))
    attendee = icalendar.vCalAddress(f"mailto:{person.email}")
    attendee.params["cn"] = icalendar.vText(person.name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["rsvp"] = icalendar.vText("TRUE")
    event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    text: str = cal.to_ical().decode("utf-8")
    return text


def _kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)


def _day(moment: datetime, zone: ZoneInfo, person: Recipient) -> str:
    return formats.date_text(moment.astimezone(zone).date(), person.language)


def _bank_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Bank.id, Bank.name).where(Bank.id.in_(ids))).all())
