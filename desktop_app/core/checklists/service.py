"""Each contract's callback checklist: the state of every item, its owner, notes and freshness.

A contract's checklist is its loan type's template, copied item by item the first time it is
opened (and topped up when the template gains items). A person sets an item ready, missing or not
applicable; "stale" is judged, never stored: an item made ready on ``ready_on`` is stale once more
than its ``freshness_days`` have passed on the injected clock, in the company's time zone.
Readiness ("5 of 7 ready, 1 stale") counts the items that apply; a contract never opened counts
all its template's items as missing, without writing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.checklists.templates import (
    ChecklistTemplateService,
    chunks,
    contract_loan_types,
    pick,
    template_items_by_type,
)
from desktop_app.core.common import audit, versions
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import ConstraintViolation, NotFound, ValidationError
from desktop_app.core.common.i18n import N_, _, current_language
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import parse_day
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.versions import FieldSpec, RecordSpec
from desktop_app.core.models import (
    Bank,
    ChecklistItem,
    ChecklistTemplateItem,
    EvidenceFile,
    LoanContract,
    Person,
)
from desktop_app.core.storage.store import Store

STATES = {
    "ready": N_("Ready to show"),
    "stale": N_("Stale"),
    "missing": N_("Missing"),
    "not_applicable": N_("Not applicable"),
}
SETTABLE_STATES = ("ready", "missing", "not_applicable")
EXPIRING_DAYS = 14  # an item going stale within this many days is flagged


@dataclass(frozen=True)
class EvidenceView:
    """A file attached to a checklist item."""

    id: int
    item_id: int
    file_name: str
    sha256: str
    size: int
    added_at: datetime
    added_by_name: str


@dataclass(frozen=True)
class ChecklistItemView:
    """One item of a contract's checklist, with its state judged against the clock."""

    id: int
    contract_id: int
    template_item_id: int | None
    code: str  # the template item's code; "" once the template no longer has it
    position: int
    title_zh: str
    title_en: str
    guidance_zh: str
    guidance_en: str
    state: str  # as set: ready, missing, not_applicable
    effective_state: str  # ready, stale, missing, not_applicable
    owner_id: int | None
    owner_name: str
    notes: str
    ready_on: date | None
    freshness_days: int | None
    fresh_until: date | None
    expiring: bool  # ready, and stale within EXPIRING_DAYS
    files: tuple[EvidenceView, ...]
    version: int = 1

    def title(self, language: str | None = None) -> str:
        return pick(language, self.title_zh, self.title_en)

    def guidance(self, language: str | None = None) -> str:
        return pick(language, self.guidance_zh, self.guidance_en)

    def state_text(self) -> str:
        return _(STATES[self.effective_state])


@dataclass(frozen=True)
class Readiness:
    """How ready a contract's checklist is."""

    contract_id: int
    total: int  # items that apply (not "not applicable")
    ready: int  # ready and fresh
    stale: int
    missing: int
    not_applicable: int
    expiring: int = 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.ready == self.total

    def short_text(self) -> str:
        """ "5/7 ready · 1 stale", for a narrow column."""
        if self.total == 0:
            return "—"
        text = _("{ready}/{total} ready").format(ready=self.ready, total=self.total)
        if self.stale:
            text += " · " + _("{count} stale").format(count=self.stale)
        return text

    def text(self, tr: Callable[[str], str] = _) -> str:
        """ "5 of 7 ready, 1 stale" in the active language (or ``tr``'s)."""
        if self.total == 0:
            return tr(N_("No checklist items"))
        parts = [tr(N_("{ready} of {total} ready")).format(ready=self.ready, total=self.total)]
        if self.stale:
            parts.append(tr(N_("{count} stale")).format(count=self.stale))
        if self.missing:
            parts.append(tr(N_("{count} missing")).format(count=self.missing))
        return tr(N_(", ")).join(parts)


@dataclass(frozen=True)
class ContractChecklist:
    """A contract's whole checklist."""

    contract_id: int
    contract_number: str
    bank_name: str
    loan_type: str
    items: tuple[ChecklistItemView, ...]
    readiness: Readiness
    today: date


