"""Follow-ups: what someone must do by a deadline — return a call, send a document, notify a bank.

Who may create or close one depends on its kind: returning a call or sending what the bank asked
for belongs to whoever logs calls; telling a bank about a changed number belongs to whoever keeps
the register. A notify-the-bank follow-up names the registered number it is about, so confirming
that number closes it and asking again does not open a second one.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Select, bindparam, select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.abroad import is_china_zone
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ConflictError, NotFound, ValidationError
from desktop_app.core.common.i18n import N_, SUPPORTED, _, translator_for
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.common.parsing import parse_clock
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.notify_texts import Words, reword, words_for
from desktop_app.core.models import (
    Bank,
    CallRecord,
    ContactWindow,
    FollowUp,
    LoanContract,
    Person,
    RegisteredNumber,
)
from desktop_app.core.storage.store import Store

KINDS = {
    "return_call": N_("Return call"),
    "document": N_("Send a document"),
    "notify_bank": N_("Notify the bank"),
}
KIND_PERMISSIONS = {
    "return_call": Permission.LOG_CALLS,
    "document": Permission.LOG_CALLS,
    "notify_bank": Permission.EDIT_REGISTER,
}
STATUSES = {"open": N_("To do"), "closed": N_("Done")}
NOTIFY_WORKING_DAYS = 10


@dataclass(frozen=True)
class FollowUpView:
    """A follow-up as the screens see it; ``overdue`` is judged against the service's clock."""

    id: int
    kind: str
    description: str
    due_at: datetime
    status: str
    assignee_id: int | None
    assignee_name: str
    bank_id: int | None
    bank_name: str
    contract_id: int | None
    contract_number: str
    call_id: int | None
    number_id: int | None
    number_display: str
    created_at: datetime
    closed_at: datetime | None
    closing_note: str
    overdue: bool
    escalation_level: int = 0  # how many times an overdue return call was passed on
    manager_id: int | None = None  # the finance manager shown it when it was escalated
    manager_name: str = ""

    def kind_text(self) -> str:
        return _(KINDS.get(self.kind, self.kind))

    def status_text(self) -> str:
        return _(STATUSES.get(self.status, self.status))


