"""The Today overview: what kind of day it is, the active contracts, and who is on duty now."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

from desktop_app.core.common.calendar import DayInfo, WorkingCalendar
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.availability import Status, availability
from desktop_app.core.register.contracts import ContractService, ContractView
from desktop_app.core.register.people import PeopleService, PersonView
from desktop_app.core.storage.store import Store


@dataclass(frozen=True)
class DutyRow:
    """A person and whether they can answer right now."""

    person: PersonView
    status: Status
    responder_for: int  # how many active contracts name them


@dataclass(frozen=True)
class TodayOverview:
    """Everything the Today view shows."""

    at: datetime
    day: DayInfo
    contracts: tuple[ContractView, ...]
    duty: tuple[DutyRow, ...]
    uncovered: tuple[ContractView, ...]  # no active responder available now
    # Today's year has no published official schedule: who is on duty assumes this.
    calendar_notes: tuple[str, ...] = ()
    # Rings from the phone system today that nobody logged ("rang — not logged"): missed calls.
    missed_rings: int = 0


class TodayService:
    """Builds the Today overview."""

    def __init__(
        self,
        org: OrgSettingsService,
        calendar: WorkingCalendar,
        contracts: ContractService,
        people: PeopleService,
        store: Store | None = None,
    ) -> None:
        self._org = org
        self._calendar = calendar
        self._contracts = contracts
        self._people = people
        self._store = store  # counts today's missed rings when given

    def overview(self, actor: Actor, at: datetime) -> TodayOverview:
        org = self._org.get()
        local_day = at.astimezone(zoneinfo.ZoneInfo(org.timezone)).date()
        contracts = tuple(self._contracts.list(actor, status="active"))
        people = self._people.list(actor)
        statuses = {
            p.id: availability(
                active=p.active,
                hours=p.office_hours,
                absences=p.absences,
                at=at,
                calendar=self._calendar,
                org=org,
            )
            for p in people
        }
        counts: dict[int, int] = {}
        for contract in contracts:
            for responder in contract.responders:
                counts[responder.person_id] = counts.get(responder.person_id, 0) + 1
        # On duty *now*: only those who can answer at this moment; the others are not on duty.
        duty = tuple(
            DutyRow(p, statuses[p.id], counts.get(p.id, 0))
            for p in sorted(people, key=lambda p: (-counts.get(p.id, 0), p.name))
            if statuses[p.id].available
            and (counts.get(p.id) or p.role.value in ("front_desk", "finance", "admin"))
        )
        uncovered = tuple(
            c
            for c in contracts
            if not any(
                r.active and statuses.get(r.person_id, Status(False, "inactive")).available
                for r in c.responders
            )
        )
        day = self._calendar.day(local_day)
        notes = tuple(
            self._calendar.unpublished_note(year)
            for year in self._calendar.unpublished_years(local_day)
            if not day.known or day.reason == "override"
        )
        missed = 0
        if self._store is not None:
            from desktop_app.core.front_desk.ring_count import count_unlogged

            zone = zoneinfo.ZoneInfo(org.timezone)
            with self._store.read() as session:
                missed = count_unlogged(session, datetime.combine(local_day, time(), zone))
        return TodayOverview(at, day, contracts, duty, uncovered, notes, missed)
