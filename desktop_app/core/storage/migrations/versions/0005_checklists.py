"""Checklists, callback records, the feedback register and the call log at scale.

A contract holds one copy of each template item (a unique pair), kept in the template's order; a
call keeps its callback record as question-and-answer exchanges by topic, with who recorded it and
when; a feedback item names the call it came up in and how it was settled. Two indexes serve the
call log's outcome and person filters newest first.

Revision ID: 0005_checklists
Revises: 0004_front_desk
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_checklists"
down_revision = "0004_front_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_checklist_item_contract_id_template_item_id"),
            ["contract_id", "template_item_id"],
        )
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exchanges", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_call_record_recorded_by_id_person"),
            "person",
            ["recorded_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            "ix_call_record_outcome_time", ["outcome", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_call_record_taken_by_time", ["taken_by_id", "occurred_at"], unique=False
        )
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolution", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_feedback_item_call_id_call_record"),
            "call_record",
            ["call_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_feedback_item_call_id"), ["call_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_item_call_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_feedback_item_call_id_call_record"), type_="foreignkey"
        )
        batch_op.drop_column("version")
        batch_op.drop_column("resolution")
        batch_op.drop_column("call_id")
    with op.batch_alter_table("call_record", schema=None) as batch_op:
        batch_op.drop_index("ix_call_record_taken_by_time")
        batch_op.drop_index("ix_call_record_outcome_time")
        batch_op.drop_constraint(
            batch_op.f("fk_call_record_recorded_by_id_person"), type_="foreignkey"
        )
        batch_op.drop_column("recorded_by_id")
        batch_op.drop_column("recorded_at")
        batch_op.drop_column("exchanges")
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_checklist_item_contract_id_template_item_id"), type_="unique"
        )
        batch_op.drop_column("updated_at")
        batch_op.drop_column("position")
