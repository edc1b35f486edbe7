"""Loan contracts and their callback clauses: create, update, close, list and search.

A front-desk or trainee actor receives contracts without loan details: the principal, the purpose
of funds, the clause text and the consequences are ``None`` in what they get, not merely hidden.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Dialect, Row, Select, Text, TypeDecorator, insert, or_, select, type_coerce
from sqlalchemy.orm import Session, undefer_group

from desktop_app.core.common import audit, versions
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import FieldProblem, NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.parsing import clean, parse_day, parse_money
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.text import contract_key, fold, prefix_bounds
from desktop_app.core.common.versions import FieldSpec, RecordSpec
from desktop_app.core.models import AuditEntry, Bank, BankAlias, LoanContract, ResponderAssignment
from desktop_app.core.models.contracts import LOAN_DETAILS
from desktop_app.core.register.responders import (
    ResponderService,
    ResponderView,
    effective_responders,
    responder_ids,
)
from desktop_app.core.storage import text_guard
from desktop_app.core.storage.store import Store

WRITE_BATCH = 1000  # contracts flushed together by an import
KEYS_PER_STATEMENT = 500  # contract numbers looked up by one statement (a bound parameter each)
LOAN_TYPES = {
    "mortgage": N_("Property-backed / mortgage loan"),
    "working_capital": N_("Working-capital loan"),
    "project": N_("Project loan"),
    "fixed_asset": N_("Fixed-asset loan"),
    "other": N_("Other loan"),
}
STATUSES = {"active": N_("Active"), "closed": N_("Repaid"), "draft": N_("Draft")}
CALLERS = {
    "post_loan_officer": N_("Post-loan officer"),
    "relationship_manager": N_("Relationship manager"),
    "risk_department": N_("Risk department"),
    "other": N_("Other"),
}
METHODS = {"phone": N_("By phone"), "on_site": N_("On site"), "both": N_("Phone and on site")}
CADENCES = {
    "monthly": N_("Monthly"),
    "quarterly": N_("Quarterly"),
    "semiannual": N_("Every six months"),
    "annual": N_("Yearly"),
    "ad_hoc": N_("When the bank decides"),
}
TOPICS = {
    "use_of_funds": N_("Use of funds"),
    "business_condition": N_("Business condition"),
    "repayment_capacity": N_("Repayment capacity"),
    "collateral": N_("Collateral"),
    "other": N_("Other"),
}
CURRENCIES = ("CNY", "USD", "EUR", "HKD", "JPY", "GBP")


@dataclass(slots=True)
class ContractDraft:
    """A contract as typed into a form or read from an import; values may still be text."""

    bank_id: int
    contract_number: str
    loan_type: str
    principal: Decimal | str
    start_date: date | str
    maturity_date: date | str
    currency: str = "CNY"
    title: str = ""
    drawdown_date: date | str | None = None
    purpose_of_funds: str = ""
    clause_text: str = ""
    clause_caller: str = "post_loan_officer"
    clause_method: str = "phone"
    clause_cadence: str = "quarterly"
    clause_topics: list[str] = field(default_factory=list)
    clause_documents: list[str] = field(default_factory=list)
    consequences: str = ""
    status: str = "active"
    notes: str = ""


@dataclass(frozen=True)
class ContractView:
    """A contract as one actor may see it; loan details are ``None`` without the permission."""

    id: int
    bank_id: int
    bank_name: str
    contract_number: str
    title: str
    loan_type: str
    currency: str
    principal: Decimal | None
    start_date: date
    maturity_date: date
    drawdown_date: date | None
    purpose_of_funds: str | None
    clause_text: str | None
    clause_caller: str
    clause_method: str
    clause_cadence: str
    clause_topics: tuple[str, ...]
    clause_documents: tuple[str, ...]
    consequences: str | None
    status: str
    notes: str | None
    version: int
    responders: tuple[ResponderView, ...]

    @property
    def restricted(self) -> bool:
        return self.principal is None


@dataclass(frozen=True)
class StoredKeys:
    """The bank ids and (bank id, folded contract number) pairs stored, read in two queries."""

    bank_ids: AbstractSet[int]
    numbers: AbstractSet[tuple[int, str]]


@dataclass(frozen=True)
class ContractQuery:
    """What the contract list is filtered by; empty fields do not filter."""

    text: str = ""
    status: str | None = "active"
    loan_type: str | None = None
    bank_id: int | None = None
    responder_id: int | None = None


def _check_choice(problems: list[FieldProblem], name: str, value: str, choices: object) -> None:
    if value not in choices:  # type: ignore[operator]
        problems.append(
            FieldProblem(name, N_("“{value}” is not one of the choices."), {"value": value})
        )


def validate(draft: ContractDraft) -> dict[str, object]:
    """Check a draft and return clean column values; raises ValidationError with every problem."""
    problems: list[FieldProblem] = []
    values: dict[str, object] = {}
    number = clean(draft.contract_number)
    if not number:
        problems.append(FieldProblem("contract_number", N_("Enter the contract number.")))
    values["contract_number"] = number
    for name, choices in (
        ("loan_type", LOAN_TYPES),
        ("status", STATUSES),
        ("clause_caller", CALLERS),
        ("clause_method", METHODS),
        ("clause_cadence", CADENCES),
    ):
        _check_choice(problems, name, getattr(draft, name), choices)
        values[name] = getattr(draft, name)
    currency = clean(draft.currency).upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        problems.append(
            FieldProblem(
                "currency", N_("“{value}” is not a currency code."), {"value": draft.currency}
            )
        )
    values["currency"] = currency
    for name, parser in (
        ("principal", lambda v: parse_money(v, "principal")),
        ("start_date", lambda v: parse_day(v, "start_date")),
        ("maturity_date", lambda v: parse_day(v, "maturity_date")),
        ("drawdown_date", lambda v: parse_day(v, "drawdown_date", False)),
    ):
        try:
            values[name] = parser(getattr(draft, name))
        except ValidationError as error:
            problems.extend(error.problems)
    start, maturity = values.get("start_date"), values.get("maturity_date")
    if isinstance(start, date) and isinstance(maturity, date) and maturity <= start:
        problems.append(
            FieldProblem("maturity_date", N_("The maturity date must be after the start date."))
        )
    for topic in draft.clause_topics:
        _check_choice(problems, "clause_topics", topic, TOPICS)
    if problems:
        raise ValidationError(problems)
    values.update(
        title=clean(draft.title),
        purpose_of_funds=draft.purpose_of_funds.strip(),
        clause_text=draft.clause_text.strip(),
        consequences=draft.consequences.strip(),
        clause_topics=list(dict.fromkeys(draft.clause_topics)),
        clause_documents=[d for d in (clean(x) for x in draft.clause_documents) if d],
        notes=draft.notes.strip(),
    )
    return values


class _CachedList(TypeDecorator[tuple[str, ...]]):
    """A JSON list of texts read as a tuple, each distinct text decoded once: a search's 200
    contracts share a handful of topic and document lists (decoding them was a tenth of it)."""

    impl = Text
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, str):  # a driver that decodes JSON itself (psycopg)
            return tuple(value)
        return _decoded_list(value)


@lru_cache(maxsize=512)
def _decoded_list(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _listed(column: Any) -> Any:
    """The column as a search reads it (the JSON lists through :class:`_CachedList`)."""
    if column.key in ("clause_topics", "clause_documents"):
        return type_coerce(column, _CachedList()).label(column.key)
    return column


# The contract's columns as a search reads them, without and with the loan details: those
# :func:`contract_view` reads, not the branch, the number's key or the times of the row.
_UNREAD = frozenset({"branch_id", "number_key", "created_at", "updated_at"})
_LISTED_FULL = tuple(_listed(c) for c in LoanContract.__table__.c if c.key not in _UNREAD)
_LISTED = tuple(
    column
    for column in _LISTED_FULL
    if getattr(LoanContract, column.key).property.group != LOAN_DETAILS
)


def contract_view(
    contract: LoanContract | Row[*tuple[Any, ...]],
    bank_name: str,
    actor: Actor,
    responders: tuple[ResponderView, ...],
) -> ContractView:
    full = actor.can(Permission.VIEW_LOAN_DETAILS)
    return ContractView(
        id=contract.id,
        bank_id=contract.bank_id,
        bank_name=bank_name,
        contract_number=contract.contract_number,
        title=contract.title,
        loan_type=contract.loan_type,
        currency=contract.currency,
        principal=contract.principal if full else None,
        start_date=contract.start_date,
        maturity_date=contract.maturity_date,
        drawdown_date=contract.drawdown_date,
        purpose_of_funds=contract.purpose_of_funds if full else None,
        clause_text=contract.clause_text if full else None,
        clause_caller=contract.clause_caller,
        clause_method=contract.clause_method,
        clause_cadence=contract.clause_cadence,
        clause_topics=tuple(contract.clause_topics),
        clause_documents=tuple(contract.clause_documents),
        consequences=contract.consequences if full else None,
        status=contract.status,
        notes=contract.notes if full else None,
        version=contract.version,
        responders=responders,
    )


class ContractService:
    """Use cases for loan contracts."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._responders = ResponderService(store)

    def _check(
        self,
        session: Session,
        bank_id: int,
        number: str,
        contract_id: int | None,
        known: StoredKeys | None = None,
    ) -> None:
        if known is not None:
            bank_found = bank_id in known.bank_ids
            taken = (bank_id, contract_key(number)) in known.numbers
        else:
            bank_found = session.get(Bank, bank_id) is not None
            query = select(LoanContract.id).where(
                LoanContract.bank_id == bank_id, LoanContract.number_key == contract_key(number)
            )
            if contract_id is not None:
                query = query.where(LoanContract.id != contract_id)
            taken = session.scalar(query) is not None
        if not bank_found:
            raise ValidationError.single("bank_id", N_("Choose the lending bank."))
        if taken:
            raise ValidationError.single(
                "contract_number",
                N_("Contract {number} already exists at this bank."),
                number=number,
            )

    def stored_keys(self, session: Session, number_keys: Iterable[str] | None = None) -> StoredKeys:
        """The bank ids and stored contract numbers, read once for checking many drafts.

        With ``number_keys`` (the keys of a file's numbers, :func:`contract_key`) only those
        stored numbers are read, through the index, a few hundred per statement: checking
        1,000 rows then reads 1,000 index entries instead of the whole register.
        """
        bank_ids = frozenset(session.scalars(select(Bank.id)))
        pairs = select(LoanContract.bank_id, LoanContract.number_key)
        if number_keys is None:
            return StoredKeys(bank_ids, frozenset((b, k) for b, k in session.execute(pairs)))
        wanted = sorted(set(number_keys))
        numbers: set[tuple[int, str]] = set()
        for start in range(0, len(wanted), KEYS_PER_STATEMENT):
            chunk = wanted[start : start + KEYS_PER_STATEMENT]
            found = session.execute(pairs.where(LoanContract.number_key.in_(chunk)))
            numbers.update((bank_id, key) for bank_id, key in found)
        return StoredKeys(bank_ids, frozenset(numbers))

    def validate_new(
        self, session: Session, draft: ContractDraft, known: StoredKeys | None = None
    ) -> dict[str, object]:
        """Check a new contract against the rules and the stored contracts; writes nothing.

        ``known`` (from :meth:`stored_keys`) replaces two queries per draft when an import
        checks thousands. Returns the clean column values; one ValidationError lists every
        problem.
        """
        text_guard.check_draft(LoanContract.__table__, draft)  # type: ignore[arg-type]
        problems: list[FieldProblem] = []
        values = None
        try:
            values = validate(draft)
            # The clean values against their columns: an import's rows are not flushed one by one.
            problems.extend(text_guard.problems_of(LoanContract.__table__, values))  # type: ignore[arg-type]
        except ValidationError as error:
            problems.extend(error.problems)
        number = clean(draft.contract_number)
        if number:
            try:
                self._check(session, draft.bank_id, number, None, known)
            except ValidationError as error:
                problems.extend(error.problems)
        if problems or values is None:
            raise ValidationError(problems)
        return values

    def add_many_in(
        self,
        session: Session,
        actor: Actor,
        drafts: Sequence[ContractDraft],
        failed: Callable[[int, ValidationError], ValidationError],
    ) -> list[int]:
        """Add many contracts inside the caller's transaction, each audited; return their ids.

        What an import uses: the stored numbers are read once, the rows are flushed in batches
        and no view is built, so 100,000 rows take seconds rather than an hour. A draft that
        fails its checks raises ``failed(index, error)``.
        """
        actor.require(Permission.EDIT_REGISTER)
        known = self.stored_keys(session, (contract_key(clean(d.contract_number)) for d in drafts))
        numbers = set(known.numbers)
        ids: list[int] = []
        now = self._store.clock.now()
        columns = [column.key for column in LoanContract.__table__.columns]
        for start in range(0, len(drafts), WRITE_BATCH):
            rows: list[dict[str, Any]] = []
            for index, draft in enumerate(drafts[start : start + WRITE_BATCH], start):
                try:
                    values = self.validate_new(session, draft, StoredKeys(known.bank_ids, numbers))
                except ValidationError as error:
                    raise failed(index, error) from None
                key = contract_key(str(values["contract_number"]))
                numbers.add((draft.bank_id, key))
                rows.append(
                    {
                        **values,
                        "bank_id": draft.bank_id,
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                        "number_key": key,
                    }
                )
            statement = insert(LoanContract).returning(
                LoanContract.id, sort_by_parameter_order=True
            )
            batch_ids = list(session.scalars(statement, rows))
            entries = []
            for contract_id, row in zip(batch_ids, rows, strict=True):
                row["id"] = contract_id
                after = audit.plain_values(row, columns)
                entries.append(
                    audit.entry_values(
                        session, self._store, actor, "create", "contract", contract_id, after
                    )
                )
            session.execute(insert(AuditEntry), entries)
            del rows, entries  # the next batch's take their place
            ids.extend(batch_ids)
        return ids

    def create_in(self, session: Session, actor: Actor, draft: ContractDraft) -> ContractView:
        """Add a contract inside the caller's transaction (an import adds all its rows in one)."""
        actor.require(Permission.EDIT_REGISTER)
        values = self.validate_new(session, draft)
        now = self._store.clock.now()
        contract = LoanContract(
            bank_id=draft.bank_id,
            created_at=now,
            updated_at=now,
            version=1,
            number_key=contract_key(str(values["contract_number"])),
            **values,
        )
        session.add(contract)
        session.flush()
        audit.record(
            session,
            self._store,
            actor,
            "create",
            "contract",
            contract.id,
            after=audit.snapshot(contract),
        )
        return self._view(session, contract, actor)

    def create(self, actor: Actor, draft: ContractDraft) -> Outcome[ContractView]:
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            view = self.create_in(session, actor, draft)
        return Outcome(view, Changes.of(Area.CONTRACTS, ids=((Area.CONTRACTS, view.id),)))

    def update(
        self,
        actor: Actor,
        contract_id: int,
        draft: ContractDraft,
        expected_version: int,
        responders: Sequence[int] | None = None,
        keep: Collection[str] = (),
    ) -> Outcome[ContractView]:
        """Change a contract the person opened at ``expected_version``, in one transaction with
        its responder list when ``responders`` is given (person ids, primary first).

        If someone saved it since, nothing is written and ConflictError says who changed what.
        ``keep`` names fields to leave as stored: re-applying one's own changes after a conflict.
        """
        actor.require(Permission.EDIT_REGISTER)
        values: dict[str, Any] = validate(draft) | {"bank_id": draft.bank_id}
        mine = {name: audit.plain(value) for name, value in values.items()}
        if responders is not None:
            mine["responders"] = list(responders)
        kept = frozenset(keep)
        with (
            versions.guarded(
                self._store, actor, CONTRACT_EDITS, contract_id, expected_version, mine, keep
            ),
            self._store.write() as session,
        ):
            versions.lock(session, LoanContract, contract_id, expected_version)
            contract = self._load(session, contract_id)
            versions.expect(contract, expected_version)
            values = versions.kept(values, {n: getattr(contract, n) for n in values}, kept)
            self._check(
                session, int(values["bank_id"]), str(values["contract_number"]), contract_id
            )
            before = audit.snapshot(contract)
            for name, value in values.items():
                setattr(contract, name, value)
            contract.number_key = contract_key(str(values["contract_number"]))
            contract.updated_at = self._store.clock.now()
            version = versions.write_audited(
                session, self._store, actor, "update", "contract", contract, before
            )
            if responders is not None and "responders" not in kept:
                self._responders.set_in(
                    session, actor, "contract", contract.id, responders, version=version
                )
            view = self._view(session, contract, actor)
        areas = (Area.CONTRACTS, Area.RESPONDERS) if responders is not None else (Area.CONTRACTS,)
        return Outcome(view, Changes.of(*areas, ids=((Area.CONTRACTS, view.id),)))

    def set_status(self, actor: Actor, contract_id: int, status: str) -> Outcome[ContractView]:
        """Close (or reopen) a contract."""
        actor.require(Permission.EDIT_REGISTER)
        if status not in STATUSES:
            raise ValidationError.single(
                "status", N_("“{value}” is not one of the choices."), value=status
            )
        with self._store.write() as session:
            contract = self._load(session, contract_id)
            before = {"status": contract.status}
            contract.status = status
            version = versions.next_version(contract)
            contract.updated_at = self._store.clock.now()
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "update",
                "contract",
                contract.id,
                before=before,
                after={"status": status},
                version=version,
            )
            view = self._view(session, contract, actor)
        return Outcome(view, Changes.of(Area.CONTRACTS, ids=((Area.CONTRACTS, view.id),)))

    def _load(self, session: Session, contract_id: int, details: bool = True) -> LoanContract:
        """The contract; with its loan details only when ``details`` (the reader may see them)."""
        options = [undefer_group(LOAN_DETAILS)] if details else []
        contract = session.get(LoanContract, contract_id, options=options)
        if contract is None:
            raise NotFound(N_("The contract no longer exists."))
        return contract

    def _view(self, session: Session, contract: LoanContract, actor: Actor) -> ContractView:
        bank_name = session.scalar(select(Bank.name).where(Bank.id == contract.bank_id)) or ""
        responders = effective_responders(session, [contract])[contract.id]
        return contract_view(contract, bank_name, actor, responders)

    def get(self, actor: Actor, contract_id: int) -> ContractView:
        actor.require(Permission.VIEW_REGISTER)
        details = actor.can(Permission.VIEW_LOAN_DETAILS)
        with self._store.read() as session:
            return self._view(session, self._load(session, contract_id, details), actor)

    def _matching_ids(self, query: ContractQuery) -> Select[int]:
        """The ids of the matching contracts in list order, read from index entries only.

        Every column it filters and sorts on is in ``ix_loan_contract_listing`` (or the bank's
        primary key), so the database neither reads nor sorts whole contract rows here.
        """
        statement = (
            select(LoanContract.id)
            .join(Bank, Bank.id == LoanContract.bank_id)
            .order_by(Bank.sort_key, Bank.name, LoanContract.contract_number, LoanContract.id)
        )
        if query.status:
            statement = statement.where(LoanContract.status == query.status)
        if query.loan_type:
            statement = statement.where(LoanContract.loan_type == query.loan_type)
        if query.bank_id is not None:
            statement = statement.where(LoanContract.bank_id == query.bank_id)
        if query.responder_id is not None:
            own = select(ResponderAssignment.contract_id).where(
                ResponderAssignment.person_id == query.responder_id,
                ResponderAssignment.contract_id.is_not(None),
            )
            by_bank = select(ResponderAssignment.bank_id).where(
                ResponderAssignment.person_id == query.responder_id,
                ResponderAssignment.bank_id.is_not(None),
            )
            has_own = (
                select(ResponderAssignment.id)
                .where(ResponderAssignment.contract_id == LoanContract.id)
                .exists()
            )
            statement = statement.where(
                or_(LoanContract.id.in_(own), LoanContract.bank_id.in_(by_bank) & ~has_own)
            )
        key = fold(query.text)
        if key:
            low, high = prefix_bounds(key)
            # A contract number matches without its separators, in any case or width.
            number_low, number_high = prefix_bounds(contract_key(query.text) or key)
            statement = statement.where(
                or_(
                    (LoanContract.number_key >= number_low)
                    & (LoanContract.number_key < number_high),
                    LoanContract.bank_id.in_(
                        select(BankAlias.bank_id).where(
                            BankAlias.search_key >= low, BankAlias.search_key < high
                        )
                    ),
                )
            )
        return statement

    def search(
        self, actor: Actor, query: ContractQuery, offset: int = 0, limit: int | None = 200
    ) -> list[ContractView]:
        """One window of the contracts matching ``query``, in bank and number order."""
        actor.require(Permission.VIEW_REGISTER)
        page = self._matching_ids(query).offset(offset)
        if limit is not None:
            page = page.limit(limit)
        # Pick the window's ids first, then read only those rows: sorting every matching row
        # whole (clause texts and all) to keep 200 of them is what made typing slow at scale.
        full = actor.can(Permission.VIEW_LOAN_DETAILS)  # the front desk never reads them at all
        statement = (
            select(*(_LISTED_FULL if full else _LISTED), Bank.name.label("bank_name"))
            .join(Bank, Bank.id == LoanContract.bank_id)
            .where(LoanContract.id.in_(page))
            .order_by(Bank.sort_key, Bank.name, LoanContract.contract_number, LoanContract.id)
        )
        with self._store.connect() as connection:  # plain rows: no session, no ORM objects
            rows = connection.execute(statement).all()
            responders = effective_responders(connection, rows)
            # A row has the contract's column names: the view reads it as it reads a contract.
            return [contract_view(row, row.bank_name, actor, responders[row.id]) for row in rows]

    def list(
        self,
        actor: Actor,
        text: str = "",
        status: str | None = "active",
        bank_id: int | None = None,
        limit: int | None = None,
    ) -> list[ContractView]:
        """Contracts whose number, or whose bank's name or alias, starts with ``text``."""
        return self.search(actor, ContractQuery(text, status, None, bank_id), 0, limit)


