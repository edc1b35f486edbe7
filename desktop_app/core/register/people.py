"""People: staff with roles, extensions, mobiles, e-mails, office hours and absences."""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin in its class
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.core.common import audit, versions
from desktop_app.core.common import phone as phones
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import FieldProblem, NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.parsing import clean, parse_clock
from desktop_app.core.common.permissions import ROLE_LABELS, Actor, Permission, Role
from desktop_app.core.common.text import joined_key
from desktop_app.core.common.versions import FieldSpec, RecordSpec
from desktop_app.core.models import (
    Absence,
    Bank,
    LoanContract,
    OfficeHours,
    Person,
    RegisteredNumber,
    ResponderAssignment,
)
from desktop_app.core.register.availability import ABSENCE_KINDS, AbsenceSpan, Span
from desktop_app.core.register.deactivation import DeactivationResult, deactivate_with
from desktop_app.core.register.people_listing import PersonView as PersonView
from desktop_app.core.register.people_listing import search_people
from desktop_app.core.storage import text_guard
from desktop_app.core.storage.store import Store

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class PersonDraft:
    """A person as typed into a form; office hours as (weekday, "09:00", "18:00")."""

    name: str
    role: str = Role.FINANCE.value
    job_title: str = ""
    extension: str = ""
    mobile: str = ""
    email: str = ""
    os_account: str = ""
    notes: str = ""
    office_hours: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class AbsenceView:
    """One absence of a person, with what it takes to show and remove it."""

    id: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    note: str


@dataclass(frozen=True)
class DeactivationImpact:
    """What depends on a person: contracts they answer for, numbers banks have for them."""

    contracts: tuple[tuple[int, str, int], ...]  # (contract id, contract number, rank)
    bank_defaults: tuple[int, ...]  # bank ids
    numbers: tuple[tuple[int, str], ...]  # (registered number id, display)
    bank_names: tuple[str, ...] = ()  # the name of each bank in ``bank_defaults``
    number_banks: tuple[str, ...] = ()  # the bank that has each of ``numbers`` on file


def person_view(person: Person) -> PersonView:
    return PersonView(
        id=person.id,
        name=person.name,
        role=Role(person.role),
        job_title=person.job_title,
        extension=person.extension,
        mobile=person.mobile,
        email=person.email,
        os_account=person.os_account or "",
        active=person.active,
        notes=person.notes,
        version=person.version,
        office_hours=tuple(Span(h.weekday, h.starts, h.ends) for h in person.office_hours),
        absences=tuple(AbsenceSpan(a.kind, a.starts_at, a.ends_at) for a in person.absences),
    )


def _hours_text(hours: list[Span] | tuple[Span, ...] | list[OfficeHours]) -> list[str]:
    return [f"{s.weekday} {s.starts:%H:%M}-{s.ends:%H:%M}" for s in hours]


def _audit_form(view: PersonView) -> dict[str, object]:
    return {
        "name": view.name,
        "role": view.role.value,
        "job_title": view.job_title,
        "extension": view.extension,
        "mobile": view.mobile,
        "email": view.email,
        "os_account": view.os_account,
        "active": view.active,
        "notes": view.notes,
        "office_hours": _hours_text(view.office_hours),
    }


def _draft_form(draft: PersonDraft, hours: list[OfficeHours]) -> dict[str, Any]:
    """A cleaned draft in the audit form's terms: the pending values of a conflict."""
    form: dict[str, Any] = {name: getattr(draft, name) for name in _FORM_FIELDS}
    form["office_hours"] = _hours_text(sorted(hours, key=lambda h: h.weekday))
    return form


_FORM_FIELDS = ("name", "role", "job_title", "extension", "mobile", "email", "os_account", "notes")


def _keep_stored(
    person: Person,
    draft: PersonDraft,
    mobile_key: str | None,
    hours: list[OfficeHours],
    keep: frozenset[str],
) -> tuple[PersonDraft, str | None, list[OfficeHours]]:
    """The draft with the fields in ``keep`` as stored (re-applying only one's own changes)."""
    stored: dict[str, Any] = {name: getattr(person, name) or "" for name in _FORM_FIELDS}
    draft = replace(draft, **{name: stored[name] for name in _FORM_FIELDS if name in keep})
    if "mobile" in keep:
        mobile_key = person.mobile_key
    if "office_hours" in keep:
        hours = [
            OfficeHours(weekday=h.weekday, starts=h.starts, ends=h.ends)
            for h in person.office_hours
        ]
    return draft, mobile_key, hours


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Person)
            .where(Person.role == Role.ADMIN.value, Person.active.is_(True))
        )
        or 0
    )


