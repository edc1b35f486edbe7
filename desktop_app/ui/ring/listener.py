"""The optional loopback listener for phone systems that can only open a web address.

Off by default; Settings › Phone system turns it on and shows the token. It listens on 127.0.0.1
only (never another interface) and answers one request per connection:
``GET /ring?number=…&line=…&token=…`` → 200 and the ring goes to the console; a wrong token →
403 and an audit line; anything else → 400/404/405 (see ``core.front_desk.ring_request``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket

from desktop_app.core.common.errors import DeskError
from desktop_app.core.front_desk.ring_request import MAX_REQUEST, judge

if TYPE_CHECKING:
    from desktop_app.core.common.permissions import Actor
    from desktop_app.core.front_desk.rings import RingService
    from desktop_app.core.local.settings import LocalSettings
    from desktop_app.ui.ring.ring_desk import RingDesk

log = logging.getLogger(__name__)


class RingListener(QObject):
    """A tiny HTTP endpoint on 127.0.0.1 that turns a request with the right token into a ring."""

    #: Emitted with the ring's fields (dict: number, line, at) of each accepted request.
    ring_received = Signal(object)
    #: Emitted with (peer, status) for each refused request, after its audit line.
    request_refused = Signal(str, int)

    def __init__(self, token: str, on_refused: object = None, parent: QObject | None = None):
        super().__init__(parent)
        self._token = token
        self._on_refused = on_refused
        self._server = QTcpServer(self)
        self._server.newConnection.connect(self._on_server_new_connection)

    def listen(self, port: int) -> bool:
        """Listen on 127.0.0.1:``port`` (0: any free port); False when the port is taken."""
        ok = self._server.listen(QHostAddress(QHostAddress.SpecialAddress.LocalHost), port)
        if ok:
            log.info("Ring listener on 127.0.0.1:%s", self._server.serverPort())
        else:
            log.warning("Ring listener cannot use port %s: %s", port, self._server.errorString())
        return ok

    def port(self) -> int:
        return int(self._server.serverPort())

    def close(self) -> None:
        self._server.close()

    def _on_server_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is not None:
                socket.readyRead.connect(lambda s=socket: self._on_socket_ready(s))
                socket.disconnected.connect(socket.deleteLater)  # each answered request goes

    def _on_socket_ready(self, socket: QTcpSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_REQUEST:
                self._answer(socket, 400, "Bad Request")
            return
        line = bytes(socket.readLine(MAX_REQUEST).data()).decode("latin-1")
        verdict = judge(line, self._token)
        self._answer(socket, verdict.status, verdict.reason)
        if verdict.status == 200:
            self.ring_received.emit(verdict.ring)
        elif verdict.status == 403:
            peer = f"{socket.peerAddress().toString()}:{socket.peerPort()}"
            if callable(self._on_refused):
                self._on_refused(peer, verdict.status)
            self.request_refused.emit(peer, verdict.status)

    @staticmethod
    def _answer(socket: QTcpSocket, status: int, reason: str) -> None:
        body = f"{status} {reason}\n".encode("ascii")
        head = (
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode("ascii")
        socket.write(head + body)
        socket.disconnectFromHost()


def start_listener(
    settings: LocalSettings, rings: RingService, actor: Actor, desk: RingDesk
) -> RingListener | None:
    """Start the listener when this desk's Settings turned it on (with a token); refused
    requests are audited as ``actor``'s."""
    if not settings.ring_listener or not settings.ring_token:
        return None

    def refused(peer: str, status: int) -> None:
        try:
            rings.record_refused(actor, peer, status)
        except DeskError as error:
            log.warning("Could not audit a refused ring request: %s", error.text())

    listener = RingListener(settings.ring_token, refused, desk)
    listener.ring_received.connect(desk.receive)
    if not listener.listen(settings.ring_listener_port):
        return None
    return listener
