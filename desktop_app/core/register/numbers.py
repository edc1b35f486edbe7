"""Registered numbers: the company numbers and people each bank has on file, and when confirmed.

A number is stale when the person behind it is inactive or away for a long time (an absence that
covers now and lasts 30 days or more), when it belongs to no one, or when the bank has not confirmed
it within the period set in Settings (six months by default). Stale numbers lead to a change-notice
letter (see :mod:`change_notice`) and to notify-the-bank follow-ups that stay open until the bank
confirms the number.
"""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin in its class
import functools
import operator
import re
import zoneinfo
from calendar import monthrange
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.core.common import audit, versions
from desktop_app.core.common import phone as phones
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import FieldProblem, NotFound, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.letters import addressed_bank, addressed_officer, signing_company
from desktop_app.core.common.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.common.parsing import clean, parse_day
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.versions import FieldSpec, RecordSpec
from desktop_app.core.front_desk.follow_ups import (
    NOTIFY_WORKING_DAYS,
    FollowUpView,
    add_notify_bank,
    close_open_notify,
    due_after_working_days,
    follow_up_views,
    open_notify_for,
)
from desktop_app.core.front_desk.notify_texts import (
    describe_confirmed,
    describe_stale,
    reason_text,
    words_for,
)
from desktop_app.core.models import (
    Absence,
    Bank,
    LoanContract,
    Person,
    RegisteredNumber,
    ResponderAssignment,
)
from desktop_app.core.register import numbers_listing as listing
from desktop_app.core.register.change_notice import (
    ChangeNotice,
    NoticeLine,
    build_change_notice,
)
from desktop_app.core.register.responders import effective_responders
from desktop_app.core.storage.store import Store

LONG_ABSENCE = listing.LONG_ABSENCE
STALE_REASONS = {
    "person_inactive": N_("Person no longer active"),
    "person_absent_long": N_("Person away for a long time"),
    "no_person": N_("Belongs to no one"),
    "not_confirmed": N_("Not confirmed recently"),
}
PERSON_REASONS = frozenset({"person_inactive", "person_absent_long", "no_person"})


#: Labels written as the default in either language ("预留号码"): shown in the reader's language.
DEFAULT_LABELS = {"预留号码": N_("Registered number"), "registered number": N_("Registered number")}


def label_text(label: str) -> str:
    """A number's label as people read it: a default label in the active language, any other
    label as the company wrote it."""
    default = DEFAULT_LABELS.get(label.strip().lower())
    return _(default) if default else label


@dataclass
class NumberDraft:
    """A registered number as typed into a form; the day may still be text."""

    bank_id: int
    number: str
    label: str = ""
    person_id: int | None = None
    contract_id: int | None = None  # None: on file for every loan at the bank
    last_confirmed_on: date | str | None = None
    extension: str = ""  # digits after the number; may also be written in ``number``


@dataclass(frozen=True)
class StaleReason:
    """Why a number is stale: a code (a key of STALE_REASONS) and the values its text needs."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def label(self) -> str:
        """A short label in the active language, for a column or a filter."""
        return _(STALE_REASONS[self.code])

    def text(self) -> str:
        """A sentence in the active language."""
        return reason_text(self.code, dict(self.params), words_for())


@dataclass(frozen=True, slots=True)  # no __dict__: a list holds thousands
class NumberView:
    """A registered number, whether it is stale and why, and its open notify-the-bank follow-up."""

    id: int
    bank_id: int
    bank_name: str
    contract_id: int | None
    contract_number: str
    person_id: int | None
    person_name: str
    person_active: bool
    number: str
    number_key: str
    label: str
    last_confirmed_on: date | None
    active: bool
    months_since_confirmed: int | None
    stale_reasons: tuple[StaleReason, ...]
    notify_follow_up_id: int | None
    version: int = 1
    extension: str = ""

    @property
    def stale(self) -> bool:
        return bool(self.stale_reasons)

    @property
    def base_number(self) -> str:
        """The number without its extension, as the form's number field shows it."""
        suffix = f" ext. {self.extension}" if self.extension else ""
        return self.number.removesuffix(suffix) if suffix else self.number