@dataclass(frozen=True)
class ItemUpdate:
    """What a person sets on a checklist item."""

    state: str
    owner_id: int | None = None
    notes: str = ""
    ready_on: date | str | None = None


def judge(
    state: str, ready_on: date | None, freshness_days: int | None, today: date
) -> tuple[str, date | None, bool]:
    """The effective state, the last fresh day and whether it expires soon."""
    if state != "ready" or ready_on is None or not freshness_days:
        return state, None, False
    fresh_until = ready_on + timedelta(days=freshness_days)
    if today > fresh_until:
        return "stale", fresh_until, False
    return "ready", fresh_until, (fresh_until - today).days < EXPIRING_DAYS


def count_readiness(contract_id: int, states: list[tuple[str, bool]]) -> Readiness:
    """Readiness from (effective state, expiring) pairs."""
    counts = {name: 0 for name in STATES}
    expiring = 0
    for state, soon in states:
        counts[state] += 1
        expiring += soon
    applicable = len(states) - counts["not_applicable"]
    return Readiness(
        contract_id,
        applicable,
        counts["ready"],
        counts["stale"],
        counts["missing"],
        counts["not_applicable"],
        expiring,
    )


class ChecklistService:
    """Use cases for contracts' checklists."""

    def __init__(
        self, store: Store, org: OrgSettingsService, templates: ChecklistTemplateService
    ) -> None:
        self._store = store
        self._org = org
        self._templates = templates

    def today(self) -> date:
        """Today in the company's time zone, by the injected clock."""
        return self._org.today()

    def _top_up(self, contract_id: int) -> None:
        """Copy the template items the contract's checklist lacks (the first opening: all)."""
        with self._store.read() as session:
            contract = session.get(LoanContract, contract_id)
            if contract is None:
                raise NotFound(N_("The contract no longer exists."))
            wanted = template_items_by_type(session).get(contract.loan_type, [])
            have = set(
                session.scalars(
                    select(ChecklistItem.template_item_id).where(
                        ChecklistItem.contract_id == contract_id
                    )
                )
            )
            missing = [item.id for item in wanted if item.id not in have]
        if not missing:
            return
        language = current_language()
        try:
            with self._store.write() as session:
                now = self._store.clock.now()
                for item in session.scalars(
                    select(ChecklistTemplateItem).where(ChecklistTemplateItem.id.in_(missing))
                ):
                    session.add(
                        ChecklistItem(
                            contract_id=contract_id,
                            template_item_id=item.id,
                            title=pick(language, item.title_zh, item.title_en),
                            state="missing",
                            notes="",
                            freshness_days=item.freshness_days,
                            position=item.position,
                            updated_at=now,
                        )
                    )
        except ConstraintViolation:
            pass  # another desk copied them at the same moment

    def checklist(self, actor: Actor, contract_id: int) -> ContractChecklist:
        """A contract's checklist, copied from its template on first opening."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        self._templates.ensure_seeded()
        self._top_up(contract_id)
        today = self.today()
        with self._store.read() as session:
            row = session.execute(
                select(LoanContract.contract_number, LoanContract.loan_type, Bank.name)
                .join(Bank, Bank.id == LoanContract.bank_id)
                .where(LoanContract.id == contract_id)
            ).first()
            if row is None:
                raise NotFound(N_("The contract no longer exists."))
            items = self._item_views(session, [contract_id], today)
        readiness = count_readiness(contract_id, [(i.effective_state, i.expiring) for i in items])
        return ContractChecklist(
            contract_id, row[0], row[2], row[1], tuple(items), readiness, today
        )

    def _item_views(
        self, session: Session, contract_ids: list[int], today: date, item_id: int | None = None
    ) -> list[ChecklistItemView]:
        query = (
            select(ChecklistItem, ChecklistTemplateItem, Person.name)
            .outerjoin(
                ChecklistTemplateItem, ChecklistTemplateItem.id == ChecklistItem.template_item_id
            )
            .outerjoin(Person, Person.id == ChecklistItem.owner_id)
            .where(ChecklistItem.contract_id.in_(contract_ids))
            .order_by(ChecklistItem.contract_id, ChecklistItem.position, ChecklistItem.id)
        )
        if item_id is not None:
            query = query.where(ChecklistItem.id == item_id)
        rows = session.execute(query).all()
        files = evidence_by_item(session, [row[0].id for row in rows])
        views = []
        for item, template_item, owner_name in rows:
            effective, fresh_until, expiring = judge(
                item.state, item.ready_on, item.freshness_days, today
            )
            views.append(
                ChecklistItemView(
                    id=item.id,
                    contract_id=item.contract_id,
                    template_item_id=item.template_item_id,
                    code=template_item.code if template_item else "",
                    position=item.position,
                    title_zh=template_item.title_zh if template_item else item.title,
                    title_en=template_item.title_en if template_item else item.title,
                    guidance_zh=template_item.guidance_zh if template_item else "",
                    guidance_en=template_item.guidance_en if template_item else "",
                    state=item.state,
                    effective_state=effective,
                    owner_id=item.owner_id,
                    owner_name=owner_name or "",
                    notes=item.notes,
                    ready_on=item.ready_on,
                    freshness_days=item.freshness_days,
                    fresh_until=fresh_until,
                    expiring=expiring,
                    files=tuple(files.get(item.id, ())),
                    version=item.version,
                )
            )
        return views

    def update_item(
        self,
        actor: Actor,
        item_id: int,
        change: ItemUpdate,
        expected_version: int | None = None,
        keep: Collection[str] = (),
    ) -> Outcome[ChecklistItemView]:
        """Set an item's state, owner, notes and the day its evidence was brought up to date.

        The checklist panel names the ``expected_version`` it shows: if someone saved the item
        since, nothing is written and ConflictError says who changed what (``None``: whatever is
        stored, for the sample data). ``keep`` names fields to leave as stored.
        """
        actor.require(Permission.EDIT_REGISTER)
        if change.state not in SETTABLE_STATES:
            raise ValidationError.single(
                "state", N_("“{value}” is not one of the choices."), value=change.state
            )
        today = self.today()
        ready_on = parse_day(change.ready_on, "ready_on", False) if change.ready_on else None
        if change.state == "ready":
            ready_on = ready_on or today
            if ready_on > today:
                raise ValidationError.single("ready_on", N_("This day has not come yet."))
        mine: dict[str, Any] = {
            "state": change.state,
            "owner_id": change.owner_id,
            "notes": change.notes.strip(),
        }
        if change.state == "ready":
            mine["ready_on"] = audit.plain(ready_on)
        with (
            versions.guarded(
                self._store, actor, ITEM_EDITS, item_id, expected_version or 0, mine, keep
            ),
            self._store.write() as session,
        ):
            versions.lock(session, ChecklistItem, item_id, expected_version)
            item = session.get(ChecklistItem, item_id)
            if item is None:
                raise NotFound(N_("The checklist item no longer exists."))
            if expected_version is not None:
                versions.expect(item, expected_version)
            if keep:
                change, ready_on = _keep_stored(item, change, ready_on, frozenset(keep))
            if change.owner_id is not None:
                owner = session.get(Person, change.owner_id)
                if owner is None or not owner.active:
                    raise ValidationError.single(
                        "owner_id", N_("Choose an active person as the owner.")
                    )
            before = audit.snapshot(item, "state", "owner_id", "notes", "ready_on")
            item.state = change.state
            item.owner_id = change.owner_id
            item.notes = change.notes.strip()
            item.ready_on = ready_on if change.state == "ready" else item.ready_on
            item.updated_at = self._store.clock.now()
            versions.write_audited(
                session,
                self._store,
                actor,
                "update",
                "checklist_item",
                item,
                before,
                audit.snapshot(item, "state", "owner_id", "notes", "ready_on"),
            )
            view = self._item_views(session, [item.contract_id], today, item.id)[0]
        return Outcome(
            view,
            Changes.of(
                Area.CHECKLISTS,
                ids=((Area.CHECKLISTS, view.id), (Area.CONTRACTS, view.contract_id)),
            ),
        )

    def readiness(self, actor: Actor, contract_id: int) -> Readiness:
        """How ready one contract's checklist is (for the contract form and the front desk)."""
        return self.readiness_many(actor, [contract_id])[contract_id]

    def readiness_many(self, actor: Actor, contract_ids: list[int]) -> dict[int, Readiness]:
        """Readiness of several contracts in a few queries; unknown ids are left out."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        self._templates.ensure_seeded()
        today = self.today()
        with self._store.read() as session:
            loan_types = contract_loan_types(session, contract_ids)
            templates = template_items_by_type(session)
            rows = [
                row
                for part in chunks(list(loan_types))
                for row in session.execute(
                    select(
                        ChecklistItem.contract_id,
                        ChecklistItem.template_item_id,
                        ChecklistItem.state,
                        ChecklistItem.ready_on,
                        ChecklistItem.freshness_days,
                    ).where(ChecklistItem.contract_id.in_(part))
                )
            ]
        states: dict[int, list[tuple[str, bool]]] = {cid: [] for cid in loan_types}
        copied: dict[int, set[int | None]] = {cid: set() for cid in loan_types}
        for contract_id, template_item_id, state, ready_on, days in rows:
            effective, _until, soon = judge(state, ready_on, days, today)
            states[contract_id].append((effective, soon))
            copied[contract_id].add(template_item_id)
        for contract_id, loan_type in loan_types.items():
            for item in templates.get(loan_type, []):
                if item.id not in copied[contract_id]:
                    states[contract_id].append(("missing", False))
        return {cid: count_readiness(cid, pairs) for cid, pairs in states.items()}


def evidence_by_item(session: Session, item_ids: list[int]) -> dict[int, list[EvidenceView]]:
    """The files of these checklist items, oldest first, by item."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(EvidenceFile, Person.name)
        .outerjoin(Person, Person.id == EvidenceFile.added_by_id)
        .where(EvidenceFile.item_id.in_(item_ids))
        .order_by(EvidenceFile.added_at, EvidenceFile.id)
    ).all()
    found: dict[int, list[EvidenceView]] = {}
    for record, name in rows:
        found.setdefault(record.item_id, []).append(
            EvidenceView(
                record.id,
                record.item_id,
                record.file_name,
                record.sha256,
                record.size,
                record.added_at,
                name or "",
            )
        )
    return found


