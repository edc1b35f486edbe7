"""A loopback endpoint that speaks just enough of PostgreSQL's protocol to refuse a password.

The PostgreSQL test server trusts every local connection (pg_hba ``trust``), so it can never say
"no password supplied" or "password authentication failed"; a desk at a real office server hears
both. This endpoint answers a connection the way a password-protected server does: it declines
TLS and GSS encryption, asks for a password (AuthenticationCleartextPassword), and answers any
password with PostgreSQL's own FATAL 28P01 error. The real driver (psycopg/libpq) produces the
error texts the app must explain; nothing of our database is imitated.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType

SSL_REQUEST, GSS_REQUEST = 80877103, 80877104


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def _receive(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client closed")
        data += chunk
    return data


class PasswordRefusingServer:
    """Listens on 127.0.0.1 (an unused port) until closed; use as a context manager."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self.port: int = self._socket.getsockname()[1]
        self.passwords: list[str] = []  # what clients sent, in order
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> PasswordRefusingServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self._socket.close()
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self._socket.accept()
            except OSError:
                return  # closed
            with connection:
                try:
                    self._answer(connection)
                except (ConnectionError, OSError):
                    continue

    def _answer(self, connection: socket.socket) -> None:
        while True:
            (length,) = struct.unpack("!I", _receive(connection, 4))
            body = _receive(connection, length - 4)
            (code,) = struct.unpack("!I", body[:4])
            if code in (SSL_REQUEST, GSS_REQUEST):
                connection.sendall(b"N")  # no encryption here; the startup message follows
                continue
            parts = body[4:].split(b"\0")
            options = dict(zip(parts[0::2], parts[1::2], strict=False))
            user = options.get(b"user", b"").decode()
            break
        connection.sendall(_message(b"R", struct.pack("!I", 3)))  # cleartext password, please
        kind = _receive(connection, 1)
        (length,) = struct.unpack("!I", _receive(connection, 4))
        password = _receive(connection, length - 4).rstrip(b"\0").decode()
        if kind != b"p":
            return
        self.passwords.append(password)
        text = f'password authentication failed for user "{user}"'
        fields = b"".join(
            key + value.encode() + b"\0"
            for key, value in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28P01"), (b"M", text))
        )
        connection.sendall(_message(b"E", fields + b"\0"))
