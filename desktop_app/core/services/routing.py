"""Routing an incoming bank call: who is calling, about which contracts, whom to transfer to, now.

:meth:`RoutingService.route` is the one decision the front-desk console, the ``route`` command and
the benchmark share. It takes whatever the desk has — a displayed number in any format, a bank's
name, short name, alias or pinyin initials, a contract number, an officer's name — and answers
with the bank (and branch and officer when the number identifies them), the contracts concerned,
the transfer list with everyone's availability at that moment and why, the deadline of a return
call if nobody answers, and a short script for the desk.

It runs on every keystroke, so every lookup is an index range or an index equality (prefixes as
``key >= p AND key < p + U+10FFFF``, never LIKE), plain Core statements on the session's
connection (no ORM objects built), a fixed number of statements whatever the data (no N+1):
at most three to find the bank, then one each for the contracts, the responders, the finance
fallback, office hours and absences. Loan details are selected only for an actor allowed to see
them; for anyone else they are ``None`` because they were never read.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.orm import aliased

from desktop_app.core import phone as phones
from desktop_app.core.i18n import N_, _, babel_locale_for, current_language
from desktop_app.core.models import (
    Absence,
    Bank,
    BankAlias,
    BankOfficer,
    BankOfficerKey,
    BankPhone,
    Branch,
    LoanContract,
    OfficeHours,
    Person,
    RegisteredNumber,
    ResponderAssignment,
)
from desktop_app.core.services.availability import AbsenceSpan, Span, Status, availability
from desktop_app.core.services.calendar import WorkingCalendar
from desktop_app.core.services.context import ServiceContext
from desktop_app.core.services.follow_ups import due_after_working_hours
from desktop_app.core.services.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.services.permissions import Actor, Permission, Role
from desktop_app.core.text import fold, prefix_bounds

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
MATCH_LIMIT = 10  # rows read per kind of match on a keystroke
CONTRACT_LIMIT = 20  # contracts listed for a bank (a flag says when there are more)
RANKED_LIMIT = 10  # ranked responders on the transfer list
FALLBACK_SCAN = 12  # finance and admin people read for the fallback
FALLBACK_LIMIT = 3  # of whom at most this many available ones are listed
FALLBACK_ROLES = (Role.ADMIN.value, Role.FINANCE.value)
_MANAGER_TITLE = re.compile(r"经理|总监|主管|负责人|manager|director|head|cfo|chief", re.IGNORECASE)
_NUMBER_LIKE = re.compile(r"^\+?[\d\s\-.()（）/]*\d[\d\s\-.()（）/]*$")
_EXTENSION_SUFFIX = re.compile(r"(?:转|分机|ext\.?|x|#)\s*\d{1,6}\s*$", re.IGNORECASE)
MIN_PARTIAL_DIGITS = 3


@dataclass(frozen=True)
class RouteQuery:
    """The query as understood: a number (complete or still being typed), text, or nothing."""

    text: str  # as typed, trimmed
    kind: str  # "number", "text" or "empty"
    number_key: str = ""  # the normalised key ("+861065521234", "svc:95588"); "" when not a number
    number_display: str = ""  # the number as shown ("010 6552 1234"); "" when not a number
    complete: bool = False  # a whole, valid number (False while digits are still being typed)


@dataclass(frozen=True)
class BankMatch:
    """A bank the query points to, and the branch and officer when the number identifies them."""

    bank_id: int
    name: str
    short_name: str
    active: bool
    matched_by: str  # "number", "registered_number", "name", "contract", "officer"
    matched_text: str  # the name, alias, number, contract or officer that matched
    branch_id: int | None = None
    branch_name: str = ""
    officer_id: int | None = None
    officer_name: str = ""
    officer_role: str = ""  # "relationship_manager", "post_loan_officer", "other" or ""
    number_label: str = ""  # the label of the bank's number that matched ("朝阳支行")
    contract_id: int | None = None  # the contract that matched (by number, or our number on file)


@dataclass(frozen=True)
class ContractSummary:
    """A contract the call concerns; without the right, loan details are ``None``, never read."""

    id: int
    bank_id: int
    contract_number: str
    title: str
    loan_type: str
    status: str
    maturity_date: date
    clause_cadence: str
    clause_method: str
    matched: bool  # the query named this contract (rather than its bank)
    currency: str
    principal: Decimal | None = None
    purpose_of_funds: str | None = None
    clause_text: str | None = None
    consequences: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One person on the transfer list, whether they can answer now and how to reach them."""

    person_id: int
    name: str
    role: str
    job_title: str
    extension: str
    mobile: str
    rank: int | None  # 1 = primary; None for the finance fallback
    source: str  # "contract", "bank" (the bank's default list) or "fallback"
    contract_ids: tuple[int, ...]  # the contracts (in this result) they answer for
    available: bool
    status: Status  # the availability code and parameters
    reason: str  # the status in the active language ("Available", "Absent (leave) until …")


