"""How a delivery failed: for now (try again later) or for good (a person must look)."""

from __future__ import annotations


class DeliveryError(Exception):
    """A message could not be delivered; ``reason`` is shown in the outbox."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TemporaryFailure(DeliveryError):
    """The server is down, busy or asked to wait: the message stays queued and is retried."""


class PermanentFailure(DeliveryError):
    """The server refused the message for good (bad address, wrong password…): it fails."""
