"""From what the services return to the cells of an export, in the language of the file.

Each exported file reads back with the importer: lists joined by 、 (or "; "), choices as their
labels, numbers the bank calls from as "95588 (客服热线)", officers one a line, office hours as
"周一至周五 09:00-18:00". A contract seen without loan details has no amount or clause columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop_app.core.register.banks import BankView
from desktop_app.core.register.contracts import ContractView
from desktop_app.core.register.import_export.cells import format_hours
from desktop_app.core.register.import_export.columns import (
    Column,
    choice_label,
    columns_for,
    list_separator,
)
from desktop_app.core.register.import_export.drafts import OFFICER_GROUPS
from desktop_app.core.register.numbers import NumberView
from desktop_app.core.register.people import PersonView
from desktop_app.core.register.responders import ResponderView

Header = tuple[Column, int | None]  # a column, and its number when it is one of a numbered group
Row = dict[str, Any]  # column key (``backup.2`` for a numbered one) → value


def row_key(header: Header) -> str:
    column, number = header
    return f"{column.key}.{number}" if number is not None else column.key


def plain_headers(kind: str, loan_details: bool = True) -> list[Header]:
    return [(column, 1 if column.numbered else None) for column in columns_for(kind, loan_details)]


def bank_rows(banks: Iterable[BankView], language: str) -> list[Row]:
    joiner = list_separator(language)
    rows = []
    for bank in banks:
        row: Row = {
            "name": bank.name,
            "short_name": bank.short_name,
            "aliases": joiner.join(bank.aliases),
            "branches": joiner.join(bank.branches),
            "phones": joiner.join(
                f"{display} ({label})" if label else display for _key, display, label in bank.phones
            ),
            "notes": bank.notes,
        }
        for prefix, role in OFFICER_GROUPS:
            officers = [o for o in bank.officers if o.role == role]
            # One line per officer; a blank detail keeps its line so the columns stay aligned.
            row[f"{prefix}_name"] = "\n".join(o.name for o in officers)
            for part in ("phone", "mobile", "email"):
                values = [getattr(o, part) for o in officers]
                row[f"{prefix}_{part}"] = "\n".join(values) if any(values) else ""
        rows.append(row)
    return rows


def contract_rows(contracts: Iterable[ContractView], language: str) -> list[Row]:
    joiner = list_separator(language)
    return [
        {
            "bank": c.bank_name,
            "contract_number": c.contract_number,
            "title": c.title,
            "loan_type": choice_label("loan_type", c.loan_type, language),
            "currency": c.currency,
            "principal": c.principal,
            "start_date": c.start_date,
            "maturity_date": c.maturity_date,
            "drawdown_date": c.drawdown_date,
            "purpose_of_funds": c.purpose_of_funds,
            "clause_text": c.clause_text,
            "clause_caller": choice_label("caller", c.clause_caller, language),
            "clause_method": choice_label("method", c.clause_method, language),
            "clause_cadence": choice_label("cadence", c.clause_cadence, language),
            "clause_topics": joiner.join(
                choice_label("topic", t, language) for t in c.clause_topics
            ),
            "clause_documents": joiner.join(c.clause_documents),
            "consequences": c.consequences,
            "status": choice_label("status", c.status, language),
            "notes": c.notes,
        }
        for c in contracts
    ]


def number_rows(numbers: Iterable[NumberView], language: str) -> list[Row]:
    """Registered numbers: the number and its extension apart, the day as a date."""
    return [
        {
            "bank": n.bank_name,
            "contract_number": n.contract_number,
            "number": n.base_number,
            "extension": n.extension,
            "person": n.person_name,
            "label": n.label,
            "last_confirmed_on": n.last_confirmed_on,
        }
        for n in numbers
        if n.active
    ]


def person_rows(people: Iterable[PersonView], language: str) -> list[Row]:
    return [
        {
            "name": p.name,
            "role": choice_label("role", p.role.value, language),
            "job_title": p.job_title,
            "extension": p.extension,
            "mobile": p.mobile,
            "email": p.email,
            "os_account": p.os_account,
            "office_hours": format_hours(
                [(s.weekday, s.starts, s.ends) for s in p.office_hours], language
            ),
            "notes": p.notes,
        }
        for p in people
    ]


def responder_rows(
    contracts: Iterable[ContractView],
    bank_lists: Sequence[tuple[str, Sequence[ResponderView]]],
) -> tuple[int, list[Row]]:
    """Rows of the bank default lists, then of contracts with a list of their own.

    Returns the number of backup columns needed, and the rows.
    """
    lists: list[tuple[str, str, list[str]]] = [
        (bank, "", [r.name for r in sorted(people, key=lambda r: r.rank)])
        for bank, people in bank_lists
        if people
    ]
    for contract in contracts:
        own = [r for r in contract.responders if not r.inherited]
        if own:
            names = [r.name for r in sorted(own, key=lambda r: r.rank)]
            lists.append((contract.bank_name, contract.contract_number, names))
    rows = []
    for bank, number, names in lists:
        row: Row = {"bank": bank, "contract_number": number, "primary": names[0]}
        row.update({f"backup.{n}": name for n, name in enumerate(names[1:], start=1)})
        rows.append(row)
    backups = max((len(names) - 1 for _b, _n, names in lists), default=0)
    return max(backups, 1), rows


def responder_headers(backups: int) -> list[Header]:
    """Bank, contract, primary and the numbered backups (the single list column is not written)."""
    headers: list[Header] = []
    for column in columns_for("responders"):
        if column.numbered:
            headers.extend((column, n) for n in range(1, backups + 1))
        elif column.key != "responders":
            headers.append((column, None))
    return headers
