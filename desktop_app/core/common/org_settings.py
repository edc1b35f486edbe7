"""Organisation-wide settings shared by every desk of a team, kept in the database and typed."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.clock import local_day, local_now
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.parsing import parse_clock
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.versions import FieldSpec, RecordSpec, StaleVersion, guarded
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
    evidence_max_mb: int = 50  # the largest evidence file one may attach, in megabytes
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
    if not 1 <= settings.evidence_max_mb <= 1000:
        raise ValidationError.single("evidence_max_mb", N_("Enter a number from 1 to 1000."))


# The settings' version: a row of its own in ``org_setting`` (migration 0019_settings_versions),
# moved on by each save, so an administrator's save started from an older version is refused.
VERSION_KEY = "settings_version"
SETTINGS_ID = 0  # the one settings record, as the audit log and the conflict dialog name it


def _from_stored(stored: dict[str, Any]) -> OrgSettings:
    known = {item.name for item in fields(OrgSettings)}
    defaults = OrgSettings()
    values = {
        key: value
        for key, value in stored.items()
        if key in known and isinstance(value, type(getattr(defaults, key)))
    }
    return replace(defaults, **values)


def _version_of(stored: dict[str, Any]) -> int:
    value = stored.get(VERSION_KEY)
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def _read_settings(session: Session, _record_id: int) -> tuple[int, str, dict[str, Any]]:
    stored = {row.key: row.value for row in session.scalars(select(OrgSetting))}
    return _version_of(stored), _("Organisation settings"), asdict(_from_stored(stored))


SETTINGS_EDITS = RecordSpec(
    kind="settings",
    message=N_("Another administrator changed the organisation settings meanwhile."),
    fields=(
        FieldSpec("company_name", N_("Company name")),
        FieldSpec("area_code", N_("Area code for local numbers")),
        FieldSpec("timezone", N_("Time zone")),
        FieldSpec("office_start", N_("Office opens")),
        FieldSpec("office_end", N_("Office closes")),
        FieldSpec("stale_after_months", N_("A registered number is stale after (months)")),
        FieldSpec("follow_up_working_hours", N_("Return a missed call within (working hours)")),
        FieldSpec("certificate_valid_months", N_("Certificates are valid for (months)")),
        FieldSpec("coverage_days_ahead", N_("Check coverage this many days ahead")),
        FieldSpec("evidence_max_mb", N_("Largest evidence file (MB)")),
    ),
    entities={"settings": {}},
    read=_read_settings,
)


class OrgSettingsService:
    """Reads and writes the organisation-wide settings, with a small cache."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cached: OrgSettings | None = None
        self._version = 1

    def get(self) -> OrgSettings:
        cached = self._cached  # read once: the reminder worker's thread asks too
        if cached is None:
            with self._store.read() as session:
                stored = {row.key: row.value for row in session.scalars(select(OrgSetting))}
            cached = self._cached = _from_stored(stored)
            self._version = _version_of(stored)
        return cached

    def version(self) -> int:
        """The version of the settings :meth:`get` returned (an editor saves naming it)."""
        self.get()
        return self._version

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

    def update(
        self,
        actor: Actor,
        expected_version: int | None = None,
        keep: frozenset[str] = frozenset(),
        **values: Any,
    ) -> Outcome[OrgSettings]:
        """Change some settings; each is validated before anything is written.

        With ``expected_version`` (the version the editor showed) a save after another
        administrator's is refused with a ConflictError naming what they changed; without it
        the values are applied to the settings as stored now (scripts, the demo).
        """
        actor.require(Permission.EDIT_SETTINGS)
        values = {key: value for key, value in values.items() if key not in keep}
        self.check(**values)
        with (
            guarded(
                self._store, actor, SETTINGS_EDITS, SETTINGS_ID, expected_version or 0, values, keep
            ),
            self._store.write() as session,
        ):
            version_row = self._locked_version(session)
            stored = {row.key: row.value for row in session.scalars(select(OrgSetting))}
            current = _from_stored(stored)
            version = _version_of(stored)
            if expected_version is not None and version != expected_version:
                raise StaleVersion
            updated = replace(current, **values)
            _check(updated)
            before, after = asdict(current), asdict(updated)
            for key, value in after.items():
                if before[key] != value:
                    row = session.get(OrgSetting, key)
                    if row is None:
                        session.add(OrgSetting(key=key, value=value))
                    else:
                        row.value = value
            version_row.value = version + 1
            audit.record(
                session,
                self._store,
                actor,
                "update",
                "settings",
                SETTINGS_ID,
                before,
                after,
                version=version + 1,
            )
        self._cached, self._version = updated, version + 1
        return Outcome(updated, Changes.of(Area.SETTINGS))

    @staticmethod
    def _locked_version(session: Session) -> OrgSetting:
        """The version's row, locked for the transaction (PostgreSQL; SQLite has one writer):
        a second administrator's save waits, then finds the version moved on."""
        query = select(OrgSetting).where(OrgSetting.key == VERSION_KEY)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        row = session.scalars(query).first()
        if row is None:  # a database from before 0019: the first save adds the row
            row = OrgSetting(key=VERSION_KEY, value=1)
            session.add(row)
            session.flush()
        return row
