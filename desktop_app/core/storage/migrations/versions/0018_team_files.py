"""Evidence files on the team server: their bytes in numbered one-megabyte chunks.

Revision ID: 0018_team_files
Revises: 0016_outbox
Create Date: 2026-12-07 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_team_files"
down_revision = "0017_ringing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_chunk",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["evidence_file.id"],
            name="fk_evidence_chunk_file_id_evidence_file",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("file_id", "seq", name="pk_evidence_chunk"),
    )


def downgrade() -> None:
    op.drop_table("evidence_chunk")
