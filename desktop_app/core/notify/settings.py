"""Where the team's mail goes and which chat groups it posts to; the secrets stay in the keyring.

The server, port, security, sender and login are organisation-wide (one row of the shared
settings table, so every desk of a team sends through the same server); the SMTP password and each
chat robot's webhook address and signing secret are kept only in this desk's keyring, under the
keys below. A desk without them leaves messages queued for a desk that has them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.models import OrgSetting
from desktop_app.core.storage.store import Store

SETTINGS_KEY = "notify"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Security(StrEnum):
    """How the connection to the mail server is protected."""

    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


class ChatKind(StrEnum):
    """The chat platforms whose group robots the app can post to."""

    WECOM = "wecom"  # 企业微信 group robot
    DINGTALK = "dingtalk"  # 钉钉 custom robot
    FEISHU = "feishu"  # 飞书 / Lark custom bot


CHAT_LABELS = {
    ChatKind.WECOM: N_("WeChat Work group robot"),
    ChatKind.DINGTALK: N_("DingTalk custom robot"),
    ChatKind.FEISHU: N_("Feishu (Lark) custom bot"),
}


@dataclass(frozen=True)
class NotifySettings:
    """The team's mail server and chat groups (everything but the secrets)."""

    host: str = ""
    port: int = 587
    security: str = Security.STARTTLS.value
    sender: str = ""
    login: str = ""
    ca_file: str = ""  # a private CA for the mail server's certificate (optional)
    digest_hour: int = 8  # the daily digest is queued at this hour, company time, on workdays
    chats: tuple[str, ...] = ()  # the ChatKind values that are switched on
    chat_language: str = "zh_CN"  # the language of the notices posted to chat groups

    @property
    def mail_configured(self) -> bool:
        return bool(self.host and self.sender)


def mail_password_key(settings: NotifySettings) -> str:
    """The keyring key of the SMTP password."""
    return f"smtp:{settings.login}@{settings.host}:{settings.port}"


def chat_url_key(kind: ChatKind | str) -> str:
    return f"chat:{kind}:url"


def chat_secret_key(kind: ChatKind | str) -> str:
    return f"chat:{kind}:secret"


def check_settings(settings: NotifySettings) -> None:
    """Validate every field; a ValidationError names the first wrong one."""
    if settings.host and not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]{1,253}", settings.host):
        raise ValidationError.single(
            "host", N_("“{value}” is not a server name."), value=settings.host
        )
    if not 1 <= settings.port <= 65535:
        raise ValidationError.single("port", N_("Enter a port from 1 to 65535."))
    if settings.security not in {s.value for s in Security}:
        raise ValidationError.single(
            "security", N_("Choose none, STARTTLS or SSL."), value=settings.security
        )
    if settings.sender and not EMAIL.fullmatch(settings.sender):
        raise ValidationError.single(
            "sender", N_("“{value}” is not an e-mail address."), value=settings.sender
        )
    if settings.host and not settings.sender:
        raise ValidationError.single("sender", N_("Enter the address mail is sent from."))
    if len(settings.login) > 200:
        raise ValidationError.single("login", N_("The login is too long."))
    if not 0 <= settings.digest_hour <= 23:
        raise ValidationError.single("digest_hour", N_("Enter an hour from 0 to 23."))
    if settings.chat_language not in ("zh_CN", "en"):
        raise ValidationError.single("chat_language", N_("Choose Chinese or English."))
    unknown = set(settings.chats) - {k.value for k in ChatKind}
    if unknown:
        raise ValidationError.single(
            "chats", N_("Unknown chat platform: {value}."), value=", ".join(sorted(unknown))
        )


def _from_stored(value: Any) -> NotifySettings:
    defaults = NotifySettings()
    if not isinstance(value, dict):
        return defaults
    known = asdict(defaults)
    picked: dict[str, Any] = {}
    for key, default in known.items():
        item = value.get(key)
        if key == "chats" and isinstance(item, list):
            picked[key] = tuple(str(x) for x in item)
        elif item is not None and isinstance(item, type(default)):
            picked[key] = item
    return replace(defaults, **picked)


class NotifySettingsService:
    """Reads and changes the team's notification settings (administrators change them)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self) -> NotifySettings:
        with self._store.read() as session:
            row = session.get(OrgSetting, SETTINGS_KEY)
            return _from_stored(row.value if row is not None else None)

    def check(self, **values: Any) -> NotifySettings:
        """The settings with ``values`` applied and validated; nothing is written."""
        if "chats" in values:
            values["chats"] = tuple(values["chats"])
        updated = replace(self.get(), **values)
        check_settings(updated)
        return updated

    def update(self, actor: Actor, **values: Any) -> Outcome[NotifySettings]:
        """Change some settings; all are checked before anything is written."""
        actor.require(Permission.EDIT_SETTINGS)
        current = self.get()
        if "chats" in values:
            values["chats"] = tuple(values["chats"])
        updated = replace(current, **values)
        check_settings(updated)
        stored = asdict(updated)
        stored["chats"] = list(updated.chats)
        with self._store.write() as session:
            row = session.get(OrgSetting, SETTINGS_KEY)
            if row is None:
                session.add(OrgSetting(key=SETTINGS_KEY, value=stored))
            else:
                row.value = stored
            before = asdict(current)
            before["chats"] = list(current.chats)
            audit.record(
                session, self._store, actor, "update", "notify_settings", None, before, stored
            )
        return Outcome(updated, Changes.of(Area.SETTINGS))
