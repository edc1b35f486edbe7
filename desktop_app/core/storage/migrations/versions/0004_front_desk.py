"""The front desk: officers found by name or pinyin prefix, escalated return calls, the fallback.

``bank_officer_key`` holds one row per key an officer is found under (the folded name, its full
pinyin and its initials), so that a keystroke reads one index range. ``follow_up.manager_id``
names the finance manager shown an escalated return call. ``ix_person_role_active`` serves the
finance fallback of the transfer list from index entries; ``ix_office_hours_person_day`` reads a
candidate's hours of one weekday.

Revision ID: 0004_front_desk
Revises: 0003_contract_listing_index
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_front_desk"
down_revision = "0003_contract_listing_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_officer_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("search_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["bank_officer.id"],
            name=op.f("fk_bank_officer_key_officer_id_bank_officer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_officer_key")),
    )
    with op.batch_alter_table("bank_officer_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_officer_key_officer_id"), ["officer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_bank_officer_key_search_key"), ["search_key"], unique=False
        )
    _fill_officer_keys()

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manager_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_up_manager_id_person"),
            "person",
            ["manager_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_follow_up_manager_id"), ["manager_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_role_active", ["role", "active"], unique=False)

    with op.batch_alter_table("office_hours", schema=None) as batch_op:
        batch_op.create_index("ix_office_hours_person_day", ["person_id", "weekday"], unique=False)


def _fill_officer_keys() -> None:
    """Give the officers already stored their keys, made the way the bank service makes them."""
    from desktop_app.core.common.text import search_keys

    connection = op.get_bind()
    officers = connection.execute(sa.text("SELECT id, name FROM bank_officer")).all()
    rows = [
        {"officer_id": officer_id, "search_key": key}
        for officer_id, name in officers
        for key in search_keys(name)
    ]
    if rows:
        table = sa.table(
            "bank_officer_key",
            sa.column("officer_id", sa.Integer()),
            sa.column("search_key", sa.String()),
        )
        op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table("office_hours", schema=None) as batch_op:
        batch_op.drop_index("ix_office_hours_person_day")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_role_active")

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_manager_id"))
        batch_op.drop_constraint(batch_op.f("fk_follow_up_manager_id_person"), type_="foreignkey")
        batch_op.drop_column("manager_id")

    with op.batch_alter_table("bank_officer_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_officer_key_search_key"))
        batch_op.drop_index(batch_op.f("ix_bank_officer_key_officer_id"))
    op.drop_table("bank_officer_key")
