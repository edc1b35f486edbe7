"""Two desks editing the same record: the second save is refused and says what changed, by whom.

Each desk is a context of its own (its own engine and connection pool) on the same database, as
two computers of a team would be; both backends.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.checklists.service import ItemUpdate
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.conflicts import EditConflict
from desktop_app.core.common.errors import ConflictError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import AuditEntry, LoanContract
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import READING
from tests.conftest import START
from tests.helpers.factories import (
    bank_draft,
    contract_draft,
    make_bank,
    make_contract,
    make_person,
    person_draft,
)


def conflict_of(caught: pytest.ExceptionInfo[ConflictError]) -> EditConflict:
    assert caught.value.conflict is not None
    return caught.value.conflict


def versioned_updates(services: Services, entity: str, record_id: int) -> list[int | None]:
    with services.store.read() as session:
        return list(
            session.scalars(
                select(AuditEntry.version)
                .where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
                .where(AuditEntry.action != "create")
                .order_by(AuditEntry.id)
            )
        )


def test_a_stale_contract_save_says_what_changed_who_and_when(
    services: Services,
    admin: Actor,
    other_desk: AppContext,
    li_na: Actor,
    clock: FakeClock,
) -> None:
    bank = make_bank(services, admin)
    opened = make_contract(services, admin, bank.id, "HT-1", title="流动资金贷款")
    theirs = other_desk.services.contracts.get(li_na, opened.id)
    clock.advance(timedelta(minutes=3))
    other_desk.services.contracts.update(
        li_na, theirs.id, contract_draft(bank.id, "HT-1", title="流贷（续贷）"), theirs.version
    )
    mine = contract_draft(bank.id, "HT-1", title="流动资金贷款", principal="600万")
    with pytest.raises(ConflictError) as caught:
        services.contracts.update(admin, opened.id, mine, opened.version)
    conflict = conflict_of(caught)
    assert caught.value.text() == "Someone else changed this contract meanwhile."
    assert (conflict.kind, conflict.record_id, conflict.title) == ("contract", opened.id, "HT-1")
    assert (conflict.expected_version, conflict.current_version) == (1, 2)
    assert (conflict.changed_by, conflict.desk) == ("李娜", "财务-2")
    assert conflict.changed_at == START + timedelta(minutes=3)
    [change] = conflict.changes
    assert (change.field, change.label_text()) == ("title", "Title")
    assert (change.theirs, change.base, change.mine) == (
        "流贷（续贷）",
        "流动资金贷款",
        "流动资金贷款",
    )
    assert not change.you_changed
    assert conflict.mine["principal"] == "6000000"
    assert "title" in conflict.keep_theirs() and "principal" not in conflict.keep_theirs()
    # Nothing of the refused save was written.
    assert services.contracts.get(admin, opened.id).principal == Decimal("5000000.00")


def test_reapplying_saves_mine_on_top_and_keeps_what_i_left_alone(
    services: Services, admin: Actor, other_desk: AppContext, li_na: Actor
) -> None:
    bank = make_bank(services, admin)
    opened = make_contract(services, admin, bank.id, "HT-2", title="旧名称")
    other_desk.services.contracts.update(
        li_na, opened.id, contract_draft(bank.id, "HT-2", title="新名称"), opened.version
    )
    mine = contract_draft(bank.id, "HT-2", title="旧名称", principal="600万")
    with pytest.raises(ConflictError) as caught:
        services.contracts.update(admin, opened.id, mine, opened.version)
    conflict = conflict_of(caught)
    saved = services.contracts.update(
        admin, opened.id, mine, conflict.current_version, keep=conflict.keep_theirs()
    ).value
    assert (saved.title, saved.principal, saved.version) == ("新名称", Decimal("6000000"), 3)
    assert versioned_updates(services, "contract", opened.id) == [2, 3]
    # Re-applying on a version that moved on again is refused again.
    with pytest.raises(ConflictError):
        services.contracts.update(admin, opened.id, mine, conflict.current_version)


def test_both_changing_the_same_field_shows_both_values(
    services: Services, admin: Actor, other_desk: AppContext, li_na: Actor
) -> None:
    person = make_person(services, admin, "finance", "王敏", extension="8001")
    other_desk.services.people.update(
        li_na, person.id, person_draft("finance", "王敏", extension="8002"), person.version
    )
    mine = person_draft("finance", "王敏", extension="8003", job_title="会计")
    with pytest.raises(ConflictError) as caught:
        services.people.update(admin, person.id, mine, person.version)
    conflict = conflict_of(caught)
    assert caught.value.text() == "Someone else changed this person meanwhile."
    [change] = conflict.changes
    assert (change.field, change.theirs, change.base, change.mine) == (
        "extension",
        "8002",
        "8001",
        "8003",
    )
    assert change.you_changed and conflict.changed_by == "李娜"
    saved = services.people.update(
        admin, person.id, mine, conflict.current_version, conflict.keep_theirs()
    ).value
    assert (saved.extension, saved.job_title) == ("8003", "会计")


def test_a_bank_and_its_responders_are_one_record(
    services: Services, admin: Actor, other_desk: AppContext, li_na: Actor
) -> None:
    bank = make_bank(services, admin)
    wang = make_person(services, admin, "finance", "王敏")
    assert li_na.person_id is not None
    other_desk.services.banks.update(
        li_na, bank.id, bank_draft(notes="每季度回访"), bank.version, [li_na.person_id, wang.id]
    )
    with pytest.raises(ConflictError) as caught:
        services.banks.update(
            admin, bank.id, bank_draft(short_name="工商"), bank.version, [wang.id]
        )
    conflict = conflict_of(caught)
    changed = {c.field: c for c in conflict.changes}
    assert set(changed) == {"notes", "responders"}
    assert changed["responders"].theirs == ["李娜", "王敏"]
    assert changed["responders"].show(changed["responders"].theirs) == "李娜 › 王敏"
    assert changed["responders"].mine == ["王敏"] and changed["responders"].you_changed
    assert not changed["notes"].you_changed
    saved = services.banks.update(
        admin, bank.id, bank_draft(short_name="工商"), 2, [wang.id], conflict.keep_theirs()
    ).value
    assert (saved.short_name, saved.notes) == ("工商", "每季度回访")
    assert [r.name for r in services.responders.for_bank(admin, bank.id)] == ["王敏"]
    assert versioned_updates(services, "bank", bank.id) == [2, 3]
    assert versioned_updates(services, "bank_responders", bank.id) == [2, 3]


def test_registered_numbers_and_checklist_items_are_versioned(
    services: Services, admin: Actor, other_desk: AppContext, li_na: Actor
) -> None:
    bank = make_bank(services, admin)
    number = services.numbers.create(admin, NumberDraft(bank.id, "010-6552 0001", "总机")).value
    other_desk.services.numbers.update(
        li_na, number.id, NumberDraft(bank.id, "010-6552 0001", "财务部"), number.version
    )
    with pytest.raises(ConflictError) as caught:
        services.numbers.update(
            admin, number.id, NumberDraft(bank.id, "010-6552 0009", "总机"), number.version
        )
    conflict = conflict_of(caught)
    assert [(c.field, c.theirs, c.base) for c in conflict.changes] == [("label", "财务部", "总机")]
    kept = services.numbers.update(
        admin,
        number.id,
        NumberDraft(bank.id, "010-6552 0009", "总机"),
        conflict.current_version,
        conflict.keep_theirs(),
    ).value
    assert (kept.number, kept.label, kept.version) == ("010 6552 0009", "财务部", 3)

    contract = make_contract(services, admin, bank.id, "HT-9")
    item = services.checklists.checklist(admin, contract.id).items[0]
    other_desk.services.checklists.update_item(li_na, item.id, ItemUpdate("ready"), item.version)
    with pytest.raises(ConflictError) as caught:
        services.checklists.update_item(
            admin, item.id, ItemUpdate("missing", notes="待补"), item.version
        )
    conflict = conflict_of(caught)
    state = next(c for c in conflict.changes if c.field == "state")
    assert (state.show(state.theirs), state.show(state.mine)) == ("Ready to show", "Missing")


def race(desks: list[tuple[Services, Actor]], contract_id: int, bank_id: int) -> list[str]:
    """Both desks save the version stored now at the same moment; how each save ended."""
    version = desks[0][0].contracts.get(desks[0][1], contract_id).version
    start = threading.Barrier(len(desks))
    results: list[str] = []

    def save(desk: Services, actor: Actor, index: int) -> None:
        draft = contract_draft(bank_id, "HT-3", title=f"desk {index}")
        start.wait(timeout=30)
        try:
            desk.contracts.update(actor, contract_id, draft, version)
            results.append("saved")
        except ConflictError as error:
            results.append("refused" if error.conflict is not None else "refused, no details")

    threads = [
        threading.Thread(target=save, args=(desk, actor, index))
        for index, (desk, actor) in enumerate(desks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(results)


def test_concurrent_saves_never_both_win(
    services: Services, admin: Actor, other_desk: AppContext, li_na: Actor
) -> None:
    """Two desks save the same version at the same moment, again and again: one wins each time."""
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "HT-3")
    desks = [(services, admin), (other_desk.services, li_na)]
    rounds = 8
    for round_number in range(rounds):
        assert race(desks, contract.id, bank.id) == ["refused", "saved"], round_number
    assert services.contracts.get(admin, contract.id).version == 1 + rounds
    assert versioned_updates(services, "contract", contract.id) == list(range(2, 2 + rounds))


def test_the_database_refuses_a_write_at_a_stale_version(services: Services, admin: Actor) -> None:
    """Without the service's checks and lock, the UPDATE itself names the version it read."""
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "HT-4")
    # The first session reads without taking SQLite's write lock (a writer would wait for it).
    engine = services.store.session_factory.kw["bind"].execution_options(**{READING: True})
    with Session(engine) as first, first.begin():
        row = first.get(LoanContract, contract.id)
        assert row is not None
        services.contracts.set_status(admin, contract.id, "closed")  # commits version 2
        row.title = "lost update"
        row.version = row.version + 1
        # PostgreSQL: the UPDATE matches no row at the old version. SQLite: the write from a
        # snapshot older than the last commit is refused outright ("database is locked").
        with pytest.raises((StaleDataError, OperationalError)):
            first.flush()
    assert services.contracts.get(admin, contract.id).title == ""
