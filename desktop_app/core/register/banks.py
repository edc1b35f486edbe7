"""Banks: create, update, deactivate, list and search, with aliases, officers and their numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, Row, Select, or_, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.core.common import audit, versions
from desktop_app.core.common import phone as phones
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import FieldProblem, NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.text import fold, prefix_bounds, search_keys
from desktop_app.core.common.versions import FieldSpec, RecordSpec
from desktop_app.core.models import (
    Bank,
    BankAlias,
    BankOfficer,
    BankOfficerKey,
    BankPhone,
    Branch,
)
from desktop_app.core.register.responders import ResponderService, responder_ids
from desktop_app.core.storage import text_guard
from desktop_app.core.storage.store import Store

LISTED, OFFICER = "listed", "officer"  # where a BankPhone row came from (see the model)
OFFICER_ROLES = {
    "relationship_manager": N_("Relationship manager"),
    "post_loan_officer": N_("Post-loan officer"),
    "other": N_("Other"),
}


@dataclass
class OfficerDraft:
    """A bank officer as typed into a form."""

    name: str
    role: str = "relationship_manager"
    phone: str = ""
    mobile: str = ""
    email: str = ""


@dataclass
class PhoneDraft:
    """A number the bank calls from, as typed."""

    number: str
    label: str = ""


@dataclass
class BankDraft:
    """A bank as typed into a form or read from an import."""

    name: str
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    notes: str = ""
    branches: list[str] = field(default_factory=list)
    officers: list[OfficerDraft] = field(default_factory=list)
    phones: list[PhoneDraft] = field(default_factory=list)


@dataclass(frozen=True)
class BankView:
    """A bank as the screens and the CLI see it."""

    id: int
    name: str
    short_name: str
    aliases: tuple[str, ...]
    notes: str
    active: bool
    version: int
    branches: tuple[str, ...]
    officers: tuple[OfficerDraft, ...]
    phones: tuple[tuple[str, str, str], ...]  # (key, display, label)


def _view(bank: Bank) -> BankView:
    aliases: list[str] = []
    for alias in bank.aliases:
        if alias.kind == "alias" and alias.alias not in aliases:
            aliases.append(alias.alias)
    return BankView(
        id=bank.id,
        name=bank.name,
        short_name=bank.short_name,
        aliases=tuple(aliases),
        notes=bank.notes,
        active=bank.active,
        version=bank.version,
        branches=tuple(branch.name for branch in bank.branches),
        officers=tuple(
            OfficerDraft(o.name, o.role, o.phone, o.mobile, o.email) for o in bank.officers
        ),
        phones=tuple((p.number_key, p.display, p.label) for p in bank.phones if p.source == LISTED),
    )


def _alias_rows(name: str, short_name: str, aliases: list[str]) -> list[BankAlias]:
    rows: list[BankAlias] = []
    seen: set[tuple[str, str]] = set()
    for kind, text in [("name", name), ("short", short_name)] + [("alias", a) for a in aliases]:
        for key in search_keys(text):
            if (key, text) not in seen:
                seen.add((key, text))
                rows.append(BankAlias(alias=text, search_key=key, kind=kind))
    return rows


def _officer_phone_problems(index: int, officer: OfficerDraft, area: str) -> list[FieldProblem]:
    """An officer's phone or mobile that is not a phone number, named with the officer."""
    problems: list[FieldProblem] = []
    wordings = (
        (officer.phone, N_("The phone of {officer}, “{value}”, is not a phone number.")),
        (officer.mobile, N_("The mobile of {officer}, “{value}”, is not a phone number.")),
    )
    for raw, message in wordings:
        value = clean(raw)
        if value and phones.try_normalise(value, area) is None:
            officer_name = clean(officer.name) or "—"
            problems.append(
                FieldProblem(
                    f"officers.{index}", message, {"officer": officer_name, "value": value}
                )
            )
    return problems


