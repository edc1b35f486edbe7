"""Why a connection to the team server failed, in plain words a desk can act on.

libpq reports connection failures as text only (no SQLSTATE), in the server's language for what
the server says and in English for what libpq itself says; the patterns below cover English and
the wording of PostgreSQL's Chinese (zh_CN) messages. Anything unrecognised is passed on as the
driver said it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.engine import URL

from desktop_app.core.common.i18n import N_, _


class ConnectProblem(StrEnum):
    """What kind of failure stopped the connection."""

    REFUSED = "refused"
    TIMEOUT = "timeout"
    UNKNOWN_HOST = "unknown_host"
    PASSWORD_MISSING = "password_missing"
    PASSWORD_REJECTED = "password_rejected"
    NO_SUCH_ROLE = "no_such_role"
    NOT_A_LOGIN = "not_a_login"
    NO_DATABASE = "no_database"
    HOST_NOT_ALLOWED = "host_not_allowed"
    NO_CONNECT_PRIVILEGE = "no_connect_privilege"
    TLS_UNAVAILABLE = "tls_unavailable"
    TLS_HOST_NAME = "tls_host_name"
    TLS_CERTIFICATE = "tls_certificate"
    OTHER = "other"


# Checked in order; the first pattern found in the driver's message names the problem.
PATTERNS: tuple[tuple[ConnectProblem, tuple[str, ...]], ...] = (
    (ConnectProblem.PASSWORD_MISSING, ("no password supplied",)),
    (
        ConnectProblem.PASSWORD_REJECTED,
        ("password authentication failed", "password 认证失败", "密码认证失败"),
    ),
    (ConnectProblem.NOT_A_LOGIN, ("is not permitted to log in", "不允许登录")),
    (ConnectProblem.HOST_NOT_ALLOWED, ("pg_hba.conf",)),
    (ConnectProblem.NO_CONNECT_PRIVILEGE, ("permission denied for database", "数据库权限不够")),
    (ConnectProblem.TLS_UNAVAILABLE, ("server does not support ssl",)),
    (ConnectProblem.TLS_HOST_NAME, ("does not match host name",)),
    (
        ConnectProblem.TLS_CERTIFICATE,
        ("certificate verify failed", "root certificate file", "server certificate", "ssl error"),
    ),
    (ConnectProblem.NO_SUCH_ROLE, ('role "', '角色 "')),
    (ConnectProblem.NO_DATABASE, ('database "', '数据库 "')),
    (ConnectProblem.REFUSED, ("connection refused", "拒绝连接")),
    (ConnectProblem.TIMEOUT, ("timeout expired", "timed out", "超时")),
    (
        ConnectProblem.UNKNOWN_HOST,
        ("could not translate host name", "name or service not known", "nodename nor servname"),
    ),
)

MESSAGES = {
    ConnectProblem.REFUSED: N_(
        "Nothing answers at {host}, port {port}: is PostgreSQL running there, listening on the "
        "network (listen_addresses), with the port open in the firewall?"
    ),
    ConnectProblem.TIMEOUT: N_(
        "No answer from {host}, port {port}: check the address, the network and the firewall."
    ),
    ConnectProblem.UNKNOWN_HOST: N_(
        "The computer name {host} is not known: check the spelling, or use the server's IP address."
    ),
    ConnectProblem.PASSWORD_MISSING: N_(
        "The server asks for {user}'s password and none was given: enter it in Settings › "
        "Database (on the command line: put it in the keyring there, or set PGPASSWORD)."
    ),
    ConnectProblem.PASSWORD_REJECTED: N_(
        "The server refused the password for {user} (or there is no such login): check the "
        "password, or set a new one with callback-desk server add-login."
    ),
    ConnectProblem.NO_SUCH_ROLE: N_(
        "There is no login called {user} on the server: create it with "
        "callback-desk server add-login."
    ),
    ConnectProblem.NOT_A_LOGIN: N_(
        "{user} is a group, not a login: connect with a desk's login made by "
        "callback-desk server add-login."
    ),
    ConnectProblem.NO_DATABASE: N_(
        "The server has no database called {database}: create it (createdb {database}) and run "
        "callback-desk server init."
    ),
    ConnectProblem.HOST_NOT_ALLOWED: N_(
        "The server does not accept {user} from this computer: add a line for the office's "
        "network to the server's pg_hba.conf and reload it."
    ),
    ConnectProblem.NO_CONNECT_PRIVILEGE: N_(
        "{user} may not connect to {database}: make it a desk login with "
        "callback-desk server add-login."
    ),
    ConnectProblem.TLS_UNAVAILABLE: N_(
        "Encryption (TLS) is required but the server does not offer it: choose the TLS mode "
        "“prefer” or “disable”, or turn on ssl on the server."
    ),
    ConnectProblem.TLS_HOST_NAME: N_(
        "The server's certificate is not made out to {host}: connect with the name the "
        "certificate carries, or choose the TLS mode “verify-ca”, which checks the CA only."
    ),
    ConnectProblem.TLS_CERTIFICATE: N_(
        "The server's certificate could not be verified with the CA file chosen: choose the "
        "file of the CA that signed the server's certificate (ask whoever set up the server)."
    ),
    ConnectProblem.OTHER: N_("Cannot connect to {host}, port {port}."),
}


@dataclass(frozen=True)
class ConnectFailure:
    """A failed connection: its kind and the driver's own words."""

    problem: ConnectProblem
    detail: str

    def text(self, url: URL) -> str:
        """The plain-words explanation for ``url``, in the active language."""
        return _(MESSAGES[self.problem]).format(
            host=url.host or "localhost",
            port=url.port or 5432,
            user=url.username or "",
            database=url.database or "",
        )

    @property
    def needs_password(self) -> bool:
        """Whether asking the person for the password could fix it."""
        return self.problem in (ConnectProblem.PASSWORD_MISSING, ConnectProblem.PASSWORD_REJECTED)


def driver_message(error: BaseException) -> str:
    """The driver's message, without SQLAlchemy's decoration, on one line."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    if text.startswith("connection failed:"):
        text = text.removeprefix("connection failed:").strip()
    return " ".join(text.split())


def classify(message: str) -> ConnectProblem:
    """The kind of failure a driver message describes."""
    lowered = message.lower()
    for problem, patterns in PATTERNS:
        if any(pattern.lower() in lowered for pattern in patterns):
            return problem
    return ConnectProblem.OTHER


def connect_failure(error: BaseException) -> ConnectFailure | None:
    """The connection failure behind ``error`` (following its causes), if there is one."""
    from sqlalchemy.exc import OperationalError

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OperationalError) or type(seen).__name__ == "OperationalError":
            message = driver_message(seen)
            return ConnectFailure(classify(message), message)
        seen = seen.__cause__ or seen.__context__
    return None
