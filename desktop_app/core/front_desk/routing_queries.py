"""The statements behind routing a call: four in all, built once, run on the session's connection.

1. *find* — every way the query names a bank, in one ``UNION ALL``: a number (the banks' calling
   numbers, then our registered numbers), a name, short name, alias or pinyin, a contract number,
   an officer's name or its pinyin. This is the search behind a keystroke.
2. *contracts* — the contracts named, or the bank's active ones (``ix_loan_contract_listing``).
3. *people* — the responders of those contracts and the bank's default list, and the finance
   fallback (active finance and admin people, read from ``ix_person_role_active`` in order).
4. *schedules* — those people's office hours of the day and the absences under way.

Why it is written so: a keystroke must answer within a millisecond and the whole decision within
two (``benchmarks/front_desk.py``). Each statement is built once with bind parameters, so neither
building it nor adapting a cached compilation to a new statement object is paid per call; lists of
ids go into a fixed number of parameters (padded) rather than an "expanding" IN, whose rendering
per call costs more than the query; parts are joined with UNION ALL so that a call pays the
per-statement overhead four times, not ten. Every lookup is an index equality or an index range —
a prefix ``p`` is ``key >= p AND key < p + U+10FFFF`` (:func:`~desktop_app.core.common.text.
prefix_bounds`),
never LIKE, which SQLite cannot serve from an index. Rows stay plain tuples; no ORM object is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Integer,
    Row,
    Select,
    String,
    Time,
    and_,
    bindparam,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from desktop_app.core.common.permissions import Role
from desktop_app.core.common.text import has_han, prefix_bounds
from desktop_app.core.front_desk.routing_results import BankMatch, ContractSummary
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
from desktop_app.core.models.base import UtcDateTime
from desktop_app.core.register.availability import AbsenceSpan, Span

# Statements over columns of mixed types (SQLAlchemy types a statement by its columns' types).
AnySelect = Select[*tuple[Any, ...]]
AnyUnion = CompoundSelect[*tuple[Any, ...]]

MATCH_LIMIT = 10  # rows read per kind of match on a keystroke
MIN_CONTRACT_PREFIX = 3  # characters typed before contract numbers are looked up
CONTRACT_LIMIT = 10  # contracts listed for a bank (a flag says when there are more)
RANKED_LIMIT = 10  # ranked responders on the transfer list
FALLBACK_SCAN = 6  # finance and admin people read for the fallback
PEOPLE = RANKED_LIMIT + FALLBACK_SCAN  # the most people whose schedules are read
FALLBACK_ROLES = (Role.ADMIN.value, Role.FINANCE.value)
NO_DAY_HOURS = 7  # marks "has office hours, none on this weekday" (weekdays are 0–6)
NO_ID = -1  # pads a list of ids: no row has it
NO_RANGE = ("", "")  # a range nothing falls in

# Scores of the ways a query names a bank: an exact match (below EXACT) beats any prefix match.
NUMBER, REGISTERED, CONTRACT, NAME, OFFICER = 0, 1, 2, 3, 4
EXACT = 10
_SCORES = {
    "number": NUMBER,
    "registered_number": REGISTERED,
    "contract": CONTRACT,
    "name": NAME,
    "officer": OFFICER,
}


@dataclass
class Hit:
    """One way the query names a bank, with a score: lower is a better match."""

    score: int
    match: BankMatch
    contract_ids: list[int] = field(default_factory=list)


# A person as routing reads them: (id, name, role, job title, extension, mobile, active).
PersonRow = tuple[int, str, str, str, str, str, bool]


def _in_range(column: Any, low: str, high: str) -> Any:
    return and_(column >= bindparam(low), column < bindparam(high))


def _ids(column: Any, prefix: str, count: int) -> Any:
    return column.in_([bindparam(f"{prefix}{i}") for i in range(count)])


def _padded(prefix: str, ids: Sequence[int], count: int) -> dict[str, int]:
    values = list(ids[:count]) + [NO_ID] * (count - min(len(ids), count))
    return {f"{prefix}{i}": value for i, value in enumerate(values)}


def _text(value: str) -> Any:
    return literal(value, String)


def _no_int() -> Any:
    return cast(null(), Integer)


def _no_text() -> Any:
    return cast(null(), String)


def _person_columns() -> tuple[Any, ...]:
    has_hours = select(OfficeHours.id).where(OfficeHours.person_id == Person.id).exists()
    return (
        Person.id,
        Person.name,
        Person.role,
        Person.job_title,
        Person.extension,
        Person.mobile,
        Person.active,
        has_hours,
    )


def _contract_columns(details: bool) -> list[Any]:
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
    if details:  # only then are loan details read at all
        columns += [
            LoanContract.principal,
            LoanContract.purpose_of_funds,
            LoanContract.clause_text,
            LoanContract.consequences,
        ]
    return columns


def _labelled(*columns: Any) -> list[Any]:
    """Columns named c0, c1, …: parts of a UNION line up, and no two NULLs are taken as one."""
    return [column.label(f"c{index}") for index, column in enumerate(columns)]


def _union(*parts: AnySelect) -> AnyUnion:
    """``UNION ALL`` of parts that each have their own ORDER BY and LIMIT (as subqueries)."""
    return union_all(*(select(*part.subquery().c) for part in parts))


# -- find: the columns every part gives -----------------------------------------------------------
# (kind, bank_id, ref_id, text, key, label, officer_name, officer_role, branch_id, branch_name,
#  bank name, short name, bank active); ref_id is the officer of a number or an officer match,
#  the contract of a contract match or of one of our numbers.


def _bank_columns() -> tuple[Any, ...]:
    return (Bank.name, Bank.short_name, Bank.active)


def _phones(where: Any) -> AnySelect:
    officer = aliased(BankOfficer)
    return (
        select(
            *_labelled(
                _text("number"),
                BankPhone.bank_id,
                BankPhone.officer_id,
                BankPhone.display,
                BankPhone.number_key,
                BankPhone.label,
                officer.name,
                officer.role,
                Branch.id,
                Branch.name,
                *_bank_columns(),
            )
        )
        .join(Bank, Bank.id == BankPhone.bank_id)
        .outerjoin(officer, officer.id == BankPhone.officer_id)
        .outerjoin(Branch, Branch.id == func.coalesce(BankPhone.branch_id, officer.branch_id))
        .where(where)
        .order_by(BankPhone.number_key, BankPhone.id)
        .limit(MATCH_LIMIT)
    )


def _registered(where: Any) -> AnySelect:
    return (
        select(
            *_labelled(
                _text("registered_number"),
                RegisteredNumber.bank_id,
                RegisteredNumber.contract_id,
                RegisteredNumber.display,
                RegisteredNumber.number_key,
                RegisteredNumber.label,
                _no_text(),
                _no_text(),
                _no_int(),
                _no_text(),
                *_bank_columns(),
            )
        )
        .join(Bank, Bank.id == RegisteredNumber.bank_id)
        .where(RegisteredNumber.active.is_(True), where)
        .order_by(RegisteredNumber.number_key, RegisteredNumber.id)
        .limit(MATCH_LIMIT)
    )


def _contracts_by_number() -> AnySelect:
    return (
        select(
            *_labelled(
                _text("contract"),
                LoanContract.bank_id,
                LoanContract.id,
                LoanContract.contract_number,
                LoanContract.number_key,
                _no_text(),
                _no_text(),
                _no_text(),
                _no_int(),
                _no_text(),
                *_bank_columns(),
            )
        )
        .join(Bank, Bank.id == LoanContract.bank_id)
        .where(_in_range(LoanContract.number_key, "contract_low", "contract_high"))
        .order_by(LoanContract.number_key, LoanContract.id)
        .limit(CONTRACT_LIMIT)
    )


def _names() -> AnySelect:
    return (
        select(
            *_labelled(
                _text("name"),
                BankAlias.bank_id,
                _no_int(),
                BankAlias.alias,
                BankAlias.search_key,
                _no_text(),
                _no_text(),
                _no_text(),
                _no_int(),
                _no_text(),
                *_bank_columns(),
            )
        )
        .join(Bank, Bank.id == BankAlias.bank_id)
        .where(_in_range(BankAlias.search_key, "name_low", "name_high"))
        .order_by(BankAlias.search_key, BankAlias.id)
        .limit(3 * MATCH_LIMIT)
    )


def _officers() -> AnySelect:
    return (
        select(
            *_labelled(
                _text("officer"),
                BankOfficer.bank_id,
                BankOfficer.id,
                BankOfficer.name,
                BankOfficerKey.search_key,
                _no_text(),
                BankOfficer.name,
                BankOfficer.role,
                Branch.id,
                Branch.name,
                *_bank_columns(),
            )
        )
        .select_from(BankOfficerKey)
        .join(BankOfficer, BankOfficer.id == BankOfficerKey.officer_id)
        .join(Bank, Bank.id == BankOfficer.bank_id)
        .outerjoin(Branch, Branch.id == BankOfficer.branch_id)
        .where(_in_range(BankOfficerKey.search_key, "officer_low", "officer_high"))
        .order_by(BankOfficerKey.search_key, BankOfficerKey.id)
        .limit(MATCH_LIMIT)
    )


@dataclass(frozen=True)
class Statements:
    """Every statement routing runs, with its bind parameters named."""

    find_text: AnyUnion  # name_, contract_, officer_ low and high
    find_number: AnyUnion  # key, contract_low, contract_high
    find_partial_number: AnyUnion  # low1, high1, low2, high2, contract_low, contract_high
    bank: AnySelect  # bank_id
    contracts_of_bank: dict[bool, AnySelect]  # bank_id; by whether details are read
    contracts_by_id: dict[bool, AnySelect]  # c0…c9
    people: dict[bool, AnyUnion]  # c0…c9, bank_id; by "reachable fallback only"
    schedules: dict[bool, AnyUnion]  # p0…p15, weekday, at; by "every weekday"


@cache
def statements() -> Statements:
    """The statements, built on first use."""
    responders = (
        select(
            *_labelled(
                _text("ranked"),
                ResponderAssignment.contract_id,
                ResponderAssignment.rank,
                *_person_columns(),
            )
        )
        .join(Person, Person.id == ResponderAssignment.person_id)
        .where(
            or_(
                _ids(ResponderAssignment.contract_id, "c", CONTRACT_LIMIT),
                ResponderAssignment.bank_id == bindparam("bank_id"),
            )
        )
    )  # a few rows per contract: ordered by rank here, not by a temporary B-tree

    # Served by ix_person_role_active, in index order: no sort, whatever the staff count. On the
    # console only people the desk can put a call through to (an extension or a mobile) are a
    # fallback; whoever returns a call later needs no phone of their own.
    def fallback(reachable: bool) -> Select[Any]:
        where: list[Any] = [Person.role.in_(FALLBACK_ROLES), Person.active.is_(True)]
        if reachable:
            where.append(or_(Person.extension != "", Person.mobile != ""))
        return (
            select(*_labelled(_text("fallback"), _no_int(), _no_int(), *_person_columns()))
            .where(*where)
            .order_by(Person.role, Person.id)
            .limit(FALLBACK_SCAN)
        )

    at = bindparam("at", type_=UtcDateTime())

    def hours(every_weekday: bool) -> AnySelect:
        where = _ids(OfficeHours.person_id, "p", PEOPLE)
        if not every_weekday:
            where = and_(where, OfficeHours.weekday == bindparam("weekday"))
        return select(
            *_labelled(
                _text("hours"),
                OfficeHours.person_id,
                OfficeHours.weekday,
                OfficeHours.starts,
                OfficeHours.ends,
                _no_text(),
                cast(null(), UtcDateTime),
                cast(null(), UtcDateTime),
            )
        ).where(where)

    absences = select(
        *_labelled(
            _text("absence"),
            Absence.person_id,
            _no_int(),
            cast(null(), Time),
            cast(null(), Time),
            Absence.kind,
            Absence.starts_at,
            Absence.ends_at,
        )
    ).where(_ids(Absence.person_id, "p", PEOPLE), Absence.starts_at <= at, Absence.ends_at > at)
    return Statements(
        find_text=_union(_names(), _contracts_by_number(), _officers()),
        find_number=_union(
            _phones(BankPhone.number_key == bindparam("key")),
            _registered(RegisteredNumber.number_key == bindparam("key")),
            _contracts_by_number(),
        ),
        # One part per range: each reads its range in index order and stops at its LIMIT; an OR
        # of two ranges would collect and sort every match first ("+861…" is every mobile).
        find_partial_number=_union(
            _phones(_in_range(BankPhone.number_key, "low1", "high1")),
            _phones(_in_range(BankPhone.number_key, "low2", "high2")),
            _registered(_in_range(RegisteredNumber.number_key, "low1", "high1")),
            _registered(_in_range(RegisteredNumber.number_key, "low2", "high2")),
            _contracts_by_number(),
        ),
        bank=select(*_bank_columns()).where(Bank.id == bindparam("bank_id")),
        # Served by ix_loan_contract_listing: (status, bank_id, contract_number, …).
        contracts_of_bank={
            details: select(*_contract_columns(details))
            .where(LoanContract.status == "active", LoanContract.bank_id == bindparam("bank_id"))
            .order_by(LoanContract.contract_number)
            .limit(CONTRACT_LIMIT + 1)
            for details in (False, True)
        },
        contracts_by_id={
            details: select(*_contract_columns(details)).where(
                _ids(LoanContract.id, "c", CONTRACT_LIMIT)
            )  # at most 10 rows by primary key, put in order here rather than by a temporary B-tree
            for details in (False, True)
        },
        people={
            reachable: union_all(responders, select(*fallback(reachable).subquery().c))
            for reachable in (False, True)
        },
        schedules={every: union_all(hours(every), absences) for every in (False, True)},
    )


# -- finding the bank ------------------------------------------------------------------------------


def _range(part: str, key: str | None) -> dict[str, str]:
    """The bounds of one part's prefix range; ``None`` skips the part (an empty range)."""
    low, high = prefix_bounds(key) if key else NO_RANGE
    return {f"{part}_low": low, f"{part}_high": high}