@functools.lru_cache(maxsize=4096)  # lists ask for the same few thousand days over and over
def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier, at the month's end when that month is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@functools.lru_cache(maxsize=8192)
def full_months_between(earlier: date, later: date) -> int:
    """How many whole months lie between two days (0 when ``later`` is not later)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    while months > 0 and months_before(later, months) < earlier:
        months -= 1
    return max(months, 0)


def long_absence(person: Person, now: datetime) -> Absence | None:
    """The absence covering ``now`` that lasts 30 days or more, if there is one."""
    for absence in person.absences:
        lasting = absence.ends_at - absence.starts_at >= LONG_ABSENCE
        if lasting and absence.starts_at <= now < absence.ends_at:
            return absence
    return None


def stale_reasons(
    number: RegisteredNumber, person: Person | None, now: datetime, org: OrgSettings
) -> tuple[StaleReason, ...]:
    """Why ``number`` is stale at ``now``; empty when it is not (an inactive number never is)."""
    if not number.active:
        return ()
    zone = zoneinfo.ZoneInfo(org.timezone)
    today = now.astimezone(zone).date()
    reasons: list[StaleReason] = []
    if person is None:
        reasons.append(StaleReason("no_person"))
    elif not person.active:
        reasons.append(StaleReason("person_inactive", (("name", person.name),)))
    else:
        absence = long_absence(person, now)
        if absence is not None:
            until = absence.ends_at.astimezone(zone).date().isoformat()
            reasons.append(
                StaleReason("person_absent_long", (("name", person.name), ("until", until)))
            )
    confirmed = number.last_confirmed_on
    if confirmed is None:
        reasons.append(StaleReason("not_confirmed"))
    elif confirmed < months_before(today, org.stale_after_months):
        months = str(full_months_between(confirmed, today))
        reasons.append(
            StaleReason("not_confirmed", (("months", months), ("on", confirmed.isoformat())))
        )
    return tuple(reasons)


def load_people(session: Session, ids: set[int | None]) -> dict[int, Person]:
    """People with their absences, by id."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    query = select(Person).options(selectinload(Person.absences)).where(Person.id.in_(wanted))
    return {person.id: person for person in session.scalars(query)}


def scope_responders(
    session: Session, numbers: Sequence[RegisteredNumber]
) -> dict[int, list[tuple[int, bool]]]:
    """For each number, the (person id, active) of whoever answers its bank for it, by rank.

    A contract's number: the contract's list (or its bank's default). A bank-wide number: the
    bank's default list, or else the lists of the bank's active contracts, primaries first.
    """
    contract_ids = {n.contract_id for n in numbers if n.contract_id is not None}
    contracts = list(session.scalars(select(LoanContract).where(LoanContract.id.in_(contract_ids))))
    by_contract = effective_responders(session, contracts)
    bank_ids = {n.bank_id for n in numbers if n.contract_id is None}
    defaults: dict[int | None, list[tuple[int, bool]]] = defaultdict(list)
    for bank_id, person_id, active in session.execute(
        select(ResponderAssignment.bank_id, Person.id, Person.active)
        .join(Person, Person.id == ResponderAssignment.person_id)
        .where(ResponderAssignment.bank_id.in_(bank_ids))
        .order_by(ResponderAssignment.rank)
    ):
        defaults[bank_id].append((person_id, active))
    missing = bank_ids - set(defaults)
    if missing:
        others = list(
            session.scalars(
                select(LoanContract)
                .where(LoanContract.bank_id.in_(missing), LoanContract.status == "active")
                .order_by(LoanContract.contract_number)
            )
        )
        lists = effective_responders(session, others)
        ranked: dict[int, list[tuple[int, int, int, bool]]] = defaultdict(list)
        for order, contract in enumerate(others):
            for responder in lists[contract.id]:
                ranked[contract.bank_id].append(
                    (responder.rank, order, responder.person_id, responder.active)
                )
        for bank_id, entries in ranked.items():
            seen: set[int] = set()
            for _rank, _order, person_id, active in sorted(entries):
                if person_id not in seen:
                    seen.add(person_id)
                    defaults[bank_id].append((person_id, active))
    result: dict[int, list[tuple[int, bool]]] = {}
    for number in numbers:
        if number.contract_id is not None:
            result[number.id] = [(r.person_id, r.active) for r in by_contract[number.contract_id]]
        else:
            result[number.id] = list(defaults.get(number.bank_id, []))
    return result


