"""The loopback listener's one request: ``GET /ring?number=…&line=…&token=…``.

Plain Python so that the rules are tested without a socket: anything but that path is 404,
anything but GET is 405, a missing or wrong token is 403 (compared in constant time), a missing
number is 400. The listener (``desktop_app.ui.ring.listener``) answers with the status and, for
403, writes an audit line.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

MAX_REQUEST = 4096  # a request line longer than this is refused before it is parsed
SCHEME = "callback-desk"


@dataclass(frozen=True)
class RingRequest:
    """The verdict on one request: the HTTP status, and the ring's fields when it is 200."""

    status: int
    reason: str
    ring: dict[str, str] = field(default_factory=dict)


def new_token() -> str:
    """A random token for Settings to show and the phone system to send."""
    return secrets.token_hex(16)


def judge(request_line: str, token: str) -> RingRequest:
    """Judge ``GET /ring?… HTTP/1.1`` against this desk's ``token``."""
    parts = request_line.strip().split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return RingRequest(400, "Bad Request")
    method, target, _version = parts
    url = urlsplit(target)
    if url.path != "/ring":
        return RingRequest(404, "Not Found")
    if method != "GET":
        return RingRequest(405, "Method Not Allowed")
    query = parse_qs(url.query)
    given = query.get("token", [""])[0]
    if not token or not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        return RingRequest(403, "Forbidden")
    number = query.get("number", [""])[0].strip()
    if not number:
        return RingRequest(400, "Bad Request")
    ring = {"number": number, "line": query.get("line", [""])[0].strip(), "at": ""}
    return RingRequest(200, "OK", ring)


def ring_url_fields(url: str) -> dict[str, str] | None:
    """The fields of ``callback-desk:ring?number=…&line=…&at=…``; None when it is not a ring
    address of this scheme (another action, another scheme)."""
    if not url.lower().startswith(SCHEME + ":"):
        return None
    parts = urlsplit(url)
    if (parts.path or parts.netloc).strip("/").lower() != "ring":
        return None
    query = parse_qs(parts.query)
    return {key: query.get(key, [""])[0] for key in ("number", "line", "at")}
