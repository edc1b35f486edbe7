"""A ring from the phone system leaves a call record: the line it came in on.

``call_record`` gets ``line`` (the phone system's line or extension that rang, "" when none was
given). A ring is a call record with the outcome ``ringing``; logging an outcome completes it, and
a ring nobody logs becomes ``rang_unlogged`` (counted as missed) with a return-call follow-up.

Revision ID: 0017_ringing
Revises: 0016_outbox
Create Date: 2026-12-07 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_ringing"
down_revision = "0016_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("line", sa.String(length=60), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.drop_column("line")