def notify_assignee(
    session: Session, numbers: Sequence[RegisteredNumber], fallback: int | None
) -> dict[int, int | None]:
    """Who tells the bank about each number: its primary active responder, else ``fallback``."""
    lists = scope_responders(session, numbers)
    return {
        number.id: next((pid for pid, active in lists[number.id] if active), fallback)
        for number in numbers
    }


@functools.lru_cache(maxsize=8192)
def _confirmation(
    confirmed: date | None, today: date, cutoff: date
) -> tuple[int | None, tuple[StaleReason, ...]]:
    """Whole months since ``confirmed`` and, when before ``cutoff``, why that is stale (as in
    :func:`stale_reasons`); the same few thousand days come back on every read."""
    if confirmed is None:
        return None, (StaleReason("not_confirmed"),)
    months = full_months_between(confirmed, today)
    if confirmed >= cutoff:
        return months, ()
    params = (("months", str(months)), ("on", confirmed.isoformat()))
    return months, (StaleReason("not_confirmed", params),)


def listed_views(
    rows: Sequence[Any], day: listing.StaleDay, notify: dict[int, int], ordered: bool = False
) -> list[NumberView]:
    """The views of ``listing_statement``'s rows, in bank, contract and number order (as they
    come when ``ordered``), with the same reasons :func:`stale_reasons` gives, worked out once
    per person and per confirmation day, as rows share them."""
    today, cutoff, absent_until = day.today, day.cutoff, day.absent_until
    no_person = (StaleReason("no_person"),)
    by_person: dict[int, tuple[StaleReason, ...]] = {}
    notified = notify.get
    views = []
    gone: tuple[StaleReason, ...]
    for (
        number_id, bank_id, bank_name, contract_id, contract_number, person_id, found,
        person_name, person_active, display, number_key, label, confirmed, active, version,
        extension,
    ) in rows if ordered else sorted(rows, key=_LIST_ORDER):  # fmt: skip
        months, late = _confirmation(confirmed, today, cutoff)
        reasons: tuple[StaleReason, ...] = ()
        if active:
            if found is None:
                gone = no_person
            elif found in by_person:
                gone = by_person[found]
            else:
                gone = ()
                if not person_active:
                    gone = (StaleReason("person_inactive", (("name", person_name),)),)
                elif found in absent_until:
                    params = (("name", person_name), ("until", absent_until[found]))
                    gone = (StaleReason("person_absent_long", params),)
                by_person[found] = gone
            reasons = gone + late if late else gone
        views.append(
            NumberView(  # positional, in the order of its fields: cheaper than by keyword
                number_id,
                bank_id,
                bank_name,
                contract_id,
                contract_number if contract_id else "",
                person_id,
                person_name if found is not None else "",
                found is not None and bool(person_active),
                display,
                number_key,
                label,
                confirmed,
                active,
                months,
                reasons,
                notified(number_id),
                version,
                extension,
            )
        )
    return views


#: The list's order: bank name, contract number ("" for bank-wide), number, id.
_LIST_ORDER = operator.itemgetter(2, 4, 9, 0)


