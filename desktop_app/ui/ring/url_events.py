"""``callback-desk:ring?…`` addresses delivered as events (macOS opens a registered URL in the
running app with a file-open event instead of a new process).

On Windows and Linux the address arrives as an argument instead, turned into ``ring`` by
:func:`desktop_app.cli.ring.expand_ring_url`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent

from desktop_app.core.front_desk.ring_request import ring_url_fields


class RingUrlFilter(QObject):
    """An application event filter that turns a ring address into the ring's fields."""

    #: Emitted with the ring's fields (dict: number, line, at).
    ring_received = Signal(object)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            fields = ring_url_fields(event.url().toString())
            if fields is not None:
                self.ring_received.emit(fields)
                return True
        return super().eventFilter(watched, event)
