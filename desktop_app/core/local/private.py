"""Files and folders only their owner may read: the database, settings, backups and evidence.

On POSIX folders get 0700 and files 0600. On Windows the data lives in the user's own profile
folder, which other accounts cannot read by default; ``chmod`` there only sets the read-only
flag, so nothing is changed. Roles on one computer guard against mistakes, not against the
computer's other users: separation needs the team server.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def _posix() -> bool:
    return os.name == "posix"


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if missing; make it the owner's only."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if _posix():
        with contextlib.suppress(OSError):  # a folder of someone else's: leave it
            folder.chmod(FOLDER_MODE)
    return folder


def private_file(path: Path) -> Path:
    """Make an existing file the owner's only (and its SQLite side files, if any)."""
    if not _posix():
        return path
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            candidate.chmod(FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing it), created owner-only from the first byte."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    private_file(path)
