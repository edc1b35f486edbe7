"""Banks, their branches and officers, the names people use for them, the numbers they call from."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.core.models.base import Base


class Bank(Base):
    """A lending bank."""

    __tablename__ = "bank"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The pinyin collation key of the name, set on every write (models/sort_keys.py).
    sort_key: Mapped[str] = mapped_column(String(240), default="", server_default="", index=True)
    short_name: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(default=1)

    aliases: Mapped[list[BankAlias]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="BankAlias.id"
    )
    branches: Mapped[list[Branch]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="Branch.id"
    )
    officers: Mapped[list[BankOfficer]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="BankOfficer.id"
    )
    phones: Mapped[list[BankPhone]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="BankPhone.id"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class BankAlias(Base):
    """A name the bank goes by; ``search_key`` is the lower-cased form (and pinyin initials)."""

    __tablename__ = "bank_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="alias")  # name, short, alias, pinyin

    bank: Mapped[Bank] = relationship(back_populates="aliases")


class Branch(Base):
    """A branch (支行/分行) of a bank."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")

    bank: Mapped[Bank] = relationship(back_populates="branches")


class BankOfficer(Base):
    """A person at the bank: relationship manager, post-loan officer or other."""

    __tablename__ = "bank_officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120), index=True)
    role: Mapped[str] = mapped_column(String(30), default="relationship_manager")
    phone: Mapped[str] = mapped_column(String(40), default="")
    mobile: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    bank: Mapped[Bank] = relationship(back_populates="officers")
    keys: Mapped[list[BankOfficerKey]] = relationship(
        back_populates="officer", cascade="all, delete-orphan", order_by="BankOfficerKey.id"
    )


class BankOfficerKey(Base):
    """A key an officer is found under by prefix: the name folded, its pinyin and initials.

    One row per key, like :class:`BankAlias`, so that ``马``, ``majun`` and ``mj`` all find 马骏
    through one index range (``desktop_app.core.common.text.prefix_bounds``), never a LIKE scan.
    """

    __tablename__ = "bank_officer_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(
        ForeignKey("bank_officer.id", ondelete="CASCADE"), index=True
    )
    search_key: Mapped[str] = mapped_column(String(200), index=True)

    officer: Mapped[BankOfficer] = relationship(back_populates="keys")


class BankPhone(Base):
    """A number the bank calls from (95588, a branch landline, an officer's mobile).

    ``source`` says where it came from: ``listed`` among the bank's numbers, or ``officer`` —
    an officer's phone or mobile, kept here so that routing finds it through the same index
    (rewritten whenever the bank is saved, and not shown among the listed numbers). The key is
    the number alone; digits dialled after it are the ``extension``.
    """

    __tablename__ = "bank_phone"
    __table_args__ = (UniqueConstraint("bank_id", "number_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id", ondelete="SET NULL"))
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_officer.id", ondelete="SET NULL")
    )
    number_key: Mapped[str] = mapped_column(String(40))
    display: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(120), default="")
    extension: Mapped[str] = mapped_column(String(12), default="", server_default="")
    source: Mapped[str] = mapped_column(String(10), default="listed", server_default="listed")

    bank: Mapped[Bank] = relationship(back_populates="phones")


Index("ix_bank_phone_number_key", BankPhone.number_key)
