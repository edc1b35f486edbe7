"""Deactivating a person together with everything that depends on them, in one transaction.

With a replacement, the replacement takes the person's place (same rank) in every contract and
bank responder list that does not already name them; where it does, the person is removed and the
ranks close up. Without one, the lists keep the inactive person, who is shown flagged. Either way,
every active number a bank has on file for the person gets a notify-the-bank follow-up, and the
result names the contracts left without any active responder, so none goes unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit, versions
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.front_desk.follow_ups import (
    NOTIFY_WORKING_DAYS,
    add_notify_bank,
    due_after_working_days,
)
from desktop_app.core.front_desk.notify_texts import describe_left, words_for
from desktop_app.core.models import (
    Bank,
    LoanContract,
    Person,
    RegisteredNumber,
    ResponderAssignment,
)
from desktop_app.core.register.numbers import notify_assignee
from desktop_app.core.register.responders import UncoveredContract, uncovered_contracts
from desktop_app.core.storage.store import Store


@dataclass(frozen=True)
class DeactivationResult:
    """What deactivating a person changed, and what is left uncovered."""

    person_id: int
    name: str
    replacement_id: int | None
    replaced_in_contracts: tuple[int, ...]  # contract ids where the replacement took the place
    replaced_in_banks: tuple[int, ...]  # bank ids (default lists) likewise
    removed_from_contracts: tuple[int, ...]  # the replacement was already listed there
    removed_from_banks: tuple[int, ...]
    follow_up_ids: tuple[int, ...]  # notify-the-bank follow-ups created
    uncovered: tuple[UncoveredContract, ...]  # affected contracts with no active responder


def _affected_contracts(session: Session, person_id: int) -> set[int]:
    """Contracts whose effective responder list names the person, directly or by their bank."""
    own = set(
        session.scalars(
            select(ResponderAssignment.contract_id).where(
                ResponderAssignment.person_id == person_id,
                ResponderAssignment.contract_id.is_not(None),
            )
        )
    )
    banks = set(
        session.scalars(
            select(ResponderAssignment.bank_id).where(
                ResponderAssignment.person_id == person_id,
                ResponderAssignment.bank_id.is_not(None),
            )
        )
    )
    with_own_list = select(ResponderAssignment.contract_id).where(
        ResponderAssignment.contract_id.is_not(None)
    )
    inherited = set(
        session.scalars(
            select(LoanContract.id).where(
                LoanContract.bank_id.in_(banks), LoanContract.id.not_in(with_own_list)
            )
        )
    )
    return {c for c in own if c is not None} | inherited


def _hand_over(
    session: Session,
    store: Store,
    actor: Actor,
    person_id: int,
    replacement_id: int,
) -> tuple[list[int], list[int], list[int], list[int]]:
    """Put the replacement in the person's place in every list; returns what changed where."""
    replaced: dict[str, list[int]] = {"contract": [], "bank": []}
    removed: dict[str, list[int]] = {"contract": [], "bank": []}
    mine = list(
        session.scalars(
            select(ResponderAssignment).where(ResponderAssignment.person_id == person_id)
        )
    )
    for assignment in mine:
        scope = "contract" if assignment.contract_id is not None else "bank"
        owner_id = assignment.contract_id if scope == "contract" else assignment.bank_id
        column = (
            ResponderAssignment.contract_id if scope == "contract" else ResponderAssignment.bank_id
        )
        rows = list(
            session.scalars(
                select(ResponderAssignment)
                .where(column == owner_id)
                .order_by(ResponderAssignment.rank, ResponderAssignment.id)
            )
        )
        before = [row.person_id for row in rows]
        if replacement_id in before:
            session.delete(assignment)
            remaining = [row for row in rows if row.id != assignment.id]
            for rank, row in enumerate(remaining, start=1):
                row.rank = rank
            after = [row.person_id for row in remaining]
            removed[scope].append(owner_id)  # type: ignore[arg-type]
        else:
            assignment.person_id = replacement_id
            after = [replacement_id if pid == person_id else pid for pid in before]
            replaced[scope].append(owner_id)  # type: ignore[arg-type]
        owner = session.get(LoanContract if scope == "contract" else Bank, owner_id)
        version = versions.next_version(owner) if owner is not None else None
        session.flush()
        audit.record(
            session,
            store,
            actor,
            "update",
            f"{scope}_responders",
            owner_id,
            {"people": before},
            {"people": after},
            version=version,
        )
    return replaced["contract"], replaced["bank"], removed["contract"], removed["bank"]


