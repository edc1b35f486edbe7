"""Organisation-wide settings and the company's overrides of the official working calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base


class CalendarOverride(Base):
    """A day the company declares working or not, overriding the official calendar."""

    __tablename__ = "calendar_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")


class OrgSetting(Base):
    """A setting shared by the whole team (area code, stale period, office hours…)."""

    __tablename__ = "org_setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
