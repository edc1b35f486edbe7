"""Logging a call at the front desk, taking a message, returning the call, escalating.

A message taken, or nobody available, leaves a return-call follow-up for the primary responder
(the first on the transfer list who is active and not away), due after the organisation's
allowance of working hours (``follow_up_working_hours``, counted within office hours on the
working calendar), in the same transaction as the call.

Escalation: an open return call past its deadline is passed to the next person on the transfer
list (``escalation_level`` + 1, ``escalated_at``) and shown to the finance manager, whose id is
kept in ``follow_up.manager_id`` — the Today view lists those with
``FollowUpService.list(actor, manager_id=…)``. The deadline promised to the bank stays as it was;
the next level comes due after another allowance of working hours from the escalation. Each level
happens once: the update only applies when the level is still the one read, so two desks
escalating at the same moment cannot both pass it on.

No amount, purpose or clause text ever appears in what these calls return.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common import phone as phones
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ConflictError, NotFound, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.follow_ups import (
    add_follow_up,
    bank_zone,
    describe_return_call,
    due_after_working_hours,
)
from desktop_app.core.front_desk.routing import Candidate, RoutingService
from desktop_app.core.models import (
    Bank,
    BankOfficer,
    BankPhone,
    CallRecord,
    FollowUp,
    LoanContract,
    Person,
)
from desktop_app.core.register.banks import BankService, BankView
from desktop_app.core.storage.store import Store

OUTCOMES = {
    "transferred": N_("Transferred and answered"),
    "message": N_("Message taken"),
    "no_one": N_("No one available"),
    "wrong_number": N_("Wrong number / not a bank"),
    "unverified": N_("Unverified caller: call back on an official number"),
}
#: What a call record from the phone system says before (and unless) the desk logs it.
RING_OUTCOMES = {
    "ringing": N_("Ringing"),
    "rang_unlogged": N_("Rang — not logged"),
}
RETURN_OUTCOMES = {
    "answered": N_("Reached the bank"),
    "no_answer": N_("No answer"),
}


@dataclass
class CallDraft:
    """A call as the desk logs it; ``occurred_at`` ``None`` means now."""

    outcome: str  # a key of OUTCOMES
    caller_name: str = ""
    caller_number: str = ""
    bank_id: int | None = None
    contract_id: int | None = None
    officer_id: int | None = None
    taken_by_id: int | None = None  # the person the call was transferred to
    return_by_id: int | None = None  # who returns the call (default: the primary responder)
    notes: str = ""
    occurred_at: datetime | None = None
    # The ring from the phone system this call completes (default: the latest one still ringing
    # from the same number).
    ring_id: int | None = None


@dataclass(frozen=True)
class CallView:
    """A logged call, and the follow-up it created or closed. Never any loan amount."""

    id: int
    direction: str  # "inbound" or "return"
    occurred_at: datetime
    outcome: str
    caller_name: str
    caller_number: str  # as displayed ("010 6552 1234")
    caller_number_key: str  # normalised ("+861065521234"); "" when none was given
    number_known: bool  # the caller's number is one of the bank's numbers on file
    bank_id: int | None
    bank_name: str
    contract_id: int | None
    contract_number: str
    officer_id: int | None
    taken_by_id: int | None
    taken_by_name: str
    logged_by_id: int | None
    notes: str
    follow_up_id: int | None  # created (inbound message) or closed (return call)
    follow_up_assignee_id: int | None
    follow_up_assignee_name: str
    follow_up_due_at: datetime | None
    follow_up_open: bool
    # When the official schedule of a year the deadline spans is not published: said with it.
    follow_up_due_notes: tuple[str, ...] = ()

    def outcome_text(self) -> str:
        table = RETURN_OUTCOMES if self.direction == "return" else {**OUTCOMES, **RING_OUTCOMES}
        if self.outcome == "answered" and self.direction != "return":
            return _("Answered directly")  # written down through the callback form
        return _(table.get(self.outcome, self.outcome))


@dataclass(frozen=True)
class Escalation:
    """One overdue return call passed on: from whom, to whom, and which manager was told."""

    follow_up_id: int
    level: int  # the escalation level reached (1 = first escalation)
    from_id: int | None
    from_name: str
    to_id: int | None  # the new assignee (the same person when nobody is left to pass it to)
    to_name: str
    manager_id: int | None
    manager_name: str
    due_at: datetime  # the deadline promised to the bank
    escalated_at: datetime


MESSAGE_OUTCOMES = frozenset({"message", "no_one", "unverified"})
_UNREACHABLE = frozenset({"inactive", "absent"})


def return_assignee(candidates: tuple[Candidate, ...]) -> Candidate | None:
    """Who returns a call: the first ranked responder who is active and not away, else the first
    active ranked one, else the first available person of the finance fallback."""
    ranked = [c for c in candidates if c.rank is not None]
    for candidate in ranked:
        if candidate.status.code not in _UNREACHABLE:
            return candidate
    for candidate in ranked:
        if candidate.status.code != "inactive":
            return candidate
    return next((c for c in candidates if c.rank is None), None)


class CallService:
    """Use cases of the front desk: log a call, save a caller's number, return calls, escalate."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        calendar: WorkingCalendar,
        routing: RoutingService,
        banks: BankService,
    ) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar
        self._routing = routing
        self._banks = banks

    # -- logging --------------------------------------------------------------------------------

    def check(self, actor: Actor, draft: CallDraft) -> tuple[str, str, str]:
        """The draft's own fields checked, without the database (the desk checks them at the key
        press, before the call is written off its thread): the caller's name cleaned, and the
        number's key and display. Raises ValidationError naming the field."""
        actor.require(Permission.LOG_CALLS)
        if draft.outcome not in OUTCOMES:
            raise ValidationError.single(
                "outcome", N_("Unknown call outcome “{outcome}”."), outcome=draft.outcome
            )
        caller_name = clean(draft.caller_name)
        if len(caller_name) > 120:
            raise ValidationError.single(
                "caller_name", N_("Keep the caller's name under 120 characters.")
            )
        number_key, number_display = "", ""
        if clean(draft.caller_number):
            area_code = self._org.get().area_code
            parsed = phones.normalise(draft.caller_number, area_code, field="caller_number")
            number_key, number_display = parsed.key, parsed.display
        if draft.outcome == "transferred" and draft.taken_by_id is None:
            raise ValidationError.single(
                "taken_by_id", N_("Choose the person the call was transferred to.")
            )
        return caller_name, number_key, number_display

    def log(self, actor: Actor, draft: CallDraft) -> Outcome[CallView]:
        """Log an inbound call; a message or nobody available creates the return-call follow-up."""
        caller_name, number_key, number_display = self.check(actor, draft)
        org = self._org.get()
        occurred_at = self._routing.moment(draft.occurred_at)
        assignee_id: int | None = None
        if draft.outcome in MESSAGE_OUTCOMES:
            assignee_id = draft.return_by_id or self._primary(
                actor, draft.bank_id, draft.contract_id, occurred_at
            )
        with self._store.write() as session:
            bank_id, bank_name, contract_number = self._check_refs(session, draft)
            due_at = due_after_working_hours(
                self._calendar,
                org,
                occurred_at,
                org.follow_up_working_hours,
                bank_zone(session, bank_id),  # a bank abroad: its public holidays too
            )
            if draft.taken_by_id is not None:
                _person(session, draft.taken_by_id, "taken_by_id")
            values = {
                "bank_id": bank_id,
                "contract_id": draft.contract_id,
                "officer_id": draft.officer_id,
                "caller_name": caller_name,
                "taken_by_id": draft.taken_by_id,
                "logged_by_id": actor.person_id,
                "outcome": draft.outcome,
                "notes": draft.notes.strip(),
            }
            call = _ringing(session, draft.ring_id, number_key)
            if call is not None:  # the ring from the phone system: completed, keeping its time
                before = _audit_form(call)
                for name, value in values.items():
                    setattr(call, name, value)
                if number_key:
                    call.caller_number, call.caller_number_key = number_display, number_key
                session.flush()
                audit.record(
                    session, self._store, actor, "complete", "call", call.id, before,
                    _audit_form(call),
                )  # fmt: skip
            else:
                call = CallRecord(
                    direction="inbound",
                    occurred_at=occurred_at,
                    caller_number=number_display,
                    caller_number_key=number_key,
                    topics=[],
                    **values,
                )
                session.add(call)
                session.flush()
                audit.record(
                    session, self._store, actor, "create", "call", call.id, after=_audit_form(call)
                )
            follow_up = None
            if assignee_id is not None:
                _person(session, assignee_id, "return_by_id")
                follow_up = add_follow_up(
                    session,
                    self._store,
                    actor,
                    {
                        "kind": "return_call",
                        "call_id": call.id,
                        "bank_id": bank_id,
                        "contract_id": draft.contract_id,
                        "assignee_id": assignee_id,
                        "description": _describe(call, bank_name, contract_number),
                        "due_at": due_at,
                    },
                )
            view = self._view(session, call, follow_up)
        if follow_up is not None:
            zone = zoneinfo.ZoneInfo(org.timezone)
            years = self._calendar.unpublished_years(
                occurred_at.astimezone(zone).date(), due_at.astimezone(zone).date()
            )
            notes = tuple(self._calendar.unpublished_note(year) for year in years)
            view = replace(view, follow_up_due_notes=notes)
        ids: tuple[tuple[Area, int], ...] = ((Area.CALLS, view.id),)
        areas = [Area.CALLS]
        if view.follow_up_id is not None:
            ids += ((Area.FOLLOW_UPS, view.follow_up_id),)
            areas.append(Area.FOLLOW_UPS)
        return Outcome(view, Changes.of(*areas, ids=ids))

    def _primary(
        self, actor: Actor, bank_id: int | None, contract_id: int | None, at: datetime
    ) -> int:
        candidates = self._routing.transfer_list(actor, bank_id, contract_id, at)
        chosen = return_assignee(candidates)
        if chosen is not None:
            return chosen.person_id
        manager = self._routing.finance_manager(actor)
        if manager is not None:
            return manager[0]
        raise ValidationError.single(
            "return_by_id", N_("No one answers for this bank: choose who will return the call.")
        )

    def _check_refs(self, session: Session, draft: CallDraft) -> tuple[int | None, str, str]:
        """The bank (the contract's, when a contract is named), its name, the contract number."""
        bank_id = draft.bank_id
        contract_number = ""
        if draft.contract_id is not None:
            row = session.execute(
                select(LoanContract.bank_id, LoanContract.contract_number).where(
                    LoanContract.id == draft.contract_id
                )
            ).first()
            if row is None:
                raise ValidationError.single("contract_id", N_("The contract no longer exists."))
            if bank_id is not None and row[0] != bank_id:
                raise ValidationError.single(
                    "contract_id", N_("This contract is not with the chosen bank.")
                )
            bank_id, contract_number = row[0], row[1]
        bank_name = ""
        if bank_id is not None:
            name = session.scalar(select(Bank.name).where(Bank.id == bank_id))
            if name is None:
                raise ValidationError.single("bank_id", N_("The bank no longer exists."))
            bank_name = name
        if draft.officer_id is not None:
            officer_bank = session.scalar(
                select(BankOfficer.bank_id).where(BankOfficer.id == draft.officer_id)
            )
            if officer_bank is None or (bank_id is not None and officer_bank != bank_id):
                raise ValidationError.single(
                    "officer_id", N_("This officer is not with the chosen bank.")
                )
        return bank_id, bank_name, contract_number

    def save_caller_number(
        self, actor: Actor, bank_id: int, number: str, label: str = ""
    ) -> Outcome[BankView]:
        """Save a caller's number, not yet on file, as one of the numbers the bank calls from."""
        actor.require(Permission.LOG_CALLS)
        return self._banks.add_phone(actor, bank_id, number, label, Permission.LOG_CALLS)

    # -- returning the call ---------------------------------------------------------------------

    def close_with_return_call(
        self,
        actor: Actor,
        follow_up_id: int,
        notes: str = "",
        outcome: str = "answered",
        occurred_at: datetime | None = None,
    ) -> Outcome[CallView]:
        """Record the return call of a follow-up; reaching the bank closes the follow-up.

        ``outcome`` "answered" closes it (``closing_call_id`` names the call); "no_answer"
        records the attempt and leaves it open.
        """
        actor.require(Permission.LOG_CALLS)
        if outcome not in RETURN_OUTCOMES:
            raise ValidationError.single(
                "outcome", N_("Unknown call outcome “{outcome}”."), outcome=outcome
            )
        at = self._routing.moment(occurred_at)
        with self._store.write() as session:
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None:
                raise NotFound(N_("The follow-up no longer exists."))
            if follow_up.kind != "return_call":
                raise ValidationError.single(
                    "follow_up_id", N_("This follow-up is not a call to return.")
                )
            if follow_up.status != "open":
                raise ConflictError(N_("This follow-up is already closed."))
            origin = session.get(CallRecord, follow_up.call_id) if follow_up.call_id else None
            call = CallRecord(
                direction="return",
                occurred_at=at,
                bank_id=follow_up.bank_id,
                contract_id=follow_up.contract_id,
                officer_id=origin.officer_id if origin else None,
                caller_name=origin.caller_name if origin else "",
                caller_number=origin.caller_number if origin else "",
                caller_number_key=origin.caller_number_key if origin else "",
                taken_by_id=actor.person_id,
                logged_by_id=actor.person_id,
                outcome=outcome,
                topics=[],
                notes=notes.strip(),
            )
            session.add(call)
            session.flush()
            audit.record(
                session, self._store, actor, "create", "call", call.id, after=_audit_form(call)
            )
            if outcome == "answered":
                follow_up.status = "closed"
                follow_up.closed_at = self._store.clock.now()
                follow_up.closing_note = notes.strip()
                follow_up.closing_call_id = call.id
                session.flush()
                audit.record(
                    session,
                    self._store,
                    actor,
                    "close",
                    "follow_up",
                    follow_up.id,
                    {"status": "open", "closing_call_id": None},
                    {"status": "closed", "closing_call_id": call.id},
                )
            view = self._view(session, call, follow_up)
        return Outcome(
            view,
            Changes.of(
                Area.CALLS,
                Area.FOLLOW_UPS,
                ids=((Area.CALLS, view.id), (Area.FOLLOW_UPS, follow_up_id)),
            ),
        )

    # -- escalation -----------------------------------------------------------------------------

    def escalate_overdue(
        self, actor: Actor, now: datetime | None = None
    ) -> Outcome[tuple[Escalation, ...]]:
        """Pass every overdue return call one level on; returns what was passed on.

        Safe to run as often as wanted (at start-up, on a timer, on resume): a level is reached
        once, and the next only after another allowance of working hours.
        """
        actor.require(Permission.LOG_CALLS)
        org = self._org.get()
        now = self._routing.moment(now)
        with self._store.read() as session:
            rows = session.execute(
                select(
                    FollowUp.id,
                    FollowUp.assignee_id,
                    FollowUp.bank_id,
                    FollowUp.contract_id,
                    FollowUp.escalation_level,
                    FollowUp.escalated_at,
                    FollowUp.manager_id,
                    FollowUp.due_at,
                )
                .where(
                    FollowUp.status == "open",
                    FollowUp.kind == "return_call",
                    FollowUp.due_at < now,
                )
                .order_by(FollowUp.due_at, FollowUp.id)
            ).all()
        manager = self._routing.finance_manager(actor) if rows else None
        done: list[Escalation] = []
        for follow_up_id, assignee_id, bank_id, contract_id, level, escalated_at, told, due in rows:
            if escalated_at is not None and (
                due_after_working_hours(
                    self._calendar, org, escalated_at, org.follow_up_working_hours
                )
                > now
            ):
                continue
            chain = self._routing.transfer_list(actor, bank_id, contract_id, now)
            target = _next_in(chain, assignee_id)
            manager_id = manager[0] if manager else told
            if target is None and (told is not None or manager_id is None):
                continue  # nobody left to pass it to, and the manager already knows
            new_assignee = target.person_id if target else assignee_id
            escalation = self._escalate(
                actor, follow_up_id, level, assignee_id, new_assignee, manager_id, now, due
            )
            if escalation is not None:
                done.append(escalation)
        changes = (
            Changes.of(Area.FOLLOW_UPS, ids=tuple((Area.FOLLOW_UPS, e.follow_up_id) for e in done))
            if done
            else Changes()
        )
        return Outcome(tuple(done), changes)

    def next_escalation_at(self, actor: Actor, now: datetime | None = None) -> datetime | None:
        """When :meth:`escalate_overdue` next has something to pass on, as things stand (None:
        no open return call will fall due). A desk arms one timer for it instead of polling."""
        actor.require(Permission.LOG_CALLS)
        org = self._org.get()
        now = self._routing.moment(now)
        open_return_calls = (FollowUp.status == "open", FollowUp.kind == "return_call")
        with self._store.read() as session:
            first_due = session.scalar(
                select(func.min(FollowUp.due_at)).where(
                    *open_return_calls, FollowUp.escalated_at.is_(None), FollowUp.due_at > now
                )
            )
            escalated = session.scalars(
                select(FollowUp.escalated_at).where(
                    *open_return_calls, FollowUp.escalated_at.is_not(None)
                )
            ).all()
        moments = [first_due] if first_due is not None else []
        for escalated_at in {moment for moment in escalated if moment is not None}:
            due = due_after_working_hours(
                self._calendar, org, escalated_at, org.follow_up_working_hours
            )
            if due > now:
                moments.append(due)
        return min(moments, default=None)

    def _escalate(
        self,
        actor: Actor,
        follow_up_id: int,
        level: int,
        from_id: int | None,
        to_id: int | None,
        manager_id: int | None,
        now: datetime,
        due: datetime,
    ) -> Escalation | None:
        with self._store.write() as session:
            result = session.execute(
                update(FollowUp)
                .where(
                    FollowUp.id == follow_up_id,
                    FollowUp.escalation_level == level,
                    FollowUp.status == "open",
                )
                .values(
                    assignee_id=to_id,
                    escalation_level=level + 1,
                    escalated_at=now,
                    manager_id=manager_id,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return None  # another desk passed it on meanwhile
            audit.record(
                session,
                self._store,
                actor,
                "escalate",
                "follow_up",
                follow_up_id,
                {"assignee_id": from_id, "escalation_level": level},
                {"assignee_id": to_id, "escalation_level": level + 1, "manager_id": manager_id},
            )
            names: dict[int | None, str] = dict(
                session.execute(
                    select(Person.id, Person.name).where(
                        Person.id.in_([i for i in (from_id, to_id, manager_id) if i is not None])
                    )
                ).all()
            )
        return Escalation(
            follow_up_id=follow_up_id,
            level=level + 1,
            from_id=from_id,
            from_name=names.get(from_id, ""),
            to_id=to_id,
            to_name=names.get(to_id, ""),
            manager_id=manager_id,
            manager_name=names.get(manager_id, ""),
            due_at=due,
            escalated_at=now,
        )

    # -- views ----------------------------------------------------------------------------------

    def _view(self, session: Session, call: CallRecord, follow_up: FollowUp | None) -> CallView:
        ids = {call.taken_by_id, follow_up.assignee_id if follow_up else None} - {None}
        names: dict[int | None, str] = (
            dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
            if ids
            else {}
        )
        bank_name = (
            session.scalar(select(Bank.name).where(Bank.id == call.bank_id))
            if call.bank_id is not None
            else None
        )
        contract_number = (
            session.scalar(
                select(LoanContract.contract_number).where(LoanContract.id == call.contract_id)
            )
            if call.contract_id is not None
            else None
        )
        known = bool(
            call.bank_id is not None
            and call.caller_number_key
            and session.scalar(
                select(BankPhone.id).where(
                    BankPhone.bank_id == call.bank_id,
                    BankPhone.number_key == call.caller_number_key,
                )
            )
        )
        return CallView(
            id=call.id,
            direction=call.direction,
            occurred_at=call.occurred_at,
            outcome=call.outcome,
            caller_name=call.caller_name,
            caller_number=call.caller_number,
            caller_number_key=call.caller_number_key,
            number_known=known,
            bank_id=call.bank_id,
            bank_name=bank_name or "",
            contract_id=call.contract_id,
            contract_number=contract_number or "",
            officer_id=call.officer_id,
            taken_by_id=call.taken_by_id,
            taken_by_name=names.get(call.taken_by_id, ""),
            logged_by_id=call.logged_by_id,
            notes=call.notes,
            follow_up_id=follow_up.id if follow_up else None,
            follow_up_assignee_id=follow_up.assignee_id if follow_up else None,
            follow_up_assignee_name=names.get(follow_up.assignee_id, "") if follow_up else "",
            follow_up_due_at=follow_up.due_at if follow_up else None,
            follow_up_open=bool(follow_up and follow_up.status == "open"),
        )


def _next_in(candidates: tuple[Candidate, ...], assignee_id: int | None) -> Candidate | None:
    """The next person after ``assignee_id`` on the transfer list who is active and not away.

    The list for escalation is the ranked responders, then the first of the finance fallback
    (the manager, when available): it ends there rather than going round every admin.
    """
    chain = [c for c in candidates if c.rank is not None]
    chain += [c for c in candidates if c.rank is None][:1]
    ids = [c.person_id for c in chain]
    start = ids.index(assignee_id) + 1 if assignee_id in ids else 0
    return next(
        (
            c
            for c in chain[start:]
            if c.person_id != assignee_id and c.status.code not in _UNREACHABLE
        ),
        None,
    )


def _ringing(session: Session, ring_id: int | None, number_key: str) -> CallRecord | None:
    """The ring a logged call completes: ``ring_id`` while it still rings, else the latest ring
    from ``number_key`` still ringing; locked, so that two desks cannot both complete it."""
    query = select(CallRecord).where(CallRecord.outcome == "ringing")
    if ring_id is not None:
        query = query.where(CallRecord.id == ring_id)
    elif number_key:
        query = query.where(CallRecord.caller_number_key == number_key)
    else:
        return None
    query = query.order_by(CallRecord.occurred_at.desc(), CallRecord.id.desc()).limit(1)
    return session.scalars(query.with_for_update()).first()


def _person(session: Session, person_id: int, field_name: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise ValidationError.single(field_name, N_("The person no longer exists."))
    if not person.active:
        raise ValidationError.single(
            field_name, N_("{name} is no longer active."), name=person.name
        )
    return person


def _describe(call: CallRecord, bank_name: str, contract_number: str) -> str:
    """The follow-up's text, in the active language; read back in the reader's language
    (:func:`desktop_app.core.front_desk.follow_ups.follow_up_views`)."""
    return describe_return_call(
        call.caller_name, bank_name, call.caller_number, contract_number, call.notes
    )


def _audit_form(call: CallRecord) -> dict[str, object]:
    return audit.snapshot(
        call,
        "direction",
        "occurred_at",
        "outcome",
        "bank_id",
        "contract_id",
        "caller_name",
        "caller_number",
        "line",
        "taken_by_id",
        "notes",
    )