def _keep_stored(
    item: ChecklistItem, change: ItemUpdate, ready_on: date | None, keep: frozenset[str]
) -> tuple[ItemUpdate, date | None]:
    """The change with the fields in ``keep`` as stored (re-applying only one's own changes)."""
    state = item.state if "state" in keep else change.state
    if "ready_on" in keep or (state == "ready" and ready_on is None):
        ready_on = item.ready_on
    return (
        ItemUpdate(
            state=state,
            owner_id=item.owner_id if "owner_id" in keep else change.owner_id,
            notes=item.notes if "notes" in keep else change.notes,
            ready_on=ready_on,
        ),
        ready_on,
    )


def _read_item(session: Session, item_id: int) -> tuple[int, str, dict[str, Any]] | None:
    item = session.get(ChecklistItem, item_id)
    if item is None:
        return None
    form = audit.snapshot(item, "state", "owner_id", "notes", "ready_on")
    return item.version, item.title, form


# What the conflict dialog lists for a checklist item, in the panel's order.
ITEM_EDITS = RecordSpec(
    kind="checklist_item",
    message=N_("Someone else changed this checklist item meanwhile."),
    fields=(
        FieldSpec("state", N_("State"), "choice", STATES),
        FieldSpec("ready_on", N_("Evidence dated"), "date"),
        FieldSpec("owner_id", N_("Owner"), ref="person"),
        FieldSpec("notes", N_("Notes")),
    ),
    entities={"checklist_item": {}},
    read=_read_item,
)
