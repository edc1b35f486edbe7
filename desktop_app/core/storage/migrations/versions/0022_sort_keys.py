"""People and banks are sorted by the pinyin of their name: a stored collation key.

``person.sort_key`` and ``bank.sort_key`` hold the name's pinyin with tone numbers (``王敏`` →
``wang2min3``), written by the app on every change of the name (``models/sort_keys.py``). This
migration adds the columns and fills them for the rows already there, with the same function.

Revision ID: 0022_sort_keys
Revises: 0016_outbox
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_sort_keys"
down_revision = "0021_guard_leftovers"
branch_labels = None
depends_on = None

TABLES = ("person", "bank")


def upgrade() -> None:
    from desktop_app.core.common.text import sort_key

    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("sort_key", sa.String(length=240), server_default="", nullable=False)
            )
            batch_op.create_index(batch_op.f(f"ix_{table}_sort_key"), ["sort_key"], unique=False)
        connection = op.get_bind()
        rows = connection.execute(sa.text(f"SELECT id, name FROM {table}")).all()
        for row_id, name in rows:
            connection.execute(
                sa.text(f"UPDATE {table} SET sort_key = :key WHERE id = :id"),
                {"key": sort_key(name or ""), "id": row_id},
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_sort_key"))
            batch_op.drop_column("sort_key")
