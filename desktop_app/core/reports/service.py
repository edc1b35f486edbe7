"""The report service: assembles a report for a period from the SQL counts and the standing
figures (responders, numbers, notices, checklists, contact windows), for the acting person.

Finance staff and administrators get the full report. The front desk gets only its own calls —
those it logged — and nothing about banks' contracts or loans; anyone else is refused.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.checklists.service import ChecklistService
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.errors import NotFound
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.models import Bank, LoanContract, Person, ResponderAssignment
from desktop_app.core.register.numbers import RegisteredNumberService
from desktop_app.core.reports import queries
from desktop_app.core.reports.figures import (
    BankFigures,
    CallCounts,
    PersonFigures,
    Report,
    ReturnCalls,
    TrendMonth,
)
from desktop_app.core.reports.outcomes import category_of
from desktop_app.core.reports.periods import Period, add_months, trend_months
from desktop_app.core.reports.working_time import WorkingHours, percentile
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.coverage import CoverageService

_PEOPLE_ROLES = (Role.ADMIN, Role.FINANCE, Role.FRONT_DESK)


def fold(rows: Sequence[tuple[int | None, str, int]]) -> dict[int | None, dict[str, int]]:
    """Outcome counts folded into report categories, by the first field (bank or month)."""
    folded: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, outcome, count in rows:
        category = category_of(outcome)
        if category is not None:
            folded[key][category] += count
    return folded


class ReportService:
    """Builds reports; every figure is counted in SQL or read from the services that own it."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        calendar: WorkingCalendar,
        numbers: RegisteredNumberService,
        checklists: ChecklistService,
        coverage: CoverageService,
    ) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar
        self._numbers = numbers
        self._checklists = checklists
        self._coverage = coverage

    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self._org.get().timezone)

    def today(self) -> date:
        return self._store.clock.now().astimezone(self.zone()).date()

    def scope_of(self, actor: Actor) -> str:
        """ "full" for finance and admin, "own" for the front desk; refuses anyone else."""
        if actor.can(Permission.VIEW_LOAN_DETAILS):
            return "full"
        if actor.can(Permission.LOG_CALLS) and actor.person_id is not None:
            return "own"
        actor.require(Permission.VIEW_LOAN_DETAILS)
        return "full"  # not reached: require() raised

    def find_bank(self, actor: Actor, name: str) -> tuple[int, str]:
        """A bank by its name or short name, for ``--bank``."""
        actor.require(Permission.VIEW_REGISTER)
        wanted = name.strip()
        with self._store.read() as session:
            row = session.execute(
                select(Bank.id, Bank.name)
                .where((Bank.name == wanted) | (Bank.short_name == wanted))
                .order_by(Bank.id)
            ).first()
        if row is None:
            raise NotFound(N_("No bank is called “{name}”."), name=wanted)
        return int(row[0]), str(row[1])

    def build(
        self, actor: Actor, period: Period, bank_id: int | None = None, with_standing: bool = True
    ) -> Report:
        """The report of ``period`` (optionally for one bank); ``with_standing`` False leaves out
        the figures that describe today rather than the period (numbers, checklists…)."""
        scope = self.scope_of(actor)
        zone = self.zone()
        start, end = period.bounds(zone)
        now = self._store.clock.now()
        months = trend_months(period.last)
        edges = [datetime.combine(m, time(), zone) for m in months]
        edges.append(datetime.combine(add_months(months[-1], 1), time(), zone))
        own = actor.person_id if scope == "own" else None
        with self._store.read() as session:
            by_month = fold(queries.inbound_by_month(session, edges, bank_id, own))
            if start in edges and end == edges[-1]:  # the trend's last months: summed, not counted
                first = edges.index(start)
                totals = sum(
                    (CallCounts.of(by_month.get(i, {})) for i in range(first, len(months))),
                    CallCounts(),
                )
            else:
                totals = CallCounts.of(
                    fold(queries.inbound_totals(session, start, end, bank_id, own))[None]
                )
            bank_filter = ""
            if bank_id is not None:
                found = session.get(Bank, bank_id)
                if found is None:
                    raise NotFound(N_("The bank no longer exists."))
                bank_filter = found.name
            if scope == "own":
                return self._own_report(actor, period, now, totals, by_month, months)
            by_bank = fold(queries.inbound_by_bank(session, start, end, bank_id))
            returns = queries.return_calls_by_bank(session, start, end, now, bank_id)
            hours = self._return_hours(session, start, end, bank_id)
            banks = self._banks(session, bank_id, by_bank)
            people = self._people(session, start, end, now, bank_id)
        return_rows = {r[0]: r[1:] for r in returns}
        all_hours = [h for values in hours.values() for h in values]
        bank_figures = [
            BankFigures(
                bank_id=bid,
                bank_name=name,
                calls=CallCounts.of(by_bank.get(bid, {})),
                returns=_returns(return_rows.get(bid), hours.get(bid, [])),
            )
            for bid, name in banks
        ]
        if with_standing:
            bank_figures = self._with_standing(actor, bank_figures, start, end)
        return Report(
            period=period,
            generated_at=now,
            generated_by=actor.name,
            scope=scope,
            bank_filter=bank_filter,
            totals=totals,
            returns=_sum_returns([r for r in return_rows.values()], all_hours),
            banks=tuple(bank_figures),
            people=tuple(people),
            trend=tuple(
                TrendMonth(month, CallCounts.of(by_month.get(i, {})))
                for i, month in enumerate(months)
            ),
        )

    def standing(self, actor: Actor, report: Report) -> Report:
        """``report`` with each bank's standing figures added: its contact windows expected and
        covered in the period (judging every window's responders takes longest, so the page
        shows the counts first), responders certified, stale numbers, notices, checklists."""
        if report.scope != "full":
            return report
        start, end = report.period.bounds(self.zone())
        banks = self._with_standing(actor, list(report.banks), start, end)
        return replace(report, banks=tuple(banks))

    def _own_report(
        self,
        actor: Actor,
        period: Period,
        now: datetime,
        totals: CallCounts,
        by_month: dict[int | None, dict[str, int]],
        months: list[date],
    ) -> Report:
        """A front-desk person's own calls: totals and the trend, nothing per bank or loan."""
        return Report(
            period=period,
            generated_at=now,
            generated_by=actor.name,
            scope="own",
            totals=totals,
            trend=tuple(
                TrendMonth(month, CallCounts.of(by_month.get(i, {})))
                for i, month in enumerate(months)
            ),
        )

    def _return_hours(
        self, session: Session, start: datetime, end: datetime, bank_id: int | None
    ) -> dict[int | None, list[float]]:
        """Working hours to return each call made, by bank, of the return calls due in the
        period."""
        counter = WorkingHours(self._calendar, self._org.get())
        by_bank: dict[int | None, list[float]] = defaultdict(list)
        for bank, asked, made in queries.returned_moments(session, start, end, bank_id):
            by_bank[bank].append(counter.hours(asked, made))
        return by_bank

    def _banks(
        self, session: Session, bank_id: int | None, by_bank: dict[int | None, dict[str, int]]
    ) -> list[tuple[int, str]]:
        """The banks to show: the one asked for, else every active bank and any with calls."""
        statement = select(Bank.id, Bank.name, Bank.active).order_by(
            Bank.sort_key, Bank.name, Bank.id
        )
        if bank_id is not None:
            statement = statement.where(Bank.id == bank_id)
        return [
            (int(r[0]), str(r[1]))
            for r in session.execute(statement)
            if bank_id is not None or r[2] or any(by_bank.get(r[0], {}).values())
        ]

    def _people(
        self, session: Session, start: datetime, end: datetime, now: datetime, bank_id: int | None
    ) -> list[PersonFigures]:
        handled = queries.handled_by_person(session, start, end, bank_id)
        open_returns = queries.open_returns_by_person(session, now, bank_id)
        late = queries.late_reminders_by_person(session, start, end)
        certificates = queries.certified_until(session)
        rows = session.execute(
            select(Person.id, Person.name, Person.role, Person.active).order_by(
                Person.name, Person.id
            )
        ).all()
        people = []
        for person_id, name, role, active in rows:
            busy = person_id in handled or person_id in open_returns or person_id in late
            if not busy and not (active and role in _PEOPLE_ROLES):
                continue
            until = certificates.get(person_id)
            state = "none" if until is None else ("certified" if until > now else "expired")
            opened, overdue = open_returns.get(person_id, (0, 0))
            people.append(
                PersonFigures(
                    person_id=person_id,
                    name=name,
                    role=role,
                    calls_handled=handled.get(person_id, 0),
                    returns_open=opened,
                    returns_overdue=overdue,
                    reminders_late=late.get(person_id, 0),
                    certified_until=until,
                    training_state=state,
                )
            )
        return people

    def _with_standing(
        self, actor: Actor, banks: list[BankFigures], start: datetime, end: datetime
    ) -> list[BankFigures]:
        """Add what is true of each bank today, and its windows in the period."""
        ids = {b.bank_id for b in banks}
        now = self._store.clock.now()
        with self._store.read() as session:
            notices = queries.open_notices_by_bank(session)
            certificates = queries.certified_until(session)
            responders = _responders_by_bank(session, ids)
            contracts = _active_contracts_by_bank(session, ids)
        stale: dict[int, int] = defaultdict(int)
        for number in self._numbers.list(actor, stale_only=True):
            stale[number.bank_id] += 1
        readiness = self._checklists.readiness_many(
            actor, [c for cs in contracts.values() for c in cs]
        )
        expected: dict[int, int] = defaultdict(int)
        covered: dict[int, int] = defaultdict(int)
        for bank_id, (planned, taken) in self._coverage.covered_counts(actor, start, end).items():
            expected[bank_id], covered[bank_id] = planned, taken
        result = []
        for bank in banks:
            people = responders.get(bank.bank_id, set())
            ready = [readiness[c] for c in contracts.get(bank.bank_id, []) if c in readiness]
            result.append(
                replace(
                    bank,
                    windows_expected=expected[bank.bank_id],
                    windows_covered=covered[bank.bank_id],
                    responders=len(people),
                    responders_certified=sum(
                        1 for p in people if p in certificates and certificates[p] > now
                    ),
                    stale_numbers=stale[bank.bank_id],
                    notices_awaiting=notices.get(bank.bank_id, 0),
                    checklist_ready=sum(r.ready for r in ready),
                    checklist_total=sum(r.total for r in ready),
                )
            )
        return result


