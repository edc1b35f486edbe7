"""Expanding stored contact windows into dated occurrences with their responders.

Everything a range needs is read up front in a handful of statements (windows with their bank and
contract, responder lists, people with hours and absences, certificates); the expansion itself is
pure, so a year of a few hundred windows costs no query per occurrence.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, load_only, selectinload

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import _, current_language
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.common.permissions import Role
from desktop_app.core.models import (
    Bank,
    Certificate,
    ContactWindow,
    LoanContract,
    Person,
    ResponderAssignment,
)
from desktop_app.core.register.availability import Status
from desktop_app.core.register.people import PersonView, person_view
from desktop_app.core.register.responders import ResponderView, effective_responders
from desktop_app.core.windows.checks import DayFlags, available_throughout, day_flags
from desktop_app.core.windows.rules import RuleSpec, expand_days


@dataclass(frozen=True)
class OccurrenceResponder:
    """A designated responder judged for the whole of one occurrence."""

    person_id: int
    name: str
    rank: int  # 1 = primary
    available: bool  # for the WHOLE window: active, not absent, working day, within office hours
    reason: str  # translated reason when not available ("" when available)
    certified: bool  # training certificate valid at the window's start


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of a contact window, with its flags and responders."""

    key: str  # f"{window_id}@{starts_at:%Y%m%dT%H%M%SZ}" (UTC)
    window_id: int
    bank_id: int
    bank_name: str
    contract_id: int | None
    contract_number: str  # "" for a bank-wide window
    title: str
    kind: str  # "recurring" | "one_off"
    starts_at: datetime  # UTC-aware
    ends_at: datetime  # UTC-aware
    day: date  # the day it falls on in its window's own time zone (what names it in calendars)
    outside_office_hours: bool
    non_working_day: bool
    warnings: tuple[str, ...]
    responders: tuple[OccurrenceResponder, ...]

    @property
    def on_duty(self) -> OccurrenceResponder | None:
        """The first responder available for the whole window and certified."""
        return next((r for r in self.responders if r.available and r.certified), None)

    @property
    def covered(self) -> bool:
        return self.on_duty is not None


def occurrence_key(window_id: int, starts_at: datetime) -> str:
    return f"{window_id}@{starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


@dataclass(frozen=True)
class WindowRow:
    """A stored window with what its occurrences show, read once per range."""

    window: ContactWindow
    bank_name: str
    contract_number: str
    drawdown: date | None


def moments(
    row: WindowRow, start: datetime, end: datetime, calendar: WorkingCalendar
) -> list[tuple[datetime, datetime]]:
    """The UTC start and end of each occurrence of a window overlapping [start, end)."""
    window = row.window
    if window.kind == "one_off":
        if window.one_off_start is None or window.one_off_end is None:
            return []
        pair = (window.one_off_start.astimezone(UTC), window.one_off_end.astimezone(UTC))
        return [pair] if pair[0] < end and pair[1] > start else []
    if window.starts is None or window.ends is None:
        return []
    zone = zoneinfo.ZoneInfo(window.timezone)
    spec = RuleSpec(
        rule=window.rrule,
        first_day=window.valid_from,
        last_day=window.valid_until,
        working_days_only=window.working_days_only,
        first_working_days=window.first_working_days,
        after_drawdown_months=window.after_drawdown_months,
        drawdown=row.drawdown,
    )
    since = start.astimezone(zone).date() - timedelta(days=1)
    until = end.astimezone(zone).date() + timedelta(days=1)
    works = calendar.workday_test(window.timezone)  # a bank abroad keeps its own holidays
    days = calendar.derived(
        ("window days", spec, since, until, window.timezone),
        lambda: tuple(expand_days(spec, since, until, works)),
    )
    found = []
    opens, closes = window.starts, window.ends  # read once: a mapped attribute costs a call
    start, end = start.astimezone(UTC), end.astimezone(UTC)  # compared alike, compared faster
    for day in days:
        begins = datetime.combine(day, opens, zone).astimezone(UTC)
        ends = datetime.combine(day, closes, zone).astimezone(UTC)
        if begins < end and ends > start:
            found.append((begins, ends))
    return found


