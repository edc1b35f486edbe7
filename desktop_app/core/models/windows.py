"""Contact windows: when a bank is expected to call, recurring or as a one-off appointment."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class ContactWindow(Base):
    """A recurring rule (an RFC 5545 RRULE read by python-dateutil) or a one-off appointment.

    Times of day are in the bank's time zone ``timezone``; one-off moments are stored in UTC.
    ``preset`` names the editor's choice the rule was built from (see services/window_rules.py);
    ``first_working_days`` keeps the first N working days of each period the rule starts, and
    ``after_drawdown_months`` the working days within N months after the contract's drawdown.
    """

    __tablename__ = "contact_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="recurring")  # recurring, one_off
    title: Mapped[str] = mapped_column(String(200), default="")
    rrule: Mapped[str] = mapped_column(Text, default="")
    working_days_only: Mapped[bool] = mapped_column(Boolean, default=True)
    first_working_days: Mapped[int | None] = mapped_column()
    after_drawdown_months: Mapped[int | None] = mapped_column()
    preset: Mapped[str] = mapped_column(String(40), default="custom")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    starts: Mapped[time | None] = mapped_column(Time)
    ends: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(60), default="Asia/Shanghai")
    one_off_start: Mapped[datetime | None] = mapped_column(UtcDateTime)
    one_off_end: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012
