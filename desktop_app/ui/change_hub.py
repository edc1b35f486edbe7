"""The one hub that tells every screen what changed after a service call.

A screen calls a service, hands the outcome to :meth:`ChangeHub.apply`, and every screen that
shows one of the changed areas refreshes. In team mode the same hub is fed by other desks.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from desktop_app.core.common.changes import Changes, Outcome

T = TypeVar("T")


class ChangeHub(QObject):
    """Broadcasts :class:`Changes` to the screens."""

    #: Emitted after data changed; carries a Changes value.
    data_changed = Signal(object)

    def apply(self, outcome: Outcome[T]) -> T:
        """Announce what ``outcome`` changed and return its value."""
        self.data_changed.emit(outcome.changes)
        return outcome.value

    def announce(self, changes: Changes) -> None:
        """Announce a change that did not come from a local service call."""
        self.data_changed.emit(changes)
