"""Which build of the app is running: a frozen bundle's version and commit, or a source checkout.

packaging/build.py writes ``build_info.json`` (``{"version": …, "commit": …}``) into the bundle;
the About dialog and the log's first line show it, so a report from a desk names the exact build.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app import __version__

BUILD_INFO_FILE = "build_info.json"


@dataclass(frozen=True)
class BuildInfo:
    """The version, the commit it was built from (None from source) and whether it is frozen."""

    version: str
    commit: str | None
    frozen: bool


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def build_info(bundle_dir: Path | None = None) -> BuildInfo:
    """This build's facts; ``bundle_dir`` defaults to the running bundle's folder."""
    folder = bundle_dir
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if folder is None and bundle:
        folder = Path(bundle)
    if folder is not None:
        try:
            data = json.loads((folder / BUILD_INFO_FILE).read_text("utf-8"))
            return BuildInfo(
                str(data.get("version") or __version__), data.get("commit"), is_frozen()
            )
        except (OSError, ValueError, AttributeError):
            pass
    return BuildInfo(__version__, None, is_frozen())


def describe_build() -> str:
    """One line for the log: version, commit or "from source", Python and system."""
    import platform

    info = build_info()
    origin = f"bundle, commit {info.commit}" if info.frozen else "from source"
    return (
        f"version {info.version}, {origin}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()} {platform.machine()}"
    )
