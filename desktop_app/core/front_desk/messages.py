"""Messages taken at the front desk, as their recipients see them and acknowledge them.

A *message* is the return-call follow-up left by an inbound call logged as "message taken" or "no
one available" (:data:`~desktop_app.core.front_desk.calls.MESSAGE_OUTCOMES`). Its assignee's desk
shows it at once (in team mode through the other desks' notifications) until they acknowledge
it; the acknowledgement — who, when — is what the front desk sees beside the messages it took.
When an overdue message is passed on to the next responder, the new assignee has not seen it yet:
it counts as unacknowledged for them until they acknowledge it too.

No amount, purpose or clause text ever appears here.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.i18n import N_, _, format_clock, format_moment
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.calls import MESSAGE_OUTCOMES
from desktop_app.core.models import Bank, CallRecord, FollowUp, LoanContract, Person
from desktop_app.core.storage.store import Store

LIMIT = 200


@dataclass(frozen=True)
class MessageView:
    """A message taken for someone, and whether they have seen it."""

    follow_up_id: int
    call_id: int
    outcome: str  # "message" or "no_one"
    taken_at: datetime
    taken_by_id: int | None  # who logged the call at the front desk
    taken_by_name: str
    caller_name: str
    caller_number: str
    bank_name: str
    contract_number: str
    notes: str
    assignee_id: int | None
    assignee_name: str
    due_at: datetime
    open: bool
    acknowledged_at: datetime | None
    acknowledged_by_id: int | None
    acknowledged_by_name: str

    @property
    def acknowledged(self) -> bool:
        """Seen by the person it is assigned to now."""
        return self.acknowledged_by_id is not None and self.acknowledged_by_id == self.assignee_id

    def title(self) -> str:
        caller = self.caller_name or self.caller_number or _("unknown caller")
        if self.outcome == "no_one":
            return _("Missed call: {caller}").format(caller=caller)
        return _("Message: {caller}").format(caller=caller)

    def body(self, zone: tzinfo | None = None) -> str:
        """What the recipient needs to call back, in a few lines (the title names the caller)."""
        number = self.caller_number if self.caller_name else ""  # else it is the title already
        about = [part for part in (self.bank_name, number, self.contract_number) if part]
        text = [" · ".join(about)] if about else []
        if self.notes:
            text.append(self.notes)
        text.append(
            _("Taken by {name}; call back by {due}.").format(
                name=self.taken_by_name or "—",
                due=_same_day_clock(self.due_at, self.taken_at, zone),
            )
        )
        return "\n".join(text)

    def acknowledgement_text(self, zone: tzinfo | None = None) -> str:
        """ "Acknowledged by 李娜 at 10:32" or "Not yet acknowledged by 李娜"."""
        if self.acknowledged_at is not None and self.acknowledged_by_name:
            seen = _("Acknowledged by {name} at {moment}").format(
                name=self.acknowledged_by_name,
                moment=_same_day_clock(self.acknowledged_at, self.taken_at, zone),
            )
            if self.acknowledged:
                return seen
            return _("{seen}; passed on to {name}, not yet acknowledged").format(
                seen=seen, name=self.assignee_name
            )
        return _("Not yet acknowledged by {name}").format(name=self.assignee_name or "—")


def _same_day_clock(value: datetime, reference: datetime, zone: tzinfo | None) -> str:
    """ "10:32" on the day of ``reference`` (in ``zone``), the date and time on any other day."""
    if zone is not None and value.astimezone(zone).date() == reference.astimezone(zone).date():
        return format_clock(value.astimezone(zone).time())
    return format_moment(value, zone)


class MessageService:
    """The recipient's unacknowledged messages, acknowledging one, and what the desk took."""

    def __init__(self, store: Store, org: OrgSettingsService) -> None:
        self._store = store
        self._org = org

    def unacknowledged_for(self, actor: Actor) -> list[MessageView]:
        """Open messages assigned to the acting person that they have not acknowledged yet,
        oldest first (the newest :data:`LIMIT` of them)."""
        if actor.person_id is None:
            return []
        query = _messages().where(
            FollowUp.assignee_id == actor.person_id,
            FollowUp.status == "open",
            or_(
                FollowUp.acknowledged_by_id.is_(None),
                FollowUp.acknowledged_by_id != FollowUp.assignee_id,
            ),
        )
        newest_first = query.order_by(CallRecord.occurred_at.desc(), FollowUp.id.desc())
        with self._store.read() as session:
            return list(reversed(_views(session, newest_first)))  # oldest first, newest kept

    def acknowledge(self, actor: Actor, follow_up_id: int) -> Outcome[MessageView]:
        """Record that the assignee has seen the message; a second time changes nothing."""
        with self._store.write() as session:
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None:
                raise NotFound(N_("The follow-up no longer exists."))
            if follow_up.kind != "return_call" or follow_up.call_id is None:
                raise ValidationError.single(
                    "follow_up_id", N_("This follow-up is not a message taken for someone.")
                )
            if follow_up.assignee_id != actor.person_id:
                raise PermissionDenied(N_("Only the person the message is for may acknowledge it."))
            if follow_up.acknowledged_by_id == actor.person_id:
                view = _views(session, _messages().where(FollowUp.id == follow_up_id))[0]
                return Outcome(view, Changes())
            before = audit.snapshot(follow_up, "acknowledged_at", "acknowledged_by_id")
            follow_up.acknowledged_at = self._store.clock.now()
            follow_up.acknowledged_by_id = actor.person_id
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "acknowledge",
                "follow_up",
                follow_up.id,
                before,
                audit.snapshot(follow_up, "acknowledged_at", "acknowledged_by_id"),
            )
            view = _views(session, _messages().where(FollowUp.id == follow_up_id))[0]
        return Outcome(view, Changes.of(Area.FOLLOW_UPS, ids=((Area.FOLLOW_UPS, follow_up_id),)))

    def taken_by(self, actor: Actor, since: datetime | None = None) -> list[MessageView]:
        """The messages the acting person took since ``since`` (default: today), newest first."""
        actor.require(Permission.LOG_CALLS)
        if since is None:
            zone = zoneinfo.ZoneInfo(self._org.get().timezone)
            today = self._store.clock.now().astimezone(zone).date()
            since = datetime.combine(today, time(0), tzinfo=zone)
        query = _messages().where(
            CallRecord.logged_by_id == actor.person_id, CallRecord.occurred_at >= since
        )
        with self._store.read() as session:
            return _views(
                session, query.order_by(CallRecord.occurred_at.desc(), FollowUp.id.desc())
            )