def _read_contract(session: Session, contract_id: int) -> tuple[int, str, dict[str, Any]] | None:
    contract = session.get(LoanContract, contract_id, options=[undefer_group(LOAN_DETAILS)])
    if contract is None:
        return None
    form = audit.snapshot(contract)
    form["responders"] = responder_ids(session, "contract", contract_id)
    return contract.version, contract.contract_number, form


# What the conflict dialog lists for a contract, in the form's order.
CONTRACT_EDITS = RecordSpec(
    kind="contract",
    message=N_("Someone else changed this contract meanwhile."),
    fields=(
        FieldSpec("bank_id", N_("Bank"), ref="bank"),
        FieldSpec("contract_number", N_("Contract number")),
        FieldSpec("title", N_("Title")),
        FieldSpec("loan_type", N_("Loan type"), "choice", LOAN_TYPES),
        FieldSpec("currency", N_("Currency")),
        FieldSpec("principal", N_("Principal"), "money", restricted=True),
        FieldSpec("start_date", N_("Start date"), "date"),
        FieldSpec("maturity_date", N_("Maturity date"), "date"),
        FieldSpec("drawdown_date", N_("Drawdown date"), "date"),
        FieldSpec("status", N_("Status"), "choice", STATUSES),
        FieldSpec("purpose_of_funds", N_("Stated use of funds"), restricted=True),
        FieldSpec("clause_text", N_("Callback clause text"), restricted=True),
        FieldSpec("clause_caller", N_("Who calls"), "choice", CALLERS),
        FieldSpec("clause_method", N_("How"), "choice", METHODS),
        FieldSpec("clause_cadence", N_("How often"), "choice", CADENCES),
        FieldSpec("clause_topics", N_("Topics"), "choices", TOPICS),
        FieldSpec("clause_documents", N_("Documents to show"), "list"),
        FieldSpec("consequences", N_("Consequences named in the contract"), restricted=True),
        FieldSpec("notes", N_("Notes"), restricted=True),
        FieldSpec("responders", N_("Responders"), ref="people"),
    ),
    entities={"contract": {}, "contract_responders": {"people": "responders"}},
    read=_read_contract,
)
