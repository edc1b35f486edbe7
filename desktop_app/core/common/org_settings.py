"""Organisation-wide settings shared by every desk of a team, kept in the database and typed."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.clock import local_day, local_now
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.parsing import parse_clock
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.models import OrgSetting
from desktop_app.core.storage.store import Store


@dataclass(frozen=True)
class OrgSettings:
    """Every organisation-wide setting with its default."""

    company_name: str = ""
    area_code: str = "010"
    timezone: str = "Asia/Shanghai"
    office_start: str = "09:00"
    office_end: str = "18:00"
    stale_after_months: int = 6
    follow_up_working_hours: int = 2
    certificate_valid_months: int = 12
    coverage_days_ahead: int = 14
    reminder_escalation_minutes: int = 10  # an unacknowledged urgent reminder passes on
    ring_stale_minutes: int = 3  # a ring nobody logs within this becomes "rang — not logged"


def _check(settings: OrgSettings) -> None:
    if not re.fullmatch(r"0?\d{2,3}", settings.area_code):
        raise ValidationError.single(
            "area_code", N_("“{value}” is not an area code."), value=settings.area_code
        )
    try:
        zoneinfo.ZoneInfo(settings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError.single(
            "timezone", N_("“{value}” is not a time zone."), value=settings.timezone
        ) from None
    start = parse_clock(settings.office_start, "office_start")
    end = parse_clock(settings.office_end, "office_end")
    if end <= start:
        raise ValidationError.single("office_end", N_("Office hours must end after they start."))
    for name in (
        "stale_after_months",
        "follow_up_working_hours",
        "certificate_valid_months",
        "coverage_days_ahead",
        "reminder_escalation_minutes",
        "ring_stale_minutes",
    ):
        if not 1 <= getattr(settings, name) <= 120:
            raise ValidationError.single(name, N_("Enter a number from 1 to 120."))


class OrgSettingsService:
    """Reads and writes the organisation-wide settings, with a small cache."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cached: OrgSettings | None = None

    def get(self) -> OrgSettings:
        cached = self._cached  # read once: the reminder worker's thread asks too
        if cached is None:
            with self._store.read() as session:
                stored = {row.key: row.value for row in session.scalars(select(OrgSetting))}
            known = {item.name: item.type for item in fields(OrgSettings)}
            values: dict[str, Any] = {}
            defaults = OrgSettings()
            for key, value in stored.items():
                if key in known and isinstance(value, type(getattr(defaults, key))):
                    values[key] = value
            cached = self._cached = replace(defaults, **values)
        return cached

    def zone(self) -> zoneinfo.ZoneInfo:
        """The company's time zone: every "today", default date and printed date is in it."""
        return zoneinfo.ZoneInfo(self.get().timezone)

    def now(self) -> datetime:
        """The injected clock's moment as a wall time in the company's zone."""
        return local_now(self._store.clock, self.zone())

    def today(self) -> date:
        """Today in the company's zone by the injected clock (not the computer's zone, not UTC)."""
        return self.now().date()

    def day_of(self, moment: datetime) -> date:
        """The day an aware moment falls on in the company's zone."""
        return local_day(moment, self.zone())

    def forget(self) -> None:
        """Drop the cache (another desk changed the settings)."""
        self._cached = None

    def check(self, **values: Any) -> OrgSettings:
        """The settings with ``values`` applied and validated, nothing written (ValidationError)."""
        unknown = set(values) - {item.name for item in fields(OrgSettings)}
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        updated = replace(self.get(), **values)
        _check(updated)
        return updated

    def update(self, actor: Actor, **values: Any) -> Outcome[OrgSettings]:
        """Change some settings; each is validated before anything is written."""
        actor.require(Permission.EDIT_SETTINGS)
        current = self.get()
        updated = self.check(**values)
        before, after = asdict(current), asdict(updated)
        with self._store.write() as session:
            for key, value in after.items():
                if before[key] != value:
                    row = session.get(OrgSetting, key)
                    if row is None:
                        session.add(OrgSetting(key=key, value=value))
                    else:
                        row.value = value
            audit.record(session, self._store, actor, "update", "settings", None, before, after)
        self._cached = updated
        return Outcome(updated, Changes.of(Area.SETTINGS))