def load_windows(
    session: Session,
    *,
    bank_id: int | None = None,
    contract_id: int | None = None,
    window_ids: Sequence[int] | None = None,
) -> list[WindowRow]:
    """The active windows (of a bank, a contract or by id) with bank name and contract facts.

    A window of a contract that is closed (repaid) or still a draft, or of a bank no longer
    active, has no dates: nobody is reminded of a call that will not come.
    """
    query = (
        select(ContactWindow, Bank.name, LoanContract.contract_number, LoanContract.drawdown_date)
        .join(Bank, Bank.id == ContactWindow.bank_id)
        .outerjoin(LoanContract, LoanContract.id == ContactWindow.contract_id)
        .where(
            ContactWindow.active.is_(True),
            Bank.active.is_(True),
            or_(ContactWindow.contract_id.is_(None), LoanContract.status == "active"),
        )
        .order_by(ContactWindow.id)
    )
    if bank_id is not None:
        query = query.where(ContactWindow.bank_id == bank_id)
    if contract_id is not None:
        query = query.where(ContactWindow.contract_id == contract_id)
    if window_ids is not None:
        query = query.where(ContactWindow.id.in_(list(window_ids)))
    return [
        WindowRow(w, name, number or "", drawdown)
        for w, name, number, drawdown in session.execute(query)
    ]


def responder_lists(
    session: Session, rows: Sequence[WindowRow]
) -> dict[int, tuple[ResponderView, ...]]:
    """Each window's responders: its contract's list (else the bank's), or the bank's list."""
    contract_ids = {r.window.contract_id for r in rows if r.window.contract_id is not None}
    contracts = list(
        session.scalars(
            select(LoanContract)
            .options(load_only(LoanContract.id, LoanContract.bank_id))
            .where(LoanContract.id.in_(contract_ids))
        )
    )
    by_contract = effective_responders(session, contracts)
    bank_ids = {r.window.bank_id for r in rows if r.window.contract_id is None}
    by_bank: dict[int | None, list[ResponderView]] = defaultdict(list)
    for bank, rank, pid, name, active in session.execute(
        select(
            ResponderAssignment.bank_id,
            ResponderAssignment.rank,
            Person.id,
            Person.name,
            Person.active,
        )
        .join(Person, Person.id == ResponderAssignment.person_id)
        .where(ResponderAssignment.bank_id.in_(bank_ids))
        .order_by(ResponderAssignment.rank)
    ):
        by_bank[bank].append(ResponderView(pid, name, rank, active, True))
    return {
        r.window.id: by_contract.get(r.window.contract_id, ())
        if r.window.contract_id is not None
        else tuple(by_bank.get(r.window.bank_id, ()))
        for r in rows
    }


_EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Judge:
    """Everything needed to judge people over a window, read once: people and certificates."""

    org: OrgSettings
    calendar: WorkingCalendar
    people: dict[int, PersonView]
    certificates: dict[int, tuple[tuple[str, datetime, datetime], ...]]  # path, issued, expires
    paths: dict[Role, set[str]]
    now: datetime
    # What was judged already, for this judge's lifetime (one call): many windows share their
    # times, and a coverage gap asks the same people again for its suggestions.
    _available: dict[tuple[int, datetime, datetime], Status] = field(
        default_factory=dict, compare=False, repr=False
    )
    _certified: dict[tuple[int, datetime], bool] = field(
        default_factory=dict, compare=False, repr=False
    )

    def available(self, person: PersonView, starts_at: datetime, ends_at: datetime) -> Status:
        """Whether ``person`` can answer throughout [starts_at, ends_at) (judged once)."""
        key = (person.id, starts_at, ends_at)
        status = self._available.get(key)
        if status is None:
            status = available_throughout(person, starts_at, ends_at, self.calendar, self.org)
            self._available[key] = status
        return status

    def certified(self, person_id: int, at: datetime) -> bool:
        """Whether the person holds a certificate their role accepts, valid at ``at``."""
        key = (person_id, at)
        found = self._certified.get(key)
        if found is None:
            found = self._certified[key] = self._certified_at(person_id, at)
        return found

    def certified_spans(self, person_id: int) -> tuple[tuple[datetime, datetime], ...]:
        """The spans [from, until) of the moments ``at`` the person is ``certified`` at: a
        certificate issued by now counts for every moment before it expires (``from`` is the
        earliest moment there is), one issued later from its issue on."""
        person = self.people.get(person_id)
        if person is None:
            return ()
        wanted = self.paths.get(person.role, set())
        return tuple(
            (_EARLIEST if issued <= self.now else issued, expires)
            for path, issued, expires in self.certificates.get(person_id, ())
            if path in wanted
        )

    def _certified_at(self, person_id: int, at: datetime) -> bool:
        person = self.people.get(person_id)
        if person is None:
            return False
        wanted = self.paths.get(person.role, set())
        latest_issue = max(at, self.now)
        return any(
            path in wanted and issued <= latest_issue and expires > at
            for path, issued, expires in self.certificates.get(person_id, ())
        )


