"""Checklist templates in the database: seeded from the shipped files, then edited in the app.

The first time any checklist is needed, the templates shipped in ``resources/checklists/`` are
copied into the database (a loan type added by a newer version is copied when first needed too).
From then on finance staff edit them in the app: add, reword, reorder or remove items and change
how long each stays fresh, and may restore the shipped version. A change reaches every contract:
a new item appears in each contract's checklist of that loan type, a new freshness period applies
to the copies, and a removed item leaves the contracts where nothing was done about it yet.
"""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin in its class
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from desktop_app.core.checklists.resources import ShippedTemplate, load_shipped
from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import (
    ConstraintViolation,
    FieldProblem,
    NotFound,
    ValidationError,
)
from desktop_app.core.common.i18n import N_, current_language
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.versions import (
    FieldSpec,
    RecordSpec,
    expect,
    guarded,
    lock,
    next_version,
    write_audited,
)
from desktop_app.core.models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    EvidenceFile,
    LoanContract,
)
from desktop_app.core.register.contracts import LOAN_TYPES
from desktop_app.core.storage.store import Store

MAX_FRESHNESS_DAYS = 3660


def pick(language: str | None, zh: str, en: str) -> str:
    """The text for ``language`` (the active one by default), the other one when it is blank."""
    chinese = (language or current_language()) == "zh_CN"
    first, second = (zh, en) if chinese else (en, zh)
    return first or second


@dataclass(frozen=True)
class TemplateItemView:
    """One item of a template, in both languages."""

    id: int
    template_id: int
    code: str
    position: int
    title_zh: str
    title_en: str
    guidance_zh: str
    guidance_en: str
    freshness_days: int | None
    version: int = 1  # an edit names it; a stale one is a conflict

    def title(self, language: str | None = None) -> str:
        return pick(language, self.title_zh, self.title_en)

    def guidance(self, language: str | None = None) -> str:
        return pick(language, self.guidance_zh, self.guidance_en)


@dataclass(frozen=True)
class TemplateView:
    """The checklist of one loan type."""

    id: int
    loan_type: str
    title_zh: str
    title_en: str
    items: tuple[TemplateItemView, ...]

    def title(self, language: str | None = None) -> str:
        return pick(language, self.title_zh, self.title_en)


@dataclass
class TemplateItemDraft:
    """A template item as typed into the template editor."""

    title_zh: str
    title_en: str
    guidance_zh: str = ""
    guidance_en: str = ""
    freshness_days: int | str | None = None
    code: str = ""


def _item_view(item: ChecklistTemplateItem) -> TemplateItemView:
    return TemplateItemView(
        item.id,
        item.template_id,
        item.code,
        item.position,
        item.title_zh,
        item.title_en,
        item.guidance_zh,
        item.guidance_en,
        item.freshness_days,
        item.version,
    )


def _read_template_item(session: Session, item_id: int) -> tuple[int, str, dict[str, Any]] | None:
    item = session.get(ChecklistTemplateItem, item_id)
    if item is None:
        return None
    values = {name: getattr(item, name) for name in TEMPLATE_ITEM_FIELDS}
    return item.version, pick(None, item.title_zh, item.title_en), values


TEMPLATE_ITEM_FIELDS = ("title_zh", "title_en", "guidance_zh", "guidance_en", "freshness_days")
TEMPLATE_ITEM_EDITS = RecordSpec(
    kind="checklist_item",
    message=N_("Someone else changed this checklist item meanwhile."),
    fields=(
        FieldSpec("title_zh", N_("Name (Chinese)")),
        FieldSpec("title_en", N_("Name (English)")),
        FieldSpec("guidance_zh", N_("Guidance (Chinese)")),
        FieldSpec("guidance_en", N_("Guidance (English)")),
        FieldSpec("freshness_days", N_("Stays fresh for")),
    ),
    entities={"checklist_template_item": {}},
    read=_read_template_item,
)


