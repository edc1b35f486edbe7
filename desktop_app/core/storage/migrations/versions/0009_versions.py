"""Versions for every record two desks may edit at once, and the version in the audit log.

Registered numbers and checklist items get a ``version`` (contracts, people, banks and feedback
items have one already), so that a save names the version it started from and a stale one is
refused (``UPDATE … WHERE version = :expected``). Each audit entry of such a record keeps the
record's version after the change: the changes made since a version are the entries above it.

Revision ID: 0009_versions
Revises: 0008_team
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_versions"
down_revision = "0008_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registered_number", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("registered_number", schema=None) as batch_op:
        batch_op.drop_column("version")
