"""Helpers for contact-window tests: windows through the service, certificates as training
would issue them, Beijing moments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Certificate
from desktop_app.core.services import Services
from desktop_app.core.windows.service import WindowDraft, WindowPreset, WindowView

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in Beijing, as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING).astimezone(UTC)


def make_window(services: Services, actor: Actor, bank_id: int, **values: Any) -> WindowView:
    """A window through the service: by default monthly on the 15th, 10:00–11:00 in Beijing."""
    values.setdefault("preset", WindowPreset.MONTHLY_ON_DAY)
    if values["preset"] in (WindowPreset.MONTHLY_ON_DAY, WindowPreset.QUARTERLY_ON_DAY):
        values.setdefault("day_of_month", 15)
    if values.get("kind", "recurring") == "recurring":
        values.setdefault("starts", "10:00")
        values.setdefault("ends", "11:00")
    return services.windows.create(actor, WindowDraft(bank_id=bank_id, **values)).value


def certify(
    services: Services,
    person_id: int,
    issued_at: datetime,
    valid_for: timedelta = timedelta(days=365),
    path_code: str = "finance_responder",
) -> None:
    """A certificate as passing the path quiz issues it."""
    with services.store.write() as session:
        session.add(
            Certificate(
                person_id=person_id,
                path_code=path_code,
                issued_at=issued_at,
                expires_at=issued_at + valid_for,
            )
        )
