"""Routing an incoming bank call: who is calling, about which contracts, whom to transfer to, now.

:meth:`RoutingService.route` is the one decision the front-desk console, the ``route`` command and
the benchmark share. It takes whatever the desk has — a displayed number in any format, a bank's
name, short name, alias or pinyin initials, a contract number, an officer's name — and answers
with the bank (and branch and officer when the number identifies them), the contracts concerned,
the transfer list with everyone's availability at that moment and why, the deadline of a return
call if nobody answers, and a short script for the desk.

It runs on every keystroke, so it reads through four prepared statements whatever the data (no
N+1): one to find the bank, one for its contracts, one for the responders and the finance
fallback, one for their hours and absences (see :mod:`routing_queries`); every lookup is an index
range or equality, never LIKE. Loan details are selected only for an actor allowed to see them;
for anyone else they are ``None`` because they were never read.

Transfer list: the responders of the contracts concerned (each contract's own list, else the
bank's default list), merged by best rank, at most ten, each with their rank per contract; then
up to three *available* people of the finance fallback who have an extension or a mobile —
active finance and admin staff, those whose job title names a manager first. The follow-up
deadline is ``follow_up_working_hours`` of office time after the moment
(:func:`desktop_app.core.front_desk.follow_ups.due_after_working_hours`).

In team mode (PostgreSQL) the console's list also says who set themselves away or "do not
disturb" and whose app is not running (:mod:`presence`, one more statement), and moves them after
the others; :meth:`RoutingService.transfer_list`, which decides who returns a call, keeps the
plain ranked order.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from desktop_app.core.common import phone as phones
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.common.text import contract_key, fold
from desktop_app.core.front_desk import routing_queries as queries
from desktop_app.core.front_desk.desk_script import desk_script, format_deadline
from desktop_app.core.front_desk.follow_ups import bank_zone, due_after_working_hours
from desktop_app.core.front_desk.routing_queries import Hit, PersonRow, Ranked
from desktop_app.core.front_desk.routing_results import (
    BankMatch,
    Candidate,
    ContractSummary,
    RouteQuery,
    RouteResult,
)
from desktop_app.core.register.availability import availability
from desktop_app.core.storage.store import Store
from desktop_app.core.team.live import is_team_database
from desktop_app.core.team.presence import with_presence

__all__ = [
    "MATCH_KINDS",
    "SOURCES",
    "BankMatch",
    "Candidate",
    "ContractSummary",
    "RouteQuery",
    "RouteResult",
    "RoutingService",
    "format_deadline",
    "partial_number_prefixes",
    "understand",
]

MATCH_KINDS = {
    "number": N_("Calling number"),
    "registered_number": N_("One of our numbers the bank has on file"),
    "name": N_("Bank name"),
    "contract": N_("Contract number"),
    "officer": N_("Bank officer"),
    "chosen": N_("Chosen"),
}
SOURCES = {
    "contract": N_("Contract responder"),
    "bank": N_("Bank default responder"),
    "fallback": N_("Finance fallback"),
}
FALLBACK_LIMIT = 3  # available finance and admin people listed after the ranked responders
_MANAGER_TITLE = re.compile(r"经理|总监|主管|负责人|manager|director|head|cfo|chief", re.IGNORECASE)
_NUMBER_LIKE = re.compile(r"^\+?[\d\s\-.()（）/]*\d[\d\s\-.()（）/]*$")
MIN_PARTIAL_DIGITS = 3


def understand(text: str, area_code: str = "010") -> RouteQuery:
    """Read what the desk typed: a whole number, digits still being typed, or text."""
    typed = (text or "").strip()
    if not typed:
        return RouteQuery(typed, "empty")
    bare = phones.split_extension(typed)[0]  # 95588,1 / 010-65521234转808: the number rings
    if _NUMBER_LIKE.match(bare or "x"):
        digits = phones.clean_digits(bare)
        parsed = phones.try_normalise(typed, area_code) if _may_be_whole(digits) else None
        if parsed is not None:
            return RouteQuery(
                typed, "number", parsed.key, parsed.display, True, parsed.extension or ""
            )
        return RouteQuery(typed, "number", "", digits, False)
    return RouteQuery(typed, "text")


def _may_be_whole(digits: str) -> bool:
    """Whether digits could already be a whole number; parsing one costs ~0.1 ms, so the digits
    of a number still being typed skip it."""
    national = digits[3:] if digits.startswith("+86") else digits
    national = national[4:] if national.startswith("0086") else national
    length = len(national.lstrip("+"))
    mobile_prefix = national[:1] == "1" and national[1:2] in ("3", "4", "5", "6", "7", "8", "9")
    return length >= 5 and not (mobile_prefix and length < 11)


def partial_number_prefixes(digits: str, area_code: str) -> tuple[str, ...]:
    """The key prefixes a number still being typed may grow into (``0106552`` → ``+86106552``)."""
    if digits.startswith("0086"):
        digits = "+86" + digits[4:]
    if digits.startswith("+"):
        return (digits,) if len(digits) > MIN_PARTIAL_DIGITS else ()
    if len(digits) < MIN_PARTIAL_DIGITS:
        return ()
    if digits.startswith("0"):
        return ("+86" + digits[1:],)
    if digits.startswith("1"):
        return ("+86" + digits, phones.SERVICE_PREFIX + digits)
    if digits[0] in "489":
        local = "+86" + area_code.lstrip("0") + digits
        return (phones.SERVICE_PREFIX + digits, local)
    return ("+86" + area_code.lstrip("0") + digits,)


class RoutingService:
    """Answers “who is calling and whom do I transfer to, now” for the front desk."""

    def __init__(self, store: Store, org: OrgSettingsService, calendar: WorkingCalendar) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar

    def understand(self, text: str) -> RouteQuery:
        """The query as understood, with the organisation's area code for local numbers."""
        return understand(text, self._org.get().area_code)

    def moment(self, at: datetime | None) -> datetime:
        """``at`` as an aware time: now when ``None``; a naive time is in the company's zone."""
        if at is None:
            return self._store.clock.now()
        if at.tzinfo is None:
            return at.replace(tzinfo=zoneinfo.ZoneInfo(self._org.get().timezone))
        return at

    def search(self, actor: Actor, text: str) -> tuple[BankMatch, ...]:
        """The banks ``text`` names, best first: the search behind each keystroke."""
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        query = understand(text, org.area_code)
        with self._store.connect() as connection:
            hits = _find(connection, query, org.area_code)
        return tuple(hit.match for hit in queries.best_per_bank(hits))

    def route(
        self,
        actor: Actor,
        text: str,
        at: datetime | None = None,
        *,
        bank_id: int | None = None,
    ) -> RouteResult:
        """The whole routing decision for ``text`` at ``at`` (default: now).

        ``bank_id`` narrows the result to one bank: the one the caller named when several match,
        or the bank of a caller whose number is not on file.
        """
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        at = self.moment(at)
        query = understand(text, org.area_code)
        details = actor.can(Permission.VIEW_LOAN_DETAILS)
        with self._store.connect() as connection:
            hits = _find(connection, query, org.area_code)
            known = next((h for h in hits if h.score in (queries.NUMBER, queries.REGISTERED)), None)
            if bank_id is not None:
                hits = [h for h in hits if h.match.bank_id == bank_id] or queries.chosen(
                    connection, bank_id
                )
            best = queries.best_per_bank(hits)
            chosen = best[0] if len(best) == 1 else None
            contracts: tuple[ContractSummary, ...] = ()
            truncated = False
            if chosen is not None:
                contracts, truncated = queries.contracts_for(connection, chosen, hits, details)
            ranked, pool, with_hours = queries.people(
                connection,
                chosen.match.bank_id if chosen else None,
                [c.id for c in contracts],
                reachable=True,
            )
            candidates = self._candidates(connection, ranked, pool, with_hours, at, org)
            zone = bank_zone(connection, chosen.match.bank_id if chosen else None)
            tracked = is_team_database(connection)
            if tracked:
                candidates = with_presence(connection, candidates, self._store.clock.now())
        number_known = known is not None
        due = due_after_working_hours(self._calendar, org, at, org.follow_up_working_hours, zone)
        here = zoneinfo.ZoneInfo(org.timezone)
        years = self._calendar.unpublished_years(
            at.astimezone(here).date(), due.astimezone(here).date()
        )
        result = RouteResult(
            query=query,
            at=at,
            banks=tuple(hit.match for hit in best),
            ambiguous=len(best) > 1,
            number_known=number_known,
            number_source=(
                ""
                if known is None
                else ("bank_phone" if known.score == queries.NUMBER else "registered_number")
            ),
            offer_save_number=query.complete and not number_known and chosen is not None,
            contracts=contracts,
            contracts_truncated=truncated,
            candidates=candidates,
            details_hidden=not details,
            follow_up_due_at=due,
            script=(),
            presence_tracked=tracked,
            calendar_notes=tuple(self._calendar.unpublished_note(year) for year in years),
        )
        return replace(result, script=tuple(desk_script(result, org)))

    def transfer_list(
        self, actor: Actor, bank_id: int | None, contract_id: int | None, at: datetime
    ) -> tuple[Candidate, ...]:
        """The transfer list for a bank, or one of its contracts, at ``at``."""
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        at = self.moment(at)
        with self._store.connect() as connection:
            contract_ids: list[int] = []
            if contract_id is not None:
                bank_id = queries.contract_bank(connection, contract_id)
                contract_ids = [contract_id]
            elif bank_id is not None:
                hits = queries.chosen(connection, bank_id)
                if hits:
                    contracts = queries.contracts_for(connection, hits[0], hits, False)[0]
                    contract_ids = [c.id for c in contracts]
                else:
                    bank_id = None
            ranked, pool, with_hours = queries.people(connection, bank_id, contract_ids)
            return self._candidates(connection, ranked, pool, with_hours, at, org)

    def finance_manager(self, actor: Actor) -> tuple[int, str] | None:
        """The person an escalated return call is shown to: the first of the finance fallback.

        Active finance and admin people, those whose job title names a manager first, finance
        before admin; their availability does not matter here. ``None`` when there is nobody.
        """
        actor.require(Permission.VIEW_REGISTER)
        with self._store.connect() as connection:
            pool = _by_preference(queries.people(connection, None, [])[1])
        return (pool[0][0], pool[0][1]) if pool else None

    def _candidates(
        self,
        connection: Connection,
        ranked: Ranked,
        pool: list[PersonRow],
        with_hours: set[int],
        at: datetime,
        org: OrgSettings,
    ) -> tuple[Candidate, ...]:
        """The ranked responders, then up to three available people of the finance fallback."""
        pool = _by_preference(pool)
        local = at.astimezone(zoneinfo.ZoneInfo(org.timezone))
        day = self._calendar.day(local.date())
        weekday: int | None = -1
        if day.is_workday:
            weekday = local.weekday() if local.weekday() < 5 else None
        people = [entry[0][0] for entry in ranked] + [person[0] for person in pool]
        hours, absences = queries.schedules(connection, people, with_hours, at, weekday)

        def candidate(
            person: PersonRow,
            rank: int | None,
            source: str,
            contract_ids: tuple[int, ...],
            contract_ranks: tuple[tuple[int, int], ...] = (),
        ) -> Candidate:
            status = availability(
                active=person[6],
                hours=hours.get(person[0], ()),
                absences=absences.get(person[0], ()),
                at=at,
                calendar=self._calendar,
                org=org,
            )
            return Candidate(
                person_id=person[0],
                name=person[1],
                role=person[2],
                job_title=person[3],
                extension=person[4],
                mobile=person[5],
                rank=rank,
                source=source,
                contract_ids=contract_ids,
                contract_ranks=contract_ranks,
                available=status.available,
                status=status,
                reason=status.text(),
            )

        listed = [candidate(*entry) for entry in ranked]
        seen = {c.person_id for c in listed}
        added = 0
        for person in pool:
            if added >= FALLBACK_LIMIT:
                break
            if person[0] in seen:
                continue
            fallback = candidate(person, None, "fallback", ())
            if fallback.available:
                listed.append(fallback)
                seen.add(person[0])
                added += 1
        return tuple(listed)


def _find(connection: Connection, query: RouteQuery, area_code: str) -> list[Hit]:
    """Every way the query names a bank, in one statement."""
    if query.kind == "empty":
        return []
    contract = contract_key(query.text)
    if query.kind == "text":
        return queries.find_text(connection, fold(query.text), contract)
    if query.complete:
        hits = queries.find_number(connection, query.number_key, contract)
        if query.extension:
            hits = queries.by_extension(connection, hits, query.number_key, query.extension)
        return hits
    prefixes = partial_number_prefixes(query.number_display, area_code)
    return queries.find_partial_number(connection, prefixes, contract)


def _by_preference(pool: list[PersonRow]) -> list[PersonRow]:
    """Managers by job title first, then finance before admin, then by id."""

    def order(person: PersonRow) -> tuple[Any, ...]:
        return (not _MANAGER_TITLE.search(person[3]), person[2] != Role.FINANCE.value, person[0])

    return sorted(pool, key=order)
