"""The outbox with a real SMTP server on loopback: STARTTLS with AUTH, refusals, a server down,
a crash in the middle, and two desks sending at once — each message delivered exactly once."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import trustme

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.notify.outbox import (
    FAILED,
    QUEUED,
    SENT,
    UNCERTAIN,
    Attachment,
    Draft,
)
from desktop_app.core.notify.sender import OutboxSender
from desktop_app.core.notify.settings import mail_password_key
from desktop_app.core.services import Services
from tests.helpers.factories import make_bank, make_person
from tests.helpers.mail_server import MailServer, free_port

LOGIN = ("desk@example.com", "s3cret-pass")


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA, tmp_path: Path) -> Iterator[tuple[MailServer, Path]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with MailServer(tls=context, login=LOGIN) as server:
        yield server, ca_file


def configure(services: Services, admin: Actor, port: int, ca_file: Path | None, **extra: object):
    values: dict[str, object] = {
        "host": "127.0.0.1" if ca_file is None else "localhost",
        "port": port,
        "security": "starttls" if ca_file is not None else "none",
        "sender": "finance@example.com",
        "login": LOGIN[0] if ca_file is not None else "",
        "ca_file": str(ca_file or ""),
    }
    values.update(extra)
    return services.notify_settings.update(admin, **values).value


def letter(key: str = "letter-1", bank_id: int | None = None) -> Draft:
    return Draft(
        channel="mail",
        kind="change_notice",
        dedupe_key=key,
        recipients=("officer@bank.example",),
        subject="号码变更通知函",
        body="尊敬的客户经理：我司联系电话已变更为 010-6552 1234。",
        bank_id=bank_id,
        attachments=(Attachment("notice.pdf", "application/pdf", b"%PDF-1.4 test"),),
    )


def test_a_letter_goes_through_starttls_with_a_login_and_is_marked_sent(
    services: Services, admin: Actor, tls_server: tuple[MailServer, Path]
) -> None:
    server, ca_file = tls_server
    settings = configure(services, admin, server.port, ca_file)
    secrets = MemoryStore()
    secrets.set(mail_password_key(settings), LOGIN[1])
    bank = make_bank(services, admin)
    new_id = services.outbox.queue(admin, letter(bank_id=bank.id)).value
    sender = OutboxSender(services.store, services.notify_settings, secrets, admin)

    report = sender.send_due()

    assert (report.sent, report.failed) == (1, 0)
    [got] = server.received
    assert got.recipients == ["officer@bank.example"]
    assert got.message["Subject"] == "号码变更通知函"
    assert "010-6552 1234" in got.message.get_body(("plain",)).get_content()
    [pdf] = list(got.message.iter_attachments())
    assert (pdf.get_filename(), pdf.get_content()) == ("notice.pdf", b"%PDF-1.4 test")
    [view] = services.outbox.list(admin, bank_id=bank.id)
    assert (view.id, view.state, view.attempts) == (new_id, SENT, 1)
    assert got.message["Message-ID"].strip() == view.message_id
    actions = [e.action for e in services.audit.recent(admin, entity="outbox_message")]
    assert set(actions) == {"queue", "send"}


def test_a_wrong_password_fails_for_good_with_the_servers_words(
    services: Services, admin: Actor, tls_server: tuple[MailServer, Path]
) -> None:
    server, ca_file = tls_server
    settings = configure(services, admin, server.port, ca_file)
    secrets = MemoryStore()
    secrets.set(mail_password_key(settings), "wrong")
    services.outbox.queue(admin, letter())
    report = OutboxSender(services.store, services.notify_settings, secrets, admin).send_due()
    [view] = services.outbox.list(admin)
    assert (report.failed, view.state) == (1, FAILED)
    assert "535" in view.last_error
    assert server.received == []


def test_a_server_that_does_not_trust_its_certificate_is_refused(
    services: Services, admin: Actor, tls_server: tuple[MailServer, Path], tmp_path: Path
) -> None:
    server, _ = tls_server
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    settings = configure(services, admin, server.port, other)
    secrets = MemoryStore()
    secrets.set(mail_password_key(settings), LOGIN[1])
    services.outbox.queue(admin, letter())
    OutboxSender(services.store, services.notify_settings, secrets, admin).send_due()
    [view] = services.outbox.list(admin)
    assert view.state == FAILED
    assert "TLS" in view.last_error
    assert server.received == []


def test_a_server_that_is_down_keeps_the_message_queued_and_backs_off(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    port = free_port()  # nothing listens there
    configure(services, admin, port, None)
    services.outbox.queue(admin, letter())
    sender = OutboxSender(services.store, services.notify_settings, MemoryStore(), admin)
    assert sender.send_due().retrying == 1
    [view] = services.outbox.list(admin)
    assert (view.state, view.attempts) == (QUEUED, 1)
    assert view.last_error != ""
    assert view.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert sender.send_due().retrying == 0  # not due yet
    with MailServer() as server:
        configure(services, admin, server.port, None)
        clock.advance(timedelta(minutes=1))
        assert sender.send_due().sent == 1
        assert len(server.received) == 1
    assert services.outbox.list(admin)[0].state == SENT


def test_451_is_retried_and_550_fails(services: Services, admin: Actor, clock: FakeClock) -> None:
    with MailServer() as server:
        configure(services, admin, server.port, None)
        sender = OutboxSender(services.store, services.notify_settings, MemoryStore(), admin)
        server.handler.reply = "451 4.3.0 try again later"
        services.outbox.queue(admin, letter("a"))
        assert sender.send_due().retrying == 1
        server.handler.reply = "550 5.1.1 no such mailbox"
        clock.advance(timedelta(minutes=1))
        assert sender.send_due().failed == 1
        [view] = services.outbox.list(admin)
        assert view.state == FAILED
        assert view.last_error.startswith("550")
        server.handler.reply = "250 OK"
        assert services.outbox.retry(admin).value == 1
        assert sender.send_due().sent == 1
        assert len(server.received) == 1


def test_a_crash_before_the_handover_sends_again_and_after_it_never(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    class Crash(BaseException):
        pass

    with MailServer() as server:
        configure(services, admin, server.port, None)
        services.outbox.queue(admin, letter("before"))

        def dies_before(*args: object) -> None:
            raise Crash  # the desk stops between the claim and the handover

        with pytest.raises(Crash):
            OutboxSender(
                services.store, services.notify_settings, MemoryStore(), admin, mail=dies_before
            ).send_due()
        from desktop_app.core.notify import smtp

        def dies_after(settings, password, message, recipients, before_data) -> None:  # type: ignore[no-untyped-def]
            smtp.send_mail(settings, password, message, recipients, before_data)
            raise Crash  # delivered, and the desk stops before it could note it

        services.outbox.queue(admin, letter("after"))
        with pytest.raises(Crash):
            OutboxSender(
                services.store, services.notify_settings, MemoryStore(), admin, mail=dies_after
            ).send_due()
        assert len(server.received) == 1
        restarted = OutboxSender(services.store, services.notify_settings, MemoryStore(), admin)
        assert services.outbox.recover() == 0  # the claims are fresh: their desks may be busy
        clock.advance(timedelta(minutes=3))
        assert services.outbox.recover() == 2
        assert restarted.send_due().sent == 1
        states = {v.subject + v.state for v in services.outbox.list(admin)}
        assert len(server.received) == 2  # "before" once now, "after" once before: never twice
        assert sorted(v.state for v in services.outbox.list(admin)) == [SENT, UNCERTAIN]
        assert states


def test_two_desks_never_send_the_same_message(
    services: Services, admin: Actor, other_desk
) -> None:
    with MailServer() as server:
        configure(services, admin, server.port, None)
        for n in range(6):
            services.outbox.queue(admin, letter(f"m{n}"))
        mine = OutboxSender(services.store, services.notify_settings, MemoryStore(), admin)
        theirs = OutboxSender(
            other_desk.services.store, other_desk.services.notify_settings, MemoryStore(), admin
        )
        total = mine.send_due(limit=3).sent + theirs.send_due().sent + mine.send_due().sent
        assert total == 6
        ids = [r.message["Message-ID"].strip() for r in server.received]
        assert len(ids) == len(set(ids)) == 6


def test_queueing_twice_queues_once_and_bad_input_is_refused(
    services: Services, admin: Actor
) -> None:
    assert services.outbox.queue(admin, letter("same")).value is not None
    assert services.outbox.queue(admin, letter("same")).value is None
    assert len(services.outbox.list(admin)) == 1
    bad = Draft("mail", "test", "x", ("not-an-address",), "s", "b")
    with pytest.raises(ValidationError) as refused:
        services.outbox.queue(admin, bad)
    assert refused.value.field == "recipients"
    with pytest.raises(ValidationError):
        services.outbox.queue(admin, Draft("mail", "test", "y", ("a@b.cn",), "s", "nul\x00"))
    assert len(services.outbox.list(admin)) == 1


def test_the_front_desk_neither_reads_the_outbox_nor_configures_mail(
    services: Services, admin: Actor
) -> None:
    desk = services.identity.actor_for(make_person(services, admin, "front_desk", "前台").id)
    with pytest.raises(PermissionDenied):
        services.outbox.list(desk)
    with pytest.raises(PermissionDenied):
        services.notify_settings.update(desk, host="smtp.example.com")
    with pytest.raises(PermissionDenied):
        services.outbox.queue(desk, letter(bank_id=make_bank(services, admin).id))
