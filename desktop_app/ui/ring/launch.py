"""``callback-desk ring``: hand the ring to the running app, or start the app with it.

The fast path imports only Qt's network module: the ring goes over the single-instance channel
and this process exits. When no app runs for the data folder, the app starts minimised (or in
the tray), records the ring and opens the front-desk console on it.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

log = logging.getLogger(__name__)


def ring_fields(args: argparse.Namespace) -> dict[str, Any]:
    """What travels over the channel: the number, the line and the moment (ISO, "" = now)."""
    return {
        "number": args.number,
        "line": args.line or "",
        "at": args.at.isoformat() if args.at is not None else "",
    }


def run_ring(args: argparse.Namespace) -> int:
    """Hand the ring over; start the app with it when none runs. Returns the exit code."""
    from desktop_app.core.local.paths import resolve_paths
    from desktop_app.ui.single_instance import SingleInstance

    ring = ring_fields(args)
    if SingleInstance(resolve_paths(args.data_dir).data_dir).send_ring(ring):
        log.info("Ring handed to the running app (line %r)", ring["line"])
        return 0
    log.info("No app running: starting it minimised with the ring")
    from desktop_app.core.context import import_dialect

    import_dialect(args.db, args.data_dir)
    from desktop_app.ui.app import run_gui

    args.minimised = True
    args.ring = ring
    return run_gui(args)