def _add_shipped(session: Session, shipped: ShippedTemplate) -> ChecklistTemplate:
    template = ChecklistTemplate(
        loan_type=shipped.loan_type, title_zh=shipped.title_zh, title_en=shipped.title_en
    )
    session.add(template)
    session.flush()
    for position, item in enumerate(shipped.items):
        session.add(
            ChecklistTemplateItem(
                template_id=template.id,
                code=item.code,
                position=position,
                title_zh=item.title_zh,
                title_en=item.title_en,
                guidance_zh=item.guidance_zh,
                guidance_en=item.guidance_en,
                freshness_days=item.freshness_days,
            )
        )
    session.flush()
    return template


def parse_freshness(value: int | str | None) -> int | None:
    """Days a piece of evidence stays fresh; empty or 0 means it does not go stale."""
    if value is None or (isinstance(value, str) and not clean(value)):
        return None
    try:
        days = int(clean(str(value)))
    except ValueError:
        raise ValidationError.single(
            "freshness_days", N_("“{value}” is not a number of days."), value=str(value)
        ) from None
    if days < 0 or days > MAX_FRESHNESS_DAYS:
        raise ValidationError.single(
            "freshness_days",
            N_("Give between 0 and {most} days (0: it does not go stale)."),
            most=MAX_FRESHNESS_DAYS,
        )
    return days or None