@dataclass(frozen=True)
class RouteResult:
    """The whole routing decision for one query at one moment."""

    query: RouteQuery
    at: datetime
    banks: tuple[BankMatch, ...]  # best match first
    ambiguous: bool  # several banks match: ask the caller which (or route again with bank_id)
    number_known: bool  # the number is on file: a bank's calling number or one of our numbers
    number_source: str  # "bank_phone", "registered_number" or ""
    offer_save_number: bool  # a complete, unknown number with one bank chosen: offer to save it
    contracts: tuple[ContractSummary, ...]
    contracts_truncated: bool  # more contracts concern the bank than are listed
    candidates: tuple[Candidate, ...]  # the transfer list: ranked responders, then the fallback
    details_hidden: bool  # the actor may not see loan details; they are absent, not hidden
    follow_up_due_at: datetime  # when a message taken now must be returned
    script: tuple[str, ...]  # short lines for the desk, in the active language

    @property
    def bank(self) -> BankMatch | None:
        """The bank the call is routed for, when there is exactly one."""
        return self.banks[0] if self.banks and not self.ambiguous else None

    @property
    def primary(self) -> Candidate | None:
        """The first ranked responder (available or not)."""
        return next((c for c in self.candidates if c.rank is not None), None)

    @property
    def first_available(self) -> Candidate | None:
        """Whom to transfer to now: the first available person on the list."""
        return next((c for c in self.candidates if c.available), None)


def understand(text: str, area_code: str = "010") -> RouteQuery:
    """Read what the desk typed: a whole number, digits still being typed, or text."""
    typed = (text or "").strip()
    if not typed:
        return RouteQuery(typed, "empty")
    folded = unicodedata.normalize("NFKC", typed)
    if _NUMBER_LIKE.match(_EXTENSION_SUFFIX.sub("", folded).strip() or "x"):
        parsed = phones.try_normalise(typed, area_code)
        if parsed is not None:
            return RouteQuery(typed, "number", parsed.key, parsed.display, True)
        digits = phones.clean_digits(_EXTENSION_SUFFIX.sub("", folded))
        return RouteQuery(typed, "number", "", digits, False)
    return RouteQuery(typed, "text")


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


@dataclass
class _Hit:
    """One way the query names a bank, with a score: lower is a better match."""

    score: int
    match: BankMatch
    contract_ids: list[int] = field(default_factory=list)


# Scores: an exact match (below EXACT) beats any prefix match.
_NUMBER, _REGISTERED, _CONTRACT, _NAME, _OFFICER = 0, 1, 2, 3, 4
EXACT = 10


@dataclass(frozen=True)
class _Person:
    person_id: int
    name: str
    role: str
    job_title: str
    extension: str
    mobile: str
    active: bool


