"""Keeps this desk's session alive while the app runs, in a thread of its own.

At start it opens a desk session (the person is online), then says "still here" every
:data:`~desktop_app.core.team.presence.HEARTBEAT_SECONDS` — one UPDATE — and at a clean stop
closes the session (the person is offline at once). A server that is away only delays the next
beat: nothing here ever blocks the GUI. When the session was lost (ended elsewhere, removed) a
new one is opened.
"""

from __future__ import annotations

import logging
import os
import threading

from sqlalchemy.exc import SQLAlchemyError

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.team.presence import HEARTBEAT_SECONDS, PresenceService

log = logging.getLogger(__name__)

Failures = (DeskError, SQLAlchemyError)


class DeskHeartbeat:
    """Opens, keeps alive and closes one desk session."""

    def __init__(
        self,
        presence: PresenceService,
        actor: Actor,
        desk: str,
        *,
        interval: float = HEARTBEAT_SECONDS,
    ) -> None:
        self._presence = presence
        self._actor = actor
        self._desk = desk
        self._interval = interval
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.token: str | None = None
        self.beats = 0
        self.started = threading.Event()  # set once a session is open

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the heartbeat was already started")
        self._thread = threading.Thread(
            target=self._run, name="callback-desk-heartbeat", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Close the session and end the thread; True when the thread has ended."""
        self._stopping.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        self._open()
        while not self._stopping.wait(self._interval):
            if self.token is None:
                self._open()
                continue
            try:
                alive = self._presence.heartbeat(self._actor, self.token)
            except Failures as error:
                log.info("heartbeat failed: %s", error)
                continue
            self.beats += 1
            if not alive:
                self._open()
        self._close()

    def _open(self) -> None:
        try:
            outcome = self._presence.start_session(self._actor, self._desk, os.getpid())
        except Failures as error:
            log.info("opening the desk session failed: %s", error)
            return
        self.token = outcome.value.token
        self.started.set()

    def _close(self) -> None:
        if self.token is None:
            return
        try:
            self._presence.end_session(self._actor, self.token)
        except Failures as error:
            log.info("closing the desk session failed: %s", error)
