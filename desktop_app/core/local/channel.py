"""The single-instance channel's name, and a ring sent over it without Qt.

The running app listens on a local socket named after its data folder (``QLocalServer``, in
``desktop_app.ui.single_instance``): a Unix socket in the temporary folder Qt uses (``$TMPDIR``,
else ``/tmp``), a named pipe on Windows. ``callback-desk ring`` must reach it within a few tens
of milliseconds, so it writes its one line with the standard library instead of importing Qt;
whatever this cannot do falls back to Qt's client.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

TIMEOUT_S = 0.5


def server_name(data_dir: Path) -> str:
    """The local server's name for ``data_dir`` (one running app per data folder)."""
    digest = hashlib.sha1(str(data_dir).encode("utf-8")).hexdigest()[:16]
    return f"callback-desk-{digest}"


def ring_line(ring: dict[str, Any]) -> bytes:
    """The line a ring travels as: ``ring`` and a JSON object."""
    return b"ring " + json.dumps(ring, ensure_ascii=False).encode("utf-8") + b"\n"


def send_ring(data_dir: Path, ring: dict[str, Any]) -> bool | None:
    """Hand ``ring`` to the app running on ``data_dir``: True when sent, False when no app
    listens, None when this system needs Qt's client."""
    name = server_name(data_dir)
    if sys.platform == "win32":
        try:
            with open(rf"\\.\pipe\{name}", "r+b", buffering=0) as pipe:
                pipe.write(ring_line(ring))
        except FileNotFoundError:
            return False
        except OSError:
            return None  # a busy pipe: Qt's client waits for it
        return True
    folder = (os.environ.get("TMPDIR") or "/tmp").rstrip("/") or "/"  # as QDir::tempPath()
    path = os.path.join(folder, name)
    if len(path.encode()) > 100:  # longer than a Unix socket address may be
        return None
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(TIMEOUT_S)
    try:
        client.connect(path)
        client.sendall(ring_line(ring))
    except (FileNotFoundError, ConnectionRefusedError):
        return False  # no app, or a socket file left by a crash (the app starting replaces it)
    except OSError:
        return None
    finally:
        client.close()
    return True
