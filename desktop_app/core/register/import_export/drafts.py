"""From one row of cells to the draft a service takes: a bank, a contract, a person, a list.

Files name things the way people do: a contract's bank by its name, short name or an alias
(工行 / ICBC), responders by their names in rank order. The lookups here resolve those names
against what is stored and say so on the row when a name matches nothing or several things.
Nothing is validated here that a service validates: drafts keep what the file says, and the
service's own checks run on them afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from desktop_app.core.common import phone as phones
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.text import fold
from desktop_app.core.register.banks import BankDraft, BankView, OfficerDraft, PhoneDraft
from desktop_app.core.register.contracts import ContractDraft, ContractView
from desktop_app.core.register.import_export import cells
from desktop_app.core.register.import_export.columns import CURRENCY_NAMES, fold_value
from desktop_app.core.register.import_export.plan import ResponderDraft, RowReader
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.register.people import PersonDraft, PersonView

OFFICER_GROUPS = (("rm", "relationship_manager"), ("plo", "post_loan_officer"))


class BankLookup:
    """Banks by full name, short name and alias, folded."""

    def __init__(self, banks: Iterable[BankView]) -> None:
        self._banks = {bank.id: bank for bank in banks}
        self._names: dict[str, set[int]] = {}
        for bank in self._banks.values():
            for name in (bank.name, bank.short_name, *bank.aliases):
                if name:
                    self._names.setdefault(fold_value(name), set()).add(bank.id)

    def find(self, reader: RowReader, key: str) -> int | None:
        """The id of the bank the cell names; a problem on the row when there is not one."""
        text = reader.text(key)
        if not text:
            return None
        ids = self._names.get(fold_value(text), set())
        exact = [i for i in ids if fold_value(self._banks[i].name) == fold_value(text)]
        if len(ids) == 1 or len(exact) == 1:
            return exact[0] if exact else next(iter(ids))
        if not ids:
            reader.problem(key, N_("No bank called “{name}” is registered."), name=text)
        else:
            names = "、".join(sorted(self._banks[i].name for i in ids))
            reader.problem(key, N_("“{name}” could be any of {banks}."), name=text, banks=names)
        return None

    def name(self, bank_id: int) -> str:
        return self._banks[bank_id].name


class ContractLookup:
    """Contracts by bank and folded number, with the responder lists they have now."""

    def __init__(self, contracts: Iterable[ContractView]) -> None:
        self._by_bank: dict[tuple[int, str], ContractView] = {}
        self._by_number: dict[str, list[ContractView]] = {}
        self.by_id: dict[int, ContractView] = {}
        for contract in contracts:
            self.by_id[contract.id] = contract
            self._by_bank[(contract.bank_id, fold(contract.contract_number))] = contract
            self._by_number.setdefault(fold(contract.contract_number), []).append(contract)

    def find(self, reader: RowReader, bank_id: int | None, number: str) -> ContractView | None:
        if bank_id is not None:
            found = self._by_bank.get((bank_id, fold(number)))
            if found is None:
                reader.problem(
                    "contract_number",
                    N_("This bank has no contract {number}; import the contracts first."),
                    number=number,
                )
            return found
        candidates = self._by_number.get(fold(number), [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            message = N_("Contract {number} exists at several banks: enter the bank.")
            reader.problem("bank", message, number=number)
        else:
            reader.problem(
                "contract_number", N_("No contract {number} is registered."), number=number
            )
        return None


class PersonLookup:
    """People by name, folded; active people first."""

    def __init__(self, people: Iterable[PersonView]) -> None:
        self._by_name: dict[str, list[PersonView]] = {}
        for person in people:
            self._by_name.setdefault(fold_value(person.name), []).append(person)

    def exists(self, name: str) -> bool:
        return fold_value(name) in self._by_name

    def find(self, reader: RowReader, key: str, header: str, name: str) -> int | None:
        found = self._by_name.get(fold_value(name), [])
        active = [p for p in found if p.active]
        if len(active) == 1 or (not active and len(found) == 1):
            return (active or found)[0].id  # an inactive one is refused by the service
        if not found:
            reader.problem(key, N_("No person called “{name}” is registered."), header, name=name)
        else:
            reader.problem(
                key, N_("Several people are called “{name}”; rename one first."), header, name=name
            )
        return None


def bank_draft(reader: RowReader) -> BankDraft:
    """A bank; its officers come from the relationship-manager and post-loan-officer columns.

    Several officers of one kind are written one a line (or separated by 、) in each column.
    """
    phones = []
    for item in reader.items("phones"):
        number, label = cells.labelled_number(item)
        phones.append(PhoneDraft(reader.phone("phones", number), label))
    officers: list[OfficerDraft] = []
    for prefix, role in OFFICER_GROUPS:
        officers.extend(_officers(reader, prefix, role, len(officers)))
    return BankDraft(
        name=reader.text("name"),
        short_name=reader.text("short_name"),
        aliases=reader.items("aliases"),
        notes=reader.text("notes"),
        branches=reader.items("branches"),
        officers=officers,
        phones=phones,
    )


def _officers(reader: RowReader, prefix: str, role: str, first: int) -> list[OfficerDraft]:
    """The officers of one kind: one a line in each column (an export writes them so), or
    separated by 、 when there are no line breaks."""
    by_line = "\n" in reader.text(f"{prefix}_name")

    def parts(part: str) -> list[str]:
        key = f"{prefix}_{part}"
        items = reader.lines(key) if by_line else reader.items(key)
        return [reader.phone(key, i) if part in ("phone", "mobile") and i else i for i in items]

    names = parts("name")
    details = {part: parts(part) for part in ("phone", "mobile", "email")}
    for part, values in details.items():
        if len(values) > len(names):
            reader.problem(
                f"{prefix}_{part}",
                N_("There are more entries here than names in {column}."),
                column=reader.header(f"{prefix}_name"),
            )
    officers: list[OfficerDraft] = []
    for index, name in enumerate(names):
        contact = {part: (v[index] if index < len(v) else "") for part, v in details.items()}
        if not name and not any(contact.values()):
            continue
        reader.field_columns[f"officers.{first + len(officers)}"] = reader.header(f"{prefix}_name")
        officers.append(OfficerDraft(name, role, **contact))
    return officers


def contract_draft(reader: RowReader, banks: BankLookup) -> ContractDraft:
    """A contract; the bank is looked up by name, short name or alias."""
    bank_id = banks.find(reader, "bank")
    if bank_id is None and not reader.text("bank"):
        reader.problem("bank", N_("Enter the lending bank."))
    currency = reader.code("currency")
    defaults = ContractDraft(0, "", "", "", "", "")
    drawdown = reader.day("drawdown_date")
    return ContractDraft(
        bank_id=bank_id or 0,
        contract_number=reader.code("contract_number"),
        loan_type=reader.choice("loan_type", "loan_type", "other"),
        principal=reader.money("principal"),
        start_date=reader.day("start_date"),
        maturity_date=reader.day("maturity_date"),
        currency=CURRENCY_NAMES.get(fold_value(currency), currency) or defaults.currency,
        title=reader.text("title"),
        drawdown_date=drawdown or None,
        purpose_of_funds=reader.text("purpose_of_funds"),
        clause_text=reader.text("clause_text"),
        clause_caller=reader.choice("clause_caller", "caller", defaults.clause_caller),
        clause_method=reader.choice("clause_method", "method", defaults.clause_method, guess=False),
        clause_cadence=reader.choice(
            "clause_cadence", "cadence", defaults.clause_cadence, guess=False
        ),
        clause_topics=reader.choice_list("clause_topics", "topic"),
        clause_documents=reader.items("clause_documents"),
        consequences=reader.text("consequences"),
        status=reader.choice("status", "status", defaults.status),
        notes=reader.text("notes"),
    )


def person_draft(reader: RowReader) -> PersonDraft:
    """A person; office hours are read from text such as "周一至周五 09:00-18:00"."""
    hours: list[tuple[int, str, str]] = []
    if reader.text("office_hours"):
        try:
            hours = cells.parse_hours(reader.text("office_hours"))
        except ValidationError as error:
            reader.adopt(error.problems, {})
    return PersonDraft(
        name=reader.text("name"),
        role=reader.choice("role", "role", "finance"),
        job_title=reader.text("job_title"),
        extension=reader.code("extension"),
        mobile=reader.phone("mobile"),
        email=reader.code("email"),
        os_account=reader.code("os_account"),
        notes=reader.text("notes"),
        office_hours=hours,
    )


def number_draft(
    reader: RowReader, banks: BankLookup, contracts: ContractLookup, people: PersonLookup
) -> NumberDraft:
    """A registered number; the bank, contract and person are looked up by name and number."""
    bank_id = banks.find(reader, "bank")
    if bank_id is None and not reader.text("bank"):
        reader.problem("bank", N_("Enter the lending bank."))
    contract_id = None
    if reader.code("contract_number") and bank_id is not None:
        contract = contracts.find(reader, bank_id, reader.code("contract_number"))
        contract_id = contract.id if contract is not None else None
    person_id = None
    if reader.text("person"):
        person_id = people.find(reader, "person", reader.header("person"), reader.text("person"))
    confirmed = reader.day("last_confirmed_on")
    return NumberDraft(
        bank_id=bank_id or 0,
        number=reader.phone("number"),
        extension=reader.code("extension"),
        label=reader.text("label"),
        person_id=person_id,
        contract_id=contract_id,
        last_confirmed_on=confirmed or None,
    )


def person_extension(reader: RowReader, draft: PersonDraft, area_code: str) -> PersonDraft:
    """A landline written with its extension is split: the extension goes to its own field.

    Under 分机: "010-65521234-808" or "6552 1234 转 808" is the switchboard and extension 808;
    the extension is kept (the switchboard is the company's, not the person's), with a warning.
    Under 手机: "010-65521288-6" is a direct line and extension 6, both kept apart; an extension
    column saying another extension is a problem on the row.
    """
    extension = draft.extension
    if extension and not re.fullmatch(r"\d{1,8}", extension):
        parsed = phones.try_normalise(extension, area_code)
        if parsed is not None and parsed.extension:
            reader.warn(
                "extension",
                N_("{value} is a number and an extension: extension {extension} is kept."),
                value=extension,
                extension=parsed.extension,
            )
            extension = parsed.extension
    mobile = draft.mobile
    parsed = phones.try_normalise(mobile, area_code) if mobile else None
    if parsed is not None and parsed.extension:
        if extension and extension != parsed.extension:
            reader.problem(
                "mobile",
                N_("{value} has extension {extension}, but {column} says {other}."),
                value=mobile,
                extension=parsed.extension,
                column=reader.header("extension"),
                other=extension,
            )
        else:
            mobile, extension = parsed.number_display, parsed.extension
    return replace(draft, extension=extension, mobile=mobile)


def responder_draft(
    reader: RowReader, banks: BankLookup, contracts: ContractLookup, people: PersonLookup
) -> ResponderDraft | None:
    """A contract's responder list, or a bank's default list when the row names no contract.

    Names come from 主接听人, 备用接听人1, 备用接听人2… in that order, or from one 接听人 column
    holding them in rank order, separated by 、 , or >.
    """
    number = reader.code("contract_number")
    bank_id = banks.find(reader, "bank")
    contract = None
    if number:
        contract = contracts.find(reader, bank_id, number)
    elif bank_id is None and not reader.text("bank"):
        reader.problem(
            "contract_number", N_("Enter the contract number, or a bank for its default list.")
        )
    named: list[tuple[str, str, str]] = []  # (key, header, name)
    if reader.text("primary"):
        named.append(("primary", reader.header("primary"), reader.text("primary")))
    named += [("backup", header, text) for header, text in reader.numbered("backup") if text]
    named += [
        ("responders", reader.header("responders"), name)
        for name in reader.items("responders", names=True)
    ]
    if not named:
        first = "primary" if reader.has("primary") or not reader.has("responders") else "responders"
        reader.problem(first, N_("Name at least one responder."))
        return None
    reader.field_columns["responders"] = named[0][1]
    ids = [people.find(reader, key, header, name) for key, header, name in named]
    if contract is not None:
        owner_bank, label = contract.bank_id, contract.contract_number
    elif bank_id is not None and not number:
        owner_bank, label = bank_id, banks.name(bank_id)
    else:
        return None
    if any(person_id is None for person_id in ids):
        return None
    return ResponderDraft(
        bank_id=owner_bank,
        contract_id=contract.id if contract is not None else None,
        person_ids=tuple(person_id for person_id in ids if person_id is not None),
        label=label,
    )
