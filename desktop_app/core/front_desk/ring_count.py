"""The outcomes of a ring's call record and the count of today's missed rings, without the ring
service: the Today overview counts them at start-up, before the front desk's modules are needed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.models import CallRecord

RINGING, RANG_UNLOGGED = "ringing", "rang_unlogged"


def count_unlogged(session: Session, since: datetime) -> int:
    """The rings since ``since`` that nobody logged in time."""
    return int(
        session.scalar(
            select(func.count(CallRecord.id)).where(
                CallRecord.outcome == RANG_UNLOGGED, CallRecord.occurred_at >= since
            )
        )
        or 0
    )