def _text_ranges(key: str) -> dict[str, str]:
    """Contract numbers are looked up from three characters on: fewer name hundreds of them."""
    return _range("contract", key if len(key) >= MIN_CONTRACT_PREFIX else None)


def find_text(connection: Connection, key: str, contract: str) -> list[Hit]:
    """Banks by name, short name, alias or pinyin; contracts by number; officers by name.

    ``contract`` is the query as a contract number key (:func:`~desktop_app.core.common.text.
    contract_key`: without separators).
    """
    if not key:
        return []
    params = _text_ranges(contract)
    params.update(_range("name", key))
    params.update(_range("officer", key if has_han(key) or len(key) >= 2 else None))
    rows = connection.execute(statements().find_text, params).all()
    return [_hit(row, key if row[0] != "contract" else contract) for row in rows]


def find_number(connection: Connection, number_key: str, text_key: str) -> list[Hit]:
    """Banks by a whole number (their own, else one of ours they hold); contracts by number
    (``text_key``: the query as a contract number key)."""
    params = {"key": number_key, **_text_ranges(text_key)}
    rows = connection.execute(statements().find_number, params).all()
    hits = [_hit(row, number_key if row[0] != "contract" else text_key) for row in rows]
    if any(hit.score == NUMBER for hit in hits):  # the bank's own number says it all
        return [hit for hit in hits if hit.score == NUMBER]
    return hits


