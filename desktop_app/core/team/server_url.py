"""A team server's address as Settings › Database edits it, and the URL it makes.

Host, port, database, user, TLS mode (libpq's ``sslmode``) and CA file (``sslrootcert``) go into
the URL kept in this desk's settings; the password never does — it goes to the keyring under
:meth:`ServerAddress.secret_key`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from desktop_app.core.common.errors import FieldProblem, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.local.secrets import database_secret_key

DEFAULT_PORT = 5432
DEFAULT_DATABASE = "callback_desk"
DEFAULT_TLS = "prefer"  # libpq's own default
# libpq's sslmode values, in order of strictness, with what each means for a person.
TLS_MODES = {
    "disable": N_("Off: never encrypt"),
    "prefer": N_("Encrypt when the server can (default)"),
    "require": N_("Always encrypt"),
    "verify-ca": N_("Always encrypt, and check the certificate against the CA file"),
    "verify-full": N_("Always encrypt, check the certificate and the server's name"),
}
VERIFYING = ("verify-ca", "verify-full")


@dataclass(frozen=True)
class ServerAddress:
    """Where the team server is and how to reach it; no password."""

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    user: str = ""
    tls_mode: str = DEFAULT_TLS
    ca_file: str = ""

    @classmethod
    def from_url(cls, url: str | URL) -> ServerAddress:
        """The address a PostgreSQL URL names (its password, if any, is left out)."""
        parsed = make_url(url) if isinstance(url, str) else url
        query = parsed.query
        mode = str(query.get("sslmode", DEFAULT_TLS))
        return cls(
            host=parsed.host or "",
            port=parsed.port or DEFAULT_PORT,
            database=parsed.database or "",
            user=parsed.username or "",
            tls_mode=mode if mode in TLS_MODES else DEFAULT_TLS,
            ca_file=str(query.get("sslrootcert", "")),
        )

    def url(self, password: str | None = None) -> URL:
        """The URL to connect with; ``password`` only for a connection, never for settings."""
        query: dict[str, str] = {}
        if self.tls_mode != DEFAULT_TLS:
            query["sslmode"] = self.tls_mode
        if self.ca_file and self.tls_mode != "disable":
            query["sslrootcert"] = self.ca_file
        return URL.create(
            "postgresql+psycopg",
            username=self.user or None,
            password=password or None,
            host=self.host or None,
            port=self.port,
            database=self.database or None,
            query=query,
        )

    def settings_url(self) -> str:
        """The URL as this desk's settings keep it: without a password."""
        return self.url().render_as_string(hide_password=False)

    def secret_key(self) -> str:
        """The keyring entry of this address's password."""
        return database_secret_key(self.user, self.host or "localhost", self.port, self.database)

    def check(self) -> None:
        """Raise ValidationError naming each field that cannot work."""
        problems: list[FieldProblem] = []
        for name in ("host", "database", "user"):
            if not getattr(self, name).strip():
                problems.append(FieldProblem(name, N_("Fill in this field.")))
        if self.tls_mode not in TLS_MODES:
            problems.append(
                FieldProblem(
                    "tls_mode", N_("“{value}” is not a TLS mode."), {"value": self.tls_mode}
                )
            )
        if self.tls_mode in VERIFYING and not self.ca_file:
            problems.append(
                FieldProblem("ca_file", N_("Checking the certificate needs the CA file."))
            )
        if self.ca_file and not Path(self.ca_file).is_file():
            problems.append(
                FieldProblem("ca_file", N_("There is no file {path}."), {"path": self.ca_file})
            )
        if problems:
            raise ValidationError(problems)
