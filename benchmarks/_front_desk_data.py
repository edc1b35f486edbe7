"""The front-desk benchmark's database: 100,000 people, 20,000 bank officers, 120,000 numbers,
20,000 contracts and 1,000,000 call records, through the app's own schema.

It starts from the register benchmark's generator (``_register_data.py``: 40 banks with aliases
and pinyin keys, 5,000 staff with office hours and absences, 20,000 contracts with 1–3 responders,
100,000 registered numbers) and adds what the front desk searches: 95,000 more staff (to
100,000 people), 500 officers per bank with their search keys (name, pinyin, initials, as
``BankService`` writes them) and each officer's mobile as one of the bank's calling numbers, a
million call records over three years and their follow-ups. Rows go in by SQLAlchemy Core
``insert()`` executemany, the calls in chunks. The same seed gives the same data; a finished
database is marked by a stamp file and reused while the stamp matches.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from _register_data import BANKS, NOW, _banks, _contracts, _people, mobile, person_name
from sqlalchemy import Engine, insert

from desktop_app.core.common.text import joined_key, pinyin_forms, search_keys
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import (
    Absence,
    Bank,
    BankAlias,
    BankOfficer,
    BankOfficerKey,
    BankPhone,
    Base,
    Branch,
    CallRecord,
    FollowUp,
    LoanContract,
    OfficeHours,
    Person,
    RegisteredNumber,
    ResponderAssignment,
)
from desktop_app.core.storage.engine import sqlite_url
from desktop_app.core.storage.migrate import HEAD_REVISION

SIZES = {
    "people": 100_000,
    "bank_officers": 20_000,
    "contracts": 20_000,
    "registered_numbers": 100_000,
    "call_records": 1_000_000,
}
# The schema's revision and its indexes: a new index (made by a migration under development) means
# a new database, not one whose plans no longer match the code's.
SCHEMA = hashlib.sha256(
    " ".join(sorted(str(i.name) for t in Base.metadata.tables.values() for i in t.indexes)).encode()
).hexdigest()[:12]
STAMP = {"generator": 1, "seed": 20261201, "schema": HEAD_REVISION, "indexes": SCHEMA, **SIZES}
DB_NAME = "front_desk.sqlite3"
CHUNK = 100_000
OUTCOMES = ("transferred", "transferred", "transferred", "message", "no_one", "wrong_number")


def _more_people(rng: random.Random, first_id: int) -> list[dict[str, Any]]:
    """Staff beyond the register's 5,000: no office hours of their own (the company's apply)."""
    rows = []
    for person_id in range(first_id, SIZES["people"] + 1):
        name = person_name(rng)
        key, display = mobile(person_id)
        rows.append(
            {"id": person_id, "name": name, "search_key": joined_key(name),
             "role": rng.choice(("finance", "front_desk", "trainee", "trainee")),
             "job_title": "", "extension": str(10_000 + person_id), "mobile": display,
             "mobile_key": key, "email": "", "os_account": f"{pinyin_forms(name)[0]}{person_id}",
             "active": rng.random() > 0.05, "notes": "", "version": 1}
        )  # fmt: skip
    return rows


def _officers(rng: random.Random, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Give the register's officers ids and keys, and add officers until there are 20,000."""
    officers = rows["bank_officer"]
    per_bank = SIZES["bank_officers"] // len(BANKS)
    for officer_id, officer in enumerate(officers, start=1):
        officer["id"] = officer_id
    for bank_id in range(1, len(BANKS) + 1):
        existing = sum(1 for o in officers if o["bank_id"] == bank_id)
        for _ in range(per_bank - existing):
            officer_id = len(officers) + 1
            key, display = mobile(80_000_000 + officer_id)
            branch_id = bank_id * 2 - 1 + officer_id % 2
            role = rng.choice(("relationship_manager", "post_loan_officer"))
            officers.append(
                {"id": officer_id, "bank_id": bank_id, "branch_id": branch_id,
                 "name": person_name(rng), "role": role, "phone": "", "mobile": display,
                 "email": "", "active": True}
            )  # fmt: skip
            rows["bank_phone"].append(
                {"bank_id": bank_id, "branch_id": branch_id, "officer_id": officer_id,
                 "number_key": key, "display": display, "label": "客户经理手机"}
            )  # fmt: skip
    rows["bank_officer_key"] = [
        {"officer_id": officer["id"], "search_key": key}
        for officer in officers
        for key in search_keys(officer["name"])
    ]