class ChecklistTemplateService:
    """Reads and edits the checklist templates; seeds them from the shipped files."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seeded = False

    def ensure_seeded(self) -> None:
        """Copy the shipped templates of loan types the database lacks (once per app run)."""
        if self._seeded:
            return
        with self._store.read() as session:
            present = set(session.scalars(select(ChecklistTemplate.loan_type)))
        if present >= set(LOAN_TYPES):  # the usual case: no need to read the files
            self._seeded = True
            return
        shipped = load_shipped()
        for loan_type, template in shipped.items():
            if loan_type in present:
                continue
            try:
                with self._store.write() as session:
                    _add_shipped(session, template)
            except ConstraintViolation:
                pass  # another desk seeded it at the same moment
        self._seeded = True

    def _load(self, session: Session, loan_type: str) -> ChecklistTemplate:
        template = session.scalar(
            select(ChecklistTemplate).where(ChecklistTemplate.loan_type == loan_type)
        )
        if template is None:
            raise NotFound(N_("There is no checklist for this loan type."))
        return template

    def _view(self, session: Session, template: ChecklistTemplate) -> TemplateView:
        items = session.scalars(
            select(ChecklistTemplateItem)
            .where(ChecklistTemplateItem.template_id == template.id)
            .order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)
        )
        return TemplateView(
            template.id,
            template.loan_type,
            template.title_zh,
            template.title_en,
            tuple(_item_view(item) for item in items),
        )

    def list(self, actor: Actor) -> list[TemplateView]:
        """Every template, in the order of the loan types."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        self.ensure_seeded()
        order = list(LOAN_TYPES)
        with self._store.read() as session:
            templates = list(session.scalars(select(ChecklistTemplate)))
            templates.sort(
                key=lambda t: order.index(t.loan_type) if t.loan_type in order else len(order)
            )
            return [self._view(session, template) for template in templates]

    def get(self, actor: Actor, loan_type: str) -> TemplateView:
        actor.require(Permission.VIEW_LOAN_DETAILS)
        self.ensure_seeded()
        with self._store.read() as session:
            return self._view(session, self._load(session, loan_type))

    def _validate(self, draft: TemplateItemDraft) -> dict[str, object]:
        problems: list[FieldProblem] = []
        title_zh, title_en = clean(draft.title_zh), clean(draft.title_en)
        if not title_zh and not title_en:
            problems.append(FieldProblem("title_zh", N_("Name the item in at least one language.")))
        days: int | None = None
        try:
            days = parse_freshness(draft.freshness_days)
        except ValidationError as error:
            problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)
        return {
            "title_zh": title_zh[:200],
            "title_en": title_en[:200],
            "guidance_zh": draft.guidance_zh.strip(),
            "guidance_en": draft.guidance_en.strip(),
            "freshness_days": days,
        }

    def save_item(
        self,
        actor: Actor,
        loan_type: str,
        item_id: int | None,
        draft: TemplateItemDraft,
        expected_version: int | None = None,
        keep: frozenset[str] = frozenset(),
    ) -> Outcome[TemplateView]:
        """Add an item at the end of a template (``item_id`` None) or change one.

        A change names the version the editor showed (``expected_version``): a save after
        another desk's is refused with a ConflictError naming what they changed; ``keep`` are
        the fields re-applied as stored. Without a version the change applies to what is stored.
        """
        actor.require(Permission.EDIT_REGISTER)
        values = self._validate(draft)
        self.ensure_seeded()
        if item_id is not None and expected_version is not None:
            with guarded(
                self._store, actor, TEMPLATE_ITEM_EDITS, item_id, expected_version, values, keep
            ):
                return self._save_item(actor, loan_type, item_id, draft, expected_version, keep)
        return self._save_item(actor, loan_type, item_id, draft, None, keep)

    def _save_item(
        self,
        actor: Actor,
        loan_type: str,
        item_id: int | None,
        draft: TemplateItemDraft,
        expected_version: int | None,
        keep: frozenset[str],
    ) -> Outcome[TemplateView]:
        values = self._validate(draft)
        with self._store.write() as session:
            template = self._load(session, loan_type)
            if item_id is None:
                last = session.scalar(
                    select(func.max(ChecklistTemplateItem.position)).where(
                        ChecklistTemplateItem.template_id == template.id
                    )
                )
                item = ChecklistTemplateItem(
                    template_id=template.id,
                    code=self._new_code(session, template.id, draft.code),
                    position=(last if last is not None else -1) + 1,
                    **values,
                )
                session.add(item)
                session.flush()
                audit.record(
                    session,
                    self._store,
                    actor,
                    "create",
                    "checklist_template_item",
                    item.id,
                    after=audit.snapshot(item),
                )
            else:
                lock(session, ChecklistTemplateItem, item_id, expected_version)
                item = self._load_item(session, item_id, template.id)
                if expected_version is not None:
                    expect(item, expected_version)
                before = audit.snapshot(item)
                for name, value in values.items():
                    if name not in keep:
                        setattr(item, name, value)
                # The contracts' copies follow the template's freshness period.
                session.execute(
                    update(ChecklistItem)
                    .where(ChecklistItem.template_item_id == item.id)
                    .values(freshness_days=item.freshness_days)
                )
                write_audited(
                    session, self._store, actor, "update", "checklist_template_item", item, before
                )
            view = self._view(session, template)
        return Outcome(view, Changes.of(Area.CHECKLISTS))

    def _new_code(self, session: Session, template_id: int, wanted: str) -> str:
        taken = set(
            session.scalars(
                select(ChecklistTemplateItem.code).where(
                    ChecklistTemplateItem.template_id == template_id
                )
            )
        )
        base = clean(wanted) or "custom"
        code, serial = base, 1
        while code in taken:
            serial += 1
            code = f"{base}_{serial}"
        return code

    def _load_item(
        self, session: Session, item_id: int, template_id: int | None = None
    ) -> ChecklistTemplateItem:
        item = session.get(ChecklistTemplateItem, item_id)
        if item is None or (template_id is not None and item.template_id != template_id):
            raise NotFound(N_("The checklist item no longer exists."))
        return item

    def remove_item(self, actor: Actor, item_id: int) -> Outcome[TemplateView]:
        """Remove an item; contracts keep their copy only where work was done on it."""
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            item = self._load_item(session, item_id)
            template = session.get(ChecklistTemplate, item.template_id)
            assert template is not None
            with_files = select(EvidenceFile.item_id)
            session.execute(
                delete(ChecklistItem).where(
                    ChecklistItem.template_item_id == item.id,
                    ChecklistItem.state == "missing",
                    ChecklistItem.notes == "",
                    ChecklistItem.id.not_in(with_files),
                )
            )
            before = audit.snapshot(item)
            session.delete(item)
            session.flush()
            audit.record(
                session, self._store, actor, "delete", "checklist_template_item", item_id, before
            )
            view = self._view(session, template)
        return Outcome(view, Changes.of(Area.CHECKLISTS))

    def move_item(self, actor: Actor, item_id: int, delta: int) -> Outcome[TemplateView]:
        """Move an item up (negative ``delta``) or down the template."""
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            item = self._load_item(session, item_id)
            template = session.get(ChecklistTemplate, item.template_id)
            assert template is not None
            items = list(
                session.scalars(
                    select(ChecklistTemplateItem)
                    .where(ChecklistTemplateItem.template_id == template.id)
                    .order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)
                )
            )
            index = items.index(item)
            target = max(0, min(len(items) - 1, index + delta))
            items.insert(target, items.pop(index))
            for position, each in enumerate(items):
                each.position = position
            self._renumber_copies(session, items)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "update",
                "checklist_template",
                template.id,
                after={"order": [each.code for each in items]},
            )
            view = self._view(session, template)
        return Outcome(view, Changes.of(Area.CHECKLISTS))

    @staticmethod
    def _renumber_copies(session: Session, items: builtins.list[ChecklistTemplateItem]) -> None:
        for each in items:
            session.execute(
                update(ChecklistItem)
                .where(ChecklistItem.template_item_id == each.id)
                .values(position=each.position)
            )

    def restore_shipped(self, actor: Actor, loan_type: str) -> Outcome[TemplateView]:
        """Put back the shipped wording, order and freshness; items added in the app stay last."""
        actor.require(Permission.EDIT_REGISTER)
        shipped = load_shipped().get(loan_type)
        if shipped is None:
            raise NotFound(N_("There is no shipped checklist for this loan type."))
        self.ensure_seeded()
        with self._store.write() as session:
            template = self._load(session, loan_type)
            template.title_zh, template.title_en = shipped.title_zh, shipped.title_en
            existing = {
                item.code: item
                for item in session.scalars(
                    select(ChecklistTemplateItem).where(
                        ChecklistTemplateItem.template_id == template.id
                    )
                )
            }
            ordered: list[ChecklistTemplateItem] = []
            for item in shipped.items:
                row = existing.pop(item.code, None)
                if row is None:
                    row = ChecklistTemplateItem(template_id=template.id, code=item.code)
                    session.add(row)
                else:
                    next_version(row)  # an editor opened before the restore meets a conflict
                row.title_zh, row.title_en = item.title_zh, item.title_en
                row.guidance_zh, row.guidance_en = item.guidance_zh, item.guidance_en
                row.freshness_days = item.freshness_days
                ordered.append(row)
            ordered.extend(sorted(existing.values(), key=lambda row: row.position))
            for position, row in enumerate(ordered):
                row.position = position
            session.flush()
            for row in ordered:
                session.execute(
                    update(ChecklistItem)
                    .where(ChecklistItem.template_item_id == row.id)
                    .values(freshness_days=row.freshness_days, position=row.position)
                )
            audit.record(
                session,
                self._store,
                actor,
                "restore",
                "checklist_template",
                template.id,
                after={"loan_type": loan_type},
            )
            view = self._view(session, template)
        return Outcome(view, Changes.of(Area.CHECKLISTS))


def template_items_by_type(session: Session) -> dict[str, list[ChecklistTemplateItem]]:
    """Every template's items in order, by loan type."""
    rows = session.execute(
        select(ChecklistTemplate.loan_type, ChecklistTemplateItem)
        .join(ChecklistTemplateItem, ChecklistTemplateItem.template_id == ChecklistTemplate.id)
        .order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)
    ).all()
    found: dict[str, list[ChecklistTemplateItem]] = {}
    for loan_type, item in rows:
        found.setdefault(loan_type, []).append(item)
    return found


CHUNK = 500  # ids per IN (...): well under every database's limit on bound parameters


def chunks(ids: list[int]) -> list[list[int]]:
    """``ids`` in slices small enough for one IN (...) each."""
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def contract_loan_types(session: Session, contract_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for part in chunks(contract_ids):
        found.update(
            session.execute(
                select(LoanContract.id, LoanContract.loan_type).where(LoanContract.id.in_(part))
            ).all()
        )
    return found
