"""Where the app keeps its data, settings and logs, and where it finds its bundled resources.

One module decides every path. The data folder comes from platformdirs, and can be overridden by
``--data-dir`` or the ``CALLBACK_DESK_DATA_DIR`` environment variable (tests point it at tmp_path).
Resources and catalogs are found in a frozen bundle, in a checkout, or in an installed wheel.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app import APP_ID

DATA_DIR_ENV = "CALLBACK_DESK_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    """The folders one running app writes to."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database_file(self) -> Path:
        return self.data_dir / "callback-desk.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def qt_settings_file(self) -> Path:
        return self.config_dir / "window.ini"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    def ensure(self) -> None:
        """Create the folders if they do not exist yet, readable by their owner only."""
        from desktop_app.core.local.private import private_folder

        for folder in (self.data_dir, self.config_dir, self.log_dir):
            private_folder(folder)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Return the app's folders: an explicit folder, the environment override, or the platform's."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=root, config_dir=root / "config", log_dir=root / "logs")
    import platformdirs

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
    )


def _candidate_roots() -> list[Path]:
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    roots.append(Path(__file__).resolve().parents[3])  # a checkout or an editable install
    roots.append(Path(sys.prefix) / "share" / APP_ID)  # a wheel's data files
    return roots


def _find(name: str) -> Path:
    for root in _candidate_roots():
        candidate = root / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(name)


def resources_dir() -> Path:
    """The bundled resources folder (icons, templates, lessons)."""
    return _find("resources")


def translations_dir() -> Path:
    """The folder holding the gettext catalogs."""
    return _find("translations")