class PeopleService:
    """Use cases for people."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        calendar: WorkingCalendar | None = None,
    ) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar or WorkingCalendar(store)

    def _validate(self, draft: PersonDraft) -> tuple[PersonDraft, str | None, list[OfficeHours]]:
        problems: list[FieldProblem] = []
        name = clean(draft.name)
        if not name:
            problems.append(FieldProblem("name", N_("Enter the person's name.")))
        if draft.role not in {role.value for role in Role}:
            problems.append(
                FieldProblem("role", N_("Unknown role “{role}”."), {"role": draft.role})
            )
        mobile_key = None
        mobile = clean(draft.mobile)
        if mobile:
            try:
                parsed = phones.normalise(mobile, self._org.get().area_code, field="mobile")
                mobile_key, mobile = parsed.key, parsed.display
            except ValidationError as error:
                problems.extend(error.problems)
        extension = clean(draft.extension)
        if extension and not re.fullmatch(r"\d{1,8}", extension):
            problems.append(FieldProblem("extension", N_("An extension is 1 to 8 digits.")))
        email = clean(draft.email)
        if email and not _EMAIL.match(email):
            problems.append(
                FieldProblem("email", N_("“{value}” is not an e-mail address."), {"value": email})
            )
        hours: list[OfficeHours] = []
        for weekday, start_text, end_text in draft.office_hours:
            try:
                start = parse_clock(start_text, "office_hours")
                end = parse_clock(end_text, "office_hours")
            except ValidationError as error:
                problems.extend(error.problems)
                continue
            if not 0 <= weekday <= 6 or end <= start:
                problems.append(
                    FieldProblem("office_hours", N_("Office hours must end after they start."))
                )
                continue
            hours.append(OfficeHours(weekday=weekday, starts=start, ends=end))
        if problems:
            raise ValidationError(problems)
        cleaned = PersonDraft(
            name=name,
            role=draft.role,
            job_title=clean(draft.job_title),
            extension=extension,
            mobile=mobile,
            email=email,
            os_account=clean(draft.os_account),
            notes=draft.notes.strip(),
        )
        return cleaned, mobile_key, hours

    def _check_unique(
        self, session: Session, draft: PersonDraft, mobile_key: str | None, person_id: int | None
    ) -> None:
        problems: list[FieldProblem] = []
        if mobile_key:
            query = select(Person.name).where(Person.mobile_key == mobile_key)
            if person_id is not None:
                query = query.where(Person.id != person_id)
            other = session.scalar(query)
            if other:
                problems.append(
                    FieldProblem(
                        "mobile",
                        N_("This mobile number already belongs to {name}."),
                        {"name": other},
                    )
                )
        if draft.os_account:
            query = select(Person.name).where(Person.os_account == draft.os_account)
            if person_id is not None:
                query = query.where(Person.id != person_id)
            other = session.scalar(query)
            if other:
                problems.append(
                    FieldProblem(
                        "os_account",
                        N_("This computer account is already linked to {name}."),
                        {"name": other},
                    )
                )
        if problems:
            raise ValidationError(problems)

    @staticmethod
    def _fill(
        person: Person, draft: PersonDraft, mobile_key: str | None, hours: list[OfficeHours]
    ) -> None:
        person.name = draft.name
        person.search_key = joined_key(draft.name)
        person.role = draft.role
        person.job_title = draft.job_title
        person.extension = draft.extension
        person.mobile = draft.mobile
        person.mobile_key = mobile_key
        person.email = draft.email
        person.os_account = draft.os_account or None
        person.notes = draft.notes
        person.office_hours = hours

    def validate_new(
        self, session: Session, draft: PersonDraft
    ) -> tuple[PersonDraft, str | None, list[OfficeHours]]:
        """Check a new person against the rules and the stored people; writes nothing.

        One ValidationError lists every problem; an import previews every row with it.
        """
        text_guard.check_draft(Person.__table__, draft)  # type: ignore[arg-type]
        cleaned, mobile_key, hours = self._validate(draft)
        self._check_unique(session, cleaned, mobile_key, None)
        return cleaned, mobile_key, hours

    def create_in(self, session: Session, actor: Actor, draft: PersonDraft) -> PersonView:
        """Add a person inside the caller's transaction (an import adds all its rows in one)."""
        actor.require(Permission.EDIT_PEOPLE)
        if draft.role == Role.ADMIN or clean(draft.os_account):
            actor.require(Permission.ASSIGN_ROLES)  # who may act as whom is an admin's call
        cleaned, mobile_key, hours = self.validate_new(session, draft)
        person = Person(active=True, version=1)
        self._fill(person, cleaned, mobile_key, hours)
        session.add(person)
        session.flush()
        view = person_view(person)
        audit.record(
            session, self._store, actor, "create", "person", person.id, after=_audit_form(view)
        )
        return view

    def create(self, actor: Actor, draft: PersonDraft) -> Outcome[PersonView]:
        """Add a person; a role of admin or a computer account takes an admin."""
        with self._store.write() as session:
            view = self.create_in(session, actor, draft)
        return Outcome(view, Changes.of(Area.PEOPLE, ids=((Area.PEOPLE, view.id),)))

    def update(
        self,
        actor: Actor,
        person_id: int,
        draft: PersonDraft,
        expected_version: int,
        keep: Collection[str] = (),
    ) -> Outcome[PersonView]:
        """Change a person opened at ``expected_version``; a role or computer account takes an
        admin. A stale version raises ConflictError; ``keep`` names fields to leave as stored.
        """
        actor.require(Permission.EDIT_PEOPLE)
        cleaned, mobile_key, hours = self._validate(draft)
        mine = _draft_form(cleaned, hours)
        with (
            versions.guarded(
                self._store, actor, PERSON_EDITS, person_id, expected_version, mine, keep
            ),
            self._store.write() as session,
        ):
            versions.lock(session, Person, person_id, expected_version)
            person = self._load(session, person_id)
            versions.expect(person, expected_version)
            if keep:
                cleaned, mobile_key, hours = _keep_stored(
                    person, cleaned, mobile_key, hours, frozenset(keep)
                )
            if cleaned.os_account != (person.os_account or ""):
                actor.require(
                    Permission.ASSIGN_ROLES
                )  # linking an account lets one act as this person
            if cleaned.role != person.role:
                actor.require(Permission.ASSIGN_ROLES)
                if person.role == Role.ADMIN and person.active and _active_admins(session) <= 1:
                    raise ValidationError.single(
                        "role", N_("The last active administrator must stay an administrator.")
                    )
            before = _audit_form(person_view(person))
            self._check_unique(session, cleaned, mobile_key, person_id)
            self._fill(person, cleaned, mobile_key, hours)
            version = versions.next_version(person)
            session.flush()
            view = person_view(person)
            audit.record(
                session,
                self._store,
                actor,
                "update",
                "person",
                person.id,
                before=before,
                after=_audit_form(view),
                version=version,
            )
        return Outcome(view, Changes.of(Area.PEOPLE, ids=((Area.PEOPLE, view.id),)))

    def impact(self, actor: Actor, person_id: int) -> DeactivationImpact:
        """Everything that points to a person: what deactivating them would leave uncovered."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            contracts = session.execute(
                select(LoanContract.id, LoanContract.contract_number, ResponderAssignment.rank)
                .join(ResponderAssignment, ResponderAssignment.contract_id == LoanContract.id)
                .where(ResponderAssignment.person_id == person_id)
                .order_by(LoanContract.contract_number)
            ).all()
            banks = session.execute(
                select(Bank.id, Bank.name)
                .join(ResponderAssignment, ResponderAssignment.bank_id == Bank.id)
                .where(ResponderAssignment.person_id == person_id)
                .order_by(Bank.sort_key, Bank.name)
            ).all()
            numbers = session.execute(
                select(RegisteredNumber.id, RegisteredNumber.display, Bank.name)
                .join(Bank, Bank.id == RegisteredNumber.bank_id)
                .where(RegisteredNumber.person_id == person_id, RegisteredNumber.active.is_(True))
                .order_by(Bank.sort_key, Bank.name, RegisteredNumber.id)
            ).all()
        return DeactivationImpact(
            tuple((c[0], c[1], c[2]) for c in contracts),
            tuple(b[0] for b in banks),
            tuple((n[0], n[1]) for n in numbers),
            tuple(b[1] for b in banks),
            tuple(n[2] for n in numbers),
        )

    def set_active(self, actor: Actor, person_id: int, active: bool) -> Outcome[PersonView]:
        """Deactivate (or reactivate) a person; their history and assignments stay visible."""
        actor.require(Permission.EDIT_PEOPLE)
        with self._store.write() as session:
            person = self._load(session, person_id)
            if person.role == Role.ADMIN and not active:
                admins = session.scalar(
                    select(func.count())
                    .select_from(Person)
                    .where(Person.role == Role.ADMIN.value, Person.active.is_(True))
                )
                if (admins or 0) <= 1:
                    raise ValidationError.single(
                        "active", N_("The last active administrator cannot be deactivated.")
                    )
            person.active = active
            versions.write_audited(
                session,
                self._store,
                actor,
                "activate" if active else "deactivate",
                "person",
                person,
                {"active": not active},
                {"active": active},
            )
            view = person_view(person)
        return Outcome(
            view, Changes.of(Area.PEOPLE, Area.RESPONDERS, ids=((Area.PEOPLE, view.id),))
        )

    def deactivate_with(
        self, actor: Actor, person_id: int, replacement_id: int | None
    ) -> Outcome[DeactivationResult]:
        """Deactivate a person in one transaction: hand their place in every responder list to
        ``replacement_id`` (if given) and open a notify-the-bank follow-up for every number a
        bank has on file for them. The result names the contracts left without an active
        responder. See :mod:`desktop_app.core.register.deactivation`.
        """
        return deactivate_with(
            self._store, self._org, self._calendar, actor, person_id, replacement_id
        )

    def add_absence(
        self,
        actor: Actor,
        person_id: int,
        kind: str,
        starts_at: datetime,
        ends_at: datetime,
        note: str = "",
    ) -> Outcome[PersonView]:
        """Record leave, a business trip or another absence."""
        actor.require(Permission.EDIT_PEOPLE)
        if kind not in ABSENCE_KINDS:
            raise ValidationError.single("kind", N_("Unknown absence kind “{kind}”."), kind=kind)
        if ends_at <= starts_at:
            raise ValidationError.single("ends_at", N_("An absence must end after it starts."))
        with self._store.write() as session:
            person = self._load(session, person_id)
            absence = Absence(kind=kind, starts_at=starts_at, ends_at=ends_at, note=note.strip())
            person.absences.append(absence)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "create",
                "absence",
                absence.id,
                after=audit.snapshot(absence),
            )
            view = person_view(person)
        return Outcome(view, Changes.of(Area.PEOPLE, ids=((Area.PEOPLE, view.id),)))

    def _load(self, session: Session, person_id: int) -> Person:
        person = session.get(
            Person,
            person_id,
            options=[selectinload(Person.office_hours), selectinload(Person.absences)],
        )
        if person is None:
            raise NotFound(N_("The person no longer exists."))
        return person

    def get(self, actor: Actor, person_id: int) -> PersonView:
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            return person_view(self._load(session, person_id))

    def list(
        self, actor: Actor, text: str = "", include_inactive: bool = False
    ) -> list[PersonView]:
        """People whose name (or its pinyin) contains ``text``, by name."""
        return self.search(actor, text, 0, None, include_inactive)

    def search(
        self,
        actor: Actor,
        text: str = "",
        offset: int = 0,
        limit: int | None = 200,
        include_inactive: bool = False,
    ) -> builtins.list[PersonView]:
        """One window of the people whose name (or its pinyin) contains ``text``, by name."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.connect() as connection:  # plain rows: no session, no ORM objects
            return search_people(connection, text, offset, limit, include_inactive)

    def absences(self, actor: Actor, person_id: int) -> builtins.list[AbsenceView]:
        """A person's absences with their ids and notes, earliest first."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            person = self._load(session, person_id)
            return [
                AbsenceView(a.id, a.kind, a.starts_at, a.ends_at, a.note) for a in person.absences
            ]

    def remove_absence(self, actor: Actor, person_id: int, absence_id: int) -> Outcome[PersonView]:
        """Delete one of a person's absences (entered by mistake, or the trip was cancelled)."""
        actor.require(Permission.EDIT_PEOPLE)
        with self._store.write() as session:
            person = self._load(session, person_id)
            absence = next((a for a in person.absences if a.id == absence_id), None)
            if absence is None:
                raise NotFound(N_("The absence no longer exists."))
            before = audit.snapshot(absence)
            person.absences.remove(absence)
            session.flush()
            audit.record(
                session, self._store, actor, "delete", "absence", absence_id, before=before
            )
            view = person_view(person)
        return Outcome(view, Changes.of(Area.PEOPLE, ids=((Area.PEOPLE, view.id),)))


def _read_person(session: Session, person_id: int) -> tuple[int, str, dict[str, Any]] | None:
    person = session.get(Person, person_id, options=[selectinload(Person.office_hours)])
    if person is None:
        return None
    return person.version, person.name, _audit_form(person_view(person))


# What the conflict dialog lists for a person, in the form's order.
PERSON_EDITS = RecordSpec(
    kind="person",
    message=N_("Someone else changed this person meanwhile."),
    fields=(
        FieldSpec("name", N_("Name")),
        FieldSpec(
            "role", N_("Role"), "choice", {r.value: label for r, label in ROLE_LABELS.items()}
        ),
        FieldSpec("job_title", N_("Job title")),
        FieldSpec("extension", N_("Extension")),
        FieldSpec("mobile", N_("Mobile")),
        FieldSpec("email", N_("E-mail")),
        FieldSpec("os_account", N_("Computer account")),
        FieldSpec("notes", N_("Notes")),
        FieldSpec("office_hours", N_("Office hours"), "hours"),
        FieldSpec("active", N_("Active"), "flag"),
    ),
    entities={"person": {}},
    read=_read_person,
)
