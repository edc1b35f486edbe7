"""The feedback register: issues raised between the company and a bank, with owner and status."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class FeedbackItem(Base):
    """An open question or concern between the company and a bank."""

    __tablename__ = "feedback_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="SET NULL")
    )
    raised_by: Mapped[str] = mapped_column(String(10), default="bank")  # bank, company
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The call it came up in, if any, and how it was settled.
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call_record.id", ondelete="SET NULL"), index=True
    )
    resolution: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012
