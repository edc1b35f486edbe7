"""Team mode: presence of people and desks, and acknowledgements of messages.

Each person may say they are available, away or not to be disturbed (``person_presence``); each
run of the app at a desk keeps a heartbeat (``desk_session``), so a person is online while one of
their desks was seen lately. A message taken at the front desk records when its assignee saw it.

Revision ID: 0008_team
Revises: 0007_reminders
Create Date: 2026-11-28 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_team"
down_revision = "0007_reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_presence",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_presence_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["person.id"],
            name=op.f("fk_person_presence_updated_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_presence")),
    )
    op.create_table(
        "desk_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("desk", sa.String(length=120), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_desk_session_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_session")),
        sa.UniqueConstraint("token", name=op.f("uq_desk_session_token")),
    )
    with op.batch_alter_table("desk_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_desk_session_person_seen", ["person_id", "last_seen_at"], unique=False
        )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_up_acknowledged_by_id_person"),
            "person",
            ["acknowledged_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_follow_up_acknowledged_by_id_person"), type_="foreignkey"
        )
        batch_op.drop_column("acknowledged_by_id")
        batch_op.drop_column("acknowledged_at")
    with op.batch_alter_table("desk_session", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_session_person_seen")
    op.drop_table("desk_session")
    op.drop_table("person_presence")
