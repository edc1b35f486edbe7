"""Covering indexes for the reports: a period's calls and return calls counted from indexes alone.

A report counts calls as small range counts — per outcome, per bank and outcome, per person who
logged them — each over the period's ``occurred_at`` range of one index:
``ix_call_record_report_outcome`` (direction, outcome, occurred_at), ``ix_call_record_report_bank``
(direction, bank_id, outcome, occurred_at) and ``ix_call_record_report_logged`` (logged_by_id,
direction, outcome, occurred_at). ``ix_follow_up_report`` (kind, due_at, bank_id, status,
closed_at) serves the return calls due in a period.

Revision ID: 0014_reports
Revises: 0013_calendar_sequences
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0014_reports"
down_revision = "0013_calendar_sequences"
branch_labels = None
depends_on = None

CALL_INDEXES = {
    "ix_call_record_report_outcome": ["direction", "outcome", "occurred_at"],
    "ix_call_record_report_bank": ["direction", "bank_id", "outcome", "occurred_at"],
    "ix_call_record_report_logged": ["logged_by_id", "direction", "outcome", "occurred_at"],
}
FOLLOW_UP_COLUMNS = ["kind", "due_at", "bank_id", "status", "closed_at"]


def upgrade() -> None:
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        for name, columns in CALL_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_report", FOLLOW_UP_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_report")
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        for name in reversed(CALL_INDEXES):
            batch_op.drop_index(name)