def by_extension(
    connection: Connection, hits: list[Hit], number_key: str, extension: str
) -> list[Hit]:
    """Of our numbers on file under one switchboard, the entries of the extension dialled.

    A switchboard on file several times, once per extension (at two banks, or for two
    contracts), names the bank by the extension: entries with another extension are dropped
    when one has this one. Read only when a whole number with an extension was typed.
    """
    if sum(1 for h in hits if h.match.matched_by == "registered_number") < 2:
        return hits
    rows = connection.execute(
        select(RegisteredNumber.bank_id, RegisteredNumber.contract_id, RegisteredNumber.extension)
        .where(RegisteredNumber.number_key == number_key, RegisteredNumber.active.is_(True))
        .limit(MATCH_LIMIT)
    ).all()
    exact = {(bank, contract) for bank, contract, digits in rows if digits == extension}
    if not exact:
        return hits
    other = {(bank, contract) for bank, contract, digits in rows if digits} - exact
    return [
        h
        for h in hits
        if h.match.matched_by != "registered_number"
        or (h.match.bank_id, h.match.contract_id) not in other
    ]


def find_partial_number(
    connection: Connection, prefixes: Sequence[str], text_key: str
) -> list[Hit]:
    """Banks whose numbers (or ours they hold) start like the digits typed so far."""
    first = prefix_bounds(prefixes[0]) if prefixes else NO_RANGE
    second = prefix_bounds(prefixes[1]) if len(prefixes) > 1 else NO_RANGE
    params = {"low1": first[0], "high1": first[1], "low2": second[0], "high2": second[1]}
    params.update(_text_ranges(text_key))
    rows = connection.execute(statements().find_partial_number, params).all()
    return [_hit(row, "" if row[0] != "contract" else text_key) for row in rows]