class RegisteredNumberService:
    """Use cases for the numbers banks have on file."""

    def __init__(self, store: Store, org: OrgSettingsService, calendar: WorkingCalendar) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar

    def _today(self, org: OrgSettings) -> date:
        return self._store.clock.now().astimezone(zoneinfo.ZoneInfo(org.timezone)).date()

    def _validate(self, draft: NumberDraft, org: OrgSettings) -> dict[str, object]:
        problems: list[FieldProblem] = []
        values: dict[str, object] = {
            "bank_id": draft.bank_id,
            "contract_id": draft.contract_id,
            "person_id": draft.person_id,
            "label": clean(draft.label)[:120],
        }
        extension = phones.clean_digits(clean(draft.extension))
        if extension and not re.fullmatch(rf"\d{{1,{phones.MAX_EXTENSION}}}", extension):
            problems.append(
                FieldProblem(
                    "extension",
                    N_("An extension is 1 to {count} digits."),
                    {"count": phones.MAX_EXTENSION},
                )
            )
            extension = ""
        try:
            parsed = phones.normalise(clean(draft.number), org.area_code, field="number")
            if parsed.extension and extension and parsed.extension != extension:
                problems.append(
                    FieldProblem(
                        "extension",
                        N_("The number has extension {written}, but this field says {typed}."),
                        {"written": parsed.extension, "typed": extension},
                    )
                )
            extension = extension or parsed.extension or ""
            display = f"{parsed.number_display} ext. {extension}" if extension else parsed.display
            values.update(number_key=parsed.key, display=display, extension=extension)
        except ValidationError as error:
            problems.extend(error.problems)
        try:
            confirmed = parse_day(draft.last_confirmed_on, "last_confirmed_on", False)
            if confirmed is not None and confirmed > self._today(org):
                problems.append(
                    FieldProblem(
                        "last_confirmed_on", N_("The bank cannot have confirmed it in the future.")
                    )
                )
            values["last_confirmed_on"] = confirmed
        except ValidationError as error:
            problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)
        return values

    def _check(self, session: Session, values: dict[str, object], number_id: int | None) -> None:
        bank_id, contract_id = values["bank_id"], values["contract_id"]
        if session.get(Bank, bank_id) is None:
            raise ValidationError.single("bank_id", N_("Choose the bank."))
        if contract_id is not None:
            contract = session.get(LoanContract, contract_id)
            if contract is None:
                raise ValidationError.single("contract_id", N_("The contract no longer exists."))
            if contract.bank_id != bank_id:
                raise ValidationError.single(
                    "contract_id", N_("This contract is not with the chosen bank.")
                )
        person_id = values["person_id"]
        if person_id is not None and session.get(Person, person_id) is None:
            raise ValidationError.single("person_id", N_("The person no longer exists."))
        key, display = values["number_key"], values["display"]
        query = select(RegisteredNumber.id).where(
            RegisteredNumber.bank_id == bank_id,
            RegisteredNumber.number_key == key,
            RegisteredNumber.extension == values["extension"],
            RegisteredNumber.active.is_(True),
            RegisteredNumber.contract_id == contract_id
            if contract_id is not None
            else RegisteredNumber.contract_id.is_(None),
        )
        if number_id is not None:
            query = query.where(RegisteredNumber.id != number_id)
        if session.scalar(query.limit(1)) is not None:
            message = (
                N_("The bank already has {number} on file for this contract.")
                if contract_id is not None
                else N_("The bank already has {number} on file.")
            )
            raise ValidationError.single("number", message, number=display)
        owner = session.execute(
            select(Person.id, Person.name).where(Person.mobile_key == key)
        ).first()
        if owner is not None and owner[0] != person_id:
            raise ValidationError.single(
                "person_id",
                N_("{number} is the mobile of {name}: choose them as the person."),
                number=display,
                name=owner[1],
            )

    def _views(
        self, session: Session, numbers: Sequence[RegisteredNumber], org: OrgSettings
    ) -> list[NumberView]:
        now = self._store.clock.now()
        people = load_people(session, {n.person_id for n in numbers})
        bank_ids = {n.bank_id for n in numbers}
        banks = dict(session.execute(select(Bank.id, Bank.name).where(Bank.id.in_(bank_ids))).all())
        contract_ids = {n.contract_id for n in numbers if n.contract_id is not None}
        contracts = dict(
            session.execute(
                select(LoanContract.id, LoanContract.contract_number).where(
                    LoanContract.id.in_(contract_ids)
                )
            ).all()
        )
        notify = open_notify_for(session, [n.id for n in numbers])
        today = now.astimezone(zoneinfo.ZoneInfo(org.timezone)).date()
        views = []
        for n in numbers:
            person = people.get(n.person_id) if n.person_id is not None else None
            views.append(
                NumberView(
                    id=n.id,
                    bank_id=n.bank_id,
                    bank_name=banks.get(n.bank_id, ""),
                    contract_id=n.contract_id,
                    contract_number=contracts.get(n.contract_id, "") if n.contract_id else "",
                    person_id=n.person_id,
                    person_name=person.name if person else "",
                    person_active=bool(person and person.active),
                    number=n.display,
                    number_key=n.number_key,
                    label=n.label,
                    last_confirmed_on=n.last_confirmed_on,
                    active=n.active,
                    months_since_confirmed=full_months_between(n.last_confirmed_on, today)
                    if n.last_confirmed_on
                    else None,
                    stale_reasons=stale_reasons(n, person, now, org),
                    notify_follow_up_id=notify.get(n.id),
                    version=n.version,
                    extension=n.extension,
                )
            )
        views.sort(key=lambda v: (v.bank_name, v.contract_number, v.number, v.id))
        return views

    def _load(self, session: Session, number_id: int) -> RegisteredNumber:
        number = session.get(RegisteredNumber, number_id)
        if number is None:
            raise NotFound(N_("The registered number no longer exists."))
        return number

    def _outcome(
        self, session: Session, number: RegisteredNumber, org: OrgSettings, *areas: Area
    ) -> Outcome[NumberView]:
        view = self._views(session, [number], org)[0]
        return Outcome(view, Changes.of(Area.NUMBERS, *areas, ids=((Area.NUMBERS, view.id),)))

    def create(self, actor: Actor, draft: NumberDraft) -> Outcome[NumberView]:
        """Record a number a bank has on file; the same number twice in one scope is refused."""
        actor.require(Permission.EDIT_REGISTER)
        org = self._org.get()
        values = self._validate(draft, org)
        with self._store.write() as session:
            number = self._insert(session, actor, values)
            return self._outcome(session, number, org)

    def validate_new(self, session: Session, draft: NumberDraft) -> None:
        """Check a new number against the rules and the stored numbers (an import's preview)."""
        self._check(session, self._validate(draft, self._org.get()), None)

    def create_in(self, session: Session, actor: Actor, draft: NumberDraft) -> RegisteredNumber:
        """Insert a number in the caller's transaction (an import), with its audit entry."""
        actor.require(Permission.EDIT_REGISTER)
        return self._insert(session, actor, self._validate(draft, self._org.get()))

    def _insert(
        self, session: Session, actor: Actor, values: dict[str, object]
    ) -> RegisteredNumber:
        self._check(session, values, None)
        number = RegisteredNumber(active=True, **values)
        session.add(number)
        session.flush()
        audit.record(
            session,
            self._store,
            actor,
            "create",
            "registered_number",
            number.id,
            after=audit.snapshot(number),
        )
        return number

    def update(
        self,
        actor: Actor,
        number_id: int,
        draft: NumberDraft,
        expected_version: int,
        keep: Collection[str] = (),
    ) -> Outcome[NumberView]:
        """Change a registered number (its number, person, contract, label or confirmation day)
        opened at ``expected_version``; a stale version raises ConflictError, nothing written.
        ``keep`` names fields to leave as stored: re-applying one's own changes after a conflict.
        """
        actor.require(Permission.EDIT_REGISTER)
        org = self._org.get()
        values: dict[str, Any] = self._validate(draft, org)
        mine = {name: audit.plain(value) for name, value in values.items()}
        kept = frozenset(keep) | ({"number_key", "extension"} if "display" in keep else set())
        with (
            versions.guarded(
                self._store, actor, NUMBER_EDITS, number_id, expected_version, mine, keep
            ),
            self._store.write() as session,
        ):
            versions.lock(session, RegisteredNumber, number_id, expected_version)
            number = self._load(session, number_id)
            versions.expect(number, expected_version)
            values = versions.kept(values, {n: getattr(number, n) for n in values}, kept)
            before = audit.snapshot(number)
            self._check(session, values, number_id)
            for name, value in values.items():
                setattr(number, name, value)
            versions.write_audited(
                session, self._store, actor, "update", "registered_number", number, before
            )
            return self._outcome(session, number, org)

    def deactivate(self, actor: Actor, number_id: int) -> Outcome[NumberView]:
        """The bank no longer has this number on file; it stays in the history."""
        actor.require(Permission.EDIT_REGISTER)
        org = self._org.get()
        with self._store.write() as session:
            number = self._load(session, number_id)
            number.active = False
            versions.write_audited(
                session,
                self._store,
                actor,
                "deactivate",
                "registered_number",
                number,
                {"active": True},
                {"active": False},
            )
            return self._outcome(session, number, org)

    def confirm(
        self, actor: Actor, number_id: int, on_date: date | None = None
    ) -> Outcome[NumberView]:
        """The bank confirmed the number (today by default); closes its notify-bank follow-ups."""
        actor.require(Permission.EDIT_REGISTER)
        org = self._org.get()
        day = on_date or self._today(org)
        if day > self._today(org):
            raise ValidationError.single(
                "last_confirmed_on", N_("The bank cannot have confirmed it in the future.")
            )
        with self._store.write() as session:
            number = self._load(session, number_id)
            if not number.active:
                raise ValidationError.single(
                    "number", N_("This number is no longer on the bank's file.")
                )
            before = number.last_confirmed_on
            number.last_confirmed_on = day
            versions.write_audited(
                session,
                self._store,
                actor,
                "confirm",
                "registered_number",
                number,
                {"last_confirmed_on": audit.plain(before)},
                {"last_confirmed_on": day.isoformat()},
            )
            note = describe_confirmed(number.display, day, words_for())
            closed = close_open_notify(session, self._store, actor, number.id, note)
            areas = (Area.FOLLOW_UPS,) if closed else ()
            return self._outcome(session, number, org, *areas)

    def get(self, actor: Actor, number_id: int) -> NumberView:
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        with self._store.read() as session:
            return self._views(session, [self._load(session, number_id)], org)[0]

    def list(
        self,
        actor: Actor,
        bank_id: int | None = None,
        contract_id: int | None = None,
        stale_only: bool = False,
        include_inactive: bool = False,
    ) -> list[NumberView]:
        """Numbers by bank, contract and number; a contract gets its own and the bank-wide ones.

        Read as plain rows (``numbers_listing``): a bank's list is thousands of numbers."""
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        where = listing.scope_filter(bank_id, contract_id, include_inactive)
        with self._store.connect() as connection:
            day = self._stale_day(connection, org)
            if stale_only:
                where.append(listing.stale_condition(day))
            rows = connection.execute(listing.listing_statement(where)).all()
            notify = listing.open_notify(connection, bank_id)
        return listed_views(rows, day, notify)

    def window(
        self,
        actor: Actor,
        bank_id: int | None = None,
        stale_only: bool = False,
        include_inactive: bool = False,
        offset: int = 0,
        limit: int = 200,
    ) -> builtins.list[NumberView]:
        """One window of the Numbers screen's list: the same views as :meth:`list`, banks in
        their sort-key order (the Contracts screen's), read a page at a time as it scrolls."""
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        where = listing.scope_filter(bank_id, None, include_inactive)
        with self._store.connect() as connection:
            day = self._stale_day(connection, org)
            if stale_only:
                where.append(listing.stale_condition(day))
            rows = connection.execute(listing.window_statement(where, offset, limit)).all()
            notify = listing.open_notify(connection, bank_id, [row[0] for row in rows])
        return listed_views(rows, day, notify, ordered=True)

    def stale_count(self, actor: Actor) -> int:
        """How many numbers on the banks' files are stale, for the Today view; counted by the
        database, the same numbers ``list(actor, stale_only=True)`` returns."""
        actor.require(Permission.VIEW_REGISTER)
        org = self._org.get()
        with self._store.connect() as connection:
            day = self._stale_day(connection, org)
            where = [*listing.scope_filter(None, None, False), listing.stale_condition(day)]
            count: int = connection.execute(listing.count_statement(where)).scalar_one()
        return count

    def _stale_day(self, connection: Connection, org: OrgSettings) -> listing.StaleDay:
        now = self._store.clock.now()
        today = now.astimezone(zoneinfo.ZoneInfo(org.timezone)).date()
        absent = listing.long_absences(connection, now, org.timezone)
        return listing.StaleDay(today, months_before(today, org.stale_after_months), absent)

    def request_confirmation(self, actor: Actor, bank_id: int) -> Outcome[tuple[FollowUpView, ...]]:
        """One notify-the-bank follow-up per stale number of the bank that has none open yet.

        Each goes to the primary active responder of the number's contract (or bank), else to the
        acting person, due at the end of the tenth working day from today.
        """
        actor.require(Permission.EDIT_REGISTER)
        org = self._org.get()
        now = self._store.clock.now()
        due = due_after_working_days(self._calendar, org, now, NOTIFY_WORKING_DAYS)
        with self._store.write() as session:
            bank = session.get(Bank, bank_id)
            if bank is None:
                raise NotFound(N_("The bank no longer exists."))
            numbers = list(
                session.scalars(
                    select(RegisteredNumber).where(
                        RegisteredNumber.bank_id == bank_id, RegisteredNumber.active.is_(True)
                    )
                )
            )
            by_id = {n.id: n for n in numbers}
            stale = [v for v in self._views(session, numbers, org) if v.stale]
            waiting = [by_id[v.id] for v in stale if v.notify_follow_up_id is None]
            assignees = notify_assignee(session, waiting, actor.person_id)
            created = []
            for view in stale:
                if view.notify_follow_up_id is not None:
                    continue
                reasons = [reason.text() for reason in view.stale_reasons]
                follow_up = add_notify_bank(
                    session,
                    self._store,
                    actor,
                    by_id[view.id],
                    description=describe_stale(bank.name, view.number, reasons, words_for()),
                    due_at=due,
                    assignee_id=assignees[view.id],
                )
                if follow_up is not None:
                    created.append(follow_up)
            views = tuple(follow_up_views(session, created, now))
        return Outcome(views, Changes.of(Area.FOLLOW_UPS, Area.NUMBERS))

    def change_notice(self, actor: Actor, bank_id: int, language: str) -> ChangeNotice:
        """The change-notice letter for the bank's stale numbers, in ``language`` (zh_CN or en)."""
        actor.require(Permission.EDIT_REGISTER)
        org = self._org.get()
        company_name = signing_company(language, org)
        now = self._store.clock.now()
        with self._store.read() as session:
            bank = addressed_bank(session, bank_id)
            numbers = list(
                session.scalars(
                    select(RegisteredNumber).where(
                        RegisteredNumber.bank_id == bank_id, RegisteredNumber.active.is_(True)
                    )
                )
            )
            views = self._views(session, numbers, org)
            stale = [v for v in views if v.stale]
            if not stale:
                raise ValidationError.single(
                    "bank_id",
                    N_("{bank} has no stale numbers: there is nothing to notify."),
                    bank=bank.name,
                )
            by_id = {n.id: n for n in numbers}
            lines = self._notice_lines(session, [by_id[v.id] for v in stale], views, now)
            branch = self._branch(session, bank, [by_id[v.id] for v in stale])
            officer_name, officer_role = addressed_officer(bank)
            contact = session.get(Person, actor.person_id) if actor.person_id else None
            return build_change_notice(
                language=language,
                bank_id=bank.id,
                bank_name=bank.name,
                branch=branch,
                officer_name=officer_name,
                officer_role=officer_role,
                company_name=company_name,
                contact_name=contact.name if contact else "",
                contact_phone=contact.mobile if contact else "",
                day=now.astimezone(zoneinfo.ZoneInfo(org.timezone)).date(),
                lines=lines,
            )

    @staticmethod
    def _branch(session: Session, bank: Bank, numbers: builtins.list[RegisteredNumber]) -> str:
        """The branch the letter goes to: the contracts' common branch, else the bank's first."""
        contract_ids = {n.contract_id for n in numbers if n.contract_id is not None}
        branch_ids = set(
            session.scalars(select(LoanContract.branch_id).where(LoanContract.id.in_(contract_ids)))
        )
        names = {b.id: b.name for b in bank.branches}
        if len(branch_ids) == 1 and next(iter(branch_ids)) in names:
            return names[next(iter(branch_ids))]  # type: ignore[index]
        return bank.branches[0].name if bank.branches else ""

    def _notice_lines(
        self,
        session: Session,
        stale: builtins.list[RegisteredNumber],
        views: builtins.list[NumberView],
        now: datetime,
    ) -> builtins.list[NoticeLine]:
        by_id = {v.id: v for v in views}
        lists = scope_responders(session, stale)
        people = load_people(
            session,
            {n.person_id for n in stale} | {pid for found in lists.values() for pid, _a in found},
        )
        # A responder's number the bank already holds, and that is not stale, comes first.
        known: dict[int, str] = {}
        for view in views:
            if view.person_id is not None and not view.stale:
                known.setdefault(view.person_id, view.number)
        lines = []
        for number in stale:
            view = by_id[number.id]
            old = people.get(number.person_id) if number.person_id is not None else None
            old_name = old.name if old else ""
            new: Person | None
            if not {r.code for r in view.stale_reasons} & PERSON_REASONS and old is not None:
                new_number, new = view.number, old
            else:
                new = next(
                    (
                        people[pid]
                        for pid, active in lists[number.id]
                        if active
                        and pid != number.person_id
                        and pid in people
                        and long_absence(people[pid], now) is None
                    ),
                    None,
                )
                new_number = (known.get(new.id) or new.mobile) if new else ""
            lines.append(
                NoticeLine(
                    number_id=number.id,
                    old_number=view.number,
                    old_contact=old_name,
                    old_title="",
                    new_number=new_number,
                    new_contact=new.name if new else "",
                    new_title=new.job_title if new else "",
                    contracts=(view.contract_number,) if view.contract_number else (),
                    unchanged=old is not None and new is old and new_number == view.number,
                )
            )
        return lines


def _read_number(session: Session, number_id: int) -> tuple[int, str, dict[str, Any]] | None:
    number = session.get(RegisteredNumber, number_id)
    if number is None:
        return None
    return number.version, number.display, audit.snapshot(number)


# What the conflict dialog lists for a registered number, in the form's order.
NUMBER_EDITS = RecordSpec(
    kind="registered_number",
    message=N_("Someone else changed this registered number meanwhile."),
    fields=(
        FieldSpec("bank_id", N_("Bank"), ref="bank"),
        FieldSpec("contract_id", N_("Contract"), ref="contract"),
        FieldSpec("display", N_("Number")),
        FieldSpec("label", N_("Label")),
        FieldSpec("person_id", N_("Person"), ref="person"),
        FieldSpec("last_confirmed_on", N_("Last confirmed"), "date"),
        FieldSpec("active", N_("Active"), "flag"),
    ),
    entities={"registered_number": {}},
    read=_read_number,
)
