"""Designated responders: a ranked list per contract, and a bank-level default list.

A contract with no list of its own falls back to its bank's default. Rank 1 is the primary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, delete, select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit, versions
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.text import sort_key
from desktop_app.core.models import Bank, LoanContract, Person, ResponderAssignment
from desktop_app.core.storage.store import Store


@dataclass(frozen=True)
class ResponderView:
    """One person in a responder list."""

    person_id: int
    name: str
    rank: int
    active: bool
    inherited: bool  # from the bank's default list


def responder_ids(session: Session, scope: str, owner_id: int) -> list[int]:
    """The people on the list of a ``"contract"`` or a ``"bank"``, by rank."""
    column = ResponderAssignment.contract_id if scope == "contract" else ResponderAssignment.bank_id
    return list(
        session.scalars(
            select(ResponderAssignment.person_id)
            .where(column == owner_id)
            .order_by(ResponderAssignment.rank)
        )
    )


def effective_responders(
    session: Session | Connection,
    contracts: Sequence[LoanContract] | Sequence[Row[*tuple[Any, ...]]],
) -> dict[int, tuple[ResponderView, ...]]:
    """The responder list of each contract, in two queries whatever the number of contracts."""
    result: dict[int, tuple[ResponderView, ...]] = {c.id: () for c in contracts}
    if not contracts:
        return result
    ids = [c.id for c in contracts]
    bank_ids = {c.bank_id for c in contracts}
    rows = session.execute(
        select(
            ResponderAssignment.contract_id,
            ResponderAssignment.bank_id,
            ResponderAssignment.rank,
            Person.id,
            Person.name,
            Person.active,
        )
        .join(Person, Person.id == ResponderAssignment.person_id)
        .where(
            (ResponderAssignment.contract_id.in_(ids)) | (ResponderAssignment.bank_id.in_(bank_ids))
        )
        .order_by(ResponderAssignment.rank)
    ).all()
    own: dict[int, list[ResponderView]] = defaultdict(list)
    default: dict[int | None, list[ResponderView]] = defaultdict(list)
    for contract_id, bank_id, rank, person_id, name, active in rows:
        if contract_id is not None:
            own[contract_id].append(ResponderView(person_id, name, rank, active, False))
        else:
            default[bank_id].append(ResponderView(person_id, name, rank, active, True))
    for contract in contracts:
        result[contract.id] = tuple(own.get(contract.id) or default.get(contract.bank_id, []))
    return result


@dataclass(frozen=True)
class UncoveredContract:
    """An active contract whose responder list names no active person: it needs a warning."""

    contract_id: int
    contract_number: str
    bank_id: int
    bank_name: str
    responders: tuple[ResponderView, ...]  # the list as it stands: inactive people, or empty


def uncovered_contracts(
    session: Session, contract_ids: Collection[int] | None = None
) -> list[UncoveredContract]:
    """Active contracts (among ``contract_ids``, or all) left without an active responder."""
    query = (
        select(LoanContract, Bank.name)
        .join(Bank, Bank.id == LoanContract.bank_id)
        .where(LoanContract.status == "active")
    )
    if contract_ids is not None:
        query = query.where(LoanContract.id.in_(list(contract_ids)))
    rows = session.execute(query).all()
    lists = effective_responders(session, [row[0] for row in rows])
    found = [
        UncoveredContract(
            contract.id, contract.contract_number, contract.bank_id, name, lists[contract.id]
        )
        for contract, name in rows
        if not any(responder.active for responder in lists[contract.id])
    ]
    # Sorted here, not by the database, so that every dialect's collation gives the same order.
    return sorted(found, key=lambda u: (sort_key(u.bank_name), u.contract_number, u.contract_id))


class ResponderService:
    """Use cases for responder lists."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def set_for_contract(
        self, actor: Actor, contract_id: int, person_ids: Sequence[int]
    ) -> Outcome[tuple[ResponderView, ...]]:
        """Replace a contract's responder list; ``person_ids`` in rank order (primary first).

        An empty list makes the contract fall back to its bank's default list.
        """
        return self._set(actor, "contract", contract_id, person_ids)

    def set_for_bank(
        self, actor: Actor, bank_id: int, person_ids: Sequence[int]
    ) -> Outcome[tuple[ResponderView, ...]]:
        """Replace a bank's default responder list."""
        return self._set(actor, "bank", bank_id, person_ids)

    def _set(
        self, actor: Actor, scope: str, owner_id: int, person_ids: Sequence[int]
    ) -> Outcome[tuple[ResponderView, ...]]:
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            views = self.set_in(session, actor, scope, owner_id, person_ids)
        return Outcome(views, Changes.of(Area.RESPONDERS))

    def check_people(self, session: Session, person_ids: Sequence[int]) -> dict[int, Person]:
        """Check a ranked list: nobody twice, everyone exists and is active; writes nothing."""
        if len(set(person_ids)) != len(person_ids):
            raise ValidationError.single("responders", N_("A person is listed twice."))
        people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(person_ids)))}
        for person_id in person_ids:
            person = people.get(person_id)
            if person is None:
                raise ValidationError.single("responders", N_("The person no longer exists."))
            if not person.active:
                raise ValidationError.single(
                    "responders",
                    N_("{name} is not active and cannot answer the bank."),
                    name=person.name,
                )
        return people

    def set_in(
        self,
        session: Session,
        actor: Actor,
        scope: str,
        owner_id: int,
        person_ids: Sequence[int],
        version: int | None = None,
    ) -> tuple[ResponderView, ...]:
        """Replace the list of a ``"contract"`` or a ``"bank"`` inside the caller's transaction.

        The list is part of its contract or bank: the owner moves to its next version, unless the
        caller already did (``version``: the owner's version written by the same transaction).
        """
        actor.require(Permission.EDIT_REGISTER)
        if scope not in ("contract", "bank"):
            raise ValueError(f"unknown responder scope {scope!r}")
        column = (
            ResponderAssignment.contract_id if scope == "contract" else ResponderAssignment.bank_id
        )
        model = LoanContract if scope == "contract" else Bank
        if version is None:
            versions.lock(session, model, owner_id)
        owner = session.get(model, owner_id)
        if owner is None:
            raise NotFound(N_("The record no longer exists."))
        people = self.check_people(session, person_ids)
        before = responder_ids(session, scope, owner_id)
        session.execute(delete(ResponderAssignment).where(column == owner_id))
        for rank, person_id in enumerate(person_ids, start=1):
            session.add(
                ResponderAssignment(
                    person_id=person_id,
                    rank=rank,
                    contract_id=owner_id if scope == "contract" else None,
                    bank_id=owner_id if scope == "bank" else None,
                )
            )
        if version is None:
            version = versions.next_version(owner)
        session.flush()
        audit.record(
            session,
            self._store,
            actor,
            "update",
            f"{scope}_responders",
            owner_id,
            {"people": before},
            {"people": list(person_ids)},
            version=version,
        )
        return tuple(
            ResponderView(pid, people[pid].name, rank, True, False)
            for rank, pid in enumerate(person_ids, start=1)
        )

    def contracts_without_active_responder(self, actor: Actor) -> list[UncoveredContract]:
        """Every active contract nobody active answers for, by bank and number, for warnings."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            return uncovered_contracts(session)

    def for_bank(self, actor: Actor, bank_id: int) -> tuple[ResponderView, ...]:
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            rows = session.execute(
                select(ResponderAssignment.rank, Person.id, Person.name, Person.active)
                .join(Person, Person.id == ResponderAssignment.person_id)
                .where(ResponderAssignment.bank_id == bank_id)
                .order_by(ResponderAssignment.rank)
            ).all()
        return tuple(
            ResponderView(pid, name, rank, active, True) for rank, pid, name, active in rows
        )
