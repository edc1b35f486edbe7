"""``callback-desk ring``: hand the ring to the running app, or start the app with it.

The fast path imports no Qt: the ring goes over the single-instance channel
(``desktop_app.core.local.channel``) and this process exits. When no app runs for the data
folder, the app starts minimised (or in the tray), records the ring and opens the front-desk
console on it.
"""

from __future__ import annotations

import argparse
import logging

log = logging.getLogger(__name__)


def run_ring(args: argparse.Namespace) -> int:
    """Hand the ring over; start the app with it when none runs. Returns the exit code."""
    from desktop_app.cli.ring import ring_fields
    from desktop_app.core.local.channel import send_ring
    from desktop_app.core.local.paths import resolve_paths

    ring = ring_fields(args)
    data_dir = resolve_paths(args.data_dir).data_dir
    sent = send_ring(data_dir, ring)  # without Qt: it is the phone ringing
    if sent is None:
        from desktop_app.ui.single_instance import SingleInstance

        sent = SingleInstance(data_dir).send_ring(ring)
    if sent:
        log.info("Ring handed to the running app (line %r)", ring["line"])
        return 0
    log.info("No app running: starting it minimised with the ring")
    from desktop_app.core.context import import_dialect

    import_dialect(args.db, args.data_dir)
    from desktop_app.ui.app import run_gui

    args.minimised = True
    args.ring = ring
    return run_gui(args)
