"""What the .ics exports told calendar programs: each event UID with its SEQUENCE and contents.

A newer export raises an event's sequence when what it says changed, and writes the events an
earlier export announced but that no longer exist as cancelled (RFC 5545/5546).

Revision ID: 0013_calendar_sequences
Revises: 0012_number_extensions
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_calendar_sequences"
down_revision = "0012_number_extensions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_event",
        sa.Column("uid", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_calendar_event")),
    )
    with op.batch_alter_table("calendar_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_event_starts_at"), ["starts_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("calendar_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_event_starts_at"))
    op.drop_table("calendar_event")
