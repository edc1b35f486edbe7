"""Chat robots through the outbox, against a loopback stand-in that checks each platform's shape
and signature: sent, 4xx failed with the reason, 5xx retried, rate limits kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.notify.outbox import FAILED, QUEUED, SENT, Draft
from desktop_app.core.notify.sender import OutboxSender
from desktop_app.core.notify.settings import chat_secret_key, chat_url_key
from desktop_app.core.services import Services
from tests.helpers.chat_server import ChatServer


@pytest.fixture
def robots() -> Iterator[ChatServer]:
    with ChatServer() as server:
        yield server


def sender_for(services: Services, admin: Actor, robots: ChatServer, secret: str = "SECxyz"):
    services.notify_settings.update(admin, chats=("wecom", "dingtalk", "feishu"))
    secrets = MemoryStore()
    for kind in ("wecom", "dingtalk", "feishu"):
        secrets.set(chat_url_key(kind), robots.url(kind))
        if kind != "wecom":
            secrets.set(chat_secret_key(kind), secret)
            robots.robots[kind].secret = secret
    return OutboxSender(services.store, services.notify_settings, secrets, admin)


def notice(kind: str, key: str, text: str = "招商银行 10:00 来电，值班：周杰") -> Draft:
    return Draft(kind, "window_soon", key, (kind,), "", text)


def test_each_platform_gets_its_own_shape_and_signature(
    services: Services, admin: Actor, robots: ChatServer
) -> None:
    sender = sender_for(services, admin, robots)
    for kind in ("wecom", "dingtalk", "feishu"):
        services.outbox.queue(admin, notice(kind, f"k-{kind}"))
    assert sender.send_due().sent == 3
    for kind in ("wecom", "dingtalk", "feishu"):
        robot = robots.robots[kind]
        assert robot.problems == []
        [posted] = robot.accepted
        text = (
            posted.body["content"]["text"] if kind == "feishu" else posted.body["text"]["content"]
        )
        assert text == "招商银行 10:00 来电，值班：周杰"
    assert {v.state for v in services.outbox.list(admin)} == {SENT}


def test_a_wrong_secret_is_refused_by_the_robot_and_fails_with_its_code(
    services: Services, admin: Actor, robots: ChatServer
) -> None:
    sender = sender_for(services, admin, robots)
    robots.robots["dingtalk"].secret = "another"
    services.outbox.queue(admin, notice("dingtalk", "k"))
    assert sender.send_due().failed == 1
    [view] = services.outbox.list(admin)
    assert (view.state, view.last_error) == (FAILED, "310000")
    assert robots.robots["dingtalk"].problems == ["bad signature"]


def test_4xx_fails_5xx_retries(
    services: Services, admin: Actor, robots: ChatServer, clock: FakeClock
) -> None:
    sender = sender_for(services, admin, robots)
    robots.robots["wecom"].status = 400
    robots.robots["feishu"].status = 503
    services.outbox.queue(admin, notice("wecom", "a"))
    services.outbox.queue(admin, notice("feishu", "b"))
    report = sender.send_due()
    assert (report.failed, report.retrying) == (1, 1)
    states = {v.channel: (v.state, v.last_error) for v in services.outbox.list(admin)}
    assert states["wecom"][0] == FAILED and states["wecom"][1].startswith("HTTP 400")
    assert states["feishu"][0] == QUEUED and states["feishu"][1].startswith("HTTP 503")
    robots.robots["feishu"].status = 200
    clock.advance(timedelta(minutes=1))
    assert sender.send_due().sent == 1
    assert len(robots.robots["feishu"].accepted) == 1


def test_a_rate_limit_answer_is_retried_and_the_documented_limit_is_kept(
    services: Services, admin: Actor, robots: ChatServer, clock: FakeClock
) -> None:
    sender = sender_for(services, admin, robots)
    robots.robots["wecom"].answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    services.outbox.queue(admin, notice("wecom", "first"))
    assert sender.send_due().retrying == 1
    robots.robots["wecom"].answer = None
    clock.advance(timedelta(minutes=1))
    for n in range(24):
        services.outbox.queue(admin, notice("wecom", f"n{n}"))
    report = sender.send_due()
    assert report.sent == 20  # WeChat Work takes 20 a minute
    assert len(robots.robots["wecom"].accepted) == 20
    clock.advance(timedelta(seconds=61))
    assert sender.send_due().sent == 5
    assert {v.state for v in services.outbox.list(admin)} == {SENT}


def test_a_desk_without_the_webhook_leaves_the_message_queued(
    services: Services, admin: Actor, robots: ChatServer
) -> None:
    services.notify_settings.update(admin, chats=("feishu",))
    services.outbox.queue(admin, notice("feishu", "x"))
    bare = OutboxSender(services.store, services.notify_settings, MemoryStore(), admin)
    assert bare.send_due().waiting == 1
    assert services.outbox.list(admin)[0].state == QUEUED
