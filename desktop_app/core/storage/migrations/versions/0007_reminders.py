"""Reminders before contact windows: each person's lead times and each reminder's state.

One row per (person, subject, kind, lead) — the unique constraint lets several desks materialise
reminders at the same moment without duplicates.

Revision ID: 0007_reminders
Revises: 0006_contact_windows
Create Date: 2026-11-28 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_reminders"
down_revision = "0006_contact_windows"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("lead_minutes", sa.Integer(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("occurrence_key", sa.String(length=80), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("bank_name", sa.String(length=200), nullable=False),
        sa.Column("window_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shown_missed", sa.Boolean(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_to_id", sa.Integer(), nullable=True),
        sa.Column("escalated_from_id", sa.Integer(), nullable=True),
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed_reported", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_reminder_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["person.id"],
            name=op.f("fk_reminder_acknowledged_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["escalated_to_id"],
            ["person.id"],
            name=op.f("fk_reminder_escalated_to_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["escalated_from_id"],
            ["reminder.id"],
            name=op.f("fk_reminder_escalated_from_id_reminder"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint(
            "person_id",
            "subject",
            "kind",
            "lead_minutes",
            name=op.f("uq_reminder_person_id_subject_kind_lead_minutes"),
        ),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_person_state", ["person_id", "state"], unique=False)
        batch_op.create_index("ix_reminder_state_due", ["state", "due_at"], unique=False)
    op.create_table(
        "reminder_lead_times",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("leads", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_reminder_lead_times_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_reminder_lead_times")),
    )


def downgrade() -> None:
    op.drop_table("reminder_lead_times")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_state_due")
        batch_op.drop_index("ix_reminder_person_state")
    op.drop_table("reminder")