def _hit(row: Any, key: str) -> Hit:
    kind, bank_id, ref_id, text, row_key, label, officer, role, branch_id, branch = row[:10]
    score = _SCORES[kind] if row_key == key else EXACT + _SCORES[kind]
    if kind in ("number", "registered_number") and key == "":
        score += 5  # a number still being typed matches less surely than a name
    contract_id = ref_id if kind in ("contract", "registered_number") else None
    officer_id = ref_id if kind in ("number", "officer") else None
    match = BankMatch(
        bank_id=bank_id,
        name=row[10],
        short_name=row[11],
        active=row[12],
        matched_by=kind,
        matched_text=text,
        branch_id=branch_id,
        branch_name=branch or "",
        officer_id=officer_id,
        officer_name=officer or "",
        officer_role=role or "",
        number_label=label or "",
        contract_id=contract_id,
    )
    return Hit(score, match, [contract_id] if contract_id is not None else [])


def chosen(connection: Connection, bank_id: int) -> list[Hit]:
    """The bank the desk chose, as a hit of its own."""
    row = connection.execute(statements().bank, {"bank_id": bank_id}).first()
    if row is None:
        return []
    return [Hit(EXACT + 9, BankMatch(bank_id, row[0], row[1], row[2], "chosen", row[0]))]


