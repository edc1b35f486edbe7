"""Staff: roles, ways to reach them, office hours, absences, and their rank as responders."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.core.models.base import Base, UtcDateTime


class Person(Base):
    """A member of staff who may use the app, answer the bank, or both."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(200), index=True)
    # The pinyin collation key of the name, set on every write (models/sort_keys.py).
    sort_key: Mapped[str] = mapped_column(String(240), default="", server_default="", index=True)
    role: Mapped[str] = mapped_column(String(20), default="finance")
    job_title: Mapped[str] = mapped_column(String(120), default="")
    extension: Mapped[str] = mapped_column(String(20), default="")
    mobile: Mapped[str] = mapped_column(String(60), default="")
    mobile_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    os_account: Mapped[str | None] = mapped_column(String(120), unique=True)
    # Team server: the database login this person works under (``server add-login --person``);
    # the server keys the front desk's quiz rows and audit names on it. None on SQLite.
    db_login: Mapped[str | None] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    office_hours: Mapped[list[OfficeHours]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="OfficeHours.weekday"
    )
    absences: Mapped[list[Absence]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Absence.starts_at"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class OfficeHours(Base):
    """One span of a person's working week (weekday 0 = Monday), in the company's time zone."""

    __tablename__ = "office_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column()
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)

    person: Mapped[Person] = relationship(back_populates="office_hours")


class Absence(Base):
    """Leave, a business trip or another time a person cannot answer."""

    __tablename__ = "absence"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="leave")
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(String(300), default="")

    person: Mapped[Person] = relationship(back_populates="absences")


Index("ix_absence_person_span", Absence.person_id, Absence.starts_at, Absence.ends_at)
# The front desk's fallback (finance and admin people who are active) is read from index entries.
Index("ix_person_role_active", Person.role, Person.active)
# Routing a call reads each candidate's hours of one weekday, not their whole week.
Index("ix_office_hours_person_day", OfficeHours.person_id, OfficeHours.weekday)


class ResponderAssignment(Base):
    """A person's rank (1 = primary) in the responder list of a contract or, by default, a bank."""

    __tablename__ = "responder_assignment"
    __table_args__ = (
        UniqueConstraint("contract_id", "person_id"),
        UniqueConstraint("bank_id", "person_id"),
        CheckConstraint("(contract_id IS NULL) <> (bank_id IS NULL)", name="contract_or_bank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="CASCADE"), index=True
    )
    bank_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    rank: Mapped[int] = mapped_column()

    person: Mapped[Person] = relationship()