class BankService:
    """Use cases for banks."""

    def __init__(self, store: Store, org: OrgSettingsService) -> None:
        self._store = store
        self._org = org
        self._responders = ResponderService(store)

    def _validate(self, draft: BankDraft) -> tuple[BankDraft, list[BankPhone]]:
        problems: list[FieldProblem] = []
        name = clean(draft.name)
        if not name:
            problems.append(FieldProblem("name", N_("Enter the bank's name.")))
        area = self._org.get().area_code
        numbers: list[BankPhone] = []
        seen: set[str] = set()
        for index, item in enumerate(draft.phones):
            try:
                parsed = phones.normalise(item.number, area, field=f"phones.{index}")
            except ValidationError as error:
                problems.extend(error.problems)
                continue
            if parsed.key in seen:
                problems.append(
                    FieldProblem(
                        f"phones.{index}",
                        N_("The number {number} is listed twice."),
                        {"number": parsed.display},
                    )
                )
            seen.add(parsed.key)
            numbers.append(
                BankPhone(
                    number_key=parsed.key,
                    display=parsed.display,
                    label=clean(item.label),
                    extension=parsed.extension or "",
                    source=LISTED,
                )
            )
        for index, officer in enumerate(draft.officers):
            if not clean(officer.name):
                problems.append(FieldProblem(f"officers.{index}", N_("Enter the officer's name.")))
            if officer.role not in OFFICER_ROLES:
                problems.append(
                    FieldProblem(
                        f"officers.{index}",
                        N_("Unknown officer role “{role}”."),
                        {"role": officer.role},
                    )
                )
            problems += _officer_phone_problems(index, officer, area)
        if problems:
            raise ValidationError(problems)
        cleaned = BankDraft(
            name=name,
            short_name=clean(draft.short_name),
            aliases=[a for a in dict.fromkeys(clean(a) for a in draft.aliases) if a],
            notes=draft.notes.strip(),
            branches=[b for b in dict.fromkeys(clean(b) for b in draft.branches) if b],
            officers=[
                OfficerDraft(clean(o.name), o.role, clean(o.phone), clean(o.mobile), clean(o.email))
                for o in draft.officers
            ],
        )
        return cleaned, numbers

    def _check_unique_name(self, session: Session, name: str, bank_id: int | None) -> None:
        query = select(Bank.id).where(Bank.name == name)
        if bank_id is not None:
            query = query.where(Bank.id != bank_id)
        if session.scalar(query) is not None:
            raise ValidationError.single(
                "name", N_("A bank named “{name}” already exists."), name=name
            )

    def _fill(
        self, session: Session, bank: Bank, draft: BankDraft, numbers: list[BankPhone]
    ) -> None:
        bank.name = draft.name
        bank.short_name = draft.short_name
        bank.notes = draft.notes
        bank.aliases = _alias_rows(draft.name, draft.short_name, draft.aliases)
        existing_branches = {b.name: b for b in bank.branches}
        bank.branches = [existing_branches.get(n) or Branch(name=n) for n in draft.branches]
        bank.officers = [
            BankOfficer(
                name=o.name,
                role=o.role,
                phone=o.phone,
                mobile=o.mobile,
                email=o.email,
                keys=[BankOfficerKey(search_key=key) for key in search_keys(o.name)],
            )
            for o in draft.officers
        ]
        # Keep the rows of numbers that stay: the unit of work inserts before it deletes orphans,
        # so a fresh row for a kept number would break the (bank_id, number_key) unique key.
        existing_phones = {p.number_key: p for p in bank.phones}
        listed: list[BankPhone] = []
        for number in numbers:
            kept = existing_phones.get(number.number_key)
            if kept is not None:
                kept.display, kept.label = number.display, number.label
                kept.extension, kept.source = number.extension, LISTED
            listed.append(kept or number)
        bank.phones = listed + self._officer_rows(draft.officers, listed, existing_phones)
        session.flush()
        self._link_officers(bank)

    def _officer_rows(
        self,
        officers: Sequence[OfficerDraft],
        listed: Sequence[BankPhone],
        existing: dict[str, BankPhone],
    ) -> list[BankPhone]:
        """Officers' phones and mobiles not among the listed numbers, as ``officer`` rows.

        The front desk must recognise the officer calling from their own phone, however the
        number was entered; these rows are rewritten on every save and never listed.
        """
        area = self._org.get().area_code
        keys = {number.number_key for number in listed}
        rows: list[BankPhone] = []
        for officer in officers:
            for raw in (officer.phone, officer.mobile):
                parsed = phones.try_normalise(raw, area) if raw else None
                if parsed is None or parsed.key in keys:
                    continue
                keys.add(parsed.key)
                row = existing.get(parsed.key) or BankPhone(number_key=parsed.key)
                row.display, row.label, row.source = parsed.display, "", OFFICER
                row.extension = parsed.extension or ""
                rows.append(row)
        return rows

    def _link_officers(self, bank: Bank) -> None:
        """Tie each calling number to the officer whose phone or mobile it is, if any.

        So that the front desk sees “黄蕾, post-loan officer” when that number rings.
        """
        area = self._org.get().area_code
        owners: dict[str, int] = {}
        for officer in bank.officers:
            for raw in (officer.phone, officer.mobile):
                parsed = phones.try_normalise(raw, area) if raw else None
                if parsed is not None:
                    owners.setdefault(parsed.key, officer.id)
        for number in bank.phones:
            number.officer_id = owners.get(number.number_key)

    def validate_new(self, session: Session, draft: BankDraft) -> tuple[BankDraft, list[BankPhone]]:
        """Check a new bank against the rules and the stored banks; one error lists every problem.

        Writes nothing: an import previews every row with it before anything is saved.
        """
        text_guard.check_draft(Bank.__table__, draft)  # type: ignore[arg-type]
        problems: list[FieldProblem] = []
        result = None
        try:
            result = self._validate(draft)
        except ValidationError as error:
            problems.extend(error.problems)
        name = clean(draft.name)
        if name:
            try:
                self._check_unique_name(session, name, None)
            except ValidationError as error:
                problems.extend(error.problems)
        if problems or result is None:
            raise ValidationError(problems)
        return result

    def create_in(self, session: Session, actor: Actor, draft: BankDraft) -> BankView:
        """Add a bank inside the caller's transaction (an import adds all its rows in one)."""
        actor.require(Permission.EDIT_REGISTER)
        cleaned, numbers = self.validate_new(session, draft)
        bank = Bank(active=True)
        session.add(bank)
        self._fill(session, bank, cleaned, numbers)
        view = _view(bank)
        audit.record(
            session, self._store, actor, "create", "bank", bank.id, after=_audit_form(view)
        )
        return view

    def create(self, actor: Actor, draft: BankDraft) -> Outcome[BankView]:
        """Add a bank."""
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            view = self.create_in(session, actor, draft)
        return Outcome(view, Changes.of(Area.BANKS, ids=((Area.BANKS, view.id),)))

    def update(
        self,
        actor: Actor,
        bank_id: int,
        draft: BankDraft,
        expected_version: int,
        responders: Sequence[int] | None = None,
        keep: Collection[str] = (),
    ) -> Outcome[BankView]:
        """Change a bank opened at ``expected_version``, with its default responder list when
        ``responders`` is given, in one transaction.

        If someone saved it since, nothing is written and ConflictError says who changed what.
        ``keep`` names fields to leave as stored: re-applying one's own changes after a conflict.
        """
        actor.require(Permission.EDIT_REGISTER)
        cleaned, numbers = self._validate(draft)
        mine = _draft_form(cleaned, numbers)
        if responders is not None:
            mine["responders"] = list(responders)
        kept = frozenset(keep)
        with (
            versions.guarded(self._store, actor, BANK_EDITS, bank_id, expected_version, mine, keep),
            self._store.write() as session,
        ):
            versions.lock(session, Bank, bank_id, expected_version)
            bank = self._load(session, bank_id)
            versions.expect(bank, expected_version)
            stored = _view(bank)
            if kept:
                cleaned, numbers = _keep_stored(stored, cleaned, numbers, kept)
            before = _audit_form(stored)
            self._check_unique_name(session, cleaned.name, bank_id)
            # The bank's own row is written first, so a concurrent save stops there.
            version = versions.next_version(bank)
            self._fill(session, bank, cleaned, numbers)
            session.flush()
            view = _view(bank)
            audit.record(
                session,
                self._store,
                actor,
                "update",
                "bank",
                bank.id,
                before=before,
                after=_audit_form(view),
                version=version,
            )
            if responders is not None and "responders" not in kept:
                self._responders.set_in(
                    session, actor, "bank", bank.id, responders, version=version
                )
        areas = (Area.BANKS, Area.RESPONDERS) if responders is not None else (Area.BANKS,)
        return Outcome(view, Changes.of(*areas, ids=((Area.BANKS, view.id),)))

    def set_active(self, actor: Actor, bank_id: int, active: bool) -> Outcome[BankView]:
        """Deactivate (or reactivate) a bank; its history stays."""
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            bank = self._load(session, bank_id)
            before = {"active": bank.active}
            bank.active = active
            versions.write_audited(
                session,
                self._store,
                actor,
                "activate" if active else "deactivate",
                "bank",
                bank,
                before,
                {"active": active},
            )
            view = _view(bank)
        return Outcome(view, Changes.of(Area.BANKS, ids=((Area.BANKS, view.id),)))

    def add_phone(
        self,
        actor: Actor,
        bank_id: int,
        number: str,
        label: str = "",
        permission: Permission = Permission.EDIT_REGISTER,
    ) -> Outcome[BankView]:
        """Add one number the bank calls from; the front desk saves an unknown caller's number.

        ``permission`` is what the caller requires: editing the register, or logging calls.
        """
        actor.require(permission)
        parsed = phones.normalise(number, self._org.get().area_code, field="number")
        with self._store.write() as session:
            bank = self._load(session, bank_id)
            if any(p.number_key == parsed.key and p.source == LISTED for p in bank.phones):
                raise ValidationError.single(
                    "number",
                    N_("{number} is already one of {bank}'s numbers."),
                    number=parsed.display,
                    bank=bank.name,
                )
            before = _audit_form(_view(bank))
            officers = [p for p in bank.phones if p.number_key == parsed.key]
            if officers:  # an officer's number becomes one of the listed ones
                officers[0].source, officers[0].label = LISTED, clean(label)
            else:
                bank.phones.append(
                    BankPhone(
                        number_key=parsed.key,
                        display=parsed.display,
                        label=clean(label),
                        extension=parsed.extension or "",
                        source=LISTED,
                    )
                )
            version = versions.next_version(bank)
            session.flush()
            self._link_officers(bank)
            view = _view(bank)
            audit.record(
                session,
                self._store,
                actor,
                "update",
                "bank",
                bank.id,
                before,
                _audit_form(view),
                version=version,
            )
        return Outcome(view, Changes.of(Area.BANKS, ids=((Area.BANKS, view.id),)))

    def _load(self, session: Session, bank_id: int) -> Bank:
        bank = _whole_bank(session, bank_id)
        if bank is None:
            raise NotFound(N_("The bank no longer exists."))
        return bank

    def get(self, actor: Actor, bank_id: int) -> BankView:
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            return _view(self._load(session, bank_id))

    def list(self, actor: Actor, text: str = "", include_inactive: bool = False) -> list[BankView]:
        """Banks whose name, short name, alias, pinyin or calling number starts with ``text``."""
        actor.require(Permission.VIEW_REGISTER)
        query = select(Bank.id, Bank.name, Bank.short_name, Bank.notes, Bank.active, Bank.version)
        query = query.order_by(Bank.sort_key, Bank.name)
        if not include_inactive:
            query = query.where(Bank.active.is_(True))
        key = fold(text)
        if key:
            low, high = prefix_bounds(key)
            conditions = [
                Bank.id.in_(
                    select(BankAlias.bank_id).where(
                        BankAlias.search_key >= low, BankAlias.search_key < high
                    )
                )
            ]
            number = phones.try_normalise(text, self._org.get().area_code)
            if number is not None:
                conditions.append(
                    Bank.id.in_(select(BankPhone.bank_id).where(BankPhone.number_key == number.key))
                )
            query = query.where(or_(*conditions))
        with self._store.connect() as connection:  # plain rows: no session, no ORM objects
            return _list_views(connection, connection.execute(query).all())