def contract_bank(connection: Connection, contract_id: int) -> int | None:
    """The bank of a contract, ``None`` when the contract no longer exists."""
    params = _padded("c", [contract_id], CONTRACT_LIMIT)
    row = connection.execute(statements().contracts_by_id[False], params).first()
    return row[1] if row else None


def best_per_bank(hits: Sequence[Hit]) -> list[Hit]:
    """One hit per bank, its best; only exact hits when there are any; best first."""
    if any(hit.score < EXACT for hit in hits):
        hits = [hit for hit in hits if hit.score < EXACT]
    best: dict[int, Hit] = {}
    for hit in hits:
        current = best.get(hit.match.bank_id)
        if current is None or hit.score < current.score:
            best[hit.match.bank_id] = hit
    return sorted(best.values(), key=lambda h: (h.score, not h.match.active, h.match.name))


# -- contracts and people --------------------------------------------------------------------------


def contracts_for(
    connection: Connection, chosen_hit: Hit, hits: Sequence[Hit], details: bool
) -> tuple[tuple[ContractSummary, ...], bool]:
    """The contracts the query named at the chosen bank, or else the bank's active contracts."""
    bank_id = chosen_hit.match.bank_id
    named: list[int] = []
    if chosen_hit.contract_ids:
        exact = chosen_hit.score < EXACT
        for hit in hits:
            if (
                hit.match.bank_id == bank_id
                and hit.match.matched_by == chosen_hit.match.matched_by
                and (hit.score < EXACT) == exact
            ):
                named.extend(i for i in hit.contract_ids if i not in named)
    if named:
        params: dict[str, Any] = _padded("c", named, CONTRACT_LIMIT)
        found = connection.execute(statements().contracts_by_id[details], params).all()
        rows: Sequence[Row[*tuple[Any, ...]]] = sorted(found, key=lambda row: (row[2], row[0]))
    else:
        statement = statements().contracts_of_bank[details]
        rows = connection.execute(statement, {"bank_id": bank_id}).all()
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


# (person, best rank, source, the contracts they answer for, their rank in each of those).
Ranked = list[tuple[PersonRow, int, str, tuple[int, ...], tuple[tuple[int, int], ...]]]