_COLUMNS = (
    FollowUp.id,
    FollowUp.assignee_id,
    FollowUp.due_at,
    FollowUp.status,
    FollowUp.acknowledged_at,
    FollowUp.acknowledged_by_id,
    CallRecord.id,
    CallRecord.outcome,
    CallRecord.occurred_at,
    CallRecord.logged_by_id,
    CallRecord.caller_name,
    CallRecord.caller_number,
    CallRecord.notes,
    Bank.name,
    LoanContract.contract_number,
)


def _messages() -> Select[*tuple[Any, ...]]:
    """Return-call follow-ups of inbound calls logged as a message or no one available."""
    return (
        select(*_COLUMNS)
        .join_from(FollowUp, CallRecord, CallRecord.id == FollowUp.call_id)
        .outerjoin(Bank, Bank.id == CallRecord.bank_id)
        .outerjoin(LoanContract, LoanContract.id == CallRecord.contract_id)
        .where(
            FollowUp.kind == "return_call",
            CallRecord.direction == "inbound",
            CallRecord.outcome.in_(sorted(MESSAGE_OUTCOMES)),
        )
        .limit(LIMIT)
    )


def _views(session: Session, query: Select[*tuple[Any, ...]]) -> list[MessageView]:
    rows = session.execute(query).all()
    wanted = {i for row in rows for i in (row[1], row[5], row[9]) if i is not None}
    names = (
        dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted))).all())
        if wanted
        else {}
    )
    return [
        MessageView(
            follow_up_id=follow_up_id,
            call_id=call_id,
            outcome=outcome,
            taken_at=occurred_at,
            taken_by_id=logged_by_id,
            taken_by_name=names.get(logged_by_id, ""),
            caller_name=caller_name,
            caller_number=caller_number,
            bank_name=bank_name or "",
            contract_number=contract_number or "",
            notes=notes,
            assignee_id=assignee_id,
            assignee_name=names.get(assignee_id, ""),
            due_at=due_at,
            open=status == "open",
            acknowledged_at=acknowledged_at,
            acknowledged_by_id=acknowledged_by_id,
            acknowledged_by_name=names.get(acknowledged_by_id, ""),
        )
        for (
            follow_up_id,
            assignee_id,
            due_at,
            status,
            acknowledged_at,
            acknowledged_by_id,
            call_id,
            outcome,
            occurred_at,
            logged_by_id,
            caller_name,
            caller_number,
            notes,
            bank_name,
            contract_number,
        ) in rows
    ]
