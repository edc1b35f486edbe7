"""Handing one e-mail to the team's SMTP server: plain, STARTTLS or SSL, with a login if set.

The caller learns the moment just before the message itself is handed over (``before_data``), so
that the outbox can note it: a crash before then leaves the message safe to send again, one after
it leaves it "uncertain". SMTP's 4xx replies are temporary (retried), 5xx replies permanent.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Sequence
from email.message import EmailMessage

from desktop_app.core.notify.errors import PermanentFailure, TemporaryFailure
from desktop_app.core.notify.settings import NotifySettings, Security

TIMEOUT = 20.0  # seconds: a server that does not answer is "down", the message stays queued


def tls_context(settings: NotifySettings) -> ssl.SSLContext:
    """The system's trusted certificates, plus the team's private CA when one is set."""
    context = ssl.create_default_context()
    if settings.ca_file:
        context.load_verify_locations(cafile=settings.ca_file)
    return context


def _reply_text(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}".strip()


def send_mail(
    settings: NotifySettings,
    password: str | None,
    message: EmailMessage,
    recipients: Sequence[str],
    before_data: Callable[[], None] = lambda: None,
) -> None:
    """Deliver ``message``; raises TemporaryFailure or PermanentFailure with the server's words."""
    try:
        if settings.security == Security.SSL:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT, context=tls_context(settings)
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
        with client:
            client.ehlo()
            if settings.security == Security.STARTTLS:
                client.starttls(context=tls_context(settings))
                client.ehlo()
            if settings.login:
                client.login(settings.login, password or "")
            code, reply = client.mail(settings.sender)
            if code != 250:
                raise _failure(code, reply)
            for address in recipients:
                code, reply = client.rcpt(address)
                if code not in (250, 251):
                    raise _failure(code, reply)
            before_data()
            # CRLF line ends: smtplib sends bytes as they are, and a server reads until CRLF.
            raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
            code, reply = client.data(raw)
            if code != 250:
                raise _failure(code, reply)
    except smtplib.SMTPAuthenticationError as error:
        raise PermanentFailure(_reply_text(error.smtp_code, error.smtp_error)) from error
    except smtplib.SMTPResponseException as error:
        raise _failure(error.smtp_code, error.smtp_error) from error
    except smtplib.SMTPNotSupportedError as error:
        raise PermanentFailure(str(error)) from error
    except ssl.SSLError as error:
        raise PermanentFailure(f"TLS: {error.reason or error}") from error
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(str(error) or type(error).__name__) from error


def _failure(code: int, reply: bytes | str) -> TemporaryFailure | PermanentFailure:
    text = _reply_text(code, reply)
    return TemporaryFailure(text) if 400 <= code < 500 else PermanentFailure(text)
