"""One desk of ``team_conflicts.py``: a process of its own that edits shared records.

Each edit loads a record through the app's services, raises this desk's own counter in one of its
text fields and saves it naming the version it loaded. A ConflictError (someone saved since) is
counted and the edit starts over from a fresh load. A lost server (ServerUnreachable) is counted,
waited out and the *same* save retried with the same version: if the first attempt had landed
before the connection dropped, the retry is refused as stale and a fresh load shows this desk's
counter already raised, so the edit counts once — the version check makes the retry idempotent.

The counters are kept as three characters per desk (desk number and count in base 36) so that
they fit a registered number's 120-character label; every record's field holds the count of
successful edits of each desk, which the benchmark compares with what the desks report.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
KINDS = ("contract", "person", "bank", "number", "item")
AUDIT_ENTITY = {
    "contract": "contract",
    "person": "person",
    "bank": "bank",
    "number": "registered_number",
    "item": "checklist_item",
}


def decode(text: str) -> dict[int, int]:
    """The per-desk counters held in a field."""
    counts: dict[int, int] = {}
    for start in range(0, len(text) - len(text) % 3, 3):
        chunk = text[start : start + 3]
        if chunk[0] in DIGITS:
            counts[DIGITS.index(chunk[0])] = int(chunk[1:], 36)
    return counts


def encode(counts: dict[int, int]) -> str:
    return "".join(
        DIGITS[desk] + DIGITS[count // 36] + DIGITS[count % 36]
        for desk, count in sorted(counts.items())
    )


@dataclass(frozen=True)
class Record:
    kind: str  # one of KINDS
    id: int
    contract_id: int = 0  # a checklist item's contract


@dataclass
class DeskResult:
    desk: int
    saved: Counter[str] = field(default_factory=Counter)  # "kind:id" -> successful edits
    conflicts: int = 0  # refused as stale, reported with what changed
    bare_conflicts: int = 0  # refused as stale without the details (should stay 0)
    unreachable: int = 0  # saves or loads retried after the server went away
    landed_before_drop: int = 0  # retries that found their edit already saved
    unmapped: int = 0  # driver errors that reached the desk untranslated (should stay 0)
    latencies: list[float] = field(default_factory=list)  # successful saves, seconds
    conflict_latencies: list[float] = field(default_factory=list)


def key(record: Record) -> str:
    return f"{record.kind}:{record.id}"


def load(services: Any, actor: Any, record: Record) -> tuple[Any, str]:
    """The record's view and the text field holding the counters."""
    if record.kind == "contract":
        view = services.contracts.get(actor, record.id)
        return view, view.notes or ""
    if record.kind == "person":
        view = services.people.get(actor, record.id)
        return view, view.notes
    if record.kind == "bank":
        view = services.banks.get(actor, record.id)
        return view, view.notes
    if record.kind == "number":
        view = services.numbers.get(actor, record.id)
        return view, view.label
    items = services.checklists.checklist(actor, record.contract_id).items
    view = next(item for item in items if item.id == record.id)
    return view, view.notes


