"""Follow-ups name the registered number they are about, and keep the note they were closed with.

Revision ID: 0002_follow_up_number
Revises: 0001_initial
Create Date: 2026-11-28 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_follow_up_number"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closing_note", sa.Text(), server_default="", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_up_number_id_registered_number"),
            "registered_number",
            ["number_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_follow_up_number_id"), ["number_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_number_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_follow_up_number_id_registered_number"), type_="foreignkey"
        )
        batch_op.drop_column("closing_note")
        batch_op.drop_column("number_id")