def _by_bank(
    session: Session | Connection, query: Select[*tuple[Any, ...]]
) -> dict[int, list[tuple[Any, ...]]]:
    """The rows of ``query`` (bank id first) grouped by bank, without the bank id."""
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for bank_id, *values in session.execute(query):
        found[bank_id].append(tuple(values))
    return found


def _list_views(
    session: Session | Connection, banks: Sequence[Row[*tuple[Any, ...]]]
) -> list[BankView]:
    """The views of ``banks``, their parts read as plain rows: five queries in all.

    The same as :func:`_view` of each bank, without building some 600 ORM objects for 40 banks
    (most of the Banks screen's time per keystroke; see benchmarks/register_filter.py).
    """
    ids = [bank.id for bank in banks]
    aliases = _by_bank(
        session,
        select(BankAlias.bank_id, BankAlias.alias)
        .where(BankAlias.bank_id.in_(ids), BankAlias.kind == "alias")
        .order_by(BankAlias.id),
    )
    branches = _by_bank(
        session,
        select(Branch.bank_id, Branch.name).where(Branch.bank_id.in_(ids)).order_by(Branch.id),
    )
    officers = _by_bank(
        session,
        select(
            BankOfficer.bank_id,
            BankOfficer.name,
            BankOfficer.role,
            BankOfficer.phone,
            BankOfficer.mobile,
            BankOfficer.email,
        )
        .where(BankOfficer.bank_id.in_(ids))
        .order_by(BankOfficer.id),
    )
    numbers = _by_bank(
        session,
        select(BankPhone.bank_id, BankPhone.number_key, BankPhone.display, BankPhone.label)
        .where(BankPhone.bank_id.in_(ids), BankPhone.source == LISTED)
        .order_by(BankPhone.id),
    )
    return [
        BankView(
            id=bank.id,
            name=bank.name,
            short_name=bank.short_name,
            aliases=tuple(dict.fromkeys(alias for (alias,) in aliases[bank.id])),
            notes=bank.notes,
            active=bank.active,
            version=bank.version,
            branches=tuple(name for (name,) in branches[bank.id]),
            officers=tuple(OfficerDraft(*officer) for officer in officers[bank.id]),
            phones=tuple((key, display, label) for key, display, label in numbers[bank.id]),
        )
        for bank in banks
    ]


