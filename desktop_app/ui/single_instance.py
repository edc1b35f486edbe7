"""One running app per data folder: a second launch asks the first to come to the front.

The first instance listens on a local socket named after the data folder (QLocalServer); a
second one connects, sends "raise", and exits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

TIMEOUT_MS = 500


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(data_dir).encode("utf-8")).hexdigest()[:16]
    return f"callback-desk-{digest}"


class SingleInstance(QObject):
    """Owns the local server of the first instance."""

    #: Emitted when another launch asked this instance to show itself.
    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = server_name(data_dir)
        self._server: QLocalServer | None = None

    def notify_running(self) -> bool:
        """If another instance runs, ask it to come forward and return True."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False
        socket.write(b"raise\n")
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
        if bytes(socket.readAll().data()).strip() == b"raise":
            self.raise_requested.emit()
        socket.disconnectFromServer()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