def save(services: Any, actor: Any, record: Record, view: Any, text: str) -> None:
    """Save ``text`` into the record's field, naming the version ``view`` was read at."""
    from desktop_app.core.checklists.service import ItemUpdate
    from desktop_app.core.register.banks import BankDraft, PhoneDraft
    from desktop_app.core.register.contracts import ContractDraft
    from desktop_app.core.register.numbers import NumberDraft
    from desktop_app.core.register.people import PersonDraft

    if record.kind == "contract":
        draft = ContractDraft(
            bank_id=view.bank_id,
            contract_number=view.contract_number,
            loan_type=view.loan_type,
            principal=view.principal,
            start_date=view.start_date,
            maturity_date=view.maturity_date,
            currency=view.currency,
            title=view.title,
            drawdown_date=view.drawdown_date,
            purpose_of_funds=view.purpose_of_funds or "",
            clause_text=view.clause_text or "",
            clause_caller=view.clause_caller,
            clause_method=view.clause_method,
            clause_cadence=view.clause_cadence,
            clause_topics=list(view.clause_topics),
            clause_documents=list(view.clause_documents),
            consequences=view.consequences or "",
            status=view.status,
            notes=text,
        )
        services.contracts.update(actor, view.id, draft, view.version)
    elif record.kind == "person":
        hours = [(s.weekday, f"{s.starts:%H:%M}", f"{s.ends:%H:%M}") for s in view.office_hours]
        person = PersonDraft(
            view.name, view.role.value, view.job_title, view.extension, view.mobile,
            view.email, view.os_account, text, hours,
        )  # fmt: skip
        services.people.update(actor, view.id, person, view.version)
    elif record.kind == "bank":
        bank = BankDraft(
            view.name, view.short_name, list(view.aliases), text, list(view.branches),
            list(view.officers), [PhoneDraft(display, label) for _k, display, label in view.phones],
        )  # fmt: skip
        services.banks.update(actor, view.id, bank, view.version)
    elif record.kind == "number":
        number = NumberDraft(
            view.bank_id, view.number, text, view.person_id, view.contract_id,
            view.last_confirmed_on,
        )  # fmt: skip
        services.numbers.update(actor, view.id, number, view.version)
    else:
        ready_on = view.ready_on if view.state == "ready" else None
        change = ItemUpdate(view.state, view.owner_id, text, ready_on)
        services.checklists.update_item(actor, view.id, change, view.version)


def run_desk(
    url: str,
    desk: int,
    person_id: int,
    records: list[Record],
    edits: int,
    start: Any,
    progress: Any,
    results: Any,
) -> None:
    """The body of one desk's process: ``edits`` successful edits, then report."""
    from sqlalchemy.exc import DBAPIError

    from desktop_app.core.common.clock import SystemClock
    from desktop_app.core.common.errors import ConflictError, StorageError
    from desktop_app.core.services import Services
    from desktop_app.core.storage.engine import make_engine, make_session_factory
    from desktop_app.core.storage.store import Store

    engine = make_engine(url)
    store = Store(make_session_factory(engine), SystemClock(), f"bench-{desk:02d}")
    services = Services.build(store)
    actor = services.identity.actor_for(person_id)
    result = DeskResult(desk)
    chooser = random.Random(desk)
    start.wait()
    for _ in range(edits):
        record = records[chooser.randrange(len(records))]
        pending: tuple[Any, str, int] | None = None  # loaded view, new text, this desk's count
        retried = False  # the pending save was under way when the server went away
        verify = False  # a retried save was refused: was it our own first attempt that landed?
        while True:
            spent: float | None = None
            try:
                if verify and pending is not None:
                    _view, now = load(services, actor, record)
                    verify = False
                    if decode(now).get(desk, 0) == pending[2]:
                        result.landed_before_drop += 1
                        break
                    result.conflicts += 1  # someone else's change: start over
                    pending = None
                if pending is None:
                    view, text = load(services, actor, record)
                    counts = decode(text)
                    counts[desk] = counts.get(desk, 0) + 1
                    pending, retried = (view, encode(counts), counts[desk]), False
                began = time.perf_counter()
                try:
                    save(services, actor, record, pending[0], pending[1])
                finally:
                    spent = time.perf_counter() - began
                result.latencies.append(spent)
                break
            except ConflictError as error:
                if spent is not None:
                    result.conflict_latencies.append(spent)
                if error.conflict is None:
                    result.bare_conflicts += 1
                if retried:
                    verify = True
                    continue
                result.conflicts += 1
                pending = None
            except (StorageError, DBAPIError) as error:
                if isinstance(error, StorageError):
                    result.unreachable += 1
                else:
                    result.unmapped += 1
                retried = retried or (pending is not None and spent is not None)
                time.sleep(0.05)  # the server is restarting; the next try reconnects
        result.saved[key(record)] += 1
        with progress.get_lock():
            progress.value += 1
    engine.dispose()
    results.put(result)
