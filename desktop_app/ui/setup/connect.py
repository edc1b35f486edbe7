"""Opening the database at start, asking for the team server's password when it is needed.

The context is opened as usual; when the team server asks for a password the keyring does not
have (or refuses the one it has), :class:`PasswordDialog` asks the person, and the opening is
tried again with it — kept in the keyring if they chose so, else in memory for this run only.
Any other problem is raised as before (StorageError), for the caller to report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import StorageError
from desktop_app.core.context import AppContext, choose_database_url, open_context
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.secrets import KeyringStore, SecretStore, SessionStore
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.storage.engine import parse_url
from desktop_app.core.team.diagnose import connect_failure
from desktop_app.core.team.server_url import ServerAddress
from desktop_app.ui.setup.password_dialog import PasswordDialog

if TYPE_CHECKING:  # annotations only: the UI never builds or parses a URL itself
    from sqlalchemy.engine import URL

# Given the server, user, reason and whether a keyring exists: the password and "keep it", or
# None when the person gave up. Tests pass their own; the app shows PasswordDialog.
AskPassword = Callable[[str, str, str, bool], tuple[str, bool] | None]


def ask_with_dialog(server: str, user: str, reason: str, keyring: bool) -> tuple[str, bool] | None:
    """Show the password dialog; its answer, or None when cancelled."""
    dialog = PasswordDialog(server, user, reason, keyring)
    answer: list[tuple[str, bool]] = []
    dialog.password_entered.connect(lambda password, keep: answer.append((password, keep)))
    if dialog.exec() != QDialog.DialogCode.Accepted or not answer:
        return None
    return answer[0]


def explain(error: StorageError, db: str | None, data_dir: str | None) -> str:
    """What to tell the person about a database that cannot be opened, in plain words."""
    url = _database_url(db, data_dir)
    failure = connect_failure(error) if url.get_backend_name() == "postgresql" else None
    if failure is None:
        return error.text()
    return failure.text(url) + "\n\n" + failure.detail


def _database_url(db: str | None, data_dir: str | None) -> URL:
    paths = resolve_paths(data_dir)
    return parse_url(choose_database_url(db, LocalSettings.load(paths.settings_file), paths))


def open_context_asking(
    db: str | None,
    data_dir: str | None,
    secrets: SecretStore | None = None,
    ask: AskPassword = ask_with_dialog,
    clock: Clock | None = None,
) -> AppContext | None:
    """The app's context; None when the person cancelled the password prompt."""
    store = SessionStore(secrets if secrets is not None else KeyringStore())
    while True:
        try:
            return open_context(db=db, data_dir=data_dir, secrets=store, clock=clock)
        except StorageError as error:
            url = _database_url(db, data_dir)
            failure = connect_failure(error) if url.get_backend_name() == "postgresql" else None
            if failure is None or not failure.needs_password or url.password is not None:
                raise  # asking cannot help: not a password problem, or the URL names one
            address = ServerAddress.from_url(url)
            server = f"{address.host or 'localhost'}:{address.port}/{address.database}"
            answer = ask(server, address.user, failure.text(url), store.available)
            if answer is None:
                return None
            password, keep = answer
            if keep and store.available:
                try:
                    store.set(address.secret_key(), password)
                    continue
                except Exception:  # a locked keyring: use the password for this run only
                    pass
            store.remember(address.secret_key(), password)