def _officer_text(officer: OfficerDraft) -> str:
    """An officer in one line: name, then role code and ways to reach them, as given."""
    parts = [officer.role, officer.phone, officer.mobile, officer.email]
    details = ", ".join(part for part in parts if part)
    return f"{officer.name} ({details})" if details else officer.name


def _audit_form(view: BankView) -> dict[str, object]:
    return {
        "name": view.name,
        "short_name": view.short_name,
        "aliases": list(view.aliases),
        "notes": view.notes,
        "branches": list(view.branches),
        "officers": [_officer_text(o) for o in view.officers],
        "phones": [display for _key, display, _label in view.phones],
    }


def _draft_form(draft: BankDraft, numbers: list[BankPhone]) -> dict[str, Any]:
    """A cleaned draft in the audit form's terms: the pending values of a conflict."""
    return {
        "name": draft.name,
        "short_name": draft.short_name,
        "aliases": list(draft.aliases),
        "notes": draft.notes,
        "branches": list(draft.branches),
        "officers": [_officer_text(o) for o in draft.officers],
        "phones": [number.display for number in numbers],
    }


def _keep_stored(
    stored: BankView, draft: BankDraft, numbers: list[BankPhone], keep: frozenset[str]
) -> tuple[BankDraft, list[BankPhone]]:
    """The draft with the fields in ``keep`` as stored (re-applying only one's own changes)."""
    values: dict[str, Any] = {
        "name": stored.name,
        "short_name": stored.short_name,
        "aliases": list(stored.aliases),
        "notes": stored.notes,
        "branches": list(stored.branches),
        "officers": list(stored.officers),
    }
    draft = replace(draft, **{name: value for name, value in values.items() if name in keep})
    if "phones" in keep:
        numbers = [
            BankPhone(
                number_key=k,
                display=d,
                label=lb,
                extension=phones.split_extension(d)[1] or "",
                source=LISTED,
            )
            for k, d, lb in stored.phones
        ]
    return draft, numbers


