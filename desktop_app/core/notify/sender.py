"""Delivering the outbox: claim a due message, send it, mark it; back off on temporary failures.

A message is claimed with a guarded ``UPDATE … WHERE state = 'queued'`` so two desks never send
the same one. Just before the message itself is handed over the claim notes ``handing_over``: a
crash before that leaves the message to be sent again after :data:`~.outbox.CLAIM_TIMEOUT`, a
crash after it leaves it "perhaps sent" for a person to decide — never sent twice by itself.
Chat robots' rate limits are kept by deferring a message until the window has room.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import func, select, update

from desktop_app.core.common import audit
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.secrets import SecretStore
from desktop_app.core.models import OutboxMessage
from desktop_app.core.notify import smtp, webhooks
from desktop_app.core.notify.errors import DeliveryError, PermanentFailure, TemporaryFailure
from desktop_app.core.notify.outbox import FAILED, QUEUED, SENDING, SENT, affected
from desktop_app.core.notify.settings import (
    ChatKind,
    NotifySettings,
    NotifySettingsService,
    chat_secret_key,
    chat_url_key,
    mail_password_key,
)
from desktop_app.core.storage.store import Store

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12
BATCH = 50


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def compose(row: OutboxMessage, sender: str) -> EmailMessage:
    """The e-mail of an outbox row: text body, attachments, and an invitation part if any."""
    message = EmailMessage()
    message["Subject"] = row.subject
    message["From"] = sender
    message["To"] = ", ".join(row.recipients)
    message["Message-ID"] = row.message_id
    message["Date"] = format_datetime(row.created_at)
    message["Content-Language"] = "zh-CN" if row.language == "zh_CN" else "en"
    body = plain_lines(row.body)
    message.set_content(body, charset="utf-8", cte="7bit" if body.isascii() else "base64")
    if row.calendar:
        message.add_alternative(
            row.calendar.encode("utf-8"),
            maintype="text",
            subtype="calendar",
            params={"method": "REQUEST", "charset": "utf-8"},
        )
        message.add_attachment(
            row.calendar.encode("utf-8"),
            maintype="application",
            subtype="ics",
            filename="invite.ics",
        )
    for attachment in row.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


def plain_lines(text: str) -> str:
    """Text with every kind of line break made ``\n``: a Qt document's plain text separates
    lines with U+2028/U+2029, which Python splits on but SMTP does not, so a body could reach the
    server as one line longer than RFC 5321 allows."""
    for separator in ("\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"):
        text = text.replace(separator, "\n")
    return text


@dataclass
class SendReport:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0  # due, but this desk lacks the password or webhook, or a rate limit holds


MailTransport = Callable[
    [NotifySettings, str | None, EmailMessage, list[str], Callable[[], None]], None
]
ChatTransport = Callable[[ChatKind, str, str, str, int], None]


class OutboxSender:
    """Sends what is due; safe to run on several desks at once."""

    def __init__(
        self,
        store: Store,
        settings: NotifySettingsService,
        secrets: SecretStore,
        actor: Actor,
        mail: MailTransport = smtp.send_mail,
        chat: ChatTransport = webhooks.post,
    ) -> None:
        self._store = store
        self._settings = settings
        self._secrets = secrets
        self._actor = actor
        self._mail = mail
        self._chat = chat
        self._token = f"{store.desk or 'desk'}#{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def next_due(self) -> datetime | None:
        """When the next queued message falls due (for arming a timer), or None."""
        with self._store.read() as session:
            return session.scalar(
                select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.state == QUEUED)
            )

    def send_due(self, limit: int = BATCH) -> SendReport:
        """Deliver the messages that are due now, oldest first."""
        now = self._store.clock.now()
        settings = self._settings.get()
        report = SendReport()
        with self._store.read() as session:
            due = list(
                session.execute(
                    select(OutboxMessage.id, OutboxMessage.channel)
                    .where(OutboxMessage.state == QUEUED, OutboxMessage.next_attempt_at <= now)
                    .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                    .limit(limit)
                )
            )
        for message_id, channel in due:
            if not self._can_send(channel, settings):
                report.waiting += 1
                continue
            held = self._rate_limited(channel, now)
            if held is not None:
                self._defer(message_id, held)
                report.waiting += 1
                continue
            if not self._claim(message_id, now):
                continue
            outcome = self._deliver(message_id, channel, settings)
            setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def _can_send(self, channel: str, settings: NotifySettings) -> bool:
        if channel == "mail":
            return settings.mail_configured and (
                not settings.login or self._secrets.get(mail_password_key(settings)) is not None
            )
        return channel in settings.chats and bool(self._secrets.get(chat_url_key(channel)))

    def _rate_limited(self, channel: str, now: datetime) -> datetime | None:
        if channel == "mail":
            return None
        limit = webhooks.RATE_LIMITS[ChatKind(channel)]
        since = now - timedelta(seconds=limit.seconds)
        with self._store.read() as session:
            recent = list(
                session.scalars(
                    select(OutboxMessage.sent_at)
                    .where(OutboxMessage.channel == channel, OutboxMessage.sent_at >= since)
                    .order_by(OutboxMessage.sent_at)
                )
            )
        if len(recent) < limit.count:
            return None
        oldest = recent[len(recent) - limit.count]
        return None if oldest is None else oldest + timedelta(seconds=limit.seconds)

    def _defer(self, message_id: int, until: datetime) -> None:
        with self._store.write() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.state == QUEUED)
                .values(next_attempt_at=until)
            )

    def _claim(self, message_id: int, now: datetime) -> bool:
        with self._store.write() as session:
            taken = affected(
                session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == message_id, OutboxMessage.state == QUEUED)
                    .values(state=SENDING, phase="claimed", claimed_at=now, claimed_by=self._token)
                )
            )
        return bool(taken)

    def _mark_handing_over(self, message_id: int) -> None:
        with self._store.write() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == self._token)
                .values(phase="handing_over")
            )

    def _deliver(self, message_id: int, channel: str, settings: NotifySettings) -> str:
        with self._store.read() as session:
            row = session.get(OutboxMessage, message_id)
            assert row is not None
            recipients = list(row.recipients)
            email = compose(row, settings.sender) if channel == "mail" else None
            text = row.body
            attempts = row.attempts + 1
        try:
            if email is not None:
                password = (
                    self._secrets.get(mail_password_key(settings)) if settings.login else None
                )
                self._mail(
                    settings,
                    password,
                    email,
                    recipients,
                    lambda: self._mark_handing_over(message_id),
                )
            else:
                kind = ChatKind(channel)
                url = self._secrets.get(chat_url_key(kind)) or ""
                secret = self._secrets.get(chat_secret_key(kind)) or ""
                self._mark_handing_over(message_id)
                now_ms = int(self._store.clock.now().timestamp() * 1000)
                self._chat(kind, url, secret, text, now_ms)
        except TemporaryFailure as error:
            return self._after_failure(message_id, attempts, error, permanent=False)
        except PermanentFailure as error:
            return self._after_failure(message_id, attempts, error, permanent=True)
        now = self._store.clock.now()
        with self._store.write() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(state=SENT, phase="", sent_at=now, attempts=attempts, last_error="")
            )
            audit.record(
                session,
                self._store,
                self._actor,
                "send",
                "outbox_message",
                message_id,
                after={"channel": channel, "recipients": recipients},
            )
        log.info("outbox message %s sent by %s", message_id, channel)
        return "sent"

    def _after_failure(
        self, message_id: int, attempts: int, error: DeliveryError, *, permanent: bool
    ) -> str:
        now = self._store.clock.now()
        gave_up = permanent or attempts >= MAX_ATTEMPTS
        with self._store.write() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(
                    state=FAILED if gave_up else QUEUED,
                    phase="",
                    attempts=attempts,
                    last_error=error.reason[:2000],
                    next_attempt_at=now + backoff(attempts),
                )
            )
            if gave_up:
                audit.record(
                    session,
                    self._store,
                    self._actor,
                    "fail",
                    "outbox_message",
                    message_id,
                    after={"reason": error.reason[:500], "attempts": attempts},
                )
        log.warning(
            "outbox message %s not sent (attempt %s): %s", message_id, attempts, error.reason
        )
        return "failed" if gave_up else "retrying"
