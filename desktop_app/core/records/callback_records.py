"""Callback records: what the bank asked on a call, what was answered, and what was promised.

A record is written onto a call (a new call when none is given): who called (officer, number),
each question by topic with the answer given, the documents promised — each becomes a "send a
document" follow-up due at the end of office hours on its day — and anything that worries the
bank. Recording again adds to the same call: new documents become new follow-ups; those already
promised stay as they are.

What was asked and answered is loan detail: the front desk may write a first record of a call it
took, but does not read records back, nor overwrite one that holds answers. In team mode its
database login cannot read those columns at all, so for the front desk "holds a record" is told
from what it may read: the moment a record was written, or the topics noted on the call.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer_group

from desktop_app.core.common import audit, phone
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import FieldProblem, NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import clean, parse_clock, parse_day
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.follow_ups import FollowUpView, add_follow_up, follow_up_views
from desktop_app.core.models import Bank, BankOfficer, CallRecord, FollowUp, LoanContract, Person
from desktop_app.core.models.calls import CALL_DETAILS
from desktop_app.core.register.contracts import TOPICS
from desktop_app.core.storage.store import Store

RECORD_TOPICS = TOPICS
DIRECTIONS = {"inbound": N_("The bank called"), "return": N_("We called the bank back")}
# A call first written down through the callback form was answered by whoever records it.
NEW_CALL_OUTCOMES = {"inbound": "answered", "return": "answered"}


@dataclass(frozen=True)
class Exchange:
    """One question the bank asked, by topic, and the answer given."""

    topic: str
    question: str
    answer: str = ""


@dataclass(frozen=True)
class PromisedDocument:
    """A document promised to the bank by a day; ``assignee_id`` None: whoever took the call."""

    description: str
    due_on: date | str
    assignee_id: int | None = None


@dataclass
class CallbackDraft:
    """The callback form as filled in; ``call_id`` None records a new call."""

    call_id: int | None = None
    bank_id: int | None = None
    contract_id: int | None = None
    officer_id: int | None = None
    caller_name: str = ""
    caller_number: str = ""
    direction: str = "inbound"
    occurred_at: datetime | None = None  # a new call only; None: now
    taken_by_id: int | None = None  # None: the acting person
    exchanges: list[Exchange] = field(default_factory=list)
    documents: list[PromisedDocument] = field(default_factory=list)
    concerns: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OfficerChoice:
    """A bank officer the form offers as the caller."""

    id: int
    name: str
    role: str
    phone: str
    mobile: str


@dataclass(frozen=True)
class CallbackRecordView:
    """A call with its record; what was said is None for a reader without loan details."""

    call_id: int
    direction: str
    occurred_at: datetime
    outcome: str
    bank_id: int | None
    bank_name: str
    contract_id: int | None
    contract_number: str
    officer_id: int | None
    officer_name: str
    caller_name: str
    caller_number: str
    taken_by_id: int | None
    taken_by_name: str
    topics: tuple[str, ...]
    exchanges: tuple[Exchange, ...] | None
    bank_requests: str | None
    concerns: str | None
    notes: str | None  # the call's notes (a message taken), which the front desk reads
    record_notes: str | None  # the callback form's notes; None for a reader without details
    recorded_at: datetime | None
    recorded_by_name: str
    follow_ups: tuple[FollowUpView, ...]

    @property
    def restricted(self) -> bool:
        return self.exchanges is None

    @property
    def has_record(self) -> bool:
        return self.recorded_at is not None


def exchanges_of(call: CallRecord) -> tuple[Exchange, ...]:
    """The call's questions and answers; a call noted before the form existed gives one."""
    if call.exchanges:
        return tuple(
            Exchange(e.get("topic", "other"), e.get("question", ""), e.get("answer", ""))
            for e in call.exchanges
        )
    if call.questions or call.answers:
        topic = (call.topics or ["other"])[0]
        return (
            Exchange(topic if topic in RECORD_TOPICS else "other", call.questions, call.answers),
        )
    return ()


def _holds_record(call: CallRecord) -> bool:
    """Whether a record was written onto the call, told without reading what it says."""
    return call.recorded_at is not None or bool(call.topics)


# What the audit keeps of a call before a reader without loan details writes its first record.
VISIBLE_COLUMNS = (
    "direction",
    "occurred_at",
    "outcome",
    "bank_id",
    "contract_id",
    "officer_id",
    "caller_name",
    "caller_number",
    "taken_by_id",
    "topics",
    "notes",
)


def _details(full: bool) -> list[Any]:
    """Loader options: what was said on the call, only for a reader who may see it."""
    return [undefer_group(CALL_DETAILS)] if full else []