def working_days_after(calendar: WorkingCalendar, start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` on the Chinese calendar (调休 included)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
    return day


def due_after_working_days(
    calendar: WorkingCalendar, org: OrgSettings, now: datetime, days: int
) -> datetime:
    """The end of office hours on the ``days``-th working day after today, as an aware UTC time."""
    zone = zoneinfo.ZoneInfo(org.timezone)
    today = now.astimezone(zone).date()
    day = working_days_after(calendar, today, days)
    end = parse_clock(org.office_end, "office_end")
    return datetime.combine(day, end, tzinfo=zone).astimezone(now.tzinfo)


#: Built once: routing asks on every keystroke, and building it cost more than running it.
_BANK_ZONES = select(ContactWindow.timezone).where(
    ContactWindow.bank_id == bindparam("bank_id"), ContactWindow.active.is_(True)
)


def bank_zone(session: Session | Connection, bank_id: int | None) -> str:
    """The time zone of a bank abroad, read from its active contact windows when they name one
    place outside mainland China; "" otherwise (a bank here, or one without windows)."""
    if bank_id is None:
        return ""
    zones = set(session.execute(_BANK_ZONES, {"bank_id": bank_id}).scalars())
    abroad = {zone for zone in zones if not is_china_zone(zone)}
    return abroad.pop() if len(abroad) == 1 else ""


def due_after_working_hours(
    calendar: WorkingCalendar,
    org: OrgSettings,
    at: datetime,
    hours: float,
    bank_zone: str = "",
) -> datetime:
    """The moment ``hours`` of office time after ``at``, counted on working days only.

    Office time is the organisation's office hours (``office_start``–``office_end``) on the
    working days of the Chinese calendar (public holidays skipped, make-up workdays counted).
    With office hours 09:00–18:00 and 2 hours, a message taken at 17:30 on the Friday before a
    holiday is due at 10:30 on the next working day. For a bank abroad (``bank_zone``, see
    :func:`bank_zone`) a day counts only when it is a working day there too: a return call is
    not due on a Hong Kong or London public holiday. Returned in ``at``'s time zone.
    """
    there = None if is_china_zone(bank_zone) else calendar.workday_test(bank_zone)
    zone = zoneinfo.ZoneInfo(org.timezone)
    opens_at = parse_clock(org.office_start, "office_start")
    closes_at = parse_clock(org.office_end, "office_end")
    local = at.astimezone(zone)
    remaining = timedelta(hours=hours)
    day = local.date()
    for _day in range(3 * 366):  # a calendar with no working day for three years is a mistake
        if calendar.is_workday(day) and (there is None or there(day)):
            opens = datetime.combine(day, opens_at, tzinfo=zone)
            closes = datetime.combine(day, closes_at, tzinfo=zone)
            begin = max(local, opens)
            if begin < closes:
                if remaining <= closes - begin:
                    return (begin + remaining).astimezone(at.tzinfo)
                remaining -= closes - begin
        day += timedelta(days=1)
    raise ValidationError.single("calendar", N_("The working calendar has no working days."))


def open_notify_for(
    executor: Session | Connection, numbers: Collection[int] | Select[Any] | None
) -> dict[int, int]:
    """The open notify-the-bank follow-up of each number that has one, the oldest:
    {number: id}. ``numbers``: these ids, the ids a select gives, or None for every number."""
    if isinstance(numbers, Collection) and not numbers:
        return {}
    statement = (
        select(FollowUp.number_id, FollowUp.id)
        .where(
            FollowUp.kind == "notify_bank",
            FollowUp.status == "open",
            FollowUp.number_id.is_not(None),
        )
        .order_by(FollowUp.id)
    )
    if numbers is not None:
        ids = numbers if isinstance(numbers, Select) else list(numbers)
        statement = statement.where(FollowUp.number_id.in_(ids))
    found: dict[int, int] = {}
    for number_id, follow_up_id in executor.execute(statement):
        if number_id is not None:  # always: the query asks for numbered ones only
            found.setdefault(number_id, follow_up_id)
    return found


def add_follow_up(session: Session, store: Store, actor: Actor, values: dict[str, Any]) -> FollowUp:
    """Insert a follow-up (already validated) in the caller's transaction, with its audit entry."""
    follow_up = FollowUp(status="open", escalation_level=0, created_at=store.clock.now(), **values)
    session.add(follow_up)
    session.flush()
    audit.record(
        session, store, actor, "create", "follow_up", follow_up.id, after=audit.snapshot(follow_up)
    )
    return follow_up


def add_notify_bank(
    session: Session,
    store: Store,
    actor: Actor,
    number: RegisteredNumber,
    *,
    description: str,
    due_at: datetime,
    assignee_id: int | None,
) -> FollowUp | None:
    """A notify-the-bank follow-up for ``number``, unless one is already open (then ``None``)."""
    if open_notify_for(session, [number.id]):
        return None
    return add_follow_up(
        session,
        store,
        actor,
        {
            "kind": "notify_bank",
            "bank_id": number.bank_id,
            "contract_id": number.contract_id,
            "number_id": number.id,
            "assignee_id": assignee_id,
            "description": description,
            "due_at": due_at,
        },
    )


def close_open_notify(
    session: Session, store: Store, actor: Actor, number_id: int, note: str
) -> list[int]:
    """Close every open notify-the-bank follow-up of a number; returns their ids."""
    closed: list[int] = []
    for follow_up in session.scalars(
        select(FollowUp).where(
            FollowUp.kind == "notify_bank",
            FollowUp.status == "open",
            FollowUp.number_id == number_id,
        )
    ):
        _close(session, store, actor, follow_up, note)
        closed.append(follow_up.id)
    return closed


def _full(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_LOAN_DETAILS)


def _general_description(kind: str, tr: Callable[[str], str] = _) -> str:
    """What a follow-up without a description of its own is about, for any reader."""
    if kind == "document":
        return tr(N_("Send the bank the documents it asked for"))
    return ""


def _close(session: Session, store: Store, actor: Actor, follow_up: FollowUp, note: str) -> None:
    follow_up.status = "closed"
    follow_up.closed_at = store.clock.now()
    follow_up.closing_note = note
    session.flush()
    audit.record(
        session,
        store,
        actor,
        "close",
        "follow_up",
        follow_up.id,
        {"status": "open", "closing_note": ""},
        {"status": "closed", "closing_note": note},
    )


def describe_return_call(
    caller: str,
    bank_name: str,
    number: str,
    contract_number: str,
    notes: str,
    tr: Callable[[str], str] = _,
) -> str:
    """A return call's text: “Return the call: 张先生, 中国工商银行, 010 …, HT-1.” and the notes."""
    parts = [caller or tr(N_("unknown caller"))]
    parts += [part for part in (bank_name, number, contract_number) if part]
    text = tr(N_("Return the call: {caller}.")).format(caller=", ".join(parts))
    return f"{text} {notes}".strip() if notes else text


def _descriptions(
    session: Session,
    rows: list[FollowUp],
    banks: dict[int | None, str],
    contracts: dict[int | None, str],
    words: Words,
) -> dict[int, str]:
    """Return-call and notify-the-bank texts in the reader's language: the app wrote them in the
    language of the desk that logged the call or opened the follow-up, so a stored text that is
    exactly what the app writes, in any language, is written again now (one a person typed is
    left as it is)."""
    found: dict[int, str] = {}
    for row in rows:
        if row.kind == "notify_bank" and row.description:
            again = reword(row.description, words)
            if again is not None:
                found[row.id] = again
    calls = {r.call_id: r for r in rows if r.kind == "return_call" and r.call_id is not None}
    if not calls:
        return found
    records = session.execute(
        select(
            CallRecord.id, CallRecord.caller_name, CallRecord.caller_number, CallRecord.notes
        ).where(CallRecord.id.in_(list(calls)))
    )
    for call_id, caller, number, notes in records:
        row = calls[call_id]
        args = (caller, banks.get(row.bank_id, ""), number, contracts.get(row.contract_id, ""))
        written = {
            describe_return_call(*args, notes.strip(), translator_for(language))
            for language in SUPPORTED
        }
        if row.description in written:
            found[row.id] = describe_return_call(*args, notes.strip(), words.gettext)
    return found


def _closing_note(row: FollowUp, words: Words) -> str:
    """A closing note the app wrote (a bank's confirmation) in the reader's language."""
    if row.kind != "notify_bank" or not row.closing_note:
        return row.closing_note
    return reword(row.closing_note, words) or row.closing_note


def follow_up_views(
    session: Session,
    rows: list[FollowUp],
    now: datetime,
    details: bool = False,
    language: str | None = None,
) -> list[FollowUpView]:
    """Views of follow-ups with the names they point to, in four small queries.

    The document a bank asked for is loan detail: with ``details`` (a reader who may see loan
    details) it describes its follow-up; otherwise a general description does. The app's own
    texts are worded in ``language`` (the reader's; by default the active language).
    """
    words = words_for(language)
    documents: dict[int, str] = {}
    wanted = [r.id for r in rows if r.kind == "document" and r.id is not None]
    if details and wanted:
        documents = {
            key: value
            for key, value in session.execute(
                select(FollowUp.id, FollowUp.document).where(FollowUp.id.in_(wanted))
            ).all()
            if value
        }
    people = _names(
        session,
        Person.id,
        Person.name,
        {r.assignee_id for r in rows} | {r.manager_id for r in rows},
    )
    banks = _names(session, Bank.id, Bank.name, {r.bank_id for r in rows})
    contracts = _names(
        session, LoanContract.id, LoanContract.contract_number, {r.contract_id for r in rows}
    )
    numbers = _names(
        session, RegisteredNumber.id, RegisteredNumber.display, {r.number_id for r in rows}
    )
    described = _descriptions(session, rows, banks, contracts, words)
    return [
        FollowUpView(
            id=r.id,
            kind=r.kind,
            description=documents.get(r.id)
            or described.get(r.id, r.description)
            or _general_description(r.kind, words.gettext),
            due_at=r.due_at,
            status=r.status,
            assignee_id=r.assignee_id,
            assignee_name=people.get(r.assignee_id, ""),
            bank_id=r.bank_id,
            bank_name=banks.get(r.bank_id, ""),
            contract_id=r.contract_id,
            contract_number=contracts.get(r.contract_id, ""),
            call_id=r.call_id,
            number_id=r.number_id,
            number_display=numbers.get(r.number_id, ""),
            created_at=r.created_at,
            closed_at=r.closed_at,
            closing_note=_closing_note(r, words),
            overdue=r.status == "open" and r.due_at < now,
            escalation_level=r.escalation_level,
            manager_id=r.manager_id,
            manager_name=people.get(r.manager_id, ""),
        )
        for r in rows
    ]


def _names(session: Session, key: Any, label: Any, ids: set[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {k: v for k, v in session.execute(select(key, label).where(key.in_(wanted)))}


class FollowUpService:
    """Use cases for follow-ups."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _validate(
        self,
        session: Session,
        actor: Actor,
        kind: str,
        description: str,
        due_at: datetime,
        assignee_id: int | None,
        bank_id: int | None,
        contract_id: int | None,
        call_id: int | None,
    ) -> dict[str, Any]:
        if due_at.tzinfo is None:
            raise ValidationError.single("due_at", N_("Give the deadline with its time zone."))
        text = description.strip()
        if not text:
            raise ValidationError.single("description", N_("Say what has to be done."))
        assignee_id = assignee_id if assignee_id is not None else actor.person_id
        if assignee_id is None:
            raise ValidationError.single("assignee_id", N_("Choose who will do this."))
        assignee = session.get(Person, assignee_id)
        if assignee is None:
            raise ValidationError.single("assignee_id", N_("The person no longer exists."))
        if not assignee.active:
            raise ValidationError.single(
                "assignee_id", N_("{name} is no longer active."), name=assignee.name
            )
        if contract_id is not None:
            contract = session.get(LoanContract, contract_id)
            if contract is None:
                raise ValidationError.single("contract_id", N_("The contract no longer exists."))
            if bank_id is not None and contract.bank_id != bank_id:
                raise ValidationError.single(
                    "contract_id", N_("This contract is not with the chosen bank.")
                )
            bank_id = contract.bank_id
        if bank_id is not None and session.get(Bank, bank_id) is None:
            raise ValidationError.single("bank_id", N_("The bank no longer exists."))
        if kind == "notify_bank" and bank_id is None:
            raise ValidationError.single("bank_id", N_("Choose the bank to notify."))
        if call_id is not None and session.get(CallRecord, call_id) is None:
            raise ValidationError.single("call_id", N_("The call record no longer exists."))
        return {
            "kind": kind,
            "description": text,
            "due_at": due_at,
            "assignee_id": assignee_id,
            "bank_id": bank_id,
            "contract_id": contract_id,
            "call_id": call_id,
        }

    def create(
        self,
        actor: Actor,
        kind: str,
        description: str,
        due_at: datetime,
        assignee_id: int | None,
        bank_id: int | None = None,
        contract_id: int | None = None,
        call_id: int | None = None,
    ) -> Outcome[FollowUpView]:
        """Add a follow-up; ``assignee_id`` ``None`` assigns it to the acting person."""
        if kind not in KINDS:
            raise ValidationError.single("kind", N_("Unknown follow-up kind “{kind}”."), kind=kind)
        actor.require(KIND_PERMISSIONS[kind])
        with self._store.write() as session:
            values = self._validate(
                session,
                actor,
                kind,
                description,
                due_at,
                assignee_id,
                bank_id,
                contract_id,
                call_id,
            )
            follow_up = add_follow_up(session, self._store, actor, values)
            view = follow_up_views(session, [follow_up], self._store.clock.now(), _full(actor))[0]
        return Outcome(view, Changes.of(Area.FOLLOW_UPS, ids=((Area.FOLLOW_UPS, view.id),)))

    def close(self, actor: Actor, follow_up_id: int, note: str = "") -> Outcome[FollowUpView]:
        """Mark a follow-up done, with a note saying how."""
        with self._store.write() as session:
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None:
                raise NotFound(N_("The follow-up no longer exists."))
            actor.require(KIND_PERMISSIONS.get(follow_up.kind, Permission.EDIT_REGISTER))
            if follow_up.status != "open":
                raise ConflictError(N_("This follow-up is already closed."))
            from desktop_app.core.front_desk.caller_check import require_official_number

            require_official_number(session, follow_up, note)  # an unverified caller's
            _close(session, self._store, actor, follow_up, note.strip())
            view = follow_up_views(session, [follow_up], self._store.clock.now(), _full(actor))[0]
        return Outcome(view, Changes.of(Area.FOLLOW_UPS, ids=((Area.FOLLOW_UPS, view.id),)))

    def get(self, actor: Actor, follow_up_id: int) -> FollowUpView:
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None:
                raise NotFound(N_("The follow-up no longer exists."))
            return follow_up_views(session, [follow_up], self._store.clock.now(), _full(actor))[0]

    def list(
        self,
        actor: Actor,
        status: str | None = "open",
        assignee_id: int | None = None,
        bank_id: int | None = None,
        contract_id: int | None = None,
        kind: str | None = None,
        number_id: int | None = None,
        manager_id: int | None = None,
    ) -> list[FollowUpView]:
        """Follow-ups by deadline, soonest first; ``status`` ``None`` lists open and closed.

        ``manager_id`` lists the escalated return calls shown to that finance manager.
        """
        actor.require(Permission.VIEW_REGISTER)
        query = select(FollowUp).order_by(FollowUp.due_at, FollowUp.id)
        for column, value in (
            (FollowUp.status, status),
            (FollowUp.assignee_id, assignee_id),
            (FollowUp.bank_id, bank_id),
            (FollowUp.contract_id, contract_id),
            (FollowUp.kind, kind),
            (FollowUp.number_id, number_id),
            (FollowUp.manager_id, manager_id),
        ):
            if value is not None:
                query = query.where(column == value)
        with self._store.read() as session:
            rows = list(session.scalars(query))
            return follow_up_views(session, rows, self._store.clock.now(), _full(actor))
