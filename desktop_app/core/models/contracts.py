"""Loan contracts with their callback clauses, and the company numbers each bank has on file."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

from desktop_app.core.models.banks import Bank
from desktop_app.core.models.base import Base, Money, UtcDateTime

# The loan details the front desk never reads: loaded only where an actor may see them
# (``undefer_group(LOAN_DETAILS)``), and refused (raise, not a lazy load) anywhere else, so that a
# front-desk login whose database role cannot SELECT these columns never asks for them.
LOAN_DETAILS = "loan_details"


def _detail(type_: type[TypeEngine[Any]], **kwargs: Any) -> Any:
    return mapped_column(
        type_, deferred=True, deferred_group=LOAN_DETAILS, deferred_raiseload=True, **kwargs
    )


class LoanContract(Base):
    """A loan contract and the callback clause written into it.

    The clause is kept as text and as a structured reading: who calls, by phone or on site, how
    often, which topics, which documents to show.
    """

    __tablename__ = "loan_contract"
    __table_args__ = (UniqueConstraint("bank_id", "contract_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id", ondelete="SET NULL"))
    contract_number: Mapped[str] = mapped_column(String(80))
    number_key: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    loan_type: Mapped[str] = mapped_column(String(30))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    principal: Mapped[Decimal] = _detail(Money)
    start_date: Mapped[date] = mapped_column(Date)
    maturity_date: Mapped[date] = mapped_column(Date)
    drawdown_date: Mapped[date | None] = mapped_column(Date)
    purpose_of_funds: Mapped[str] = _detail(Text, default="")
    clause_text: Mapped[str] = _detail(Text, default="")
    clause_caller: Mapped[str] = mapped_column(String(30), default="post_loan_officer")
    clause_method: Mapped[str] = mapped_column(String(20), default="phone")
    clause_cadence: Mapped[str] = mapped_column(String(20), default="quarterly")
    clause_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    clause_documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    consequences: Mapped[str] = _detail(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    notes: Mapped[str] = _detail(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(default=1)

    bank: Mapped[Bank] = relationship()

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


# Every column the contract list filters and sorts on, status first: a page of the list is picked
# from index entries alone, never by reading and sorting whole rows (benchmarks/register_filter.py).
Index(
    "ix_loan_contract_listing",
    LoanContract.status,
    LoanContract.bank_id,
    LoanContract.contract_number,
    LoanContract.number_key,
    LoanContract.loan_type,
)


class RegisteredNumber(Base):
    """A company number (and the person behind it) that a bank has on file."""

    __tablename__ = "registered_number"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    number_key: Mapped[str] = mapped_column(String(40))
    display: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(120), default="")
    # Digits dialled after the number (the company's switchboard and this person's extension);
    # ``number_key`` is the number alone, ``display`` shows both.
    extension: Mapped[str] = mapped_column(String(12), default="", server_default="")
    last_confirmed_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


Index("ix_registered_number_number_key", RegisteredNumber.number_key)