def _calls(
    rng: random.Random, phones: list[dict[str, Any]], contracts: list[dict[str, Any]]
) -> Iterator[list[dict[str, Any]]]:
    """A million calls over three years, in chunks; about one in five with a follow-up."""
    by_bank: dict[int, list[dict[str, Any]]] = {}
    for phone in phones:
        by_bank.setdefault(phone["bank_id"], []).append(phone)
    chunk: list[dict[str, Any]] = []
    for call_id in range(1, SIZES["call_records"] + 1):
        contract = contracts[rng.randrange(len(contracts))]
        phone = rng.choice(by_bank[contract["bank_id"]])
        outcome = rng.choice(OUTCOMES)
        chunk.append(
            {"id": call_id, "direction": "inbound",
             "occurred_at": NOW - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
             "bank_id": contract["bank_id"], "contract_id": contract["id"],
             "officer_id": phone["officer_id"], "caller_name": "",
             "caller_number": phone["display"], "caller_number_key": phone["number_key"],
             "taken_by_id": rng.randrange(4, 800) if outcome == "transferred" else None,
             "logged_by_id": rng.randrange(4, 800), "outcome": outcome, "topics": [],
             "questions": "", "answers": "", "bank_requests": "", "concerns": "", "notes": ""}
        )  # fmt: skip
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _follow_ups(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Return calls for some of the messages: most closed long ago, a few still open."""
    rows = []
    for follow_up_id in range(1, count + 1):
        created = NOW - timedelta(days=rng.randrange(1, 1000))
        is_open = follow_up_id % 50 == 0
        rows.append(
            {"id": follow_up_id, "kind": "return_call", "call_id": follow_up_id * 47,
             "assignee_id": rng.randrange(4, 800), "description": "回电", "due_at": created,
             "status": "open" if is_open else "closed", "escalation_level": 0,
             "created_at": created, "closed_at": None if is_open else created, "closing_note": ""}
        )  # fmt: skip
    return rows


TABLES = (Bank, BankAlias, Branch, BankOfficer, BankOfficerKey, BankPhone, Person, OfficeHours)
TABLES += (Absence, LoanContract, ResponderAssignment, RegisteredNumber)


def fill(engine: Engine) -> dict[str, int]:
    """Insert every row; return the row count per table."""
    rng = random.Random(STAMP["seed"])
    rows = {**_banks(rng), **_people(rng), **_contracts(rng)}
    rows["person"] += _more_people(rng, len(rows["person"]) + 1)
    _officers(rng, rows)
    counts = {name: len(table_rows) for name, table_rows in rows.items()}
    with engine.begin() as connection:
        for model in TABLES:
            table = model.__table__
            connection.execute(insert(table), rows[table.name])  # type: ignore[attr-defined]
        calls = 0
        for chunk in _calls(rng, rows["bank_phone"], rows["loan_contract"]):
            connection.execute(insert(CallRecord.__table__), chunk)  # type: ignore[arg-type]
            calls += len(chunk)
        follow_ups = _follow_ups(rng, 20_000)
        connection.execute(insert(FollowUp.__table__), follow_ups)  # type: ignore[arg-type]
    counts.update(call_record=calls, follow_up=len(follow_ups))
    return counts


@contextmanager
def front_desk_database(data_dir: Path, rebuild: bool = False) -> Iterator[AppContext]:
    """The app opened on the benchmark database, generated first unless a finished one is there."""
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / DB_NAME
    stamp_file = data_dir / "front_desk.stamp.json"
    stamp = json.dumps(STAMP, sort_keys=True)
    fresh = rebuild or not database.exists() or not stamp_file.exists()
    if not fresh and stamp_file.read_text(encoding="utf-8") != stamp:
        fresh = True
    if fresh:
        stamp_file.unlink(missing_ok=True)
        for leftover in data_dir.glob(DB_NAME + "*"):
            leftover.unlink()
    app = open_context(
        db=sqlite_url(database), data_dir=str(data_dir / "app"), secrets=MemoryStore()
    )
    try:
        if fresh:
            counts = fill(app.engine)  # no ANALYZE: the app's databases never get one either
            print("generated", ", ".join(f"{n:,} {t}" for t, n in counts.items()), file=sys.stderr)
            stamp_file.write_text(stamp, encoding="utf-8")
        yield app
    finally:
        app.close()
