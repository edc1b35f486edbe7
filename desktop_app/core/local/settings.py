"""Machine-local settings, declared once and typed, kept as a small JSON file in the config folder.

Only what belongs to this desk lives here: the language, which database to open, the desk's name.
Organisation-wide settings live in the database (see services.org_settings). A password is never
written here: it goes to the system keyring.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from desktop_app.core.local.private import private_folder, write_private


@dataclass
class LocalSettings:
    """What this desk remembers between runs."""

    language: str = ""  # "" = follow the system
    database_url: str = ""  # "" = the embedded SQLite file in the data folder
    desk_name: str = ""  # "" = the computer's name
    start_minimised: bool = False
    backup_folder: str = ""  # "" = the backups folder in the data folder
    last_backup_at: str = ""  # ISO time of the last automatic backup; "" = none yet
    # Rings from the phone system: whether a ring takes the keyboard, and the loopback listener
    # (127.0.0.1 only, off by default) with the token the phone system must send.
    ring_takes_focus: bool = False
    ring_listener: bool = False
    ring_listener_port: int = 47311
    ring_token: str = ""

    @classmethod
    def load(cls, path: Path) -> LocalSettings:
        """Read the file; a missing or unreadable file gives the defaults."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {item.name: item.type for item in fields(cls)}
        values = {key: value for key, value in raw.items() if key in known}
        settings = cls()
        for key, value in values.items():
            default = getattr(settings, key)
            if isinstance(value, type(default)):
                setattr(settings, key, value)
        return settings

    def save(self, path: Path) -> None:
        """Write the file atomically; a password in the database URL is refused."""
        from sqlalchemy.engine import make_url  # only here: the desktop app paints before it

        if self.database_url and make_url(self.database_url).password:
            raise ValueError("a database password must go to the keyring, not the settings file")
        private_folder(path.parent)
        temporary = path.with_suffix(".tmp")
        text = json.dumps(asdict(self), indent=2, ensure_ascii=False)
        write_private(temporary, text.encode("utf-8"))
        os.replace(temporary, path)