class CallbackRecordService:
    """Writes and reads callback records."""

    def __init__(self, store: Store, org: OrgSettingsService) -> None:
        self._store = store
        self._org = org

    def officers(self, actor: Actor, bank_id: int) -> list[OfficerChoice]:
        """The bank's active officers, for "who called"."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            rows = session.scalars(
                select(BankOfficer)
                .where(BankOfficer.bank_id == bank_id, BankOfficer.active.is_(True))
                .order_by(BankOfficer.name)
            )
            return [OfficerChoice(o.id, o.name, o.role, o.phone, o.mobile) for o in rows]

    def _due_at(self, day: date) -> datetime:
        org = self._org.get()
        end = parse_clock(org.office_end, "office_end")
        return datetime.combine(day, end, tzinfo=zoneinfo.ZoneInfo(org.timezone)).astimezone(UTC)

    def _check(self, session: Session, draft: CallbackDraft, actor: Actor) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if draft.direction not in DIRECTIONS:
            problems.append(FieldProblem("direction", N_("Choose who called whom.")))
        if draft.contract_id is not None:
            contract = session.get(LoanContract, draft.contract_id)
            if contract is None:
                problems.append(FieldProblem("contract_id", N_("The contract no longer exists.")))
            elif draft.bank_id is not None and contract.bank_id != draft.bank_id:
                problems.append(
                    FieldProblem("contract_id", N_("This contract is not with the chosen bank."))
                )
            else:
                draft.bank_id = contract.bank_id
        if draft.bank_id is None or session.get(Bank, draft.bank_id) is None:
            problems.append(FieldProblem("bank_id", N_("Choose the bank that called.")))
        if draft.officer_id is not None:
            officer = session.get(BankOfficer, draft.officer_id)
            if officer is None or officer.bank_id != draft.bank_id:
                problems.append(FieldProblem("officer_id", N_("This officer is not at the bank.")))
            elif not clean(draft.caller_name):
                draft.caller_name = officer.name
        taken_by = draft.taken_by_id if draft.taken_by_id is not None else actor.person_id
        if taken_by is not None and session.get(Person, taken_by) is None:
            problems.append(FieldProblem("taken_by_id", N_("The person no longer exists.")))
        for exchange in draft.exchanges:
            if exchange.topic not in RECORD_TOPICS:
                problems.append(
                    FieldProblem(
                        "exchanges", N_("Unknown topic “{topic}”."), {"topic": exchange.topic}
                    )
                )
        for index, document in enumerate(draft.documents):
            where = f"documents.{index}"
            if not clean(document.description):
                problems.append(FieldProblem(where, N_("Say which document was promised.")))
            try:
                parse_day(document.due_on, where)
            except ValidationError as error:
                problems.extend(error.problems)
            if document.assignee_id is not None:
                person = session.get(Person, document.assignee_id)
                if person is None or not person.active:
                    problems.append(FieldProblem(where, N_("Choose an active person to send it.")))
        return problems

    def record(self, actor: Actor, draft: CallbackDraft) -> Outcome[CallbackRecordView]:
        """Write the record onto its call (or a new call); promised documents become follow-ups."""
        actor.require(Permission.LOG_CALLS)
        exchanges = [
            Exchange(e.topic, e.question.strip(), e.answer.strip())
            for e in draft.exchanges
            if e.question.strip() or e.answer.strip()
        ]
        draft.exchanges = exchanges
        documents = [d for d in draft.documents if clean(d.description) or clean(str(d.due_on))]
        draft.documents = documents
        if not exchanges and not documents and not draft.concerns.strip():
            raise ValidationError.single(
                "exchanges",
                N_("Write down at least one question, a promised document or a concern."),
            )
        now = self._store.clock.now()
        with self._store.write() as session:
            problems = self._check(session, draft, actor)
            number = None
            if clean(draft.caller_number):
                try:
                    number = phone.normalise(
                        draft.caller_number, self._org.get().area_code, "caller_number"
                    )
                except ValidationError as error:
                    problems.extend(error.problems)
            if problems:
                raise ValidationError(problems)
            full = actor.can(Permission.VIEW_LOAN_DETAILS)
            call = self._call_for(session, actor, draft, now, full)
            before = None
            if call.id:
                before = audit.snapshot(call, *(() if full else VISIBLE_COLUMNS))
            if number is not None:
                call.caller_number, call.caller_number_key = number.display, number.key
            elif call.id is None:
                call.caller_number, call.caller_number_key = "", ""
            if clean(draft.caller_name):
                call.caller_name = clean(draft.caller_name)[:120]
            call.bank_id = draft.bank_id
            call.contract_id = draft.contract_id
            call.officer_id = draft.officer_id
            call.exchanges = [
                {"topic": e.topic, "question": e.question, "answer": e.answer} for e in exchanges
            ]
            call.topics = list(dict.fromkeys([*(call.topics or []), *(e.topic for e in exchanges)]))
            call.questions = "\n".join(e.question for e in exchanges if e.question)
            call.answers = "\n".join(e.answer for e in exchanges if e.answer)
            promised = [clean(d.description) for d in documents]
            if not full and call.id:  # a first record (see _call_for): nothing earlier to keep
                call.bank_requests = "\n".join(promised)
            elif promised:
                call.bank_requests = "\n".join(
                    [line for line in (call.bank_requests or "").splitlines() if line] + promised
                )
            call.concerns = draft.concerns.strip()
            # The form's notes are loan detail (record_notes); ``notes`` stays the front desk's.
            if draft.notes.strip():
                call.record_notes = draft.notes.strip()
            elif not full or call.id is None:
                call.record_notes = ""  # a first record: nothing earlier to keep
            call.recorded_at = now
            call.recorded_by_id = actor.person_id
            session.add(call)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "record" if before else "create",
                "call",
                call.id,
                before=before,
                after=audit.snapshot(call),
            )
            assignee_default = call.taken_by_id or actor.person_id
            created: list[int] = []
            for document in documents:
                day = parse_day(document.due_on, "due_on")
                assert day is not None
                follow_up = add_follow_up(
                    session,
                    self._store,
                    actor,
                    {
                        "kind": "document",
                        "call_id": call.id,
                        "contract_id": call.contract_id,
                        "bank_id": call.bank_id,
                        "assignee_id": document.assignee_id or assignee_default,
                        # What the bank asked for is loan detail: kept where the front
                        # desk cannot read it, which is told "send the bank a document".
                        "description": "",
                        "document": clean(document.description),
                        "due_at": self._due_at(day),
                    },
                )
                created.append(follow_up.id)
            view = self._view(session, call, actor)
        ids = ((Area.CALLS, view.call_id), *((Area.FOLLOW_UPS, i) for i in created))
        return Outcome(view, Changes.of(Area.CALLS, Area.FOLLOW_UPS, ids=ids))

    def _call_for(
        self, session: Session, actor: Actor, draft: CallbackDraft, now: datetime, full: bool
    ) -> CallRecord:
        if draft.call_id is None:
            return CallRecord(
                direction=draft.direction,
                occurred_at=draft.occurred_at or now,
                taken_by_id=draft.taken_by_id if draft.taken_by_id is not None else actor.person_id,
                logged_by_id=actor.person_id,
                outcome=NEW_CALL_OUTCOMES[draft.direction],
                topics=[],
                bank_requests="",
                notes="",
                caller_name="",
            )
        call = session.get(CallRecord, draft.call_id, options=_details(full))
        if call is None:
            raise NotFound(N_("The call record no longer exists."))
        if not full and _holds_record(call):
            raise PermissionDenied(
                N_("{name} may not change what was recorded of this call."), name=actor.name
            )
        if draft.taken_by_id is not None:
            call.taken_by_id = draft.taken_by_id
        return call

    def get(self, actor: Actor, call_id: int) -> CallbackRecordView:
        """A call and its record (texts withheld from a reader without loan details)."""
        actor.require(Permission.VIEW_REGISTER)
        full = actor.can(Permission.VIEW_LOAN_DETAILS)
        with self._store.read() as session:
            call = session.get(CallRecord, call_id, options=_details(full))
            if call is None:
                raise NotFound(N_("The call record no longer exists."))
            return self._view(session, call, actor)

    def _view(self, session: Session, call: CallRecord, actor: Actor) -> CallbackRecordView:
        full = actor.can(Permission.VIEW_LOAN_DETAILS)
        people: dict[int | None, str] = dict(
            session.execute(
                select(Person.id, Person.name).where(
                    Person.id.in_([i for i in (call.taken_by_id, call.recorded_by_id) if i])
                )
            ).all()
        )
        bank = session.get(Bank, call.bank_id) if call.bank_id else None
        contract = session.get(LoanContract, call.contract_id) if call.contract_id else None
        officer = session.get(BankOfficer, call.officer_id) if call.officer_id else None
        follow_ups = list(
            session.scalars(
                select(FollowUp)
                .where(FollowUp.call_id == call.id)
                .order_by(FollowUp.due_at, FollowUp.id)
            )
        )
        return CallbackRecordView(
            call_id=call.id,
            direction=call.direction,
            occurred_at=call.occurred_at,
            outcome=call.outcome,
            bank_id=call.bank_id,
            bank_name=bank.name if bank else "",
            contract_id=call.contract_id,
            contract_number=contract.contract_number if contract else "",
            officer_id=call.officer_id,
            officer_name=officer.name if officer else "",
            caller_name=call.caller_name,
            caller_number=call.caller_number,
            taken_by_id=call.taken_by_id,
            taken_by_name=people.get(call.taken_by_id, ""),
            topics=tuple(call.topics or ()),
            exchanges=exchanges_of(call) if full else None,
            bank_requests=call.bank_requests if full else None,
            concerns=call.concerns if full else None,
            notes=call.notes,
            record_notes=call.record_notes if full else None,
            recorded_at=call.recorded_at,
            recorded_by_name=people.get(call.recorded_by_id, ""),
            follow_ups=tuple(
                follow_up_views(session, follow_ups, self._store.clock.now(), details=full)
            ),
        )
