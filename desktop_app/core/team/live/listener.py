"""Hears what the other desks commit: a LISTEN connection of its own, in a thread of its own.

The thread waits on the connection's socket (and a wake-up socket, so that :meth:`Listener.stop`
is immediate) — no table is ever polled. Each notification is decoded and handed to
``on_changes(changes, origin)``; ``on_state(connected)`` is called when the connection comes or
goes. A lost connection (server restart, network cut, the backend terminated) is retried with a
growing pause — 0.5 s, 1 s, 2 s … at most 10 s — and once back, ``on_changes`` receives every
area with :data:`~desktop_app.core.team.live.payload.RESYNC` as origin, so screens reload what they
may have missed. When idle, a ``SELECT 1`` every half minute (and TCP keepalives) notices a dead
connection that the operating system has not reported.

The callbacks run in the listener's thread; a GUI hands them over to its own thread
(``desktop_app.ui.live``).
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from desktop_app.core.common.changes import Changes
from desktop_app.core.team.live import CHANNEL
from desktop_app.core.team.live.payload import EVERYTHING, RESYNC, Origin, decode

log = logging.getLogger(__name__)

OnChanges = Callable[[Changes, Origin], None]
OnState = Callable[[bool], None]

FIRST_RETRY = 0.5  # seconds before the first reconnection attempt
LAST_RETRY = 10.0  # the longest pause between attempts
PING_AFTER = 30.0  # seconds of silence before checking the connection is alive


def connect_params(url: str | URL, application_name: str = "callback-desk-live") -> dict[str, Any]:
    """psycopg connection parameters for a SQLAlchemy PostgreSQL URL (password included)."""
    parsed = make_url(url) if isinstance(url, str) else url
    params: dict[str, Any] = {
        "host": parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
        "connect_timeout": 5,
        "application_name": application_name,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }
    params.update({key: value for key, value in parsed.query.items() if isinstance(value, str)})
    return {key: value for key, value in params.items() if value is not None}


class Listener:
    """LISTENs on the team channel in a background thread until stopped."""

    def __init__(
        self,
        url: str | URL,
        on_changes: OnChanges,
        on_state: OnState,
        *,
        channel: str = CHANNEL,
        first_retry: float = FIRST_RETRY,
        last_retry: float = LAST_RETRY,
        ping_after: float = PING_AFTER,
    ) -> None:
        self._params = connect_params(url)
        self._on_changes = on_changes
        self._on_state = on_state
        self._channel = channel
        self._first_retry = first_retry
        self._last_retry = last_retry
        self._ping_after = ping_after
        self._stopping = threading.Event()
        self._wake_reader: socket.socket | None = None  # made by start(), closed by stop()
        self._wake_writer: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._connected: bool | None = None
        self.backend_pid: int | None = None  # the LISTEN connection's server process, when up
        self.reconnects = 0  # successful reconnections after a loss

    @property
    def connected(self) -> bool:
        return bool(self._connected)

    def start(self) -> None:
        """Connect and listen in a new thread; returns at once."""
        if self._thread is not None:
            raise RuntimeError("the listener was already started")
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._thread = threading.Thread(target=self._run, name="callback-desk-live", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop listening and close the connection; True when the thread has ended."""
        self._stopping.set()
        if self._wake_writer is not None:
            with contextlib.suppress(OSError):
                self._wake_writer.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                return False
        for wake in (self._wake_writer, self._wake_reader):
            if wake is not None:
                wake.close()
        self._wake_writer = self._wake_reader = None
        return True

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the thread -------------------------------------------------------------------------------

    def _run(self) -> None:
        pause = self._first_retry
        ever_connected = False
        while not self._stopping.is_set():
            try:
                connection = psycopg.connect(autocommit=True, **self._params)
            except psycopg.Error as error:
                log.info("team server unreachable: %s", error)
                self._set_state(False)
            else:
                pause = self._first_retry
                try:
                    with connection:
                        connection.execute(
                            sql.SQL("LISTEN {}").format(sql.Identifier(self._channel))
                        )
                        self.backend_pid = connection.info.backend_pid
                        self._set_state(True)
                        if ever_connected:
                            self.reconnects += 1
                            log.info("reconnected to the team server (%d)", self.reconnects)
                            self._deliver(EVERYTHING, RESYNC)
                        else:
                            log.info("connected to the team server")
                        ever_connected = True
                        self._listen(connection)
                except (psycopg.Error, OSError) as error:
                    log.info("team server connection lost: %s", error)
                except Exception:  # never let the desk go deaf: log it and connect again
                    log.exception("listening to the team server failed")
                finally:
                    self.backend_pid = None
                if self._stopping.is_set():
                    break
                self._set_state(False)
            if self._stopping.wait(pause):
                break
            pause = min(pause * 2, self._last_retry)

    def _listen(self, connection: psycopg.Connection[Any]) -> None:
        """Wait for notifications until stopped; raises when the connection is lost."""
        server = connection.fileno()
        wake = self._wake_reader
        assert wake is not None
        while not self._stopping.is_set():
            watched: list[int | socket.socket] = [server, wake]
            ready, _, _ = select.select(watched, [], [], self._ping_after)
            if wake in ready:
                self._drain_wake_up(wake)
                continue
            if not ready:
                connection.execute("SELECT 1")  # silence for a while: is the server still there?
            for notify in connection.notifies(timeout=0):
                found = decode(notify.payload)
                if found is not None:
                    self._deliver(*found)
            if connection.broken:
                raise psycopg.OperationalError("the connection to the team server broke")

    @staticmethod
    def _drain_wake_up(wake: socket.socket) -> None:
        with contextlib.suppress(OSError):  # BlockingIOError once it is empty
            while wake.recv(64):
                pass

    def _deliver(self, changes: Changes, origin: Origin) -> None:
        try:
            self._on_changes(changes, origin)
        except Exception:  # a failing screen must not stop the desk from hearing the others
            log.exception("handling a change from another desk failed")

    def _set_state(self, connected: bool) -> None:
        if self._connected == connected:
            return
        self._connected = connected
        try:
            self._on_state(connected)
        except Exception:
            log.exception("reporting the team server connection failed")