class RoutingService:
    """Answers “who is calling and whom do I transfer to, now” for the front desk."""

    def __init__(
        self, ctx: ServiceContext, org: OrgSettingsService, calendar: WorkingCalendar
    ) -> None:
        self._ctx = ctx
        self._org = org
        self._calendar = calendar

    # -- the query ------------------------------------------------------------------------------

    def understand(self, text: str) -> RouteQuery:
        """The query as understood, with the organisation's area code for local numbers."""
        return understand(text, self._org.get().area_code)

    def moment(self, at: datetime | None) -> datetime:
        """``at`` as an aware time: now when ``None``; a naive time is in the company's zone."""
        if at is None:
            return self._ctx.clock.now()
        if at.tzinfo is None:
            return at.replace(tzinfo=zoneinfo.ZoneInfo(self._org.get().timezone))
        return at

    def search(self, actor: Actor, text: str) -> tuple[BankMatch, ...]:
        """The banks ``text`` names, best first: the search behind each keystroke."""
        actor.require(Permission.VIEW_REGISTER)
        query = self.understand(text)
        with self._ctx.read() as session:
            hits = self._find(session.connection(), query)
        return tuple(hit.match for hit in _best_per_bank(hits))

    # -- the decision ---------------------------------------------------------------------------

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
        with self._ctx.read() as session:
            connection = session.connection()
            hits = self._find(connection, query)
            known = next((h for h in hits if h.score in (_NUMBER, _REGISTERED)), None)
            if bank_id is not None:
                hits = [h for h in hits if h.match.bank_id == bank_id] or self._chosen(
                    connection, bank_id
                )
            best = _best_per_bank(hits)
            banks = tuple(hit.match for hit in best)
            chosen = best[0] if len(best) == 1 else None
            contracts: tuple[ContractSummary, ...] = ()
            truncated = False
            ranked: list[tuple[_Person, int, str, tuple[int, ...]]] = []
            if chosen is not None:
                contracts, truncated = self._contracts(connection, chosen, hits, details)
                ranked = self._ranked(connection, chosen.match.bank_id, contracts)
            pool = self._fallback_pool(connection)
            people = [entry[0] for entry in ranked] + pool
            hours, absences = self._schedules(connection, {p.person_id for p in people}, at)
        candidates = self._candidates(ranked, pool, hours, absences, at, org)
        due = due_after_working_hours(self._calendar, org, at, org.follow_up_working_hours)
        number_known = known is not None
        result = RouteResult(
            query=query,
            at=at,
            banks=banks,
            ambiguous=len(banks) > 1,
            number_known=number_known,
            number_source=(
                ""
                if known is None
                else ("bank_phone" if known.score == _NUMBER else "registered_number")
            ),
            offer_save_number=query.complete and not number_known and chosen is not None,
            contracts=contracts,
            contracts_truncated=truncated,
            candidates=candidates,
            details_hidden=not details,
            follow_up_due_at=due,
            script=(),
        )
        return _with_script(result, org)

    def transfer_list(
        self, actor: Actor, bank_id: int | None, contract_id: int | None, at: datetime
    ) -> tuple[Candidate, ...]:
        """The transfer list for a bank, or one of its contracts, at ``at``."""
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        at = self.moment(at)
        with self._ctx.read() as session:
            connection = session.connection()
            ranked: list[tuple[_Person, int, str, tuple[int, ...]]] = []
            if contract_id is not None:
                row = connection.execute(
                    select(LoanContract.bank_id).where(LoanContract.id == contract_id)
                ).first()
                bank_id = row[0] if row else bank_id
            if bank_id is not None:
                hits = self._chosen(connection, bank_id)
                if hits:
                    if contract_id is not None:
                        hits[0].match = replace(hits[0].match, contract_id=contract_id)
                        hits[0].contract_ids = [contract_id]
                        hits[0].score = _CONTRACT
                    contracts, _more = self._contracts(connection, hits[0], hits, False)
                    ranked = self._ranked(connection, bank_id, contracts)
            pool = self._fallback_pool(connection)
            people = [entry[0] for entry in ranked] + pool
            hours, absences = self._schedules(connection, {p.person_id for p in people}, at)
        return self._candidates(ranked, pool, hours, absences, at, org)

    def finance_manager(self, actor: Actor) -> tuple[int, str] | None:
        """The person an escalated return call is shown to: the first of the finance fallback.

        Active finance and admin people, those whose job title names a manager first, finance
        before admin; their availability does not matter here. ``None`` when there is nobody.
        """
        actor.require(Permission.VIEW_REGISTER)
        with self._ctx.read() as session:
            pool = self._fallback_pool(session.connection())
        return (pool[0].person_id, pool[0].name) if pool else None

    # -- finding the bank -----------------------------------------------------------------------

    def _find(self, connection: Connection, query: RouteQuery) -> list[_Hit]:
        if query.kind == "empty":
            return []
        hits: list[_Hit] = []
        key = fold(query.text)
        if query.kind == "number":
            area = self._org.get().area_code
            if query.complete:
                hits = self._by_number(connection, query.number_key, None)
                if not hits:
                    hits = self._by_registered(connection, query.number_key, None)
            else:
                prefixes = partial_number_prefixes(query.number_display, area)
                for prefix in prefixes:
                    hits.extend(self._by_number(connection, None, prefix))
                    hits.extend(self._by_registered(connection, None, prefix))
            if not any(h.score == _NUMBER for h in hits):
                hits.extend(self._by_contract(connection, key))
            return hits
        hits.extend(self._by_name(connection, key))
        hits.extend(self._by_contract(connection, key))
        hits.extend(self._by_officer(connection, key))
        return hits

    def _by_number(self, connection: Connection, key: str | None, prefix: str | None) -> list[_Hit]:
        officer = aliased(BankOfficer)
        statement = (
            select(
                BankPhone.bank_id,
                BankPhone.display,
                BankPhone.label,
                BankPhone.officer_id,
                Bank.name,
                Bank.short_name,
                Bank.active,
                Branch.id,
                Branch.name,
                officer.name,
                officer.role,
                BankPhone.number_key,
            )
            .join(Bank, Bank.id == BankPhone.bank_id)
            .outerjoin(officer, officer.id == BankPhone.officer_id)
            .outerjoin(Branch, Branch.id == func.coalesce(BankPhone.branch_id, officer.branch_id))
        )
        if key is not None:
            statement = statement.where(BankPhone.number_key == key)
        else:
            low, high = prefix_bounds(prefix or "")
            statement = statement.where(BankPhone.number_key >= low, BankPhone.number_key < high)
            statement = statement.order_by(BankPhone.number_key).limit(MATCH_LIMIT)
        hits = []
        for row in connection.execute(statement):
            exact = key is not None
            hits.append(
                _Hit(
                    _NUMBER if exact else EXACT + _NUMBER + 5,
                    BankMatch(
                        bank_id=row[0],
                        name=row[4],
                        short_name=row[5],
                        active=row[6],
                        matched_by="number",
                        matched_text=row[1],
                        branch_id=row[7],
                        branch_name=row[8] or "",
                        officer_id=row[3],
                        officer_name=row[9] or "",
                        officer_role=row[10] or "",
                        number_label=row[2],
                    ),
                )
            )
        return hits

    def _by_registered(
        self, connection: Connection, key: str | None, prefix: str | None
    ) -> list[_Hit]:
        statement = (
            select(
                RegisteredNumber.bank_id,
                RegisteredNumber.contract_id,
                RegisteredNumber.display,
                RegisteredNumber.label,
                Bank.name,
                Bank.short_name,
                Bank.active,
            )
            .join(Bank, Bank.id == RegisteredNumber.bank_id)
            .where(RegisteredNumber.active.is_(True))
        )
        if key is not None:
            statement = statement.where(RegisteredNumber.number_key == key)
        else:
            low, high = prefix_bounds(prefix or "")
            statement = statement.where(
                RegisteredNumber.number_key >= low, RegisteredNumber.number_key < high
            )
        statement = statement.order_by(RegisteredNumber.number_key, RegisteredNumber.id).limit(
            MATCH_LIMIT
        )
        return [
            _Hit(
                _REGISTERED if key is not None else EXACT + _REGISTERED + 5,
                BankMatch(
                    bank_id=row[0],
                    name=row[4],
                    short_name=row[5],
                    active=row[6],
                    matched_by="registered_number",
                    matched_text=row[2],
                    number_label=row[3],
                    contract_id=row[1],
                ),
                [row[1]] if row[1] is not None else [],
            )
            for row in connection.execute(statement)
        ]

    def _by_name(self, connection: Connection, key: str) -> list[_Hit]:
        if not key:
            return []
        low, high = prefix_bounds(key)
        statement = (
            select(
                BankAlias.bank_id,
                BankAlias.alias,
                BankAlias.search_key,
                Bank.name,
                Bank.short_name,
                Bank.active,
            )
            .join(Bank, Bank.id == BankAlias.bank_id)
            .where(BankAlias.search_key >= low, BankAlias.search_key < high)
            .order_by(BankAlias.search_key)
            .limit(4 * MATCH_LIMIT)
        )
        return [
            _Hit(
                _NAME if row[2] == key else EXACT + _NAME,
                BankMatch(
                    bank_id=row[0],
                    name=row[3],
                    short_name=row[4],
                    active=row[5],
                    matched_by="name",
                    matched_text=row[1],
                ),
            )
            for row in connection.execute(statement)
        ]

    def _by_contract(self, connection: Connection, key: str) -> list[_Hit]:
        if not key:
            return []
        low, high = prefix_bounds(key)
        statement = (
            select(
                LoanContract.id,
                LoanContract.bank_id,
                LoanContract.contract_number,
                LoanContract.number_key,
                Bank.name,
                Bank.short_name,
                Bank.active,
            )
            .join(Bank, Bank.id == LoanContract.bank_id)
            .where(LoanContract.number_key >= low, LoanContract.number_key < high)
            .order_by(LoanContract.number_key, LoanContract.id)
            .limit(CONTRACT_LIMIT)
        )
        return [
            _Hit(
                _CONTRACT if row[3] == key else EXACT + _CONTRACT,
                BankMatch(
                    bank_id=row[1],
                    name=row[4],
                    short_name=row[5],
                    active=row[6],
                    matched_by="contract",
                    matched_text=row[2],
                    contract_id=row[0],
                ),
                [row[0]],
            )
            for row in connection.execute(statement)
        ]

    def _by_officer(self, connection: Connection, key: str) -> list[_Hit]:
        if not key:
            return []
        low, high = prefix_bounds(key)
        statement = (
            select(
                BankOfficer.id,
                BankOfficer.bank_id,
                BankOfficer.name,
                BankOfficer.role,
                BankOfficerKey.search_key,
                Bank.name,
                Bank.short_name,
                Bank.active,
                Branch.id,
                Branch.name,
            )
            .select_from(BankOfficerKey)
            .join(BankOfficer, BankOfficer.id == BankOfficerKey.officer_id)
            .join(Bank, Bank.id == BankOfficer.bank_id)
            .outerjoin(Branch, Branch.id == BankOfficer.branch_id)
            .where(BankOfficerKey.search_key >= low, BankOfficerKey.search_key < high)
            .order_by(BankOfficerKey.search_key, BankOfficerKey.id)
            .limit(MATCH_LIMIT)
        )
        return [
            _Hit(
                _OFFICER if row[4] == key else EXACT + _OFFICER,
                BankMatch(
                    bank_id=row[1],
                    name=row[5],
                    short_name=row[6],
                    active=row[7],
                    matched_by="officer",
                    matched_text=row[2],
                    branch_id=row[8],
                    branch_name=row[9] or "",
                    officer_id=row[0],
                    officer_name=row[2],
                    officer_role=row[3],
                ),
            )
            for row in connection.execute(statement)
        ]

    def _chosen(self, connection: Connection, bank_id: int) -> list[_Hit]:
        row = connection.execute(
            select(Bank.name, Bank.short_name, Bank.active).where(Bank.id == bank_id)
        ).first()
        if row is None:
            return []
        match = BankMatch(bank_id, row[0], row[1], row[2], "chosen", row[0])
        return [_Hit(EXACT + 9, match)]

    # -- contracts and people -------------------------------------------------------------------

    def _contracts(
        self, connection: Connection, chosen: _Hit, hits: Sequence[_Hit], details: bool
    ) -> tuple[tuple[ContractSummary, ...], bool]:
        """The matched contracts of the chosen bank, or else its active contracts."""
        bank_id = chosen.match.bank_id
        named: list[int] = []
        if chosen.contract_ids:
            exact = chosen.score < EXACT
            for hit in hits:
                if (
                    hit.match.bank_id == bank_id
                    and hit.match.matched_by == chosen.match.matched_by
                    and (hit.score < EXACT) == exact
                ):
                    named.extend(i for i in hit.contract_ids if i not in named)
        columns: list[Any] = [
            LoanContract.id,
            LoanContract.bank_id,
            LoanContract.contract_number,
            LoanContract.title,
            LoanContract.loan_type,
            LoanContract.status,
            LoanContract.maturity_date,
            LoanContract.clause_cadence,
            LoanContract.clause_method,
            LoanContract.currency,
        ]
        if details:
            columns += [
                LoanContract.principal,
                LoanContract.purpose_of_funds,
                LoanContract.clause_text,
                LoanContract.consequences,
            ]
        statement = select(*columns)
        if named:
            statement = statement.where(LoanContract.id.in_(named[:CONTRACT_LIMIT]))
            statement = statement.order_by(LoanContract.contract_number, LoanContract.id)
        else:
            # Served by ix_loan_contract_listing: (status, bank_id, contract_number, …).
            statement = (
                statement.where(LoanContract.status == "active", LoanContract.bank_id == bank_id)
                .order_by(LoanContract.contract_number)
                .limit(CONTRACT_LIMIT + 1)
            )
        rows = connection.execute(statement).all()
        truncated = len(rows) > CONTRACT_LIMIT or len(named) > CONTRACT_LIMIT
        summaries = tuple(
            ContractSummary(
                id=row[0],
                bank_id=row[1],
                contract_number=row[2],
                title=row[3],
                loan_type=row[4],
                status=row[5],
                maturity_date=row[6],
                clause_cadence=row[7],
                clause_method=row[8],
                matched=bool(named),
                currency=row[9],
                principal=row[10] if details else None,
                purpose_of_funds=row[11] if details else None,
                clause_text=row[12] if details else None,
                consequences=row[13] if details else None,
            )
            for row in rows[:CONTRACT_LIMIT]
        )
        return summaries, truncated

    def _ranked(
        self, connection: Connection, bank_id: int, contracts: Sequence[ContractSummary]
    ) -> list[tuple[_Person, int, str, tuple[int, ...]]]:
        """The responders of the contracts (each its own list, else the bank's), merged by rank."""
        ids = [c.id for c in contracts]
        condition = ResponderAssignment.bank_id == bank_id
        if ids:
            condition = or_(ResponderAssignment.contract_id.in_(ids), condition)
        rows = connection.execute(
            select(
                ResponderAssignment.contract_id,
                ResponderAssignment.rank,
                *_person_columns(),
            )
            .join(Person, Person.id == ResponderAssignment.person_id)
            .where(condition)
            .order_by(ResponderAssignment.rank, ResponderAssignment.id)
        ).all()
        own: dict[int, list[tuple[int, _Person]]] = {}
        default: list[tuple[int, _Person]] = []
        for contract_id, rank, *person in rows:
            entry = (rank, _Person(*person))
            if contract_id is None:
                default.append(entry)
            else:
                own.setdefault(contract_id, []).append(entry)
        lists: list[tuple[int | None, str, list[tuple[int, _Person]]]] = [
            (c, "contract", own[c]) if c in own else (c, "bank", default) for c in ids
        ] or [(None, "bank", default)]
        merged: dict[int, list[Any]] = {}
        order = 0
        for contract_id, source, entries in lists:
            for rank, person in entries:
                slot = merged.get(person.person_id)
                if slot is None:
                    merged[person.person_id] = [rank, order, source, [], person]
                    order += 1
                    slot = merged[person.person_id]
                elif rank < slot[0]:
                    slot[0], slot[2] = rank, source
                if contract_id is not None and contract_id not in slot[3]:
                    slot[3].append(contract_id)
        best = sorted(merged.values(), key=lambda slot: (slot[0], slot[1]))[:RANKED_LIMIT]
        return [(slot[4], slot[0], slot[2], tuple(slot[3])) for slot in best]

    def _fallback_pool(self, connection: Connection) -> list[_Person]:
        """Active finance and admin people, managers first, for when no responder can answer."""
        rows = connection.execute(
            select(*_person_columns())
            .where(Person.role.in_(FALLBACK_ROLES), Person.active.is_(True))
            .order_by(Person.role, Person.id)
            .limit(FALLBACK_SCAN)
        ).all()
        pool = [_Person(*row) for row in rows]
        return sorted(
            pool,
            key=lambda p: (
                not _MANAGER_TITLE.search(p.job_title),
                p.role != Role.FINANCE.value,
                p.person_id,
            ),
        )

    def _schedules(
        self, connection: Connection, person_ids: Iterable[int], at: datetime
    ) -> tuple[dict[int, list[Span]], dict[int, list[AbsenceSpan]]]:
        ids = sorted(person_ids)
        hours: dict[int, list[Span]] = {i: [] for i in ids}
        absences: dict[int, list[AbsenceSpan]] = {i: [] for i in ids}
        if not ids:
            return hours, absences
        for person_id, weekday, starts, ends in connection.execute(
            select(
                OfficeHours.person_id, OfficeHours.weekday, OfficeHours.starts, OfficeHours.ends
            ).where(OfficeHours.person_id.in_(ids))
        ):
            hours[person_id].append(Span(weekday, starts, ends))
        for person_id, kind, starts_at, ends_at in connection.execute(
            select(Absence.person_id, Absence.kind, Absence.starts_at, Absence.ends_at).where(
                Absence.person_id.in_(ids), and_(Absence.starts_at <= at, Absence.ends_at > at)
            )
        ):
            absences[person_id].append(AbsenceSpan(kind, starts_at, ends_at))
        return hours, absences

    def _candidates(
        self,
        ranked: Sequence[tuple[_Person, int, str, tuple[int, ...]]],
        pool: Sequence[_Person],
        hours: dict[int, list[Span]],
        absences: dict[int, list[AbsenceSpan]],
        at: datetime,
        org: OrgSettings,
    ) -> tuple[Candidate, ...]:
        def status_of(person: _Person) -> Status:
            return availability(
                active=person.active,
                hours=tuple(hours.get(person.person_id, ())),
                absences=tuple(absences.get(person.person_id, ())),
                at=at,
                calendar=self._calendar,
                org=org,
            )

        def candidate(
            person: _Person, rank: int | None, source: str, contract_ids: tuple[int, ...]
        ) -> Candidate:
            status = status_of(person)
            return Candidate(
                person_id=person.person_id,
                name=person.name,
                role=person.role,
                job_title=person.job_title,
                extension=person.extension,
                mobile=person.mobile,
                rank=rank,
                source=source,
                contract_ids=contract_ids,
                available=status.available,
                status=status,
                reason=status.text(),
            )

        listed = [candidate(p, rank, source, ids) for p, rank, source, ids in ranked]
        seen = {c.person_id for c in listed}
        for person in pool:
            if len(listed) - len(ranked) >= FALLBACK_LIMIT:
                break
            if person.person_id in seen:
                continue
            fallback = candidate(person, None, "fallback", ())
            if fallback.available:
                listed.append(fallback)
                seen.add(person.person_id)
        return tuple(listed)