def deactivate_with(
    store: Store,
    org: OrgSettingsService,
    calendar: WorkingCalendar,
    actor: Actor,
    person_id: int,
    replacement_id: int | None,
) -> Outcome[DeactivationResult]:
    """Deactivate a person, hand their place to ``replacement_id`` and open notify follow-ups.

    A person already inactive may be handed over later the same way.
    """
    actor.require(Permission.EDIT_PEOPLE)
    actor.require(Permission.EDIT_REGISTER)
    if replacement_id is not None and replacement_id == person_id:
        raise ValidationError.single("replacement_id", N_("A person cannot replace themselves."))
    settings = org.get()
    now = store.clock.now()
    due = due_after_working_days(calendar, settings, now, NOTIFY_WORKING_DAYS)
    with store.write() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(N_("The person no longer exists."))
        replacement = None
        if replacement_id is not None:
            replacement = session.get(Person, replacement_id)
            if replacement is None:
                raise ValidationError.single("replacement_id", N_("The person no longer exists."))
            if not replacement.active:
                raise ValidationError.single(
                    "replacement_id",
                    N_("{name} is not active and cannot answer the bank."),
                    name=replacement.name,
                )
        if person.active and person.role == Role.ADMIN:
            admins = session.scalar(
                select(func.count())
                .select_from(Person)
                .where(Person.role == Role.ADMIN.value, Person.active.is_(True))
            )
            if (admins or 0) <= 1:
                raise ValidationError.single(
                    "active", N_("The last active administrator cannot be deactivated.")
                )
        affected = _affected_contracts(session, person_id)
        if person.active:
            person.active = False
            versions.write_audited(
                session,
                store,
                actor,
                "deactivate",
                "person",
                person,
                {"active": True},
                {"active": False},
            )
        lists: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        if replacement is not None:
            lists = _hand_over(session, store, actor, person_id, replacement.id)
        numbers = list(
            session.scalars(
                select(RegisteredNumber)
                .where(RegisteredNumber.person_id == person_id, RegisteredNumber.active.is_(True))
                .order_by(RegisteredNumber.id)
            )
        )
        banks = dict(
            session.execute(
                select(Bank.id, Bank.name).where(Bank.id.in_({n.bank_id for n in numbers}))
            ).all()
        )
        assignees = notify_assignee(session, numbers, actor.person_id)
        created: list[int] = []
        for number in numbers:
            description = describe_left(
                banks.get(number.bank_id, ""),
                person.name,
                number.display,
                replacement.name if replacement is not None else "",
                words_for(),
            )
            follow_up = add_notify_bank(
                session,
                store,
                actor,
                number,
                description=description,
                due_at=due,
                assignee_id=assignees[number.id],
            )
            if follow_up is not None:
                created.append(follow_up.id)
        uncovered = uncovered_contracts(session, affected)
        result = DeactivationResult(
            person_id=person.id,
            name=person.name,
            replacement_id=replacement_id,
            replaced_in_contracts=tuple(sorted(lists[0])),
            replaced_in_banks=tuple(sorted(lists[1])),
            removed_from_contracts=tuple(sorted(lists[2])),
            removed_from_banks=tuple(sorted(lists[3])),
            follow_up_ids=tuple(created),
            uncovered=tuple(uncovered),
        )
    return Outcome(
        result,
        Changes.of(
            Area.PEOPLE,
            Area.RESPONDERS,
            Area.CONTRACTS,
            Area.NUMBERS,
            Area.FOLLOW_UPS,
            ids=((Area.PEOPLE, person_id),),
        ),
    )
