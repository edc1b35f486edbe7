"""Who is using the app: the first administrator, and the computer account linked to a person."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import Actor, Role, capped, system_actor
from desktop_app.core.common.text import joined_key
from desktop_app.core.models import Person
from desktop_app.core.register.people import PersonView, person_view
from desktop_app.core.storage.store import Store


class IdentityService:
    """First run and the mapping from a computer account to a person."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _actor(self, person: Person) -> Actor:
        """The person as an actor at this desk: their role, capped by the desk's database login."""
        role = capped(Role(person.role), self._store.role_cap)
        return Actor(person.id, person.name, role, self._store.desk)

    def has_people(self) -> bool:
        with self._store.read() as session:
            return bool(session.scalar(select(func.count()).select_from(Person)))

    def create_first_admin(self, name: str, os_account: str) -> Outcome[Actor]:
        """Create the first administrator; refused once anyone exists."""
        name = clean(name)
        if not name:
            raise ValidationError.single("name", N_("Enter the person's name."))
        actor = system_actor(self._store.desk)
        with self._store.write() as session:
            if session.scalar(select(func.count()).select_from(Person)):
                raise PermissionDenied(N_("An administrator already exists."))
            person = Person(
                name=name,
                search_key=joined_key(name),
                role=Role.ADMIN.value,
                os_account=clean(os_account) or None,
                active=True,
                version=1,
            )
            session.add(person)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "create",
                "person",
                person.id,
                after={"name": name, "role": "admin", "os_account": os_account},
            )
            created = self._actor(person)
        return Outcome(created, Changes.of(Area.PEOPLE))

    def identify(self, os_account: str) -> Actor | None:
        """The active person linked to this computer account, as an actor."""
        with self._store.read() as session:
            person = session.scalar(
                select(Person).where(Person.os_account == os_account, Person.active.is_(True))
            )
            if person is None:
                return None
            return self._actor(person)

    def actor_for(self, person_id: int) -> Actor:
        with self._store.read() as session:
            person = session.get(Person, person_id)
            if person is None or not person.active:
                raise NotFound(N_("The person no longer exists."))
            return self._actor(person)

    def actor_named(self, name: str) -> Actor:
        """The active person called ``name``, as an actor (for ``--as`` on the command line)."""
        with self._store.read() as session:
            person = session.scalar(
                select(Person).where(Person.name == clean(name), Person.active.is_(True)).limit(1)
            )
            if person is None:
                raise NotFound(N_("No active person is called “{name}”."), name=name)
            return self._actor(person)

    def unlinked_people(self) -> list[PersonView]:
        """Active people not yet linked to any computer account (who may claim this one)."""
        with self._store.read() as session:
            people = session.scalars(
                select(Person)
                .where(Person.os_account.is_(None), Person.active.is_(True))
                .order_by(Person.sort_key, Person.name)
            )
            return [person_view(p) for p in people]

    def link_account(self, person_id: int, os_account: str) -> Outcome[Actor]:
        """Link this computer account to a person who has none yet ("this is me")."""
        os_account = clean(os_account)
        with self._store.write() as session:
            person = session.get(Person, person_id)
            if person is None or not person.active:
                raise NotFound(N_("The person no longer exists."))
            if person.os_account:
                raise PermissionDenied(
                    N_("{name} is already linked to another computer account."), name=person.name
                )
            taken = session.scalar(select(Person.name).where(Person.os_account == os_account))
            if taken:
                raise ValidationError.single(
                    "os_account",
                    N_("This computer account is already linked to {name}."),
                    name=taken,
                )
            person.os_account = os_account
            person.version += 1
            actor = self._actor(person)
            audit.record(
                session,
                self._store,
                actor,
                "link_account",
                "person",
                person.id,
                {"os_account": None},
                {"os_account": os_account},
            )
        return Outcome(actor, Changes.of(Area.PEOPLE))
