"""Checklist templates per loan type, each contract's checklist state, and its evidence files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.models.base import Base, UtcDateTime


class ChecklistTemplate(Base):
    """The evidence to have ready for one loan type."""

    __tablename__ = "checklist_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_type: Mapped[str] = mapped_column(String(30), unique=True)
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")


class ChecklistTemplateItem(Base):
    """One item of a template, with guidance in both languages and a freshness period."""

    __tablename__ = "checklist_template_item"
    __table_args__ = (UniqueConstraint("template_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_template.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    guidance_zh: Mapped[str] = mapped_column(Text, default="")
    guidance_en: Mapped[str] = mapped_column(Text, default="")
    freshness_days: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class ChecklistItem(Base):
    """A contract's copy of a checklist item and its state.

    ``state`` is what a person set (ready, missing, not applicable); "stale" is not stored but
    judged from ``ready_on`` + ``freshness_days`` against the clock.
    """

    __tablename__ = "checklist_item"
    # One copy of each template item per contract, even when two desks open it at once.
    __table_args__ = (UniqueConstraint("contract_id", "template_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="CASCADE"), index=True
    )
    template_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_template_item.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), default="missing")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    ready_on: Mapped[date | None] = mapped_column(Date)
    freshness_days: Mapped[int | None] = mapped_column()
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class EvidenceFile(Base):
    """A file attached as evidence, fingerprinted with SHA-256: copied into the data folder of an
    embedded database, kept in :class:`EvidenceChunk` rows on a team server."""

    __tablename__ = "evidence_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_item.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(260))
    stored_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


class EvidenceChunk(Base):
    """One piece (a megabyte) of an evidence file's bytes on a team server, so that every desk
    can open the file and ``pg_dump`` backs it up with the records. Pieces are numbered from 0."""

    __tablename__ = "evidence_chunk"

    file_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_file.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