def _whole_bank(session: Session, bank_id: int) -> Bank | None:
    """A bank with its aliases, branches, officers and numbers loaded, or ``None``."""
    return session.get(
        Bank,
        bank_id,
        options=[
            selectinload(Bank.aliases),
            selectinload(Bank.branches),
            selectinload(Bank.officers),
            selectinload(Bank.phones),
        ],
    )


def _read_bank(session: Session, bank_id: int) -> tuple[int, str, dict[str, Any]] | None:
    bank = _whole_bank(session, bank_id)
    if bank is None:
        return None
    form: dict[str, Any] = _audit_form(_view(bank))
    form["active"] = bank.active
    form["responders"] = responder_ids(session, "bank", bank_id)
    return bank.version, bank.name, form


# What the conflict dialog lists for a bank, in the form's order.
BANK_EDITS = RecordSpec(
    kind="bank",
    message=N_("Someone else changed this bank meanwhile."),
    fields=(
        FieldSpec("name", N_("Bank name")),
        FieldSpec("short_name", N_("Short name")),
        FieldSpec("aliases", N_("Aliases"), "list"),
        FieldSpec("branches", N_("Branches"), "list"),
        FieldSpec("notes", N_("Notes")),
        FieldSpec("officers", N_("Officers"), "officers", OFFICER_ROLES),
        FieldSpec("phones", N_("Numbers the bank calls from"), "list"),
        FieldSpec("responders", N_("Default responders"), ref="people"),
        FieldSpec("active", N_("Active"), "flag"),
    ),
    entities={"bank": {}, "bank_responders": {"people": "responders"}},
    read=_read_bank,
)
