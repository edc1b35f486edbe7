"""Importing and exporting banks, contracts, people and responder lists as .xlsx or .csv.

An import is two steps. :meth:`ImportExportService.preview` reads the file and checks every row
with the services' own validation, inside a read-only session, and returns an
:class:`ImportPlan`; nothing is written. :meth:`ImportExportService.commit` then writes every row
of a plan without problems in one transaction, through the same service methods a form uses
(``create_in``), each with its audit entry, plus one "import" entry for the file; if any row
fails, nothing at all is written. A row that repeats a stored record is a problem, never a
silent update.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit
from desktop_app.core.common import phone as phones
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.text import contract_key, fold
from desktop_app.core.models import ResponderAssignment
from desktop_app.core.register.banks import BankDraft, BankService
from desktop_app.core.register.contracts import ContractDraft, ContractService, StoredKeys
from desktop_app.core.register.import_export import cells, drafts, exporting
from desktop_app.core.register.import_export.columns import (
    COLUMNS,
    KINDS,
    choice_label,
    fold_value,
)
from desktop_app.core.register.import_export.plan import (
    CreatedRecord,
    Draft,
    ImportPlan,
    ImportReport,
    PlannedRow,
    ResponderDraft,
    RowProblem,
    RowReader,
)
from desktop_app.core.register.import_export.reading import Table, read_table
from desktop_app.core.register.import_export.writing import write_table, write_template
from desktop_app.core.register.numbers import NumberDraft, RegisteredNumberService
from desktop_app.core.register.people import PeopleService, PersonDraft
from desktop_app.core.register.responders import ResponderService
from desktop_app.core.storage.store import Store

log = logging.getLogger(__name__)

AREAS = {
    "banks": Area.BANKS,
    "contracts": Area.CONTRACTS,
    "people": Area.PEOPLE,
    "responders": Area.RESPONDERS,
    "numbers": Area.NUMBERS,
}
EDIT_PERMISSION = {
    "banks": Permission.EDIT_REGISTER,
    "contracts": Permission.EDIT_REGISTER,
    "people": Permission.EDIT_PEOPLE,
    "responders": Permission.EDIT_REGISTER,
    "numbers": Permission.EDIT_REGISTER,
}
TOTAL_KEY = {
    "banks": "name",
    "contracts": "contract_number",
    "people": "name",
    "responders": "bank",
    "numbers": "bank",
}
FIELD_ALIASES = {"bank_id": "bank", "contract_id": "contract_number", "person_id": "person"}
# Choices the app cannot guess: a blank cell is a problem, a missing column a warning.
NOT_GUESSED = {"contracts": (("clause_method", "method"), ("clause_cadence", "cadence"))}


@dataclass
class _Lookups:
    banks: drafts.BankLookup
    contracts: drafts.ContractLookup
    people: drafts.PersonLookup


class ImportExportService:
    """Spreadsheet import (preview, then commit all or nothing) and export, per kind."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        banks: BankService,
        contracts: ContractService,
        people: PeopleService,
        responders: ResponderService,
        numbers: RegisteredNumberService,
    ) -> None:
        self._store = store
        self._org = org
        self._banks = banks
        self._contracts = contracts
        self._people = people
        self._responders = responders
        self._numbers = numbers
        self._columns_cache: tuple[object, dict[str, str]] | None = None

    # Import ---------------------------------------------------------------------------------

    def preview(self, actor: Actor, kind: str, path: Path | str) -> ImportPlan:
        """Read and check every row of ``path``; writes nothing. File problems are in the plan."""
        _check_kind(kind)
        actor.require(EDIT_PERMISSION[kind])
        plan = ImportPlan(kind, Path(path))
        try:
            table = read_table(plan.path, kind)
        except ValidationError as error:
            plan.problems = [RowProblem(p.field, p.message, dict(p.params)) for p in error.problems]
            return plan
        plan.sheet, plan.header_row, plan.language = table.sheet, table.header_row, table.language
        plan.headers = [source.header for source in table.columns]
        self._check_columns(plan, table)
        if plan.problems:
            return plan
        if table.signature_rows:
            first, last = table.signature_rows[0], table.signature_rows[-1]
            message = N_("Rows {first}–{last} are a signature block under the table; not read.")
            plan.warnings.append(RowProblem("", message, {"first": first, "last": last}, first))
        lookups = self._lookups(actor, kind)
        area_code = self._org.get().area_code
        seen: dict[object, int] = {}
        with self._store.read() as session:
            known = (
                self._contracts.stored_keys(session, _number_keys(table))
                if kind == "contracts"
                else None
            )
            for number, values in _consumed(table):
                reader = RowReader(kind, number, values, table.columns, table.language)
                if reader.is_total(TOTAL_KEY[kind]):
                    message = N_("Row {row} looks like a total and was skipped.")
                    plan.warnings.append(RowProblem("", message, {"row": number}, row=number))
                    continue
                plan.rows.append(
                    self._plan_row(session, actor, reader, lookups, seen, area_code, known)
                )
        if not plan.rows:
            plan.problems.append(RowProblem("file", N_("The file has no rows to import."), {}))
        return plan

    def commit(self, actor: Actor, plan: ImportPlan) -> Outcome[ImportReport]:
        """Write every row of ``plan`` in one transaction, or nothing (raises ValidationError)."""
        _check_kind(plan.kind)
        actor.require(EDIT_PERMISSION[plan.kind])
        if not plan.ok:
            problems = plan.all_problems() or [
                RowProblem("file", N_("The file has no rows to import."), {})
            ]
            raise ValidationError(list(problems))
        self._org.get()  # read the settings before the write transaction, not inside it
        created: list[CreatedRecord] = []
        with self._store.write() as session:
            if plan.kind == "contracts":
                created = self._write_contracts(session, actor, plan.rows)
            for row in plan.rows if plan.kind != "contracts" else ():
                assert row.draft is not None  # a plan without problems has every draft
                try:
                    record_id = self._write(session, actor, row.draft)
                except ValidationError as error:
                    raise ValidationError([_row_problem(row, p) for p in error.problems]) from None
                created.append(CreatedRecord(row.row, record_id, row.label))
            audit.record(
                session,
                self._store,
                actor,
                "import",
                plan.kind,
                None,
                after={
                    "file": plan.path.name,
                    "sheet": plan.sheet,
                    "rows": len(created),
                    "ids": [record.id for record in created],
                },
            )
        area = AREAS[plan.kind]
        ids = () if area == Area.RESPONDERS else tuple((area, c.id) for c in created)
        report = ImportReport(plan.kind, str(plan.path), tuple(created))
        log.info("imported %d %s from %s", len(created), plan.kind, plan.path.name)
        return Outcome(report, Changes.of(area, ids=ids))

    def _check_columns(self, plan: ImportPlan, table: Table) -> None:
        present = {source.column.key for source in table.columns}
        for column in COLUMNS[plan.kind]:
            if column.required and column.key not in present:
                header = column.header(table.language)
                plan.problems.append(
                    _at_header(table, column.key, N_("The column {column} is missing."), header)
                )
        if plan.kind == "responders" and not present & {"primary", "backup", "responders"}:
            header = COLUMNS["responders"][2].header(table.language)
            plan.problems.append(
                _at_header(table, "primary", N_("The column {column} is missing."), header)
            )
        for key, choices in NOT_GUESSED.get(plan.kind, ()):
            if key not in present:
                column = next(c for c in COLUMNS[plan.kind] if c.key == key)
                default = getattr(ContractDraft(0, "", "", "", "", ""), key)
                message = N_(
                    "The file has no column {column}: every row gets “{value}”; check each one."
                )
                plan.warnings.append(
                    _at_header(
                        table,
                        key,
                        message,
                        column.header(table.language),
                        value=choice_label(choices, default, table.language),
                    )
                )
        for header in table.ignored:
            plan.warnings.append(
                _at_header(
                    table, "", N_("The column {column} is not known and was ignored."), header
                )
            )
        for header in table.repeated:
            message = N_("The column {column} appears twice; the second was ignored.")
            plan.warnings.append(_at_header(table, "", message, header))
        for source in table.columns:
            if source.unit != 1:
                message = N_("Amounts in the column {column} are multiplied by {unit}.")
                unit = f"{source.unit:,}"
                plan.warnings.append(
                    _at_header(table, source.column.key, message, source.header, unit=unit)
                )

    def _lookups(self, actor: Actor, kind: str) -> _Lookups:
        needs_banks = kind in ("contracts", "responders", "numbers")
        return _Lookups(
            drafts.BankLookup(
                self._banks.list(actor, include_inactive=True) if needs_banks else ()
            ),
            drafts.ContractLookup(
                self._contracts.list(actor, status=None)
                if kind in ("responders", "numbers")
                else ()
            ),
            drafts.PersonLookup(
                self._people.list(actor, include_inactive=True)
                if kind in ("people", "responders", "numbers")
                else ()
            ),
        )

    def _plan_row(
        self,
        session: Session,
        actor: Actor,
        reader: RowReader,
        lookups: _Lookups,
        seen: dict[object, int],
        area_code: str,
        known: StoredKeys | None = None,
    ) -> PlannedRow:
        kind = reader.kind
        cells = reader.cells()
        if reader.is_example():
            reader.problem("", N_("This is the template's example row: delete it first."), "")
            return PlannedRow(reader.number, "", None, cells, reader.problems, reader.warnings)
        draft: Draft | None
        keys: list[tuple[str, object, str]] = []  # (column key, duplicate key, shown value)
        if kind == "banks":
            draft = drafts.bank_draft(reader)
            self._validate(reader, lambda: self._banks.validate_new(session, draft))
            keys.append(("name", ("bank", fold_value(draft.name)), draft.name))
            label = draft.name
        elif kind == "contracts":
            draft = drafts.contract_draft(reader, lookups.banks)
            skip = {"bank_id"} if not draft.bank_id else set()
            self._validate(
                reader, lambda: self._contracts.validate_new(session, draft, known), skip
            )
            number = draft.contract_number
            if draft.bank_id:
                keys.append(("contract_number", (draft.bank_id, fold(number)), number))
            label = number
        elif kind == "people":
            draft = drafts.person_extension(reader, drafts.person_draft(reader), area_code)
            self._plan_person(session, actor, reader, lookups, draft, keys, area_code)
            label = draft.name
        elif kind == "numbers":
            draft = drafts.number_draft(reader, lookups.banks, lookups.contracts, lookups.people)
            skip = {"bank_id"} if not draft.bank_id else set()
            self._validate(reader, lambda: self._numbers.validate_new(session, draft), skip)
            phone = phones.try_normalise(draft.number, area_code) if draft.number else None
            if phone is not None and draft.bank_id:
                extension = phones.clean_digits(draft.extension) or phone.extension or ""
                scope = (draft.bank_id, draft.contract_id, phone.key, extension)
                keys.append(("number", ("number", scope), draft.number))
            label = draft.number
        else:
            draft = drafts.responder_draft(reader, lookups.banks, lookups.contracts, lookups.people)
            label = reader.code("contract_number") or reader.text("bank")
            if draft is not None:
                self._plan_responders(session, actor, reader, lookups, draft)
                keys.append(("contract_number", (draft.bank_id, draft.contract_id), label))
        for key, duplicate, value in keys:
            if not value:
                continue
            first = seen.setdefault(duplicate, reader.number)
            if first != reader.number:
                reader.problem(key, N_("Row {row} already has “{value}”."), row=first, value=value)
        columns = self._shared_columns(reader)
        if reader.field_columns:
            columns = {**columns, **reader.field_columns}
        return PlannedRow(
            reader.number, label, draft, cells, reader.problems, reader.warnings, columns
        )

    def _shared_columns(self, reader: RowReader) -> dict[str, str]:
        """Service field → header; the same for every row of a file, so one dict is shared
        (100,000 rows would otherwise hold 100,000 copies)."""
        key = reader.sources  # the same list for every row of a file
        if self._columns_cache is None or self._columns_cache[0] is not key:
            columns = {c.key: reader.header(c.key) for c in COLUMNS[reader.kind]}
            columns.update({alias: reader.header(k) for alias, k in FIELD_ALIASES.items()})
            self._columns_cache = (key, columns)
        return self._columns_cache[1]

    @staticmethod
    def _validate(reader: RowReader, check: Any, skip: set[str] | None = None) -> None:
        try:
            check()
        except ValidationError as error:
            problems = [p for p in error.problems if p.field not in (skip or set())]
            reader.adopt(problems, FIELD_ALIASES)

    def _plan_person(
        self,
        session: Session,
        actor: Actor,
        reader: RowReader,
        lookups: _Lookups,
        draft: PersonDraft,
        keys: list[tuple[str, object, str]],
        area_code: str,
    ) -> None:
        if draft.role == "admin" and not actor.can(Permission.ASSIGN_ROLES):
            reader.problem("role", N_("Only an administrator may make someone an administrator."))
        self._validate(reader, lambda: self._people.validate_new(session, draft))
        if draft.name and lookups.people.exists(draft.name):
            reader.problem("name", N_("A person called “{name}” already exists."), name=draft.name)
        keys.append(("name", ("name", fold_value(draft.name)), draft.name))
        mobile = phones.try_normalise(draft.mobile, area_code) if draft.mobile else None
        if mobile is not None:
            keys.append(("mobile", ("mobile", mobile.key), draft.mobile))
        keys.append(("os_account", ("account", draft.os_account), draft.os_account))

    def _plan_responders(
        self,
        session: Session,
        actor: Actor,
        reader: RowReader,
        lookups: _Lookups,
        draft: ResponderDraft,
    ) -> None:
        self._validate(reader, lambda: self._responders.check_people(session, draft.person_ids))
        if draft.contract_id is not None:
            contract = lookups.contracts.by_id[draft.contract_id]
            if any(not r.inherited for r in contract.responders):
                reader.problem(
                    "contract_number",
                    N_("Contract {number} already has a responder list; change it in the app."),
                    number=contract.contract_number,
                )
        elif self._responders.for_bank(actor, draft.bank_id):
            reader.problem(
                "bank",
                N_("{bank} already has a default responder list; change it in the app."),
                bank=lookups.banks.name(draft.bank_id),
            )

    def _write_contracts(
        self, session: Session, actor: Actor, rows: list[PlannedRow]
    ) -> list[CreatedRecord]:
        contract_drafts = [row.draft for row in rows if isinstance(row.draft, ContractDraft)]
        assert len(contract_drafts) == len(rows)  # a plan without problems has every draft

        def failed(index: int, error: ValidationError) -> ValidationError:
            return ValidationError([_row_problem(rows[index], p) for p in error.problems])

        ids = self._contracts.add_many_in(session, actor, contract_drafts, failed)
        return [CreatedRecord(row.row, id_, row.label) for row, id_ in zip(rows, ids, strict=True)]

    def _write(self, session: Session, actor: Actor, draft: Draft) -> int:
        if isinstance(draft, BankDraft):
            return self._banks.create_in(session, actor, draft).id
        if isinstance(draft, ContractDraft):
            return self._contracts.create_in(session, actor, draft).id
        if isinstance(draft, PersonDraft):
            return self._people.create_in(session, actor, draft).id
        if isinstance(draft, NumberDraft):
            return self._numbers.create_in(session, actor, draft).id
        scope = "contract" if draft.contract_id is not None else "bank"
        owner = draft.contract_id if draft.contract_id is not None else draft.bank_id
        column = (
            ResponderAssignment.contract_id if scope == "contract" else ResponderAssignment.bank_id
        )
        if session.scalar(select(ResponderAssignment.id).where(column == owner).limit(1)):
            # Set by someone else since the preview: an import never replaces a list.
            raise ValidationError.single(
                "responders", N_("Someone else set this responder list meanwhile.")
            )
        self._responders.set_in(session, actor, scope, owner, draft.person_ids)
        return owner

    # Export ---------------------------------------------------------------------------------

    def export(self, actor: Actor, kind: str, path: Path | str, language: str) -> int:
        """Write every active record of ``kind`` to an .xlsx or .csv file; returns the count.

        An actor who may not see loan details gets no amount, purpose or clause columns.
        """
        _check_kind(kind)
        actor.require(Permission.VIEW_REGISTER)
        details = actor.can(Permission.VIEW_LOAN_DETAILS)
        headers = exporting.plain_headers(kind, details)
        rows: list[exporting.Row]
        if kind == "banks":
            rows = exporting.bank_rows(self._banks.list(actor), language)
        elif kind == "contracts":
            rows = exporting.contract_rows(self._contracts.list(actor, status=None), language)
        elif kind == "people":
            rows = exporting.person_rows(self._people.list(actor), language)
        elif kind == "numbers":
            rows = exporting.number_rows(self._numbers.list(actor), language)
        else:
            banks = self._banks.list(actor)
            lists = [(bank.name, self._responders.for_bank(actor, bank.id)) for bank in banks]
            contracts = self._contracts.list(actor, status=None)
            backups, rows = exporting.responder_rows(contracts, lists)
            headers = exporting.responder_headers(backups)
        write_table(Path(path), kind, language, headers, rows)
        log.info("exported %d %s to %s", len(rows), kind, Path(path).name)
        return len(rows)

    def write_template(self, kind: str, path: Path | str, language: str) -> None:
        """Save the import template of ``kind`` with headers in ``language``."""
        _check_kind(kind)
        write_template(Path(path), kind, language)


def _consumed(table: Table) -> Iterator[tuple[int, list[object]]]:
    """The table's rows, each let go once read: the raw cells of 100,000 rows need not stay in
    memory beside the plan they become."""
    rows, table.rows = table.rows, []
    for index, row in enumerate(rows):
        rows[index] = _GONE
        yield row


_GONE: tuple[int, list[object]] = (0, [])


def _number_keys(table: Table) -> set[str]:
    """The keys of the contract numbers in a file's rows, as a draft's check computes them."""
    source = next((s for s in table.columns if s.column.key == "contract_number"), None)
    if source is None:
        return set()
    return {
        contract_key(clean(cells.folded(cells.cell_text(values[source.index]))))
        for _number, values in table.rows
        if source.index < len(values)
    }


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")


def _at_header(table: Table, key: str, message: str, column: str, **params: Any) -> RowProblem:
    """A problem or warning about a column, placed on the header row."""
    return RowProblem(key, message, {"column": column, **params}, table.header_row, column)


def _row_problem(row: PlannedRow, problem: Any) -> RowProblem:
    header = row.columns.get(problem.field) or row.columns.get(problem.field.split(".")[0], "")
    return RowProblem(problem.field, problem.message, dict(problem.params), row.row, header)