def _responders_by_bank(session: Session, bank_ids: set[int]) -> dict[int, set[int]]:
    """The designated responders of each bank: on its active contracts' lists or its own."""
    found: dict[int, set[int]] = defaultdict(set)
    on_contracts = (
        select(LoanContract.bank_id, ResponderAssignment.person_id)
        .join(LoanContract, LoanContract.id == ResponderAssignment.contract_id)
        .where(LoanContract.status == "active")
    )
    on_banks = select(ResponderAssignment.bank_id, ResponderAssignment.person_id).where(
        ResponderAssignment.bank_id.is_not(None)
    )
    for statement in (on_contracts, on_banks):
        for bank_id, person_id in session.execute(statement):
            if bank_id in bank_ids:
                found[int(bank_id)].add(int(person_id))
    return found


def _active_contracts_by_bank(session: Session, bank_ids: set[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    statement = select(LoanContract.bank_id, LoanContract.id).where(LoanContract.status == "active")
    for bank_id, contract_id in session.execute(statement):
        if bank_id in bank_ids:
            found[int(bank_id)].append(int(contract_id))
    return found


def _returns(row: tuple[int, int, int, int, int] | None, hours: list[float]) -> ReturnCalls:
    if row is None:
        return ReturnCalls(median_hours=percentile(hours, 0.5), p90_hours=percentile(hours, 0.9))
    due, on_time, late, still_open, overdue = row
    return ReturnCalls(
        due, on_time, late, still_open, overdue, percentile(hours, 0.5), percentile(hours, 0.9)
    )


def _sum_returns(rows: list[tuple[int, int, int, int, int]], hours: list[float]) -> ReturnCalls:
    sums = [sum(r[i] for r in rows) for i in range(5)]
    return _returns((sums[0], sums[1], sums[2], sums[3], sums[4]), hours)
