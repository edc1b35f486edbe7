"""Covering indexes for the reports: a period's calls and return calls counted from the index.

``ix_call_record_report`` (occurred_at, direction, bank_id, outcome, taken_by_id, logged_by_id)
lets a month's or a year's calls be grouped by bank, outcome and person reading index entries
only; ``ix_follow_up_report`` (kind, due_at, bank_id, status, closed_at) does the same for the
return calls due in a period.

Revision ID: 0014_reports
Revises: 0009_versions
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0014_reports"
down_revision = "0009_versions"
branch_labels = None
depends_on = None

CALL_COLUMNS = ["occurred_at", "direction", "bank_id", "outcome", "taken_by_id", "logged_by_id"]
FOLLOW_UP_COLUMNS = ["kind", "due_at", "bank_id", "status", "closed_at"]


def upgrade() -> None:
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.create_index("ix_call_record_report", CALL_COLUMNS, unique=False)
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_report", FOLLOW_UP_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_report")
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.drop_index("ix_call_record_report")