def load_judge(
    session: Session,
    org: OrgSettings,
    calendar: WorkingCalendar,
    now: datetime,
    person_ids: Sequence[int] | None = None,
) -> Judge:
    """People (all of them, or ``person_ids``) with hours and absences, and their certificates."""
    from desktop_app.core.training.content import load_course  # the course: only when judged
    from desktop_app.core.training.records import ROLE_PATHS, satisfying_paths

    query = select(Person).options(selectinload(Person.office_hours), selectinload(Person.absences))
    if person_ids is not None:
        query = query.where(Person.id.in_(list(person_ids)))
    people = {}
    for person in session.scalars(query):
        view = person_view(person)
        # In time order within a day, so reasons read the same on every database.
        hours = tuple(sorted(view.office_hours, key=lambda s: (s.weekday, s.starts)))
        people[person.id] = replace(view, office_hours=hours)
    certificates: dict[int, list[tuple[str, datetime, datetime]]] = defaultdict(list)
    for pid, path, issued, expires in session.execute(
        select(
            Certificate.person_id,
            Certificate.path_code,
            Certificate.issued_at,
            Certificate.expires_at,
        ).where(Certificate.person_id.in_(list(people)))
    ):
        certificates[pid].append((path, issued, expires))
    course = load_course(current_language())
    paths = {role: satisfying_paths(course, path) for role, path in ROLE_PATHS.items()}
    return Judge(org, calendar, people, {k: tuple(v) for k, v in certificates.items()}, paths, now)


def judge_responder(
    judge: Judge, responder: ResponderView, starts_at: datetime, ends_at: datetime
) -> OccurrenceResponder:
    person = judge.people.get(responder.person_id)
    if person is None:
        return OccurrenceResponder(
            responder.person_id, responder.name, responder.rank, False, "", False
        )
    status = judge.available(person, starts_at, ends_at)
    certified = judge.certified(person.id, starts_at)
    return OccurrenceResponder(
        person.id,
        person.name,
        responder.rank,
        status.available,
        "" if status.available else status.text(),
        certified,
    )


def build_occurrences(
    rows: Sequence[WindowRow],
    lists: dict[int, tuple[ResponderView, ...]],
    judge: Judge,
    start: datetime,
    end: datetime,
) -> list[Occurrence]:
    """Every occurrence of ``rows`` overlapping [start, end), by start time then window."""
    found: list[Occurrence] = []
    judged: dict[tuple[int, datetime, datetime], OccurrenceResponder] = {}
    flagged: dict[tuple[datetime, datetime], DayFlags] = {}
    for row in rows:
        window = row.window
        zone = zoneinfo.ZoneInfo(window.timezone)
        for begins, ends in moments(row, start, end, judge.calendar):
            if (begins, ends) not in flagged:
                flagged[begins, ends] = day_flags(begins, ends, judge.org, judge.calendar)
            flags = flagged[begins, ends]
            responders = []
            for responder in lists.get(window.id, ()):
                cache_key = (responder.person_id, begins, ends)
                if cache_key not in judged:
                    judged[cache_key] = judge_responder(judge, responder, begins, ends)
                found_one = judged[cache_key]
                if found_one.rank != responder.rank:
                    found_one = replace(found_one, rank=responder.rank)
                responders.append(found_one)
            warnings = flags.warnings
            if not responders:
                warnings += (_("No responder is designated"),)
            found.append(
                Occurrence(
                    key=occurrence_key(window.id, begins),
                    window_id=window.id,
                    bank_id=window.bank_id,
                    bank_name=row.bank_name,
                    contract_id=window.contract_id,
                    contract_number=row.contract_number,
                    title=window.title,
                    kind=window.kind,
                    starts_at=begins,
                    ends_at=ends,
                    day=begins.astimezone(zone).date(),
                    outside_office_hours=flags.outside_office_hours,
                    non_working_day=flags.non_working_day,
                    warnings=warnings,
                    responders=tuple(responders),
                )
            )
    found.sort(key=lambda o: (o.starts_at, o.window_id))
    return found