def _person_columns() -> tuple[Any, ...]:
    return (
        Person.id,
        Person.name,
        Person.role,
        Person.job_title,
        Person.extension,
        Person.mobile,
        Person.active,
    )


def _best_per_bank(hits: Sequence[_Hit]) -> list[_Hit]:
    """One hit per bank, its best; only exact hits when there are any; best first."""
    if any(hit.score < EXACT for hit in hits):
        hits = [hit for hit in hits if hit.score < EXACT]
    best: dict[int, _Hit] = {}
    for hit in hits:
        current = best.get(hit.match.bank_id)
        if current is None or hit.score < current.score:
            best[hit.match.bank_id] = hit
    return sorted(best.values(), key=lambda h: (h.score, not h.match.active, h.match.name))


# -- the desk's script ---------------------------------------------------------------------------


def _with_script(result: RouteResult, org: OrgSettings) -> RouteResult:
    return replace(result, script=tuple(desk_script(result, org)))


def format_deadline(moment: datetime, timezone: str) -> str:
    """A deadline as the desk says it, in the active language: “Wed, Nov 25 12:00”."""
    from babel.dates import format_skeleton

    local = moment.astimezone(zoneinfo.ZoneInfo(timezone))
    locale = babel_locale_for(current_language())
    day = format_skeleton("MMMEd", local, tzinfo=local.tzinfo, locale=locale)
    return f"{day} {local:%H:%M}"


