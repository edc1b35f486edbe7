"""Posting a text to a chat group's robot: WeChat Work, DingTalk and Feishu, as each documents.

- WeChat Work (企业微信) group robot: ``POST`` the webhook address with
  ``{"msgtype": "text", "text": {"content": …}}``; answers ``{"errcode": 0}``; at most 20 messages a
  minute per robot (errcode 45009 when over).
- DingTalk (钉钉) custom robot with signing: ``timestamp`` (ms) and ``sign`` =
  base64(HMAC-SHA256(secret, "{timestamp}\\n{secret}")) as query parameters, body
  ``{"msgtype": "text", "text": {"content": …}}``; answers ``{"errcode": 0}``; 20 a minute (errcode
  130101 when over).
- Feishu / Lark (飞书) custom bot with signing: ``timestamp`` (s) and ``sign`` =
  base64(HMAC-SHA256(key="{timestamp}\\n{secret}", msg="")) in the body beside
  ``{"msg_type": "text", "content": {"text": …}}``; answers ``{"code": 0}``; 100 a minute, 5 a
  second (code 9499 when over).

Each answers HTTP 200 with an error code in the body for most refusals, so both are read: a 5xx,
a network error or a rate-limit code is temporary; any other refusal is permanent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from desktop_app.core.notify.errors import PermanentFailure, TemporaryFailure
from desktop_app.core.notify.settings import ChatKind

TIMEOUT = 15.0
MAX_TEXT = 2000  # characters; WeChat Work allows 2048 bytes of UTF-8 text at most
RATE_LIMIT_CODES = {45009, 130101, 9499, 11232}


@dataclass(frozen=True)
class RateLimit:
    """How many messages a robot takes in a window of seconds."""

    count: int
    seconds: int


RATE_LIMITS = {
    ChatKind.WECOM: RateLimit(20, 60),
    ChatKind.DINGTALK: RateLimit(20, 60),
    ChatKind.FEISHU: RateLimit(100, 60),
}


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """The text, cut to what every platform accepts (WeChat Work counts UTF-8 bytes)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= 2040:
        return text[:limit]
    return encoded[:2030].decode("utf-8", "ignore") + "…"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a request (base64 of HMAC-SHA256 over "timestamp\\nsecret")."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature: HMAC-SHA256 keyed with "timestamp\\nsecret" over an empty message."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def request_for(
    kind: ChatKind, url: str, secret: str, text: str, now_ms: int
) -> tuple[str, dict[str, Any]]:
    """The address and JSON body of one text message for ``kind``."""
    content = clip(text)
    if kind == ChatKind.WECOM:
        return url, {"msgtype": "text", "text": {"content": content}}
    if kind == ChatKind.DINGTALK:
        if secret:
            query = urllib.parse.urlencode(
                {"timestamp": str(now_ms), "sign": dingtalk_sign(secret, now_ms)}
            )
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        return url, {"msgtype": "text", "text": {"content": content}}
    body: dict[str, Any] = {"msg_type": "text", "content": {"text": content}}
    if secret:
        seconds = now_ms // 1000
        body.update(timestamp=str(seconds), sign=feishu_sign(secret, seconds))
    return url, body


def check_url(url: str) -> bool:
    """Whether ``url`` can be a robot's webhook address (http or https with a host)."""
    parsed = urllib.parse.urlsplit(url)
    return parsed.scheme in ("https", "http") and bool(parsed.netloc)


def post(kind: ChatKind, url: str, secret: str, text: str, now_ms: int) -> None:
    """Send one message; raises TemporaryFailure or PermanentFailure with the robot's words."""
    if not check_url(url):
        raise PermanentFailure("not a webhook address")
    address, body = request_for(kind, url, secret, text, now_ms)
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        address, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        reason = f"HTTP {error.code} {error.reason}"
        if error.code >= 500 or error.code == 429:
            raise TemporaryFailure(reason) from error
        raise PermanentFailure(reason) from error
    except (urllib.error.URLError, OSError) as error:
        raise TemporaryFailure(str(getattr(error, "reason", error))) from error
    _check_answer(raw)


def _check_answer(raw: bytes) -> None:
    try:
        answer = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PermanentFailure("the robot's answer is not JSON") from None
    if not isinstance(answer, dict):
        raise PermanentFailure("the robot's answer is not a JSON object")
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code in (0, None):
        return
    message = str(answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage") or "")
    reason = f"{code} {message}".strip()
    if code in RATE_LIMIT_CODES:
        raise TemporaryFailure(reason)
    raise PermanentFailure(reason)
