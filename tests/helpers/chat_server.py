"""An HTTP server on 127.0.0.1 standing in for the chat platforms' robots.

It checks each request as the platform would — WeChat Work's and DingTalk's ``msgtype``/``text``
shape, Feishu's ``msg_type``/``content``, DingTalk's ``timestamp``/``sign`` query and Feishu's
signature in the body against the shared secret — and answers as the platform does: HTTP 200 with
``errcode``/``code`` 0, or the status and body a test sets.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from desktop_app.core.notify.webhooks import dingtalk_sign, feishu_sign


@dataclass
class Posted:
    """One request the robot accepted: its path, query and JSON body."""

    path: str
    query: dict[str, str]
    body: dict[str, Any]


@dataclass
class Robot:
    """What the stand-in expects and how it answers."""

    secret: str = ""
    status: int = 200
    answer: dict[str, Any] | None = None  # None: the platform's "ok"
    accepted: list[Posted] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _problem(kind: str, query: dict[str, str], body: dict[str, Any], secret: str) -> str | None:
    if kind in ("wecom", "dingtalk"):
        text = body.get("text")
        if body.get("msgtype") != "text" or not isinstance(text, dict) or not text.get("content"):
            return "bad shape"
        if kind == "dingtalk" and secret:
            stamp = query.get("timestamp", "")
            if not stamp.isdigit() or query.get("sign") != dingtalk_sign(secret, int(stamp)):
                return "bad signature"
        return None
    content = body.get("content")
    if body.get("msg_type") != "text" or not isinstance(content, dict) or not content.get("text"):
        return "bad shape"
    if secret:
        stamp = str(body.get("timestamp", ""))
        if not stamp.isdigit() or body.get("sign") != feishu_sign(secret, int(stamp)):
            return "bad signature"
    return None


class ChatServer:
    """Robots at ``/wecom``, ``/dingtalk`` and ``/feishu`` on a free loopback port."""

    def __init__(self) -> None:
        self.robots = {kind: Robot() for kind in ("wecom", "dingtalk", "feishu")}
        robots = self.robots

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                parsed = urllib.parse.urlsplit(self.path)
                kind = parsed.path.strip("/")
                robot = robots.get(kind)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if robot is None:
                    self._answer(404, {"errcode": 404})
                    return
                query = dict(urllib.parse.parse_qsl(parsed.query))
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError:
                    body = {}
                problem = _problem(kind, query, body, robot.secret)
                if problem is not None:
                    robot.problems.append(problem)
                    code = {"wecom": 40008, "dingtalk": 310000, "feishu": 19021}[kind]
                    self._answer(200, {"errcode" if kind != "feishu" else "code": code})
                    return
                if robot.status == 200 and robot.answer is None:
                    robot.accepted.append(Posted(parsed.path, query, body))
                ok = {"code": 0, "msg": "success"} if kind == "feishu" else {"errcode": 0}
                self._answer(robot.status, robot.answer if robot.answer is not None else ok)

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, kind: str) -> str:
        return f"http://127.0.0.1:{self.port}/{kind}"

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