def desk_script(result: RouteResult, org: OrgSettings) -> list[str]:
    """Short lines for the desk, in the active language."""
    deadline = format_deadline(result.follow_up_due_at, org.timezone)
    lines: list[str] = []
    if org.company_name:
        lines.append(
            _("Greet: “{company}, hello — how can I help you?”").format(company=org.company_name)
        )
    else:
        lines.append(_("Greet: “Hello — how can I help you?”"))
    bank = result.bank
    if result.ambiguous:
        lines.append(
            _("Several banks match: ask which bank is calling, the caller's name and number.")
        )
    elif bank is not None:
        lines.append(
            _(
                "Confirm the caller is from {bank}; ask their name and a number to call back."
            ).format(bank=bank.name)
        )
    else:
        lines.append(_("Ask which bank is calling, the caller's name and a number to call back."))
    query = result.query
    if result.number_source == "bank_phone" and bank is not None:
        lines.append(
            _("{number} is on file as a number of {bank} ({label}).").format(
                number=query.number_display, bank=bank.name, label=bank.number_label or "—"
            )
        )
    elif result.number_source == "registered_number":
        lines.append(
            _(
                "{number} is one of our own numbers on file with the bank, not the bank's: "
                "verify the caller."
            ).format(number=query.number_display)
        )
    elif query.complete:
        lines.append(
            _(
                "{number} is not on file for any bank: verify the caller before passing anything "
                "on — if in doubt, call back on the bank's known number. Beware of impersonation."
            ).format(number=query.number_display)
        )
    else:
        lines.append(
            _("Verify the caller against the bank's known numbers; beware of impersonation.")
        )
    lines.append(
        _(
            "Never disclose loan details (amounts, purpose, terms) to the caller; "
            "the responder answers the bank's questions."
        )
    )
    primary = result.primary
    target = result.first_available
    if primary is not None and not primary.available:
        lines.append(
            _("{name}, the primary responder, is not available: {reason}.").format(
                name=primary.name, reason=primary.reason
            )
        )
    if target is not None:
        if target.extension:
            line = _("Transfer to {name}, extension {extension}.")
        elif target.mobile:
            line = _("Transfer to {name}, mobile {mobile}.")
        else:
            line = _("Transfer to {name}.")
        lines.append(
            line.format(name=target.name, extension=target.extension, mobile=target.mobile)
        )
        lines.append(
            _("If no one picks up, take a message and promise a return call by {deadline}.").format(
                deadline=deadline
            )
        )
    else:
        lines.append(
            _(
                "No one can answer now: take a message (name, bank, number, what they need) and "
                "promise a return call by {deadline}."
            ).format(deadline=deadline)
        )
    return lines
