"""The outbox: queue a message, list what was sent to a bank or a contract, retry, recover.

Queuing is idempotent per ``(channel, dedupe_key)`` — the same letter, digest or chat notice is
never queued twice, whichever desk notices it first. Delivery is in :mod:`.sender`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any, cast

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.models import OutboxAttachment, OutboxMessage
from desktop_app.core.notify.settings import EMAIL
from desktop_app.core.storage.store import Store

QUEUED, SENDING, SENT, FAILED, UNCERTAIN = "queued", "sending", "sent", "failed", "uncertain"
STATE_LABELS = {
    QUEUED: N_("Queued"),
    SENDING: N_("Sending"),
    SENT: N_("Sent"),
    FAILED: N_("Failed"),
    UNCERTAIN: N_("Perhaps sent"),
}
CLAIM_TIMEOUT = timedelta(minutes=2)  # far longer than one delivery may take
MAX_ATTACHMENT = 20 * 1024 * 1024
MESSAGE_ID_DOMAIN = "callback-desk.invalid"


@dataclass(frozen=True)
class Attachment:
    """A file to send with a message."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Draft:
    """A message to queue."""

    channel: str
    kind: str
    dedupe_key: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    language: str = "zh_CN"
    bank_id: int | None = None
    contract_id: int | None = None
    calendar: str | None = None
    attachments: tuple[Attachment, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboxView:
    """One outbox entry as the screens and the CLI show it (attachments by name only)."""

    id: int
    channel: str
    kind: str
    recipients: tuple[str, ...]
    subject: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    bank_id: int | None
    contract_id: int | None
    message_id: str
    attachments: tuple[str, ...]


def view_of(row: OutboxMessage) -> OutboxView:
    return OutboxView(
        row.id,
        row.channel,
        row.kind,
        tuple(row.recipients or ()),
        row.subject,
        row.state,
        row.attempts,
        row.next_attempt_at,
        row.last_error,
        row.created_at,
        row.sent_at,
        row.bank_id,
        row.contract_id,
        row.message_id,
        tuple(a.filename for a in row.attachments),
    )


def check_draft(draft: Draft) -> None:
    """Refuse a message that could never be delivered, naming what is wrong."""
    if not draft.recipients:
        raise ValidationError.single("recipients", N_("Enter at least one recipient."))
    if draft.channel == "mail":
        for address in draft.recipients:
            if not EMAIL.fullmatch(address) or "\x00" in address:
                raise ValidationError.single(
                    "recipients", N_("“{value}” is not an e-mail address."), value=address
                )
    if len(draft.subject) > 300:
        raise ValidationError.single("subject", N_("The subject is too long."))
    if "\x00" in draft.body or "\x00" in draft.subject:
        raise ValidationError.single("body", N_("The text contains a NUL character."))
    if sum(len(a.content) for a in draft.attachments) > MAX_ATTACHMENT:
        raise ValidationError.single("attachments", N_("The attachments exceed 20 MB."))


def add_to_outbox(
    session: Session, store: Store, draft: Draft, created_by: int | None
) -> int | None:
    """Queue ``draft`` in the session's transaction; ``None`` when it was queued before."""
    check_draft(draft)
    existing = session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.channel == draft.channel, OutboxMessage.dedupe_key == draft.dedupe_key
        )
    )
    if existing is not None:
        return None
    now = store.clock.now()
    row = OutboxMessage(
        channel=draft.channel,
        kind=draft.kind,
        dedupe_key=draft.dedupe_key,
        recipients=list(draft.recipients),
        subject=draft.subject,
        body=draft.body,
        calendar=draft.calendar,
        message_id=make_msgid(idstring=uuid.uuid4().hex[:12], domain=MESSAGE_ID_DOMAIN),
        language=draft.language,
        bank_id=draft.bank_id,
        contract_id=draft.contract_id,
        created_by_id=created_by,
        state=QUEUED,
        phase="",
        attempts=0,
        next_attempt_at=now,
        claimed_by="",
        last_error="",
        details=dict(draft.details),
        created_at=now,
    )
    row.attachments = [
        OutboxAttachment(filename=a.filename, content_type=a.content_type, content=a.content)
        for a in draft.attachments
    ]
    try:
        with session.begin_nested():  # a desk that queued the same meanwhile wins quietly
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    return row.id