def people(
    connection: Connection,
    bank_id: int | None,
    contract_ids: Sequence[int],
    reachable: bool = False,
) -> tuple[Ranked, list[PersonRow], set[int]]:
    """The ranked responders and the finance fallback, in one statement.

    Ranked: the responders of the contracts (each its own list, else the bank's default list),
    merged by best rank, as (person, best rank, "contract" or "bank", the contracts they answer
    for, their rank in each); without contracts, the bank's default list. Fallback: active
    finance and admin people in index order (admins, then finance, by id), only those with an
    extension or a mobile when ``reachable``. And the ids of those who have office hours.
    """
    params: dict[str, Any] = _padded("c", contract_ids, CONTRACT_LIMIT)
    params["bank_id"] = NO_ID if bank_id is None else bank_id
    own: dict[int, list[tuple[int, PersonRow]]] = {}
    default: list[tuple[int, PersonRow]] = []
    pool: list[PersonRow] = []
    rows = sorted(connection.execute(statements().people[reachable], params).all(), key=_by_rank)
    with_hours = {row[3] for row in rows if row[10]}
    for row in rows:
        person: PersonRow = tuple(row[3:10])
        if row[0] == "fallback":
            pool.append(person)
        elif row[1] is None:
            default.append((row[2], person))
        else:
            own.setdefault(row[1], []).append((row[2], person))
    if bank_id is None:
        return [], pool, with_hours
    lists: list[tuple[int | None, str, list[tuple[int, PersonRow]]]] = [
        (c, "contract", own[c]) if c in own else (c, "bank", default) for c in contract_ids
    ] or [(None, "bank", default)]
    merged: dict[int, list[Any]] = {}
    for contract_id, source, entries in lists:
        for rank, person in entries:
            slot = merged.get(person[0])
            if slot is None:
                slot = merged[person[0]] = [rank, len(merged), source, [], person, []]
            elif rank < slot[0]:
                slot[0], slot[2] = rank, source
            if contract_id is not None and contract_id not in slot[3]:
                slot[3].append(contract_id)
                slot[5].append((contract_id, rank))
    best = sorted(merged.values(), key=lambda slot: (slot[0], slot[1]))[:RANKED_LIMIT]
    return (
        [(slot[4], slot[0], slot[2], tuple(slot[3]), tuple(slot[5])) for slot in best],
        pool,
        with_hours,
    )


def _by_rank(row: Any) -> tuple[int, int]:
    return (row[2] if row[2] is not None else 0, row[3])


def schedules(
    connection: Connection,
    person_ids: Sequence[int],
    with_hours: set[int],
    at: datetime,
    weekday: int | None,
) -> tuple[dict[int, tuple[Span, ...]], dict[int, tuple[AbsenceSpan, ...]]]:
    """Office hours and the absences under way at ``at``, of each person, in one statement.

    ``weekday``: on an ordinary working day only that day's spans are read, and people in
    ``with_hours`` whose hours fall on other days only get a marker span (weekday
    ``NO_DAY_HOURS``), so that they are not given the company's default hours; ``None`` on a
    make-up workday (every span is read: the usual weekday hours apply); ``-1`` on a day off,
    when hours do not matter.
    """
    hours: dict[int, list[Span]] = {}
    absences: dict[int, list[AbsenceSpan]] = {}
    ids = list(dict.fromkeys(person_ids))
    if ids:
        params: dict[str, Any] = _padded("p", ids, PEOPLE)
        params["at"] = at
        if weekday is not None:
            params["weekday"] = weekday
        rows = connection.execute(statements().schedules[weekday is None], params).all()
        for part, person_id, day, starts, ends, kind, starts_at, ends_at in rows:
            if part == "absence":
                absences.setdefault(person_id, []).append(AbsenceSpan(kind, starts_at, ends_at))
            else:
                hours.setdefault(person_id, []).append(Span(day, starts, ends))
        for person_id in with_hours.difference(hours):
            hours[person_id] = [_MARKER]
    return (
        {k: tuple(v) for k, v in hours.items()},
        {k: tuple(v) for k, v in absences.items()},
    )


_MARKER = Span(NO_DAY_HOURS, time(0), time(0))
