"""The feedback register: issues raised between the company and a bank, until they are settled.

Each issue names the bank (and contract), who raised it, an owner and a due date; it is open, in
progress or closed, and a closed one keeps how it was settled. An open issue past its due date is
overdue by the injected clock, in the company's time zone.
"""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin in its class
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit, versions
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import FieldProblem, NotFound, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import clean, parse_day
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.versions import FieldSpec, RecordSpec
from desktop_app.core.models import Bank, CallRecord, FeedbackItem, LoanContract, Person
from desktop_app.core.storage.store import Store

RAISED_BY = {"bank": N_("The bank"), "company": N_("The company")}
STATUSES = {
    "open": N_("Unresolved"),
    "in_progress": N_("In progress"),
    "closed": N_("Settled"),
}


@dataclass
class FeedbackDraft:
    """An issue as typed into the register's form."""

    bank_id: int | None
    title: str
    description: str = ""
    raised_by: str = "bank"
    contract_id: int | None = None
    owner_id: int | None = None
    due_on: date | str | None = None
    status: str = "open"
    resolution: str = ""
    call_id: int | None = None


@dataclass(frozen=True)
class FeedbackView:
    """An issue as the register shows it."""

    id: int
    bank_id: int
    bank_name: str
    contract_id: int | None
    contract_number: str
    raised_by: str
    title: str
    description: str
    owner_id: int | None
    owner_name: str
    due_on: date | None
    status: str
    resolution: str
    call_id: int | None
    created_at: datetime
    closed_at: datetime | None
    version: int
    overdue: bool

    def status_text(self) -> str:
        return _(STATUSES.get(self.status, self.status))

    def raised_by_text(self) -> str:
        return _(RAISED_BY.get(self.raised_by, self.raised_by))


