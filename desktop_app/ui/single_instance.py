"""One running app per data folder: a second launch asks the first to come to the front.

The first instance listens on a local socket named after the data folder (QLocalServer); a
second one connects, sends "raise", and exits. ``callback-desk ring`` sends ``ring`` followed by
a JSON object (number, line, at) on one line instead: the running app records the ring and opens
the console on it (:mod:`desktop_app.ui.ring.ring_desk`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop_app.core.local.channel import ring_line, server_name

TIMEOUT_MS = 500


class SingleInstance(QObject):
    """Owns the local server of the first instance."""

    #: Emitted when another launch asked this instance to show itself.
    raise_requested = Signal()
    #: Emitted with a ring's fields (dict: number, line, at) from ``callback-desk ring``.
    ring_received = Signal(object)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = server_name(data_dir)
        self._server: QLocalServer | None = None

    def notify_running(self) -> bool:
        """If another instance runs, ask it to come forward and return True."""
        return self._send(b"raise\n")

    def send_ring(self, ring: dict[str, Any]) -> bool:
        """Hand a ring to the running instance and return True; False when none runs."""
        return self._send(ring_line(ring))

    def _send(self, message: bytes) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False
        socket.write(message)
        socket.waitForBytesWritten(TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the running instance."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._name):
            QLocalServer.removeServer(self._name)  # a stale socket left by a crash
            if not server.listen(self._name):
                return False
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        socket = self._server.nextPendingConnection()
        if socket is None:
            return
        socket.readyRead.connect(lambda: self._on_socket_ready(socket))

    def _on_socket_ready(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return  # the rest of the line is still on its way
        line = bytes(socket.readLine().data()).strip()
        if line == b"raise":
            self.raise_requested.emit()
        elif line.startswith(b"ring "):
            ring = _decode_ring(line[5:])
            if ring is not None:
                self.ring_received.emit(ring)
        socket.disconnectFromServer()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


def _decode_ring(payload: bytes) -> dict[str, Any] | None:
    """The ring's fields, or None for anything but a JSON object with a text number."""
    try:
        ring = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(ring, dict) or not isinstance(ring.get("number"), str):
        return None
    return {key: ring.get(key) or "" for key in ("number", "line", "at")}