class OutboxService:
    """Queue, list and retry outbox messages; every change is audited."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def queue(self, actor: Actor, draft: Draft) -> Outcome[int | None]:
        """Queue a letter, an invitation or a test mail on behalf of ``actor``."""
        actor.require(Permission.EDIT_REGISTER if draft.bank_id else Permission.VIEW_REGISTER)
        with self._store.write() as session:
            new_id = add_to_outbox(session, self._store, draft, actor.person_id)
            if new_id is not None:
                audit.record(
                    session,
                    self._store,
                    actor,
                    "queue",
                    "outbox_message",
                    new_id,
                    after={
                        "channel": draft.channel,
                        "kind": draft.kind,
                        "recipients": list(draft.recipients),
                        "subject": draft.subject,
                        "bank_id": draft.bank_id,
                        "contract_id": draft.contract_id,
                    },
                )
        return Outcome(new_id, Changes.of(Area.OUTBOX))

    def list(
        self,
        actor: Actor,
        *,
        bank_id: int | None = None,
        contract_id: int | None = None,
        states: Sequence[str] = (),
        limit: int = 500,
    ) -> list[OutboxView]:
        """The newest messages first, for a bank, a contract, or all (finance and admin)."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(max(1, limit))
        if bank_id is not None:
            query = query.where(OutboxMessage.bank_id == bank_id)
        if contract_id is not None:
            query = query.where(OutboxMessage.contract_id == contract_id)
        if states:
            query = query.where(OutboxMessage.state.in_(list(states)))
        with self._store.read() as session:
            return [view_of(row) for row in session.scalars(query)]

    def counts(self, actor: Actor) -> dict[str, int]:
        """How many messages are in each state."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        with self._store.read() as session:
            rows = session.execute(
                select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            ).all()
        return {state: int(count) for state, count in rows}

    def retry(self, actor: Actor, message_id: int | None = None) -> Outcome[int]:
        """Send now what failed, is perhaps sent, or waits for its next attempt (or one message)."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        now = self._store.clock.now()
        with self._store.write() as session:
            condition: ColumnElement[bool] = OutboxMessage.state.in_([QUEUED, FAILED, UNCERTAIN])
            if message_id is not None:
                if session.get(OutboxMessage, message_id) is None:
                    raise NotFound(N_("There is no outbox message {id}."), id=message_id)
                condition = condition & (OutboxMessage.id == message_id)
            ids = list(session.scalars(select(OutboxMessage.id).where(condition)))
            if ids:
                session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(ids))
                    .values(state=QUEUED, phase="", next_attempt_at=now, last_error="")
                )
                for item in ids:
                    audit.record(session, self._store, actor, "retry", "outbox_message", item)
        return Outcome(len(ids), Changes.of(Area.OUTBOX))

    def recover(self) -> int:
        """Claims left by a desk that stopped: back to the queue, or "perhaps sent" after DATA."""
        cutoff = self._store.clock.now() - CLAIM_TIMEOUT
        with self._store.write() as session:
            stale = OutboxMessage.state == SENDING
            old = or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < cutoff)
            handed = affected(
                session.execute(
                    update(OutboxMessage)
                    .where(stale, old, OutboxMessage.phase == "handing_over")
                    .values(state=UNCERTAIN, phase="")
                )
            )
            requeued = affected(
                session.execute(
                    update(OutboxMessage)
                    .where(stale, old, OutboxMessage.phase != "handing_over")
                    .values(state=QUEUED, phase="")
                )
            )
        return handed + requeued


def affected(result: Result[Any]) -> int:
    """How many rows an UPDATE changed."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)
