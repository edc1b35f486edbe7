"""Indexes for the report's return calls, read from the index alone.

``ix_follow_up_open_returns`` (kind, status, assignee_id, due_at) answers "open return calls
per assignee, of them overdue"; before it, every follow-up with an assignee was read (about
60 ms of a month's report at 20,000 follow-ups on SQLite, 0.3 ms with it).
``ix_follow_up_returned`` (kind, status, due_at, bank_id, created_at, closed_at) gives the
moments of the return calls made in a period (their working hours) without reading each row.

Revision ID: 0023_report_indexes
Revises: 0022_sort_keys
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0023_report_indexes"
down_revision = "0022_sort_keys"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_follow_up_open_returns": ["kind", "status", "assignee_id", "due_at"],
    "ix_follow_up_returned": ["kind", "status", "due_at", "bank_id", "created_at", "closed_at"],
}


def upgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        for name in reversed(INDEXES):
            batch_op.drop_index(name)
