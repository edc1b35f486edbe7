"""This desk's share of the outbox: every minute (and soon after anything is queued) it recovers
abandoned claims, queues the day's digests and the chat notices of recent events, and sends what
is due — all on a worker thread, so a slow mail server never freezes the window.

Only a desk whose person may read the outbox runs it (finance and administrators; in team mode
the front desk's login cannot read it at the database). Several desks may run it at once: each
message is claimed by one (see :mod:`desktop_app.core.notify.sender`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.local.secrets import SecretStore, SessionStore
from desktop_app.core.notify.outbox import OutboxService
from desktop_app.core.notify.producers import NotifyProducer
from desktop_app.core.notify.sender import OutboxSender, SendReport
from desktop_app.core.notify.settings import NotifySettingsService, mail_password_key
from desktop_app.core.storage.store import Store
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.reminders.check_worker import CheckWorker

log = logging.getLogger(__name__)
# The server, the login, why, whether a keyring exists → the password and "keep it", or None.
AskPassword = Callable[[str, str, str, bool], tuple[str, bool] | None]
PERIOD_MS = 60_000
SOON_MS = 1_500  # after a letter is queued: send it in a moment, not in a minute


@dataclass(frozen=True)
class PassResult:
    """What one pass did, to decide whether the screens must re-read the outbox."""

    recovered: int
    queued: int
    report: SendReport

    @property
    def changed(self) -> bool:
        r = self.report
        return bool(self.recovered or self.queued or r.sent or r.retrying or r.failed)


class OutboxDesk(QObject):
    """Runs the outbox passes of this desk."""

    def __init__(
        self,
        *,
        store: Store,
        settings: NotifySettingsService,
        outbox: OutboxService,
        producer: NotifyProducer,
        secrets: SecretStore,
        hub: ChangeHub,
        actor: Actor,
        parent: QObject | None = None,
        ask_password: AskPassword | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._outbox = outbox
        self._producer = producer
        self._secrets = secrets
        self._ask_password = ask_password
        self._hub = hub
        self._actor = actor
        self.enabled = actor.can(Permission.VIEW_LOAN_DETAILS)
        self._sender = OutboxSender(store, settings, secrets, actor)
        self.worker = CheckWorker(self)
        self.worker.finished.connect(self._on_worker_finished)
        self.worker.failed.connect(self._on_worker_failed)
        self.timer = QTimer(self)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(self.run_pass)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(SOON_MS)
        self.soon.timeout.connect(self.run_pass)
        self.last: PassResult | None = None
        hub.data_changed.connect(self._on_hub_data_changed)

    def ask_for_password(self) -> bool:
        """Where the system has no keyring, ask for the mail server's password once per run
        (kept in memory only), as for the team server; True when one was given now."""
        if self._ask_password is None or not isinstance(self._secrets, SessionStore):
            return False
        settings = self._settings.get()
        key = mail_password_key(settings)
        if not settings.mail_configured or not settings.login or self._secrets.available:
            return False
        if self._secrets.get(key) is not None:
            return False
        answer = self._ask_password(
            f"{settings.host}:{settings.port}",
            settings.login,
            _("The mail server needs its password to send the team's mail."),
            False,
        )
        if answer is None:
            return False
        self._secrets.remember(key, answer[0])
        return True

    def start(self) -> None:
        if self.enabled:
            self.ask_for_password()
            self.timer.start()
            self.soon.start()
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.stop)

    def stop(self) -> None:
        self.timer.stop()
        self.soon.stop()
        self.worker.wait()

    def run_pass(self) -> None:
        """One pass on the worker thread (skipped while the previous one is still running)."""
        if not self.enabled or self.worker.busy:
            return
        settings = self._settings.get()
        if not (settings.mail_configured or settings.chats):
            # No way out is set up: nothing to send, nothing to queue. The minute's look rests
            # until the settings change (an idle desk is not woken for nothing).
            self.timer.stop()
            return
        if not self.timer.isActive():
            self.timer.start()
        outbox, producer, actor, sender = self._outbox, self._producer, self._actor, self._sender

        def work() -> PassResult:
            recovered = outbox.recover()
            queued = producer.collect_chat() + producer.queue_digests(actor)
            return PassResult(recovered, queued, sender.send_due())

        self.worker.submit("outbox", work)

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if self.enabled and changes.touches(Area.OUTBOX, Area.CALLS, Area.REMINDERS, Area.SETTINGS):
            self.soon.start()

    def _on_worker_finished(self, _job: str, result: object) -> None:
        if isinstance(result, PassResult):
            self.last = result
            if result.changed:
                self._hub.announce(Changes.of(Area.OUTBOX))

    def _on_worker_failed(self, _job: str, error: object) -> None:
        log.warning("outbox pass failed: %s", error)
