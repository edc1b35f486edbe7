"""Secrets (database and mail passwords) through the operating system's keyring, and only there.

When no usable keyring exists the store says so (``available`` is False) and keeps nothing: the
caller asks the person for the password each time. There is no plain-text fallback.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from desktop_app import APP_ID

SERVICE = APP_ID


class SecretStore(Protocol):
    """Where passwords are kept."""

    @property
    def available(self) -> bool: ...

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, secret: str) -> None: ...

    def delete(self, key: str) -> None: ...


class KeyringStore:
    """The system keyring (Windows Credential Manager, macOS Keychain, Secret Service)."""

    def __init__(self) -> None:
        self._checked: bool | None = None

    @property
    def available(self) -> bool:
        if self._checked is None:
            import keyring
            from keyring.backends import fail

            backend = keyring.get_keyring()
            self._checked = not isinstance(backend, fail.Keyring) and backend.priority > 0
        return self._checked

    def get(self, key: str) -> str | None:
        if not self.available:
            return None
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, key)
        except KeyringError:
            return None

    def set(self, key: str, secret: str) -> None:
        import keyring

        keyring.set_password(SERVICE, key, secret)

    def delete(self, key: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(SERVICE, key)


class MemoryStore:
    """A keyring in memory, for tests and for a session where the system has none."""

    def __init__(self, available: bool = True) -> None:
        self._items: dict[str, str] = {}
        self._available = available

    @property
    def available(self) -> bool:
        return self._available

    def get(self, key: str) -> str | None:
        return self._items.get(key)

    def set(self, key: str, secret: str) -> None:
        self._items[key] = secret

    def delete(self, key: str) -> None:
        self._items.pop(key, None)


class SessionStore:
    """Passwords typed during this run, kept in memory only, in front of another store.

    When the keyring is unusable (or the person chose not to keep a password there) the start-up
    asks for the password and keeps it here until the app quits; whether a keyring exists is
    still the other store's answer.
    """

    def __init__(self, behind: SecretStore) -> None:
        self._behind = behind
        self._typed: dict[str, str] = {}

    @property
    def available(self) -> bool:
        return self._behind.available

    def remember(self, key: str, secret: str) -> None:
        """Keep ``secret`` for this run only."""
        self._typed[key] = secret

    def get(self, key: str) -> str | None:
        return self._typed.get(key) or self._behind.get(key)

    def set(self, key: str, secret: str) -> None:
        self._typed.pop(key, None)
        self._behind.set(key, secret)

    def delete(self, key: str) -> None:
        self._typed.pop(key, None)
        self._behind.delete(key)


def database_secret_key(username: str, host: str, port: int | None, database: str) -> str:
    """The keyring entry name for a database password."""
    return f"db:{username}@{host}:{port or 5432}/{database}"
