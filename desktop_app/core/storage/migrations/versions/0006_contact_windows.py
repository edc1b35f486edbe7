"""Contact windows: rules on the working calendar, one-offs and after-drawdown windows.

A window remembers the editor's preset it was built from, the number of months after the
contract's drawdown it runs for, and a version for edits from two desks at once.

Revision ID: 0006_contact_windows
Revises: 0005_checklists
Create Date: 2026-11-28 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_contact_windows"
down_revision = "0005_checklists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_window", schema=None) as batch_op:
        batch_op.add_column(sa.Column("after_drawdown_months", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("preset", sa.String(length=40), server_default="custom", nullable=False)
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("contact_window", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("preset")
        batch_op.drop_column("after_drawdown_months")