class FeedbackService:
    """Use cases of the feedback register."""

    def __init__(self, store: Store, org: OrgSettingsService) -> None:
        self._store = store
        self._org = org

    def _today(self) -> date:
        return self._org.today()

    def _validate(self, session: Session, draft: FeedbackDraft) -> dict[str, object]:
        problems: list[FieldProblem] = []
        title = clean(draft.title)
        if not title:
            problems.append(FieldProblem("title", N_("Say what the issue is.")))
        if draft.raised_by not in RAISED_BY:
            problems.append(FieldProblem("raised_by", N_("Choose who raised it.")))
        if draft.status not in STATUSES:
            problems.append(FieldProblem("status", N_("Choose a status.")))
        bank_id = draft.bank_id
        if draft.contract_id is not None:
            contract = session.get(LoanContract, draft.contract_id)
            if contract is None:
                problems.append(FieldProblem("contract_id", N_("The contract no longer exists.")))
            elif bank_id is not None and contract.bank_id != bank_id:
                problems.append(
                    FieldProblem("contract_id", N_("This contract is not with the chosen bank."))
                )
            else:
                bank_id = contract.bank_id
        if bank_id is None or session.get(Bank, bank_id) is None:
            problems.append(FieldProblem("bank_id", N_("Choose the bank.")))
        if draft.owner_id is not None:
            owner = session.get(Person, draft.owner_id)
            if owner is None or not owner.active:
                problems.append(FieldProblem("owner_id", N_("Choose an active person.")))
        if draft.call_id is not None and session.get(CallRecord, draft.call_id) is None:
            problems.append(FieldProblem("call_id", N_("The call record no longer exists.")))
        due_on = None
        try:
            due_on = parse_day(draft.due_on, "due_on", False)
        except ValidationError as error:
            problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)
        return {
            "bank_id": bank_id,
            "contract_id": draft.contract_id,
            "raised_by": draft.raised_by,
            "title": title[:200],
            "description": draft.description.strip(),
            "owner_id": draft.owner_id,
            "due_on": due_on,
            "status": draft.status,
            "resolution": draft.resolution.strip(),
            "call_id": draft.call_id,
        }

    def create(self, actor: Actor, draft: FeedbackDraft) -> Outcome[FeedbackView]:
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            values = self._validate(session, draft)
            now = self._store.clock.now()
            item = FeedbackItem(
                created_at=now,
                closed_at=now if values["status"] == "closed" else None,
                version=1,
                **values,
            )
            session.add(item)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "create",
                "feedback",
                item.id,
                after=audit.snapshot(item),
            )
            view = self._views(session, [item])[0]
        return Outcome(view, Changes.of(Area.FEEDBACK, ids=((Area.FEEDBACK, view.id),)))

    def update(
        self,
        actor: Actor,
        item_id: int,
        draft: FeedbackDraft,
        expected_version: int,
        keep: Collection[str] = (),
    ) -> Outcome[FeedbackView]:
        """Change an issue opened at ``expected_version``; a stale one raises ConflictError.

        ``keep`` names fields to leave as stored: re-applying one's own changes after a conflict.
        """
        actor.require(Permission.EDIT_REGISTER)
        mine: dict[str, Any] = {}  # filled once the draft is checked (that reads the database)
        with (
            versions.guarded(
                self._store, actor, ISSUE_EDITS, item_id, expected_version, mine, keep
            ),
            self._store.write() as session,
        ):
            versions.lock(session, FeedbackItem, item_id)
            item = session.get(FeedbackItem, item_id)
            if item is None:
                raise NotFound(N_("The issue no longer exists."))
            values = self._validate(session, draft)
            mine.update({name: audit.plain(value) for name, value in values.items()})
            versions.expect(item, expected_version)
            values = versions.kept(values, {n: getattr(item, n) for n in values}, frozenset(keep))
            before = audit.snapshot(item)
            was_closed = item.status == "closed"
            for name, value in values.items():
                setattr(item, name, value)
            if item.status == "closed" and not was_closed:
                item.closed_at = self._store.clock.now()
            elif item.status != "closed":
                item.closed_at = None
            versions.write_audited(session, self._store, actor, "update", "feedback", item, before)
            view = self._views(session, [item])[0]
        return Outcome(view, Changes.of(Area.FEEDBACK, ids=((Area.FEEDBACK, view.id),)))

    def get(self, actor: Actor, item_id: int) -> FeedbackView:
        actor.require(Permission.VIEW_LOAN_DETAILS)
        with self._store.read() as session:
            item = session.get(FeedbackItem, item_id)
            if item is None:
                raise NotFound(N_("The issue no longer exists."))
            return self._views(session, [item])[0]

    def list(
        self,
        actor: Actor,
        status: str | None = None,
        bank_id: int | None = None,
        contract_id: int | None = None,
        open_only: bool = False,
    ) -> list[FeedbackView]:
        """Issues, open ones first, soonest due first, then the newest."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        closed_last = case((FeedbackItem.status == "closed", 1), else_=0)
        no_due_last = case((FeedbackItem.due_on.is_(None), 1), else_=0)
        query = select(FeedbackItem).order_by(
            closed_last, no_due_last, FeedbackItem.due_on, FeedbackItem.id.desc()
        )
        if status:
            query = query.where(FeedbackItem.status == status)
        if open_only:
            query = query.where(FeedbackItem.status != "closed")
        if bank_id is not None:
            query = query.where(FeedbackItem.bank_id == bank_id)
        if contract_id is not None:
            query = query.where(FeedbackItem.contract_id == contract_id)
        with self._store.read() as session:
            return self._views(session, list(session.scalars(query)))

    def _views(
        self, session: Session, items: builtins.list[FeedbackItem]
    ) -> builtins.list[FeedbackView]:
        today = self._today()
        banks = _names(session, Bank.id, Bank.name, {i.bank_id for i in items})
        contracts = _names(
            session, LoanContract.id, LoanContract.contract_number, {i.contract_id for i in items}
        )
        people = _names(session, Person.id, Person.name, {i.owner_id for i in items})
        return [
            FeedbackView(
                id=i.id,
                bank_id=i.bank_id,
                bank_name=banks.get(i.bank_id, ""),
                contract_id=i.contract_id,
                contract_number=contracts.get(i.contract_id, ""),
                raised_by=i.raised_by,
                title=i.title,
                description=i.description,
                owner_id=i.owner_id,
                owner_name=people.get(i.owner_id, ""),
                due_on=i.due_on,
                status=i.status,
                resolution=i.resolution,
                call_id=i.call_id,
                created_at=i.created_at,
                closed_at=i.closed_at,
                version=i.version,
                overdue=i.status != "closed" and i.due_on is not None and i.due_on < today,
            )
            for i in items
        ]


def _names(session: Session, key: Any, label: Any, ids: set[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {k: v for k, v in session.execute(select(key, label).where(key.in_(wanted)))}


def _read_issue(session: Session, item_id: int) -> tuple[int, str, dict[str, Any]] | None:
    item = session.get(FeedbackItem, item_id)
    if item is None:
        return None
    return item.version, item.title, audit.snapshot(item)


# What the conflict dialog lists for an issue, in the form's order.
ISSUE_EDITS = RecordSpec(
    kind="feedback",
    message=N_("Someone else changed this issue meanwhile."),
    fields=(
        FieldSpec("bank_id", N_("Bank"), ref="bank"),
        FieldSpec("contract_id", N_("Contract"), ref="contract"),
        FieldSpec("raised_by", N_("Raised by"), "choice", RAISED_BY),
        FieldSpec("title", N_("Issue")),
        FieldSpec("description", N_("Details")),
        FieldSpec("owner_id", N_("Owner"), ref="person"),
        FieldSpec("due_on", N_("Due"), "date"),
        FieldSpec("status", N_("Status"), "choice", STATUSES),
        FieldSpec("resolution", N_("Resolution")),
    ),
    entities={"feedback": {}},
    read=_read_issue,
)
