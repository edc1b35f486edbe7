"""Rings from the phone system: every ring leaves a call record, and no ring is left unlogged.

A ring (``callback-desk ring``, the loopback listener, the ``callback-desk:`` URL) creates a call
record with the outcome ``ringing``, its time, number and line, and the bank whose registers hold
the number when exactly one does. Logging an outcome at the console (F5–F8) completes that record
(:meth:`desktop_app.core.front_desk.calls.CallService.log`). A ring nobody logs within the
organisation's ``ring_stale_minutes`` becomes ``rang_unlogged`` — counted as missed by the
reports and the Today view — with a return-call follow-up for the bank's first available responder,
due after the usual allowance of working hours on the working calendar. A ring from a number no
register knows is kept the same way, and :meth:`RingService.tie` ties it to a bank later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common import phone as phones
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.calls import return_assignee
from desktop_app.core.front_desk.follow_ups import (
    add_follow_up,
    describe_return_call,
    due_after_working_hours,
)
from desktop_app.core.front_desk.ring_count import RANG_UNLOGGED, RINGING, count_unlogged
from desktop_app.core.front_desk.routing import RoutingService
from desktop_app.core.models import Bank, BankPhone, CallRecord, FollowUp
from desktop_app.core.storage.store import Store

log = logging.getLogger(__name__)

MAX_LINE = 60


@dataclass(frozen=True)
class RingView:
    """One ring as the console shows it. Never any loan detail."""

    call_id: int
    at: datetime
    number_display: str
    number_key: str
    line: str
    bank_id: int | None  # the bank whose registers hold the number, when exactly one does
    bank_name: str
    banks_holding: int  # how many banks hold the number (0: nobody knows it)
    outcome: str  # "ringing", "rang_unlogged", or what the desk logged

    @property
    def known(self) -> bool:
        return self.banks_holding > 0


@dataclass(frozen=True)
class SweptRing:
    """A ring that became "rang — not logged", and the return call it left."""

    call_id: int
    follow_up_id: int
    assignee_id: int | None
    due_at: datetime


class RingService:
    """Records rings, sweeps the stale ones, and ties an unknown number's ring to a bank."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        calendar: WorkingCalendar,
        routing: RoutingService,
    ) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar
        self._routing = routing

    def ring(
        self, actor: Actor, number: str, line: str = "", at: datetime | None = None
    ) -> Outcome[RingView]:
        """Record that the phone rings with ``number`` on ``line``; a "ringing" call record."""
        actor.require(Permission.LOG_CALLS)
        parsed = phones.normalise(number, self._org.get().area_code, field="number")
        line = clean(line)
        if len(line) > MAX_LINE:
            raise ValidationError.single(
                "line", N_("Keep the line's name under {count} characters."), count=MAX_LINE
            )
        moment = self._routing.moment(at)
        with self._store.write() as session:
            owners = session.execute(
                select(BankPhone.bank_id, BankPhone.officer_id).where(
                    BankPhone.number_key == parsed.key
                )
            ).all()
            bank_ids = {row[0] for row in owners}
            only = owners[0] if len(bank_ids) == 1 else None
            call = CallRecord(
                direction="inbound",
                occurred_at=moment,
                bank_id=only[0] if only else None,
                officer_id=only[1] if only else None,
                caller_number=parsed.display,
                caller_number_key=parsed.key,
                line=line,
                outcome=RINGING,
                topics=[],
                notes="",
            )
            session.add(call)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "ring",
                "call",
                call.id,
                after=audit.snapshot(call, "occurred_at", "caller_number", "line", "bank_id"),
            )
            view = _view(session, call, len(bank_ids))
        log.info("Ring recorded: call %s on line %r, %s bank(s) hold the number", view.call_id,
                 line, len(bank_ids))  # fmt: skip
        return Outcome(view, Changes.of(Area.CALLS, ids=((Area.CALLS, view.call_id),)))

    def get(self, actor: Actor, call_id: int) -> RingView:
        """A ring as it stands now (still ringing, swept, or completed by the desk)."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            call = _call(session, call_id)
            holding = _banks_holding(session, call.caller_number_key)
            return _view(session, call, holding)

    def ringing(self, actor: Actor) -> tuple[RingView, ...]:
        """The rings still waiting for the desk, newest first."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            calls = session.scalars(
                select(CallRecord)
                .where(CallRecord.outcome == RINGING)
                .order_by(CallRecord.occurred_at.desc(), CallRecord.id.desc())
            ).all()
            return tuple(
                _view(session, c, _banks_holding(session, c.caller_number_key)) for c in calls
            )

    def waiting(self, actor: Actor) -> int:
        """How many rings are still waiting for the desk (none: nothing for a sweep to do)."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            query = select(func.count()).select_from(CallRecord)
            return int(session.scalar(query.where(CallRecord.outcome == RINGING)) or 0)

    def sweep(self, actor: Actor, now: datetime | None = None) -> Outcome[tuple[SweptRing, ...]]:
        """Turn every ring older than ``ring_stale_minutes`` into "rang — not logged", each with
        a return-call follow-up. Safe to run as often as wanted and from several desks at once:
        a ring is swept once."""
        actor.require(Permission.LOG_CALLS)
        org = self._org.get()
        now = self._routing.moment(now)
        cutoff = now - timedelta(minutes=org.ring_stale_minutes)
        with self._store.read() as session:
            stale = session.execute(
                select(CallRecord.id, CallRecord.bank_id, CallRecord.occurred_at)
                .where(CallRecord.outcome == RINGING, CallRecord.occurred_at <= cutoff)
                .order_by(CallRecord.occurred_at, CallRecord.id)
            ).all()
        manager = self._routing.finance_manager(actor) if stale else None
        done: list[SweptRing] = []
        for call_id, bank_id, rang_at in stale:
            chosen = return_assignee(self._routing.transfer_list(actor, bank_id, None, rang_at))
            assignee_id = chosen.person_id if chosen else (manager[0] if manager else None)
            due_at = due_after_working_hours(
                self._calendar, org, rang_at, org.follow_up_working_hours
            )
            swept = self._sweep_one(actor, call_id, assignee_id, due_at)
            if swept is not None:
                done.append(swept)
        if done:
            log.info("Swept %s ring(s) nobody logged into missed calls", len(done))
        ids = tuple((Area.CALLS, s.call_id) for s in done)
        ids += tuple((Area.FOLLOW_UPS, s.follow_up_id) for s in done)
        changes = Changes.of(Area.CALLS, Area.FOLLOW_UPS, ids=ids) if done else Changes()
        return Outcome(tuple(done), changes)

    def _sweep_one(
        self, actor: Actor, call_id: int, assignee_id: int | None, due_at: datetime
    ) -> SweptRing | None:
        with self._store.write() as session:
            result = session.execute(
                update(CallRecord)
                .where(CallRecord.id == call_id, CallRecord.outcome == RINGING)
                .values(outcome=RANG_UNLOGGED)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return None  # logged, or swept by another desk, meanwhile
            call = _call(session, call_id)
            audit.record(
                session,
                self._store,
                actor,
                "sweep",
                "call",
                call_id,
                {"outcome": RINGING},
                {"outcome": RANG_UNLOGGED},
            )
            bank_name = _bank_name(session, call.bank_id)
            follow_up = add_follow_up(
                session,
                self._store,
                actor,
                {
                    "kind": "return_call",
                    "call_id": call_id,
                    "bank_id": call.bank_id,
                    "assignee_id": assignee_id,
                    "description": describe_return_call(
                        "", bank_name, call.caller_number, "", _("Rang — not logged.")
                    ),
                    "due_at": due_at,
                },
            )
            return SweptRing(call_id, follow_up.id, assignee_id, due_at)

    def tie(self, actor: Actor, call_id: int, bank_id: int) -> Outcome[RingView]:
        """Tie a ring (or a call) from a number no register knows to a bank; its open return
        call follows. Saving the number among the bank's is a separate, deliberate step."""
        actor.require(Permission.LOG_CALLS)
        with self._store.write() as session:
            if session.scalar(select(Bank.id).where(Bank.id == bank_id)) is None:
                raise ValidationError.single("bank_id", N_("The bank no longer exists."))
            call = _call(session, call_id)
            before = call.bank_id
            call.bank_id = bank_id
            moved = list(
                session.scalars(
                    select(FollowUp).where(FollowUp.call_id == call_id, FollowUp.status == "open")
                )
            )
            for follow_up in moved:
                follow_up.bank_id = bank_id
            session.flush()
            moved_ids = [follow_up.id for follow_up in moved]
            audit.record(
                session, self._store, actor, "tie", "call", call_id,
                {"bank_id": before}, {"bank_id": bank_id},
            )  # fmt: skip
            view = _view(session, call, _banks_holding(session, call.caller_number_key))
        ids = ((Area.CALLS, call_id), *((Area.FOLLOW_UPS, i) for i in moved_ids))
        areas = (Area.CALLS, Area.FOLLOW_UPS) if moved_ids else (Area.CALLS,)
        return Outcome(view, Changes.of(*areas, ids=ids))

    def record_refused(self, actor: Actor, peer: str, status: int) -> None:
        """An audit line for a request the loopback listener refused (a wrong token)."""
        with self._store.write() as session:
            audit.record(
                session, self._store, actor, "ring_refused", "ring", None,
                after={"peer": peer, "status": status},
            )  # fmt: skip
        log.warning("Loopback ring request refused (%s) from %s", status, peer)

    def missed_since(self, actor: Actor, since: datetime) -> int:
        """How many rings since ``since`` nobody logged (the Today view's "missed" count)."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            return count_unlogged(session, since)


def _call(session: Session, call_id: int) -> CallRecord:
    call = session.get(CallRecord, call_id)
    if call is None:
        raise NotFound(N_("The call no longer exists."))
    return call


def _bank_name(session: Session, bank_id: int | None) -> str:
    if bank_id is None:
        return ""
    return session.scalar(select(Bank.name).where(Bank.id == bank_id)) or ""


def _banks_holding(session: Session, key: str) -> int:
    if not key:
        return 0
    return int(
        session.scalar(
            select(func.count(func.distinct(BankPhone.bank_id))).where(BankPhone.number_key == key)
        )
        or 0
    )


def _view(session: Session, call: CallRecord, holding: int) -> RingView:
    return RingView(
        call_id=call.id,
        at=call.occurred_at,
        number_display=call.caller_number,
        number_key=call.caller_number_key,
        line=call.line,
        bank_id=call.bank_id,
        bank_name=_bank_name(session, call.bank_id),
        banks_holding=holding,
        outcome=call.outcome,
    )
